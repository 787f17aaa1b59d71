"""Install, start, stop and inspect a local Label Studio server in its own virtual environment.

Label Studio pins many packages, so it lives in its own venv (``ANNOTATE_STUDIO_VENV``, default
``~/.cache/annotate/label-studio/venv``), never in ours. ``start`` runs it as a detached
process bound to 127.0.0.1 with a data directory of ours, an admin user and a legacy API token
generated once (``secrets``) and kept in the 0600 config file (see :mod:`.settings`), a pid file
and a log file in the data directory. Every function is idempotent.

Settings found in Label Studio 1.23's source and used here:

* Binding: ``label-studio start --internal-host 127.0.0.1 --port N``. ``--host`` (env
  ``LABEL_STUDIO_HOST``) is only the public URL used in links; the socket is bound to
  ``--internal-host`` (default ``0.0.0.0``).
* Admin and token: ``LABEL_STUDIO_USERNAME``/``_PASSWORD``/``_USER_TOKEN`` with
  ``LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true`` (the organisation then accepts
  ``Authorization: Token ...``).
* SSRF: Label Studio refuses webhook and ML-backend URLs that resolve to reserved networks
  (``SSRF_PROTECTION_ENABLED``, ``ML_BLOCK_LOCAL_IP``, list of subnets in
  ``core.utils.io.validate_ip``). We keep the protection on but replace the default list
  (``USE_DEFAULT_BANNED_SUBNETS=false``) with the same list minus loopback
  (``USER_ADDITIONAL_BANNED_SUBNETS``), so only 127.0.0.0/8 and ::1 become reachable: our own
  ``annotate serve`` webhook and ML backend. Private LAN and cloud-metadata addresses stay blocked.
* Sign-up only through the organisation's invite link: ``DISABLE_SIGNUP_WITHOUT_LINK=true``.
* No telemetry: ``COLLECT_ANALYTICS=false``, ``LATEST_VERSION_CHECK=false``, empty
  ``SENTRY_DSN``/``FRONTEND_SENTRY_DSN``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from annotate.errors import ConfigError
from annotate.labelstudio.settings import (
    StudioConfig,
    annotate_home,
    default_config_path,
    read_config,
    write_config,
)

REQUIREMENT = "label-studio==1.23.*"
VERSION_PREFIX = "1.23."
ENV_VENV = "ANNOTATE_STUDIO_VENV"
HOST = "127.0.0.1"
ADMIN_EMAIL = "admin@annotate.local"
PID_FILE = "annotate-server.pid"
LOG_FILE = "annotate-server.log"
START_TIMEOUT = 180.0  # seconds
STOP_TIMEOUT = 20.0  # seconds between SIGTERM and SIGKILL

# Label Studio's default banned subnets (core/utils/io.py validate_ip) without loopback.
BANNED_SUBNETS_EXCEPT_LOOPBACK = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "233.252.0.0/24", "240.0.0.0/4",
    "255.255.255.255/32", "::/128", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96",
    "64:ff9b:1::/48", "100::/64", "2001:0000::/32", "2001:20::/28", "2001:db8::/32",
    "2002::/16", "fc00::/7", "fe80::/10", "ff00::/8",
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ServerInfo:
    """A running (or starting) local server: where it answers and how to log in (no secrets)."""

    url: str
    port: int
    pid: int
    data_dir: Path
    log_file: Path
    config_path: Path
    email: str
    answering: bool = True


def _quiet(_: str) -> None:
    pass


def default_venv() -> Path:
    """Return Label Studio's venv: ``$ANNOTATE_STUDIO_VENV`` or ``~/.cache/annotate/label-studio/venv``."""
    env = os.environ.get(ENV_VENV, "").strip()
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(cache) / "annotate" / "label-studio" / "venv"


def default_data_dir() -> Path:
    """Return the data folder: ``$ANNOTATE_HOME/label-studio`` or ``~/.local/share/annotate/label-studio``."""
    home = annotate_home()
    if home is not None:
        return home / "label-studio"
    share = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(share) / "annotate" / "label-studio"


def executable(venv: Path) -> Path:
    """Return the ``label-studio`` script of ``venv``."""
    return venv / "bin" / "label-studio"


def installed_version(venv: Path | None = None) -> str | None:
    """Return the Label Studio version installed in ``venv``, or ``None``."""
    venv = venv or default_venv()
    python = venv / "bin" / "python"
    if not python.exists() or not executable(venv).exists():
        return None
    probe = "import importlib.metadata as m; print(m.version('label-studio'))"
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    return done.stdout.strip() or None if done.returncode == 0 else None


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def install(venv: Path | None = None, *, progress: Progress = _quiet) -> Path:
    """Install ``label-studio==1.23.*`` into its own venv unless present; return the venv.

    Safe to call concurrently (a lock file next to the venv). Raises ``ConfigError`` naming
    the log file when venv creation or pip fails.
    """
    venv = (venv or default_venv()).absolute()
    if (installed_version(venv) or "").startswith(VERSION_PREFIX):
        return venv
    with file_lock(venv.parent / ".install.lock"):
        if (installed_version(venv) or "").startswith(VERSION_PREFIX):
            return venv
        log = venv.parent / "install.log"
        progress(f"Installing Label Studio ({REQUIREMENT}) into {venv} (about a minute, once) ...")
        with open(log, "w", encoding="utf-8") as out:
            steps = []
            if not (venv / "bin" / "python").exists():
                steps.append([sys.executable, "-m", "venv", str(venv)])
            steps.append([str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check",
                          REQUIREMENT])
            for cmd in steps:
                out.write("$ " + " ".join(cmd) + "\n")
                out.flush()
                code = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False).returncode
                if code != 0:
                    raise ConfigError(
                        f"installing Label Studio failed ({' '.join(cmd[-2:])} exited {code}); see {log}"
                    )
        version = installed_version(venv)
        if not (version or "").startswith(VERSION_PREFIX):
            raise ConfigError(f"Label Studio {REQUIREMENT} not found in {venv} after pip install; see {log}")
        progress(f"Installed Label Studio {version}.")
    return venv


def free_port(host: str = HOST) -> int:
    """Return a TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_in_use(port: int, host: str = HOST) -> bool:
    """Return whether something accepts connections on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex((host, port)) == 0


def answers(url: str, timeout: float = 3.0) -> bool:
    """Return whether ``url``/health answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as resp:  # noqa: S310 (our loopback URL)
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def token_works(url: str, token: str, timeout: float = 10.0) -> bool:
    """Return whether ``token`` authenticates (legacy ``Token`` scheme) against ``url``."""
    req = urllib.request.Request(f"{url}/api/current-user/whoami", headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def server_env(config: StudioConfig) -> dict[str, str]:
    """Return the environment for Label Studio: admin, token, loopback SSRF allowance, no telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABEL_STUDIO_", "HEARTEX_"))}
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": config.data_dir,
            "LABEL_STUDIO_HOST": config.url,
            "LABEL_STUDIO_USERNAME": config.email,
            "LABEL_STUDIO_PASSWORD": config.password,
            "LABEL_STUDIO_USER_TOKEN": config.token,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "SSRF_PROTECTION_ENABLED": "true",
            "ML_BLOCK_LOCAL_IP": "true",
            "USE_DEFAULT_BANNED_SUBNETS": "false",
            "USER_ADDITIONAL_BANNED_SUBNETS": ",".join(BANNED_SUBNETS_EXCEPT_LOOPBACK),
            "COLLECT_ANALYTICS": "false",
            "LATEST_VERSION_CHECK": "false",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
            "PYTHONUNBUFFERED": "1",
            # our webhook receiver may call back into Label Studio on a first event: allow time
            "WEBHOOK_TIMEOUT": "10",
        }
    )
    for key in ("HOST", "PORT", "DEBUG", "DJANGO_DB", "DATABASE_NAME"):
        env.pop(key, None)
    return env


def _pid_path(data_dir: Path) -> Path:
    return data_dir / PID_FILE


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int(_pid_path(data_dir).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Return whether ``pid`` is a live (not zombie) Label Studio process."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    state = stat.rsplit(")", 1)[-1].split()[0] if ")" in stat else ""
    return state != "Z" and b"label-studio" in cmdline


def _info(config: StudioConfig, config_path: Path, pid: int, answering: bool) -> ServerInfo:
    data_dir = Path(config.data_dir)
    return ServerInfo(
        url=config.url, port=int(config.port or 0), pid=pid, data_dir=data_dir,
        log_file=data_dir / LOG_FILE, config_path=config_path, email=config.email, answering=answering,
    )


def status(config_path: Path | str | None = None) -> ServerInfo | None:
    """Return the running local server (``answering`` says whether it responds), else ``None``.

    A stale pid file (process gone) is removed.
    """
    path = Path(config_path) if config_path is not None else default_config_path()
    config = read_config(path)
    if config is None or not config.data_dir:
        return None
    data_dir = Path(config.data_dir)
    pid = _read_pid(data_dir)
    if pid is None:
        return None
    if not _alive(pid):
        _pid_path(data_dir).unlink(missing_ok=True)
        return None
    return _info(config, path, pid, answers(config.url))


def _new_credentials(config: StudioConfig) -> StudioConfig:
    return replace(
        config,
        email=config.email or ADMIN_EMAIL,
        password=config.password or secrets.token_urlsafe(18),
        token=config.token or secrets.token_hex(20),  # DRF token keys are 40 characters
    )


def start(
    port: int | None = None,
    data_dir: Path | str | None = None,
    *,
    config_path: Path | str | None = None,
    venv: Path | str | None = None,
    timeout: float = START_TIMEOUT,
    progress: Progress = _quiet,
) -> ServerInfo:
    """Start the local server (installing it first if needed) and wait until it answers.

    Already running: return it (waiting for it to answer). ``port``: given, else the one used
    last time if free, else a free one. ``data_dir``: given, else the one in the config file,
    else :func:`default_data_dir`. Raises ``ConfigError`` when the port is taken, the server
    exits or does not answer within ``timeout`` seconds (the message names the log file).
    """
    path = Path(config_path) if config_path is not None else default_config_path()
    running = status(path)
    if running is not None:
        if port is not None and port != running.port:
            raise ConfigError(f"Label Studio already runs at {running.url} (pid {running.pid}); "
                              "stop it first to change the port")
        if not running.answering:
            _wait(running, timeout, progress)
        return replace(running, answering=True)

    config = read_config(path) or StudioConfig()
    venv_path = install(Path(venv) if venv else (Path(config.venv) if config.venv else None), progress=progress)
    folder = Path(data_dir) if data_dir is not None else (Path(config.data_dir) if config.data_dir
                                                          else default_data_dir())
    folder = folder.expanduser().absolute()
    if port is None:
        port = config.port if config.port and not port_in_use(config.port) else free_port()
    elif port_in_use(port):
        raise ConfigError(f"port {port} on {HOST} is already in use; choose another with --port")
    config = _new_credentials(config)
    config = replace(config, url=f"http://{HOST}:{port}", port=port, data_dir=str(folder), venv=str(venv_path))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_config(config, path)

    log_file = folder / LOG_FILE
    cmd = [
        str(executable(venv_path)), "start", "--no-browser",
        "--internal-host", HOST, "--port", str(port), "--host", config.url,
        "--data-dir", str(folder), "--enable-legacy-api-token",
    ]
    progress(f"Starting Label Studio at {config.url} (data in {folder}; log {log_file}) ...")
    with open(log_file, "ab") as log:
        proc = subprocess.Popen(  # noqa: S603 (fixed argv, our venv)
            cmd, cwd=folder, env=server_env(config), stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True, close_fds=True,
        )
    _pid_path(folder).write_text(f"{proc.pid}\n")
    info = _info(config, path, proc.pid, answering=False)
    _wait(info, timeout, progress, proc)
    if not token_works(config.url, config.token):
        terminate(proc.pid)
        _pid_path(folder).unlink(missing_ok=True)
        raise ConfigError(
            f"Label Studio at {config.url} rejects the admin token stored in {path}: the data in {folder} "
            "was created with other credentials; stop it and use a fresh --data-dir"
        )
    return replace(info, answering=True)


def _wait(info: ServerInfo, timeout: float, progress: Progress, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(info.url, timeout=2.0):
            return
        exited = proc.poll() if proc is not None else (None if _alive(info.pid) else -1)
        if exited is not None:
            _pid_path(info.data_dir).unlink(missing_ok=True)
            raise ConfigError(f"Label Studio exited (code {exited}) before answering at {info.url}; "
                              f"see {info.log_file}")
        time.sleep(0.5)
    raise ConfigError(f"Label Studio did not answer at {info.url} within {timeout:.0f} s "
                      f"(pid {info.pid} still running; see {info.log_file})")


def _signal_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)  # start_new_session: the group id is our child's pid
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def terminate(pid: int, timeout: float = STOP_TIMEOUT) -> None:
    """Stop the server process group ``pid``: SIGTERM, then SIGKILL after ``timeout`` seconds."""
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _alive(pid):
            return
        time.sleep(0.2)
    kill(pid)


def kill(pid: int) -> None:
    """Kill the server process group ``pid`` at once (SIGKILL) and wait until it is gone."""
    _signal_group(pid, signal.SIGKILL)
    for _ in range(100):
        _reap(pid)
        if not _alive(pid):
            return
        time.sleep(0.1)


def stop(config_path: Path | str | None = None, *, timeout: float = STOP_TIMEOUT) -> ServerInfo | None:
    """Stop the local server if it runs; return what was stopped (``None``: nothing ran)."""
    path = Path(config_path) if config_path is not None else default_config_path()
    info = status(path)
    if info is None:
        return None
    terminate(info.pid, timeout)
    _pid_path(info.data_dir).unlink(missing_ok=True)
    return replace(info, answering=False)
