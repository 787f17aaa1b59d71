"""Connect a Label Studio project to ``annotate serve``: our webhook receiver and our ML backend.

Both registrations are idempotent: an existing webhook or ML backend of the project with
the same URL is updated in place (new secret, actions, title), never duplicated. Requests
go through the SDK 2.x (``client.webhooks.*``, ``client.ml.*``).

Label Studio refuses webhook and ML-backend URLs on reserved networks (SSRF protection).
The local server of ``annotate studio start`` allows loopback only, so
``http://127.0.0.1:PORT`` works there; another Label Studio must be able to reach the URL
and allow it.

The webhook secret lives in the 0600 studio config file (``webhook_secret``), next to the
admin token, and is sent by Label Studio in the ``X-Annotate-Secret`` header.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from annotate.errors import ConfigError
from annotate.labelstudio.client import LabelStudioError
from annotate.labelstudio.settings import Connection, StudioConfig, read_config, write_config
from annotate.labelstudio.settings import client as sdk_client

SECRET_HEADER = "X-Annotate-Secret"
WEBHOOK_PATH = "/hooks/labelstudio"
ML_PATH = "/ml"
WEBHOOK_ACTIONS: tuple[str, ...] = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED", "ANNOTATIONS_DELETED")
ML_USER = "labelstudio"  # basic-auth user name Label Studio sends to our ML backend
SECRET_KEYS = ("webhook_secret", "ml_secret")


def sdk(client_or_conn: Any) -> Any:
    """Return an SDK 2.x ``LabelStudio`` for an SDK client, a ``LabelStudioClient`` or a ``Connection``."""
    if isinstance(client_or_conn, Connection):
        return sdk_client(client_or_conn)
    inner = getattr(client_or_conn, "sdk", None)  # annotate.labelstudio.client.LabelStudioClient
    if inner is not None and hasattr(inner, "webhooks"):
        return inner
    if hasattr(client_or_conn, "webhooks") and hasattr(client_or_conn, "ml"):
        return client_or_conn
    raise TypeError(f"expected a Label Studio client or Connection, got {type(client_or_conn).__name__}")


def _same_url(a: str | None, b: str) -> bool:
    return (a or "").rstrip("/") == b.rstrip("/")


def _refused(exc: Exception, what: str) -> LabelStudioError:
    """Turn an SDK ``ApiError`` into one line naming what Label Studio refused and why."""
    body = getattr(exc, "body", None)
    detail = body
    if isinstance(body, dict):
        detail = body.get("validation_errors") or body.get("detail") or body
    text = " ".join(str(detail).split())[:300]
    return LabelStudioError(f"Label Studio refused {what} (HTTP {getattr(exc, 'status_code', '?')}): {text}")


def _check_url(url: str, what: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{what} URL {url!r} must start with http:// or https://")


def register_webhook(
    client_or_conn: Any, project: int | None, url: str, secret: str,
    actions: Sequence[str] = WEBHOOK_ACTIONS,
) -> int:
    """Make ``url`` the project's webhook for annotation events; return the webhook id.

    Label Studio sends the full payload (``send_payload``) with ``X-Annotate-Secret:
    secret``. A webhook of the project with the same URL is updated, not duplicated.
    Label Studio 1.23 accepts only project webhooks through the API, so ``project`` is
    required (``None`` raises ``ConfigError``).
    """
    _check_url(url, "webhook")
    if project is None:
        raise ConfigError("Label Studio accepts webhooks per project only: pass a project id (--project)")
    if not secret:
        raise ConfigError("the webhook secret is empty")
    ls = sdk(client_or_conn)
    fields: dict[str, Any] = {
        "url": url, "headers": {SECRET_HEADER: secret}, "send_payload": True, "send_for_all_actions": False,
        "actions": list(actions), "is_active": True,
    }
    from label_studio_sdk.core.api_error import ApiError

    try:
        for hook in ls.webhooks.list(project=str(project)):
            if hook.project == project and _same_url(hook.url, url):
                ls.webhooks.update(int(hook.id), **fields)
                return int(hook.id)
        created = ls.webhooks.create(project=project, **fields)
    except ApiError as exc:
        raise _refused(exc, f"the webhook {url} for project {project}") from None
    return int(created.id)


def find_webhooks(client_or_conn: Any, project: int, url: str | None = None) -> list[Any]:
    """Return the project's webhooks (SDK ``Webhook`` objects), only those at ``url`` if given."""
    ls = sdk(client_or_conn)
    return [h for h in ls.webhooks.list(project=str(project))
            if h.project == project and (url is None or _same_url(h.url, url))]


def register_ml_backend(
    conn: Any, project: int, url: str, title: str = "annotate", secret: str | None = None
) -> int:
    """Connect ``url`` (our ``/ml`` endpoint) as an ML backend of ``project``; return its id.

    With ``secret``, Label Studio authenticates with HTTP basic auth (user ``labelstudio``,
    password ``secret``), which ``annotate serve`` checks against ``ANNOTATE_ML_SECRET``.
    Label Studio calls ``/health`` and ``/setup`` before it accepts the URL, so the web
    app must be running. A backend of the project with the same URL is updated in place.
    """
    _check_url(url, "ML backend")
    ls = sdk(conn)
    auth: dict[str, Any] = (
        {"auth_method": "BASIC_AUTH", "basic_auth_user": ML_USER, "basic_auth_pass": secret}
        if secret else {"auth_method": "NONE"}
    )
    fields: dict[str, Any] = {"url": url, "title": title, "is_interactive": False, **auth}
    from label_studio_sdk.core.api_error import ApiError

    try:
        for backend in ls.ml.list(project=project):
            if backend.project == project and _same_url(backend.url, url):
                ls.ml.update(int(backend.id), project=project, **fields)  # LS re-runs setup, which needs project
                return int(backend.id)
        created = ls.ml.create(project=project, **fields)
    except ApiError as exc:
        raise _refused(exc, f"the ML backend {url} for project {project}") from None
    return int(created.id)


@dataclass(frozen=True)
class Connected:
    """What ``connect`` registered: ids on the Label Studio side and the URLs it calls."""

    url: str
    project: int
    webhook_id: int | None
    webhook_url: str | None
    ml_backend_id: int | None
    ml_url: str | None

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data (no secrets)."""
        return asdict(self)


def serve_urls(serve_url: str) -> tuple[str, str]:
    """Return ``(webhook URL, ML backend URL)`` of an ``annotate serve`` base URL."""
    base = serve_url.rstrip("/")
    _check_url(base, "annotate serve")
    return base + WEBHOOK_PATH, base + ML_PATH


def check_serving(serve_url: str, timeout: float = 5.0) -> None:
    """Raise ``ConfigError`` unless ``annotate serve`` answers at ``serve_url`` (Label Studio
    calls the ML backend's ``/health`` and ``/setup`` while registering it)."""
    import httpx

    base = serve_url.rstrip("/")
    try:
        answer = httpx.get(f"{base}/health", timeout=timeout)
    except httpx.HTTPError as exc:
        raise ConfigError(f"annotate serve does not answer at {base} ({type(exc).__name__}): start it first") from None
    if answer.status_code != 200:
        raise ConfigError(f"{base}/health answered HTTP {answer.status_code}: is this `annotate serve`?")


def connect(
    client_or_conn: Any, project: int, serve_url: str, *, webhook_secret: str | None,
    ml_secret: str | None = None, title: str = "annotate", webhook: bool = True, ml: bool = True,
) -> Connected:
    """Register our webhook receiver and/or ML backend (at ``serve_url``) with ``project``."""
    hook_url, ml_url = serve_urls(serve_url)
    ls = sdk(client_or_conn)
    hook_id = backend_id = None
    if webhook:
        if not webhook_secret:
            raise ConfigError("a webhook needs a secret")
        hook_id = register_webhook(ls, project, hook_url, webhook_secret)
    if ml:
        check_serving(serve_url)
        backend_id = register_ml_backend(ls, project, ml_url, title=title, secret=ml_secret)
    base = str(getattr(getattr(ls, "_client_wrapper", None), "_base_url", "") or "")
    return Connected(base, project, hook_id, hook_url if webhook else None, backend_id, ml_url if ml else None)


def disconnect(client_or_conn: Any, project: int, serve_url: str) -> tuple[int, int]:
    """Remove our webhooks and ML backends at ``serve_url`` from ``project``; return how many of each."""
    from label_studio_sdk.core.api_error import ApiError

    hook_url, ml_url = serve_urls(serve_url)
    ls = sdk(client_or_conn)
    try:
        hooks = find_webhooks(ls, project, hook_url)
        for hook in hooks:
            ls.webhooks.delete(int(hook.id))
        backends = [b for b in ls.ml.list(project=project) if b.project == project and _same_url(b.url, ml_url)]
        for backend in backends:
            ls.ml.delete(int(backend.id))
    except ApiError as exc:
        raise _refused(exc, f"removing hooks of {serve_url} from project {project}") from None
    return len(hooks), len(backends)


# ---------------------------------------------------------------------------- secrets


def stored_secret(name: str = "webhook_secret", config_path: Path | str | None = None) -> str | None:
    """Return a secret (``webhook_secret`` or ``ml_secret``) kept in the studio config file."""
    if name not in SECRET_KEYS:
        raise ValueError(f"unknown secret {name!r}")
    config = read_config(config_path)
    value = getattr(config, name) if config is not None else ""
    return str(value) if value else None


def ensure_secret(name: str = "webhook_secret", config_path: Path | str | None = None) -> str:
    """Return the stored secret ``name``, generating and storing it (file mode 0600) when absent.

    Other keys of the file (URL, admin login, token) are kept as they are.
    """
    existing = stored_secret(name, config_path)
    if existing:
        return existing
    config = read_config(config_path) or StudioConfig()
    value = secrets.token_urlsafe(32)
    setattr(config, name, value)
    write_config(config, config_path)
    return value
