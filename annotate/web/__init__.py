"""The web app: dashboard, document and adjudication views, Label Studio ML backend and webhooks.

``create_app(test_config=None)`` builds a fresh app (no module-level app or globals).
Settings come from ``test_config`` or the environment: ``ANNOTATE_DB``,
``ANNOTATE_WEB_PASSWORD`` (optional dashboard password), ``ANNOTATE_WEBHOOK_SECRET``
(required header on the webhook receiver), ``ANNOTATE_ML_SECRET`` (HTTP basic-auth
password Label Studio sends to the ML backend; optional), ``ANNOTATE_READ_ONLY``.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask, g

from annotate.store import Store, resolve_path


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the Flask app; ``test_config`` overrides settings taken from the environment."""
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE=str(resolve_path(None)),
        SECRET_KEY=os.environ.get("ANNOTATE_WEB_SECRET_KEY") or secrets.token_hex(32),
        WEB_PASSWORD=os.environ.get("ANNOTATE_WEB_PASSWORD") or None,
        WEBHOOK_SECRET=os.environ.get("ANNOTATE_WEBHOOK_SECRET") or None,
        ML_SECRET=os.environ.get("ANNOTATE_ML_SECRET") or None,
        READ_ONLY=os.environ.get("ANNOTATE_READ_ONLY", "").lower() in ("1", "true", "yes"),
        ADJUDICATOR=os.environ.get("USER", "adjudicator"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,
    )
    if test_config:
        app.config.from_mapping(test_config)

    @app.teardown_appcontext
    def close_store(_exc: BaseException | None) -> None:
        store = g.pop("store", None)
        if store is not None:
            store.close()

    from annotate.web import adjudication, auth, dashboard, documents, labelstudio_hooks, ml_backend

    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(adjudication.bp)
    app.register_blueprint(ml_backend.bp)
    app.register_blueprint(labelstudio_hooks.bp)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "UP"}

    return app


def get_store() -> Store:
    """Return this request's store, opened on first use and closed at teardown."""
    from flask import current_app

    if "store" not in g:
        g.store = Store(current_app.config["DATABASE"])
    return g.store  # type: ignore[no-any-return]
