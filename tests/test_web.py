"""The web app through Flask's test client: every page, escaping, CSRF, password, secrets, read-only."""

from __future__ import annotations

import base64
import re

import pytest

from annotate.labelstudio.offsets import ls_index
from annotate.models import Annotation, Document, Span
from annotate.store import Store
from annotate.web import create_app

HOSTILE = 'x<script>alert(1)</script>"><img src=x onerror=alert(2)>{{ 7*7 }}广州市发展改革委'


@pytest.fixture
def seeded(db_path):
    with Store(db_path) as s:
        docs = [Document.from_text(t, title=f"标题{i}<b>", source=f"f{i}.txt")
                for i, t in enumerate([HOSTILE, "广东省工信厅厅长李卫东表示，投资超3800亿元。"])]
        s.add_documents([(d, None) for d in docs])
        hostile, plain = docs
        start = hostile.text.index("广州")
        gov = Span.of(hostile.text, start, len(hostile.text), "GOV")
        s.save_annotations([
            Annotation(document_id=hostile.id, kind="annotation", source="<li>", spans=[gov]),
            Annotation(document_id=hostile.id, kind="annotation", source="wang",
                       spans=[Span.of(hostile.text, start, start + 3, "LOC")]),
            Annotation(document_id=plain.id, kind="prediction", source="m1",
                       spans=[Span.of(plain.text, 0, 6, "GOV"), Span.of(plain.text, 8, 11, "PER")]),
        ])
    return db_path, hostile, plain


@pytest.fixture
def client(seeded):
    app = create_app({"DATABASE": str(seeded[0]), "TESTING": True, "WEBHOOK_SECRET": "hook-secret"})
    return app.test_client()


def csrf_of(client, path="/adjudicate/"):
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf[-_]token" (?:value|content)="([^"]+)"', page)
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.mark.parametrize("path", ["/", "/agreement", "/accuracy", "/documents/", "/adjudicate/", "/health"])
def test_every_page_answers(client, path):
    assert client.get(path).status_code == 200


def test_document_view_escapes_text_titles_and_annotator_names(client, seeded):
    _, hostile, _ = seeded
    for layer in ("annotation:<li>", "annotation:wang"):
        page = client.get(f"/documents/{hostile.id}", query_string={"layer": layer}).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "{{ 7*7 }}" in page and ">49<" not in page
        assert "标题0&lt;b&gt;" in page
    assert "annotation:&lt;li&gt;" in client.get(f"/documents/{hostile.id}").get_data(as_text=True)


def test_document_view_highlights_spans_of_the_chosen_layer(client, seeded):
    _, _, plain = seeded
    page = client.get(f"/documents/{plain.id}", query_string={"layer": "prediction:m1"}).get_data(as_text=True)
    assert re.search(r'<span class="l-GOV[^"]*"[^>]*>广东省工信厅</span>', page)
    assert re.search(r'<span class="l-PER[^"]*"[^>]*>李卫东</span>', page)


def test_diff_mode_marks_disagreement(client, seeded):
    _, hostile, _ = seeded
    page = client.get(f"/documents/{hostile.id}",
                      query_string={"layer": "annotation:<li>", "compare": "annotation:wang"}).get_data(as_text=True)
    assert "only-a" in page and "only-b" in page
    assert "1 spans only in annotation:&lt;li&gt;, 1 only in annotation:wang" in page


def test_unknown_document_is_404(client):
    assert client.get("/documents/doesnotexist").status_code == 404


def test_overview_lists_counts_and_annotators(client):
    page = client.get("/").get_data(as_text=True)
    assert "2 documents" in page and "&lt;li&gt;" in page and "<svg" in page


def test_agreement_page_draws_heatmap(client):
    page = client.get("/agreement").get_data(as_text=True)
    assert "<svg" in page and "Pairwise span F1" in page


def test_post_without_csrf_token_is_refused(client):
    assert client.post("/adjudicate/decide", data={"document": "x"}).status_code == 400


def test_password_gate(seeded):
    app = create_app({"DATABASE": str(seeded[0]), "TESTING": True, "WEB_PASSWORD": "pw"})
    c = app.test_client()
    assert c.get("/").status_code == 302
    assert c.post("/login", data={"password": "nope"}).status_code == 200
    assert c.get("/").status_code == 302
    assert c.post("/login?next=/documents/", data={"password": "pw"}).headers["Location"].endswith("/documents/")
    assert c.get("/").status_code == 200


def test_login_does_not_redirect_off_site(seeded):
    app = create_app({"DATABASE": str(seeded[0]), "TESTING": True, "WEB_PASSWORD": "pw"})
    resp = app.test_client().post("/login?next=//evil.example/", data={"password": "pw"})
    assert resp.headers["Location"] == "/"


def test_webhook_without_secret_is_401_and_changes_nothing(client, seeded):
    before = len(list(Store(seeded[0]).annotations()))
    for headers in ({}, {"X-Annotate-Secret": "wrong"}):
        resp = client.post("/hooks/labelstudio", json={"action": "ANNOTATION_CREATED", "annotation": {}}, headers=headers)
        assert resp.status_code == 401
    assert len(list(Store(seeded[0]).annotations())) == before


def test_webhook_ignores_other_events_with_secret(client):
    resp = client.post("/hooks/labelstudio", json={"action": "PROJECT_UPDATED"}, headers={"X-Annotate-Secret": "hook-secret"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "ignored"


def test_ml_backend_protocol(client):
    health = client.get("/ml/health").get_json()
    assert health["status"] == "UP"
    version = client.post("/ml/setup", json={"project": "1.1", "schema": "<View/>"}).get_json()["model_version"]
    assert version == health["model_version"]
    text = "𠮷😀广东省工业和信息化厅厅长李卫东表示，2023年全省投资超3800亿元。"
    body = {"tasks": [{"id": 7, "data": {"text": text}}], "project": "1.1",
            "label_config": '<View><Text name="text" value="$text"/></View>', "params": {}}
    results = client.post("/ml/predict", json=body).get_json()["results"]
    assert len(results) == 1 and results[0]["model_version"] == version
    regions = [r for r in results[0]["result"] if r["type"] == "labels"]
    assert regions, "the pipeline found nothing"
    index = ls_index(text)  # the one conversion at the Label Studio boundary, in the configured unit
    for r in regions:
        v = r["value"]
        start, end = index.span_from_ls(v["start"], v["end"])
        assert text[start:end] == v["text"]
    assert any(r["value"]["text"] == "广东省工业和信息化厅" for r in regions)


def test_ml_backend_bad_request_is_400(client):
    assert client.post("/ml/predict", json={"tasks": [{"id": 3, "data": {}}]}).status_code == 400
    assert client.post("/ml/predict", data="not json").status_code == 400


def test_ml_backend_secret(seeded):
    app = create_app({"DATABASE": str(seeded[0]), "TESTING": True, "ML_SECRET": "ml-pw"})
    c = app.test_client()
    assert c.get("/ml/health").status_code == 401
    token = base64.b64encode(b"labelstudio:ml-pw").decode()
    assert c.get("/ml/health", headers={"Authorization": f"Basic {token}"}).status_code == 200


def test_machine_endpoints_skip_password_and_csrf(seeded):
    app = create_app({"DATABASE": str(seeded[0]), "TESTING": True, "WEB_PASSWORD": "pw"})
    c = app.test_client()
    assert c.get("/ml/health").status_code == 200
    assert c.post("/ml/setup", json={}).status_code == 200


def test_read_only_mode_refuses_adjudication(seeded):
    app = create_app({"DATABASE": str(seeded[0]), "TESTING": True, "READ_ONLY": True})
    c = app.test_client()
    token = csrf_of(c, "/documents/")
    assert c.post("/adjudicate/decide", data={"csrf_token": token}).status_code == 403
    assert "read-only" in c.get("/").get_data(as_text=True)


def test_serve_command_help(runner):
    from annotate.cli.main import cli

    out = runner.invoke(cli, ["serve", "-h"]).output
    assert "waitress" in out and "127.0.0.1" in out


def test_adjudication_lists_conflicts_and_pick_writes_gold_with_who_and_when(client, seeded):
    db, hostile, _ = seeded
    listing = client.get("/adjudicate/").get_data(as_text=True)
    assert hostile.id in listing
    page = client.get(f"/adjudicate/{hostile.id}").get_data(as_text=True)
    assert "pick this version" in page and "&lt;li&gt;" in page and "<script>alert" not in page
    token = csrf_of(client, f"/adjudicate/{hostile.id}")
    resp = client.post("/adjudicate/decide", data={
        "csrf_token": token, "document": hostile.id, "action": "pick-version", "conflict": "0",
        "annotator": "wang", "adjudicator": "chen", "next_conflict": "1"})
    assert resp.status_code == 302
    with Store(db) as s:
        gold = s.gold_layer([hostile.id])[hostile.id]
        assert [(sp.label, sp.text) for sp in gold.spans] == [("LOC", "广州市")]
        assert gold.source == "chen"
        (decision,) = s.gold_decisions([hostile.id])
        assert decision.decided_by == "chen" and decision.action == "pick" and decision.decided_at


def test_adjudication_accept_then_edit_then_reject(client, seeded):
    db, hostile, _ = seeded
    token = csrf_of(client, f"/adjudicate/{hostile.id}")
    start = hostile.text.index("广州")
    end = len(hostile.text)
    base = {"csrf_token": token, "document": hostile.id, "adjudicator": "chen"}
    assert client.post("/adjudicate/decide", data={**base, "action": "accept", "start": start, "end": end, "label": "GOV"}).status_code == 302
    assert client.post("/adjudicate/decide", data={**base, "action": "edit", "prev_start": start, "prev_end": end,
                                                   "prev_label": "GOV", "start": start, "end": start + 3, "label": "LOC"}).status_code == 302
    with Store(db) as s:
        assert [(sp.start, sp.end, sp.label) for sp in s.gold_layer([hostile.id])[hostile.id].spans] == [(start, start + 3, "LOC")]
    assert client.post("/adjudicate/decide", data={**base, "action": "reject", "start": start, "end": start + 3, "label": "LOC"}).status_code == 302
    with Store(db) as s:
        assert s.gold_layer([hostile.id])[hostile.id].spans == []
        assert [d.action for d in s.gold_decisions([hostile.id])] == ["accept", "edit", "reject"]


@pytest.mark.parametrize("form", [
    {"action": "accept", "start": "0", "end": "9999", "label": "GOV"},
    {"action": "accept", "start": "0", "end": "2", "label": "NOPE"},
    {"action": "accept", "start": "x", "end": "2", "label": "GOV"},
    {"action": "explode"},
    {"action": "pick-version", "conflict": "99", "annotator": "wang"},
])
def test_adjudication_bad_decisions_are_400_and_change_nothing(client, seeded, form):
    db, hostile, _ = seeded
    token = csrf_of(client, f"/adjudicate/{hostile.id}")
    resp = client.post("/adjudicate/decide", data={"csrf_token": token, "document": hostile.id, "adjudicator": "chen", **form})
    assert resp.status_code == 400
    with Store(db) as s:
        assert s.gold_decisions() == [] and s.gold_layer() == {}


def test_accuracy_page_charts_saved_evaluation_runs(client, seeded, runner):
    from annotate.cli.main import cli

    db, _, plain = seeded
    with Store(db) as s:
        s.save_annotations([Annotation(document_id=plain.id, kind="gold", source="majority",
                                       spans=[Span.of(plain.text, 0, 6, "GOV"), Span.of(plain.text, 8, 11, "ORG")])])
    result = runner.invoke(cli, ["evaluate", "--db", str(db), "--model-version", "m1"])
    assert result.exit_code == 0, result.output
    page = client.get("/accuracy").get_data(as_text=True)
    assert "<svg" in page and "Strict F1 per label per model version" in page
    assert "<code>m1</code>" in page
    confusion = page[page.index("Confusion table"):page.index("Pre-annotation corrections")]
    assert "<th>ORG</th>" in confusion and "<th>PER</th>" in confusion


@pytest.mark.parametrize("event", [
    {"action": "ANNOTATION_CREATED", "project": {"id": "x"}, "annotation": {}},
    {"action": "ANNOTATION_CREATED", "project": 1, "task": "oops", "annotation": {"task": 3}},
    {"action": "ANNOTATION_UPDATED", "project": 1, "annotation": ["not", "an", "object"]},
    {"action": "ANNOTATIONS_DELETED", "project": 1, "annotations": [{"id": 2**70}]},
    {"action": "ANNOTATIONS_DELETED", "project": 1, "annotations": "7"},
])
def test_malformed_webhook_is_400_and_quarantined(seeded, event):
    app = create_app({"DATABASE": str(seeded[0]), "TESTING": True, "WEBHOOK_SECRET": "s",
                      "LABEL_STUDIO_URL": "http://127.0.0.1:9", "LABEL_STUDIO_API_KEY": "k"})
    resp = app.test_client().post("/hooks/labelstudio", json=event, headers={"X-Annotate-Secret": "s"})
    assert resp.status_code == 400
    with Store(seeded[0]) as s:
        (record,) = s.quarantined("webhook")
        assert record.ref == event["action"] and record.reason
