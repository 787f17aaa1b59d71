"""``annotate serve``: the dashboard, adjudication view, ML backend and webhook receiver."""

from __future__ import annotations

import os

import click

from annotate.cli.options import db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless you say otherwise).")
@click.option("--port", default=8765, show_default=True, type=int)
@click.option("--read-only", is_flag=True, help="Serve the dashboard without adjudication (for sharing).")
@click.option("--threads", default=4, show_default=True, type=int, help="Worker threads of the WSGI server.")
@click.option("--debug", "debug_server", is_flag=True, help="Use Flask's development server with reloader.")
def serve(db_path: str, host: str, port: int, read_only: bool, threads: int, debug_server: bool) -> None:
    """Serve the web app with waitress (the Flask development server only with --debug).

    Pages: / (overview), /agreement, /accuracy, /documents, /adjudicate.
    For Label Studio: the ML backend at http://HOST:PORT/ml and the webhook receiver at
    http://HOST:PORT/hooks/labelstudio; `annotate studio connect` registers both with
    Label Studio and keeps their secrets in the studio config file. Set
    ANNOTATE_WEB_PASSWORD to require a password for the pages.

    Both secrets are created on first use in the studio config file (0600), so a server
    started before `annotate studio connect` already holds the values it registers.

    \b
    Example:
        annotate serve --db annotate.db --port 8765 &
        annotate studio connect --serve-url http://127.0.0.1:8765
    """
    from annotate.labelstudio.webhooks import ensure_secret
    from annotate.web import create_app

    config: dict[str, object] = {
        "DATABASE": db_path,
        # the same secrets `annotate studio connect` registered with Label Studio
        "WEBHOOK_SECRET": os.environ.get("ANNOTATE_WEBHOOK_SECRET") or ensure_secret("webhook_secret"),
        "ML_SECRET": os.environ.get("ANNOTATE_ML_SECRET") or ensure_secret("ml_secret"),
    }
    if read_only:
        config["READ_ONLY"] = True
    app = create_app(config)
    click.echo(f"annotate web app on http://{host}:{port}/ (ML backend: http://{host}:{port}/ml)", err=True)
    if debug_server:
        app.run(host=host, port=port, debug=True)
        return
    from waitress import serve as waitress_serve

    waitress_serve(app, host=host, port=port, threads=threads, ident="annotate")
