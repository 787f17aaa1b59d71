"""Access control for people's pages: optional password, CSRF tokens, read-only mode.

Machine endpoints (the ML backend and the webhook receiver) are exempt from the password
and CSRF and check their own secrets instead.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, session, url_for

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])
MACHINE_BLUEPRINTS = frozenset({"ml", "hooks"})


def csrf_token() -> str:
    """Return this session's CSRF token, creating it on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def init_app(app: Flask) -> None:
    """Install the password gate, the CSRF check and template helpers."""
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.context_processor
    def flags() -> dict[str, Any]:
        return {"read_only": current_app.config["READ_ONLY"],
                "password_set": bool(current_app.config["WEB_PASSWORD"])}

    @app.before_request
    def gate() -> Any:
        if request.blueprint in MACHINE_BLUEPRINTS or request.endpoint in ("auth.login", "health", "static"):
            return None
        if current_app.config["WEB_PASSWORD"] and not session.get("logged_in"):
            return redirect(url_for("auth.login", next=request.path))
        if request.method == "POST":
            sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
            if not hmac.compare_digest(sent, session.get("csrf", "")) or not sent:
                abort(400, description="missing or wrong CSRF token")
        return None


def writable(view: F) -> F:
    """Refuse a state-changing view with 403 when the app runs read-only."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_app.config["READ_ONLY"]:
            abort(403, description="this dashboard is read-only")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Ask for the dashboard password (only when ANNOTATE_WEB_PASSWORD is set)."""
    expected = current_app.config["WEB_PASSWORD"]
    if not expected:
        return redirect(url_for("dashboard.overview"))
    error = None
    if request.method == "POST":
        if hmac.compare_digest(request.form.get("password", ""), expected):
            session["logged_in"] = True
            target = request.args.get("next", "/")
            return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
        error = "wrong password"
    return render_template("login.html", error=error)
