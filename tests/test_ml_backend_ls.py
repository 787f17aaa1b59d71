"""Our ML backend against a REAL Label Studio: it connects the model and gets pre-annotations on demand.

The app runs under waitress on a free loopback port; Label Studio checks ``/ml/health`` and
``/ml/setup`` when the backend is registered (with the basic-auth secret), then calls
``/ml/predict`` when asked to retrieve predictions for a task, and stores what we answer.
"""

from __future__ import annotations

import secrets
import uuid

import pytest
from live_app import app_config, serve_app, wait_for

from annotate.extract.pipeline import Pipeline
from annotate.labelstudio.client import LabelStudioClient, LabelStudioError
from annotate.labelstudio.offsets import ls_index, ls_unit
from annotate.labelstudio.tasks import region_id
from annotate.labelstudio.webhooks import register_ml_backend

pytestmark = pytest.mark.labelstudio

TEXT = "𠮷😀广东省工业和信息化厅厅长李卫东表示，2023年全省投资超3800亿元，👍🏽同比增长12.5%。"


@pytest.fixture(scope="module")
def expected():
    """The spans our pipeline finds in TEXT (code points) and its model version."""
    pipe = Pipeline()
    spans = pipe.predict(TEXT)
    assert spans, "the pipeline found nothing in the test text"
    return pipe.model_version, spans


def test_label_studio_gets_predictions_from_our_ml_backend(ls_server, tmp_path, expected):
    version, spans = expected
    project = ls_server.create_project(f"ml backend {uuid.uuid4().hex[:8]}")
    admin = LabelStudioClient(ls_server.connection)
    (task,) = admin.import_tasks(project, [{"data": {"text": TEXT, "doc_id": "ml-test"}}])
    secret = secrets.token_urlsafe(16)
    seen: list[tuple[str, str, int]] = []
    with serve_app(app_config(tmp_path / "ml.db", ML_SECRET=secret, TEST_SEEN=seen)) as app_url:
        backend = register_ml_backend(ls_server.connection, project, f"{app_url}/ml", title="annotate", secret=secret)
        assert register_ml_backend(ls_server.connection, project, f"{app_url}/ml", secret=secret) == backend
        sdk = ls_server.client()
        backends = [b for b in sdk.ml.list(project=project) if b.url.rstrip("/") == f"{app_url}/ml"]
        assert [b.id for b in backends] == [backend]
        assert backends[0].state == "CO" and backends[0].basic_auth_pass_is_set  # connected, with auth
        assert ("GET", "/ml/health", 200) in seen and ("POST", "/ml/setup", 200) in seen

        assert sdk.predictions.list(task=task) == []
        sdk.actions.create(id="retrieve_tasks_predictions", project=project,
                           selected_items={"all": False, "included": [task]})
        assert ("POST", "/ml/predict", 200) in seen
        (prediction,) = wait_for(lambda: sdk.predictions.list(task=task), what="the prediction in Label Studio")

    assert prediction.model_version == version
    regions = [r for r in prediction.result if r["type"] == "labels"]
    assert len(regions) == len(spans)
    for region, span in zip(regions, sorted(spans, key=lambda s: (s.start, s.end, s.label)), strict=True):
        value = region["value"]
        # offsets in Label Studio's unit (annotate.labelstudio.offsets: code points for 1.23 unless
        # ANNOTATE_LS_OFFSETS=utf16), converted back to exactly the span's characters
        assert ls_index(TEXT).span_from_ls(value["start"], value["end"]) == (span.start, span.end)
        assert (value["start"], value["end"]) == ls_index(TEXT).span_to_ls(span.start, span.end)
        assert value["text"] == span.text == TEXT[span.start : span.end]
        assert value["labels"] == [span.label] and region["id"] == region_id(version, span)
    if ls_unit() == "utf16":  # 𠮷 and 😀 before it are two UTF-16 units each
        assert value["start"] == len(TEXT[: span.start].encode("utf-16-le")) // 2 > span.start
    money = [r for r in regions if r["value"]["labels"] == ["MONEY"]]
    assert money and "3800亿元" in money[0]["value"]["text"]
    attrs = [r for r in prediction.result if r["type"] == "textarea"]
    assert attrs and all(a["from_name"] == "attrs" for a in attrs)

    # Label Studio's task API shows the prediction with the task, as the labelling UI gets it
    shown = admin.get_task(task)
    assert shown is not None and [p["model_version"] for p in shown["predictions"]] == [version]


def test_label_studio_refuses_our_backend_without_the_right_secret(ls_server, tmp_path):
    project = ls_server.create_project(f"ml secret {uuid.uuid4().hex[:8]}")
    with serve_app(app_config(tmp_path / "ml.db", ML_SECRET="right")) as app_url:
        with pytest.raises(LabelStudioError, match="ML backend"):
            register_ml_backend(ls_server.connection, project, f"{app_url}/ml", secret="wrong")
        with pytest.raises(LabelStudioError, match="ML backend"):
            register_ml_backend(ls_server.connection, project, f"{app_url}/ml")
    assert ls_server.client().ml.list(project=project) == []
