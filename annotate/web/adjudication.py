"""Adjudication view (filled in once the adjudication library lands)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("adjudication", __name__, url_prefix="/adjudicate")


@bp.get("/")
def index() -> str:
    return "adjudication"
