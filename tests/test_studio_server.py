"""Connection settings (env over file, 0600, secrets never shown) and the local server lifecycle.

The lifecycle tests start a real Label Studio with a temporary ``ANNOTATE_HOME``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from annotate.cli.main import cli
from annotate.errors import ConfigError
from annotate.labelstudio import server
from annotate.labelstudio.settings import (
    StudioConfig,
    default_config_path,
    load_connection,
    read_config,
    write_config,
)

SECRET = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Isolate ANNOTATE_HOME and clear the SDK's environment variables."""
    monkeypatch.setenv("ANNOTATE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    return tmp_path / "home"


def test_config_path_follows_annotate_home(home: Path) -> None:
    assert default_config_path() == home / "studio.json"
    assert server.default_data_dir() == home / "label-studio"


def test_config_file_is_written_0600(home: Path) -> None:
    path = write_config(StudioConfig(url="http://127.0.0.1:1", email="a@b.c", password="pw", token=SECRET))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_config(path) == StudioConfig(url="http://127.0.0.1:1", email="a@b.c", password="pw", token=SECRET)
    # rewriting keeps the mode even if someone loosened it
    os.chmod(path, 0o644)
    write_config(StudioConfig(url="http://127.0.0.1:2", token=SECRET), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_nothing_configured_is_one_clear_error(home: Path) -> None:
    with pytest.raises(ConfigError, match="LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY") as err:
        load_connection()
    assert "\n" not in str(err.value)


def test_missing_token_named(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://example.org")
    with pytest.raises(ConfigError, match="LABEL_STUDIO_API_KEY"):
        load_connection()


def test_bad_config_file_names_the_file(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "studio.json").write_text("{not json")
    with pytest.raises(ConfigError, match="studio.json"):
        load_connection()


def test_env_overrides_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(StudioConfig(url="http://127.0.0.1:9/", token="file-token-123456"))
    conn = load_connection()
    assert (conn.url, conn.api_key) == ("http://127.0.0.1:9", "file-token-123456")
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://ls.example.org:8080")
    conn = load_connection()
    assert (conn.url, conn.api_key) == ("http://ls.example.org:8080", "file-token-123456")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "env-token-abcdef")
    conn = load_connection()
    assert (conn.url, conn.api_key, conn.source) == ("http://ls.example.org:8080", "env-token-abcdef", "env")


def test_env_alone_needs_no_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://ls.example.org")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", SECRET)
    assert load_connection().api_key == SECRET
    assert not default_config_path().exists()


def test_repr_never_shows_secrets(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://ls.example.org")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", SECRET)
    conn = load_connection()
    assert SECRET not in repr(conn) and SECRET not in str(conn) and "***" in repr(conn)
    cfg = StudioConfig(url="u", email="e", password="hunter2-password", token=SECRET)
    assert SECRET not in repr(cfg) and "hunter2-password" not in repr(cfg)


def test_status_without_server(home: Path, runner) -> None:  # type: ignore[no-untyped-def]
    assert server.status() is None
    result = runner.invoke(cli, ["studio", "status"])
    assert result.exit_code == 1
    assert "not running" in result.output
    assert runner.invoke(cli, ["studio", "stop"]).exit_code == 0


def test_studio_help_has_example(runner) -> None:  # type: ignore[no-untyped-def]
    for args in (["studio", "-h"], ["studio", "start", "-h"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and "Example" in result.output


def _socket_bound_to(port: int) -> set[str]:
    """Return the local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:
                found.add(addr)
    return found


@pytest.mark.labelstudio
@pytest.mark.slow
def test_start_status_stop_idempotent(home: Path, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["studio", "start", "--timeout", "300"])
    try:
        assert result.exit_code == 0, result.output
        cfg = read_config()
        assert cfg is not None and cfg.token and cfg.password and cfg.port
        assert stat.S_IMODE(default_config_path().stat().st_mode) == 0o600
        # the URL and login are printed, the token and password never
        assert cfg.url in result.output and cfg.email in result.output
        assert str(default_config_path()) in result.output
        assert cfg.token not in result.output and cfg.password not in result.output
        # bound to loopback only
        assert _socket_bound_to(cfg.port) == {"0100007F"}
        # the stored token works, a wrong one does not
        assert server.token_works(cfg.url, cfg.token)
        assert not server.token_works(cfg.url, "0" * 40)
        # start again: same server, same credentials
        first = server.status()
        assert first is not None and first.answering
        again = runner.invoke(cli, ["studio", "start"])
        assert again.exit_code == 0 and "already running" in again.output
        assert server.status() == first and read_config() == cfg
        status = runner.invoke(cli, ["studio", "status", "--json"])
        assert status.exit_code == 0 and cfg.url in status.output and cfg.token not in status.output
        assert load_connection().url == cfg.url
        # the data directory is ours
        assert (home / "label-studio" / "label_studio.sqlite3").exists()
    finally:
        stopped = runner.invoke(cli, ["studio", "stop"])
    assert stopped.exit_code == 0 and "Stopped" in stopped.output
    assert server.status() is None and not server.answers(cfg.url)
    assert not (home / "label-studio" / server.PID_FILE).exists()
    assert "not running" in runner.invoke(cli, ["studio", "stop"]).output
    # a restart reuses port and credentials
    info = server.start()
    try:
        assert info.port == cfg.port and read_config() == cfg and server.token_works(cfg.url, cfg.token)
    finally:
        server.stop()
    log = info.log_file.read_text(errors="replace")
    assert "Starting development server at http://127.0.0.1:" in log
    assert cfg.token not in log and cfg.password not in log
    # credentials that do not match the data directory: a clear error, no server left behind
    write_config(StudioConfig(**{**cfg.to_json(), "token": "f" * 40}))
    with pytest.raises(ConfigError, match="rejects the admin token"):
        server.start()
    assert server.status() is None and not server.answers(cfg.url)


@pytest.mark.labelstudio
def test_webhooks_to_loopback_allowed_private_blocked(ls_server) -> None:  # type: ignore[no-untyped-def]
    project = ls_server.create_project("ssrf check")
    hooks = ls_server.client().webhooks
    hook = hooks.create(url="http://127.0.0.1:9/webhook", project=project, actions=["ANNOTATION_CREATED"])
    assert hook.id
    for url in ("http://10.0.0.1/webhook", "http://169.254.169.254/latest", "http://192.168.1.1/"):
        resp = httpx.post(f"{ls_server.url}/api/webhooks/", headers=ls_server.headers(),
                          json={"url": url, "project": project}, timeout=30)
        assert resp.status_code in (400, 403), (url, resp.status_code)
        assert "reserved network" in resp.text


@pytest.mark.labelstudio
def test_fixture_users_kill_restart(ls_server) -> None:  # type: ignore[no-untyped-def]
    email = f"fixture-user-{ls_server.port}-{os.getpid()}@studio.test"  # unique: the server is session-wide
    user_id, token = ls_server.create_user(email)
    assert token != ls_server.api_key
    me = ls_server.client(token).users.whoami()
    assert (me.id, me.email) == (user_id, email)
    project = ls_server.create_project("users see projects")
    assert project in [p.id for p in ls_server.client(token).projects.list()]
    ls_server.kill()
    assert not ls_server.alive()
    ls_server.restart()
    assert ls_server.alive()
    assert ls_server.client(token).users.whoami().id == user_id
    assert ls_server.client().projects.get(id=project).title == "users see projects"


def test_install_failure_is_clear(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    with pytest.raises(ConfigError, match="install.log"):
        server.install(venv)
