"""Pytest fixtures that run a REAL Label Studio server for the test suite (no mocks).

Load them from tests/conftest.py with ``pytest_plugins = ["ls_fixtures"]`` (tests/ is on sys.path via rootdir conftest).

``ls_server`` (session): installs Label Studio once into its own cached venv
(``annotate.labelstudio.server.default_venv()``), starts it on a free 127.0.0.1 port with a
temporary data directory and a preset admin token, and stops it at the end. The first run
also caches a migrated, empty data directory next to the venv (``test-template/``), so later
sessions start in seconds instead of running Django migrations again.

``ls_env`` (function): points ``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY`` at that server so
``annotate push``/``pull`` and ``load_connection()`` use it.

Mark tests that use them ``@pytest.mark.labelstudio``.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from annotate.labelstudio import server
from annotate.labelstudio.config import instructions_html, label_config
from annotate.labelstudio.settings import Connection, StudioConfig, client, read_config, write_config

TEMPLATE_VERSION = 1  # bump to rebuild cached templates
START_TIMEOUT = 300.0  # seconds; generous for a loaded CI machine


@dataclass
class LabelStudioServer:
    """A running test server: URL, admin credentials, and helpers to add users and fault it."""

    url: str
    api_key: str = field(repr=False)
    admin_email: str
    admin_password: str = field(repr=False)
    port: int
    data_dir: Path
    config_path: Path
    pid: int = 0

    @property
    def connection(self) -> Connection:
        """Return the admin's connection settings."""
        return Connection(url=self.url, api_key=self.api_key, source="test")

    def client(self, api_key: str | None = None, *, timeout: float = 60.0) -> Any:
        """Return an SDK 2.x ``LabelStudio`` client (admin, or the user owning ``api_key``)."""
        return client(Connection(url=self.url, api_key=api_key or self.api_key, source="test"), timeout=timeout)

    def headers(self, api_key: str | None = None) -> dict[str, str]:
        """Return HTTP headers authenticating with the legacy token ``api_key`` (default: admin)."""
        return {"Authorization": f"Token {api_key or self.api_key}"}

    def create_user(self, email: str, password: str | None = None) -> tuple[int, str]:
        """Create a user in the admin's organisation; return ``(user_id, legacy API token)``.

        Uses the organisation's invite link and the real sign-up form, logs in as the new
        user and reads its token from ``/api/current-user/token``; the token is checked with
        ``/api/current-user/whoami``.
        """
        password = password or secrets.token_urlsafe(12)
        invite = httpx.get(f"{self.url}/api/invite", headers=self.headers(), timeout=30).raise_for_status().json()
        with httpx.Client(base_url=self.url, follow_redirects=True, timeout=30) as session:
            page = session.get(invite["invite_url"]).raise_for_status()
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if not match:
                raise RuntimeError("Label Studio sign-up page has no CSRF token")
            session.post(
                invite["invite_url"],
                data={"csrfmiddlewaretoken": match.group(1), "email": email, "password": password,
                      "allow_newsletters": "false"},
                headers={"Referer": f"{self.url}{invite['invite_url']}"},
            ).raise_for_status()
            got = session.get("/api/current-user/token")
            if got.status_code != 200:
                raise RuntimeError(f"sign-up of {email} failed (token request answered {got.status_code})")
            token = str(got.json()["token"])
        me = httpx.get(f"{self.url}/api/current-user/whoami", headers=self.headers(token), timeout=30)
        me.raise_for_status()
        if me.json()["email"] != email:
            raise RuntimeError(f"token of {email} authenticates as {me.json()['email']}")
        return int(me.json()["id"]), token

    def create_project(self, title: str = "annotate test project", **kwargs: Any) -> int:
        """Create a project with the schema's label config and instructions; return its id."""
        project = self.client().projects.create(
            title=title, label_config=label_config(), expert_instruction=instructions_html(),
            show_instruction=True, **kwargs,
        )
        return int(project.id)

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as in a crash; ``restart()`` brings it back."""
        if self.pid:
            server.kill(self.pid)

    def stop(self) -> None:
        """Stop the server cleanly (SIGTERM, then SIGKILL)."""
        server.stop(self.config_path)

    def restart(self) -> None:
        """Start the server again on the same port with the same data directory (stopping it first)."""
        server.stop(self.config_path)
        info = server.start(port=self.port, data_dir=self.data_dir, config_path=self.config_path,
                            timeout=START_TIMEOUT)
        self.pid = info.pid

    def alive(self) -> bool:
        """Return whether the server answers."""
        return server.answers(self.url)


def _template(venv: Path) -> tuple[Path, StudioConfig]:
    """Return a cached, migrated, empty data dir with its admin credentials (built once)."""
    version = server.installed_version(venv) or "unknown"
    root = venv.parent / "test-template" / f"{version}-{TEMPLATE_VERSION}"
    creds = root / "studio.json"
    with server.file_lock(venv.parent / ".template.lock"):
        config = read_config(creds)
        if config is not None and (root / "data").is_dir():
            return root / "data", config
        build = Path(tempfile.mkdtemp(prefix="template-", dir=venv.parent))
        try:
            server.start(data_dir=build / "data", config_path=build / "studio.json", venv=venv,
                         timeout=START_TIMEOUT)
            server.stop(build / "studio.json")
            for name in (server.PID_FILE, server.LOG_FILE):
                (build / "data" / name).unlink(missing_ok=True)
            if root.exists():
                shutil.rmtree(root)
            root.parent.mkdir(parents=True, exist_ok=True)
            build.rename(root)
        finally:
            if build.exists():
                server.stop(build / "studio.json")
                shutil.rmtree(build, ignore_errors=True)
        config = read_config(creds)
        assert config is not None
        return root / "data", config


@pytest.fixture(scope="session")
def ls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelStudioServer]:
    """Yield a real Label Studio on a free loopback port with a temporary data dir; stop it after."""
    venv = server.install()
    template_data, template_config = _template(venv)
    root = tmp_path_factory.mktemp("label-studio")
    data_dir = root / "data"
    shutil.copytree(template_data, data_dir)
    config_path = root / "studio.json"
    write_config(StudioConfig(email=template_config.email, password=template_config.password,
                              token=template_config.token, venv=str(venv)), config_path)
    info = server.start(data_dir=data_dir, config_path=config_path, venv=venv, timeout=START_TIMEOUT)
    handle = LabelStudioServer(
        url=info.url, api_key=template_config.token, admin_email=template_config.email,
        admin_password=template_config.password, port=info.port, data_dir=data_dir,
        config_path=config_path, pid=info.pid,
    )
    try:
        yield handle
    finally:
        server.stop(config_path)


@pytest.fixture
def ls_env(ls_server: LabelStudioServer, monkeypatch: pytest.MonkeyPatch) -> LabelStudioServer:
    """Point ``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY`` at the test server for one test."""
    if not ls_server.alive():
        ls_server.restart()
    monkeypatch.setenv("LABEL_STUDIO_URL", ls_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.api_key)
    return ls_server

