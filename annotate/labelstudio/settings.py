"""Connect to a Label Studio server: URL and API token from the environment or our config file.

Precedence, per field: ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY`` (the names the SDK uses)
over the config file written by ``annotate studio start``. The config file is
``$ANNOTATE_HOME/studio.json`` when ``ANNOTATE_HOME`` is set, else
``~/.config/annotate/studio.json``; it is written with mode 0600 because it holds the admin
password and the API token. The token is never printed or logged: ``repr``/``str`` of every
object here masks it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotate.errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from label_studio_sdk import LabelStudio

ENV_URL = "LABEL_STUDIO_URL"
ENV_API_KEY = "LABEL_STUDIO_API_KEY"
ENV_HOME = "ANNOTATE_HOME"
CONFIG_NAME = "studio.json"
DEFAULT_TIMEOUT = 60.0  # seconds per HTTP request
MASK = "***"


@dataclass(frozen=True)
class Connection:
    """Where a Label Studio server is and the API token to use (legacy token or PAT)."""

    url: str
    api_key: str = field(repr=False)
    source: str = "env"  # "env", the config file path, or "env+<path>"

    def __repr__(self) -> str:
        return f"Connection(url={self.url!r}, api_key={MASK}, source={self.source!r})"

    __str__ = __repr__


@dataclass
class StudioConfig:
    """The contents of ``studio.json``: the local server's address, admin login and paths.

    ``token`` is the admin's legacy API token; ``password`` logs the admin into the web UI.
    """

    url: str = ""
    email: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    port: int | None = None
    data_dir: str = ""
    venv: str = ""
    webhook_secret: str = field(default="", repr=False)  # X-Annotate-Secret of our webhook receiver
    ml_secret: str = field(default="", repr=False)  # basic-auth password of our ML backend

    def __repr__(self) -> str:
        return (
            f"StudioConfig(url={self.url!r}, email={self.email!r}, password={MASK}, "
            f"token={MASK}, port={self.port!r}, data_dir={self.data_dir!r}, venv={self.venv!r}, "
            f"webhook_secret={MASK}, ml_secret={MASK})"
        )

    __str__ = __repr__

    def to_json(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict (secrets included: for the 0600 file only)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StudioConfig:
        """Build from a dict, ignoring unknown keys (older/newer files stay readable)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def annotate_home() -> Path | None:
    """Return ``$ANNOTATE_HOME`` as a path, or ``None`` when unset/empty."""
    home = os.environ.get(ENV_HOME, "").strip()
    return Path(home).expanduser() if home else None


def default_config_path() -> Path:
    """Return the config file: ``$ANNOTATE_HOME/studio.json`` or ``~/.config/annotate/studio.json``."""
    home = annotate_home()
    if home is not None:
        return home / CONFIG_NAME
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "annotate" / CONFIG_NAME


def read_config(path: Path | str | None = None) -> StudioConfig | None:
    """Read the config file; return ``None`` when it does not exist.

    Raises ``ConfigError`` (naming the file) when it exists but is not valid JSON.
    """
    p = Path(path) if path is not None else default_config_path()
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the Label Studio config file ({exc.strerror})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{p}: not valid JSON (line {exc.lineno}); fix or delete it") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: expected a JSON object")
    return StudioConfig.from_json(data)


def write_config(config: StudioConfig, path: Path | str | None = None) -> Path:
    """Write the config file atomically with mode 0600 (its folder 0700 when we create it)."""
    p = Path(path) if path is not None else default_config_path()
    p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".studio-", suffix=".json", dir=p.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(config.to_json(), fh, indent=2)
            fh.write("\n")
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(p, 0o600)
    return p


def load_connection(config_path: Path | str | None = None) -> Connection:
    """Return the connection from ``LABEL_STUDIO_URL``/``LABEL_STUDIO_API_KEY``, else the config file.

    Each field comes from the environment when set there, else from the config file.
    Raises ``ConfigError`` with one line saying what to set when something is missing.
    """
    env_url = os.environ.get(ENV_URL, "").strip()
    env_key = os.environ.get(ENV_API_KEY, "").strip()
    path = Path(config_path) if config_path is not None else default_config_path()
    cfg = None if (env_url and env_key) else read_config(path)
    url = env_url or (cfg.url if cfg else "")
    key = env_key or (cfg.token if cfg else "")
    if not url and not key:
        raise ConfigError(
            f"no Label Studio server configured: set {ENV_URL} and {ENV_API_KEY}, "
            f"or run `annotate studio start` (writes {path})"
        )
    if not url:
        raise ConfigError(f"no Label Studio URL: set {ENV_URL} or add \"url\" to {path}")
    if not key:
        raise ConfigError(f"no Label Studio API token: set {ENV_API_KEY} or add \"token\" to {path}")
    if env_url and env_key:
        source = "env"
    elif env_url or env_key:
        source = f"env+{path}"
    else:
        source = str(path)
    return Connection(url=url.rstrip("/"), api_key=key, source=source)


def client(
    conn: Connection | None = None, *, timeout: float = DEFAULT_TIMEOUT, max_retries: int = 2
) -> LabelStudio:
    """Return a ``label_studio_sdk.LabelStudio`` (SDK 2.x) client for ``conn`` (default: configured).

    ``timeout`` is seconds per HTTP request.
    """
    from label_studio_sdk import LabelStudio

    conn = conn if conn is not None else load_connection()
    return LabelStudio(base_url=conn.url, api_key=conn.api_key, timeout=timeout, max_retries=max_retries)
