"""``annotate studio connect|disconnect``: plug ``annotate serve`` into a Label Studio project.

``connect`` registers our webhook receiver (annotations reach the store as they are made)
and our ML backend (Label Studio asks our pipeline for pre-annotations on demand). The
webhook secret, and the ML backend's basic-auth password, are generated once and kept in the
0600 studio config file (``webhook_secret``, ``ml_secret``); ``annotate serve`` needs the same
values (``ANNOTATE_WEBHOOK_SECRET``, ``ANNOTATE_ML_SECRET``). Secrets are never printed.
"""

from __future__ import annotations

import click

from annotate.cli.options import db_option, echo_json, open_store
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.pull import remembered_project
from annotate.labelstudio.settings import default_config_path, load_connection
from annotate.labelstudio.webhooks import connect as connect_hooks
from annotate.labelstudio.webhooks import disconnect as disconnect_hooks
from annotate.labelstudio.webhooks import ensure_secret

DEFAULT_SERVE_URL = "http://127.0.0.1:8765"


def _project(db_path: str, url: str, project: int | None) -> int:
    if project is not None:
        return project
    store = open_store(db_path, create=False)
    try:
        return remembered_project(store, url, None)
    finally:
        store.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def hooks() -> None:
    """Connect `annotate serve` to Label Studio: webhook receiver and ML backend.

    Example:

        annotate studio connect --serve-url http://127.0.0.1:8765
    """


@hooks.command()
@click.option("--serve-url", default=DEFAULT_SERVE_URL, show_default=True,
              help="Base URL where `annotate serve` runs, as Label Studio must call it.")
@click.option("--project", type=int, default=None, help="Label Studio project id (default: the one `annotate push` used).")
@click.option("--webhook/--no-webhook", default=True, show_default=True, help="Register the webhook receiver.")
@click.option("--ml/--no-ml", default=True, show_default=True,
              help="Register the ML backend (`annotate serve` must be running).")
@click.option("--title", default="annotate", show_default=True, help="Name of the ML backend in Label Studio.")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def connect(serve_url: str, project: int | None, webhook: bool, ml: bool, title: str, db_path: str,
            as_json: bool) -> None:
    """Register our webhook receiver and ML backend with a Label Studio project (idempotent).

    Uses the webhook secret and the ML password kept in the studio config file (mode 0600),
    creating them on first use; `annotate serve` reads the same file, so whichever starts
    first creates them. Label Studio refuses private addresses except loopback on the server
    of `annotate studio start`.

    \b
    Example:
        annotate serve --port 8765 &
        annotate studio connect --serve-url http://127.0.0.1:8765
    """
    conn = load_connection()
    pid = _project(db_path, conn.url, project)
    config = default_config_path()
    hook_secret = ensure_secret("webhook_secret", config) if webhook else None
    ml_secret = ensure_secret("ml_secret", config) if ml else None
    result = connect_hooks(LabelStudioClient(conn), pid, serve_url, webhook_secret=hook_secret,
                           ml_secret=ml_secret, title=title, webhook=webhook, ml=ml)
    if as_json:
        echo_json({**result.as_dict(), "secrets_file": str(config)})
        return
    if result.webhook_id is not None:
        click.echo(f"webhook {result.webhook_id}: project {pid} -> {result.webhook_url}")
    if result.ml_backend_id is not None:
        click.echo(f"ML backend {result.ml_backend_id}: project {pid} -> {result.ml_url}")
    click.echo(f"secrets: webhook_secret / ml_secret in {config} (never printed); "
               "annotate serve reads them from that file when it starts")


@hooks.command()
@click.option("--serve-url", default=DEFAULT_SERVE_URL, show_default=True, help="Base URL given to `connect`.")
@click.option("--project", type=int, default=None, help="Label Studio project id (default: the one `annotate push` used).")
@db_option
def disconnect(serve_url: str, project: int | None, db_path: str) -> None:
    """Remove our webhook and ML backend at --serve-url from a Label Studio project.

    Example:

        annotate studio disconnect --serve-url http://127.0.0.1:8765
    """
    conn = load_connection()
    pid = _project(db_path, conn.url, project)
    hooks_removed, backends_removed = disconnect_hooks(LabelStudioClient(conn), pid, serve_url)
    click.echo(f"project {pid}: removed {hooks_removed} webhook(s) and {backends_removed} ML backend(s) "
               f"at {serve_url.rstrip('/')}")
