"""The Label Studio webhook receiver: annotations are written to the store as they are made.

``POST /hooks/labelstudio`` takes ANNOTATION_CREATED, ANNOTATION_UPDATED and
ANNOTATIONS_DELETED payloads and stores them through ``annotate.labelstudio.pull``'s
``apply_annotation_event``, the same validation, quarantine and history code as
``annotate pull``. Every request must carry the shared secret in the
``X-Annotate-Secret`` header; without it the answer is 401 and nothing changes.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from annotate.errors import InputError
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.pull import apply_annotation_event
from annotate.labelstudio.settings import Connection, load_connection
from annotate.labelstudio.tasks import json_safe
from annotate.store import QuarantineRecord
from annotate.web import get_store

bp = Blueprint("hooks", __name__, url_prefix="/hooks")
SECRET_HEADER = "X-Annotate-Secret"
EVENTS = frozenset({"ANNOTATION_CREATED", "ANNOTATION_UPDATED", "ANNOTATIONS_DELETED"})


def client() -> LabelStudioClient:
    """Return the app's Label Studio client (from app config, else the environment or config file)."""
    ext = current_app.extensions
    if "annotate.ls_client" not in ext:
        url, key = current_app.config.get("LABEL_STUDIO_URL"), current_app.config.get("LABEL_STUDIO_API_KEY")
        conn = Connection(url=url, api_key=key, source="app") if url and key else load_connection()
        ext["annotate.ls_client"] = LabelStudioClient(conn)
    return ext["annotate.ls_client"]  # type: ignore[no-any-return]


@bp.post("/labelstudio")
def receive() -> Any:
    """Store one Label Studio annotation event; 401 without the shared secret."""
    secret = current_app.config["WEBHOOK_SECRET"]
    sent = request.headers.get(SECRET_HEADER, "")
    if not secret or not hmac.compare_digest(sent, secret):
        abort(401, description=f"missing or wrong {SECRET_HEADER} header")
    event = request.get_json(silent=True)
    if not isinstance(event, dict):
        abort(400, description="expected a JSON object")
    action = event.get("action")
    if action not in EVENTS:
        return jsonify({"status": "ignored", "action": action}), 200
    store = get_store()
    try:
        result = apply_annotation_event(store, event, client())
    except InputError as exc:
        # a malformed event is kept with its reason, like every other bad input
        store.quarantine([QuarantineRecord("webhook", str(action), str(exc), json_safe(event))])
        abort(400, description=str(exc))
    return jsonify({"status": "stored", "action": action, **result.as_dict()}), 200
