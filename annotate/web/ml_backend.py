"""The Label Studio ML-backend protocol: a project "connects a model" and asks us for pre-annotations.

Routes (relative to the backend URL given to Label Studio, ``http://HOST:PORT/ml``):
``GET /health``, ``POST /setup``, ``POST /predict``, ``POST /webhook``, ``GET /versions``.
Predictions come from the same ``Pipeline`` and the same ``prediction_result`` (UTF-16
offsets converted at the Label Studio boundary) as ``annotate push``. With
``ANNOTATE_ML_SECRET`` set, Label Studio must send it as the HTTP basic-auth password.
"""

from __future__ import annotations

import hmac
import re
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from annotate.extract.pipeline import Pipeline
from annotate.labelstudio.tasks import prediction_result

bp = Blueprint("ml", __name__, url_prefix="/ml")
_TEXT_VALUE = re.compile(r"<Text\b[^>]*\bvalue=\"\$([A-Za-z0-9_]+)\"")


def pipeline() -> Pipeline:
    """Return the app's pipeline, built once on first use."""
    ext = current_app.extensions
    if "annotate.pipeline" not in ext:
        ext["annotate.pipeline"] = Pipeline()
    return ext["annotate.pipeline"]  # type: ignore[no-any-return]


@bp.before_request
def check_secret() -> None:
    """Require the ML secret as the basic-auth password when one is configured."""
    secret = current_app.config["ML_SECRET"]
    if not secret:
        return
    auth = request.authorization
    if auth is None or not hmac.compare_digest(auth.password or "", secret):
        abort(401, description="ML backend secret missing or wrong")


@bp.get("/")
@bp.get("/health")
def health() -> Any:
    """Report that the backend is up, with the model version it serves."""
    return jsonify({"status": "UP", "model_class": "annotate.Pipeline", "model_version": pipeline().model_version})


@bp.post("/setup")
def setup() -> Any:
    """Answer Label Studio's setup call with our model version."""
    return jsonify({"model_version": pipeline().model_version})


@bp.get("/versions")
def versions() -> Any:
    """List the model versions this backend can serve (one: the current pipeline)."""
    return jsonify({"versions": [pipeline().model_version], "message": ""})


def text_key(label_config: str | None) -> str:
    """Return the task data key of the ``<Text>`` tag in a label config (default ``text``)."""
    match = _TEXT_VALUE.search(label_config or "")
    return match.group(1) if match else "text"


@bp.post("/predict")
def predict() -> Any:
    """Return one prediction per task: ``{"results": [{"result", "score", "model_version"}]}``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("tasks"), list):
        abort(400, description='expected a JSON object with a "tasks" list')
    key = text_key(body.get("label_config"))
    pipe = pipeline()
    version = pipe.model_version
    results = []
    for n, task in enumerate(body["tasks"]):
        data = task.get("data") if isinstance(task, dict) else None
        text = data.get(key) if isinstance(data, dict) else None
        if not isinstance(text, str):
            abort(400, description=f"task {task.get('id', n) if isinstance(task, dict) else n}: no text in data.{key}")
        spans = pipe.predict(text)
        scores = [s.attrs["score"] for s in spans if isinstance(s.attrs.get("score"), int | float)]
        results.append(
            {
                "result": prediction_result(text, spans, version),
                "score": round(sum(scores) / len(scores), 4) if scores else 0.0,
                "model_version": version,
            }
        )
    return jsonify({"results": results, "model_version": version})


@bp.post("/webhook")
def webhook() -> Any:
    """Acknowledge ML-protocol events (such as START_TRAINING): our extractors do not train."""
    body = request.get_json(silent=True) or {}
    action = body.get("action") if isinstance(body, dict) else None
    return jsonify({"status": "ignored", "action": action, "reason": "rule-based extractors do not train"}), 201
