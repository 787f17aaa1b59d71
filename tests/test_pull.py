"""`annotate pull` against a real Label Studio: two annotators, history, deletion, quarantine, non-BMP text."""

from __future__ import annotations

import itertools
import json
import sqlite3

import pytest
from ls_corpus import fill, make_docs, predict

from annotate.cli.main import cli
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.pull import apply_annotation_event, pull
from annotate.labelstudio.push import push
from annotate.labelstudio.settings import Connection
from annotate.labelstudio.tasks import annotation_result, region_id
from annotate.models import Span

pytestmark = pytest.mark.labelstudio
_counter = itertools.count()


@pytest.fixture
def annotators(ls_server):  # type: ignore[no-untyped-def]
    """Two fresh annotator accounts: ``[(email, client as that user)]``."""
    out = []
    for name in ("ann", "bob"):
        email = f"{name}{next(_counter)}-{ls_server.port}@pull.test"
        _, token = ls_server.create_user(email)
        out.append((email, LabelStudioClient(Connection(url=ls_server.url, api_key=token, source="test"))))
    return out


@pytest.fixture
def pushed(store, ls_env):  # type: ignore[no-untyped-def]
    """A store with 3 documents pushed with predictions; returns (admin client, project, docs, tasks)."""
    docs = make_docs(3)
    fill(store, docs)
    client = LabelStudioClient(ls_env.connection)
    result = push(store, client)
    tasks = store.ls_task_map(client.url, result.project)
    return client, result.project, docs, tasks


def rows(db_path) -> list[tuple]:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return con.execute(
            "SELECT a.document_id, a.source, a.status, a.revision, s.start, s.\"end\", s.label, s.text, "
            "json_extract(s.attrs, '$.origin') FROM annotations a LEFT JOIN spans s ON s.annotation_id = a.id "
            "WHERE a.kind = 'annotation' ORDER BY a.source, a.document_id, a.revision, s.start, s.label"
        ).fetchall()
    finally:
        con.close()


def test_two_annotators_pull_exact_rows_and_pull_again_changes_nothing(store, db_path, pushed, annotators) -> None:
    client, project, docs, tasks = pushed
    (ann_email, ann), (bob_email, bob) = annotators
    d0, d1, d2 = docs
    p0 = predict(d0, "rules-1").spans  # 深圳市科技局 GOV, 约12亿元 MONEY
    # ann accepts d0's prediction but relabels the GOV span as ORG
    relabelled = Span.of(d0.text, p0[0].start, p0[0].end, "ORG")
    ann.create_annotation(tasks[d0.id], annotation_result(d0.text, [
        (relabelled, region_id("rules-1", p0[0]), "prediction-changed"),
        (p0[1], region_id("rules-1", p0[1]), "prediction"),
    ]), lead_time=30.5)
    # bob deletes the MONEY span and draws 𠮷 as LOC by hand; then skips d1
    loc = Span.of(d0.text, 0, 1, "LOC")
    bob.create_annotation(tasks[d0.id], annotation_result(d0.text, [
        (p0[0], region_id("rules-1", p0[0]), "prediction"), (loc, "manual1", "manual"),
    ]))
    bob.create_annotation(tasks[d1.id], [], was_cancelled=True)
    result = pull(store, client)
    assert (result.added, result.replaced, result.deleted, result.cancelled, result.quarantined) == (3, 0, 0, 1, 0)
    assert result.annotators == sorted([ann_email, bob_email])
    assert rows(db_path) == sorted([
        (d0.id, ann_email, "current", 1, p0[0].start, p0[0].end, "ORG", "深圳市科技局", "prediction-changed"),
        (d0.id, ann_email, "current", 1, p0[1].start, p0[1].end, "MONEY", "约12亿元", "prediction"),
        (d0.id, bob_email, "current", 1, 0, 1, "LOC", "𠮷", "manual"),
        (d0.id, bob_email, "current", 1, p0[0].start, p0[0].end, "GOV", "深圳市科技局", "prediction"),
        (d1.id, bob_email, "current", 1, None, None, None, None, None),
    ], key=lambda r: (r[1], r[0], r[3], r[4] if r[4] is not None else -1, r[6] or ""))
    money = next(a for a in store.annotations(kind="annotation", source=ann_email)).spans[1]
    assert money.attrs == {"origin": "prediction", "value": 1200000000, "unit": "元", "qualifier": "approx"}
    assert list(store.annotations(kind="annotation", source=bob_email, document_ids=[d1.id])) == []
    (skipped,) = store.annotations(kind="annotation", source=bob_email, document_ids=[d1.id], cancelled=True)
    assert skipped.meta["was_cancelled"] is True and skipped.ls.task == tasks[d1.id]
    ann_row = next(iter(store.annotations(kind="annotation", source=ann_email)))
    assert ann_row.meta["model_version"] == "rules-1" and ann_row.meta["lead_time"] == 30.5
    before = rows(db_path)
    again = pull(store, client)
    assert (again.added, again.replaced, again.deleted, again.quarantined, again.unchanged) == (0, 0, 0, 0, 3)
    assert rows(db_path) == before
    # correction statistics for rules-1: ann (2 predicted: 1 accepted, 1 edited), bob on d0 (1 accepted,
    # 1 deleted, 1 added); bob's skip does not count
    (stats,) = store.correction_stats()
    assert (stats.model_version, stats.annotations, stats.predicted, stats.accepted, stats.edited,
            stats.deleted, stats.added) == ("rules-1", 2, 4, 2, 1, 1, 1)
    assert d2.id not in {r[0] for r in rows(db_path)}


def test_edited_annotation_replaces_and_keeps_history_deleted_is_marked(store, pushed, annotators) -> None:
    client, project, docs, tasks = pushed
    (email, ann), _ = annotators
    d = docs[1]
    spans = predict(d, "rules-1").spans
    created = ann.create_annotation(tasks[d.id], annotation_result(d.text, [
        (s, region_id("rules-1", s), "prediction") for s in spans]))
    assert pull(store, client).added == 1
    shorter = Span.of(d.text, spans[0].start, spans[0].end - 1, "GOV")
    ann.update_annotation(created["id"], result=annotation_result(d.text, [
        (shorter, region_id("rules-1", spans[0]), "prediction-changed")]))
    result = pull(store, client)
    assert (result.replaced, result.added) == (1, 0)
    history = store.annotation_history(d.id, "annotation", email)
    assert [(h.revision, h.status, len(h.spans)) for h in history] == [(1, "superseded", 3), (2, "current", 1)]
    assert history[1].spans[0].text == "佛山市政" and history[1].spans[0].attrs["origin"] == "prediction-changed"
    ann.delete_annotation(created["id"])
    result = pull(store, client)
    assert result.deleted == 1
    assert [h.status for h in store.annotation_history(d.id, "annotation", email)] == ["superseded", "deleted"]
    assert pull(store, client).deleted == 0


def test_broken_regions_land_in_quarantine_and_the_rest_is_kept(store, pushed, annotators) -> None:
    client, project, docs, tasks = pushed
    (email, ann), _ = annotators
    d = docs[0]  # starts with 𠮷😀: two surrogate pairs
    good = predict(d, "rules-1").spans[0]
    result = annotation_result(d.text, [(good, "good", "manual")])
    start = d.text.index("约12亿元")
    broken = [
        {"id": "cp", "type": "labels", "from_name": "label", "to_name": "text",  # UTF-16, not code points
         "value": {"start": start + 2, "end": start + 7, "text": "约12亿元", "labels": ["MONEY"]}},
        {"id": "pair", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 1, "end": 3, "text": "x", "labels": ["LOC"]}},
        {"id": "nolabel", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 0, "end": 2, "text": "𠮷", "labels": ["ANIMAL"]}},
    ]
    created = ann.create_annotation(tasks[d.id], result + broken)
    pulled = pull(store, client)
    assert (pulled.added, pulled.quarantined) == (1, 3)
    (stored,) = store.annotations(kind="annotation", source=email)
    assert [(s.text, s.label) for s in stored.spans] == [(good.text, "GOV")]
    records = store.quarantined("pull")
    assert {r.payload["id"] for r in records} == {"cp", "pair", "nolabel"}
    assert all(r.ref == f"task {tasks[d.id]} annotation {created['id']}" and r.annotator == email for r in records)
    reasons = " | ".join(r.reason for r in records)
    assert "says '约12亿元' but the text has" in reasons and "says 'x'" in reasons and "'ANIMAL'" in reasons
    assert pull(store, client).quarantined == 0 and len(store.quarantined("pull")) == 3


def test_non_bmp_round_trip(store, pushed, annotators) -> None:
    client, project, docs, tasks = pushed
    (email, ann), _ = annotators
    for d in docs:
        spans = [Span.of(d.text, 0, 2, "LOC")] if d.text.startswith("𠮷") else []
        spans += [s.model_copy(update={"attrs": {}}) for s in predict(d, "rules-1").spans]
        spans.append(Span.of(d.text, len(d.text) - 1, len(d.text), "LOC"))  # a non-BMP or final character
        ann.create_annotation(tasks[d.id], annotation_result(d.text, [(s, f"r{i}", "manual") for i, s in enumerate(spans)]))
        exported = [a for a in client.task_annotations(tasks[d.id]) if a["completed_by"] != 1][-1]
        assert all(d.text[r["value"]["start"]: r["value"]["end"]] == r["value"]["text"]  # code points
                   for r in exported["result"])
    assert pull(store, client).quarantined == 0
    for stored in store.annotations(kind="annotation", source=email):
        text = store.get_document(stored.document_id).text
        assert all(text[s.start:s.end] == s.text for s in stored.spans)
    d0 = store.annotations(kind="annotation", source=email, document_ids=[docs[0].id])
    assert [(s.start, s.end, s.text) for s in next(d0).spans][:1] == [(0, 2, "𠮷😀")]


def test_webhook_payload_goes_through_the_same_path(store, pushed, annotators) -> None:
    client, project, docs, tasks = pushed
    (email, ann), _ = annotators
    d = docs[2]
    spans = predict(d, "rules-1").spans
    created = ann.create_annotation(tasks[d.id], annotation_result(d.text, [
        (spans[0], region_id("rules-1", spans[0]), "prediction"),
        (Span.of(d.text, 0, 1, "PER"), "bad", "manual")]))
    created["result"][1]["value"]["text"] = "wrong"
    event = {"action": "ANNOTATION_CREATED", "annotation": created, "project": {"id": project},
             "task": {"id": tasks[d.id], "data": {"doc_id": d.id}}}
    result = apply_annotation_event(store, event, client)
    assert (result.added, result.quarantined) == (1, 1)
    assert apply_annotation_event(store, event, client).added == 0
    gone = apply_annotation_event(store, {"action": "ANNOTATIONS_DELETED", "project": {"id": project},
                                          "annotations": [{"id": created["id"]}]}, client)
    assert gone.deleted == 1
    # an update delivered after the deletion (webhooks may arrive out of order) does not revive it
    late = apply_annotation_event(store, {**event, "action": "ANNOTATION_UPDATED"}, client)
    assert (late.added, late.replaced) == (0, 0)
    assert any("after its deletion" in p for p in late.problems)
    assert list(store.annotations(kind="annotation", source=email, document_ids=[d.id])) == []
    assert [a.status for a in store.annotation_history(d.id, "annotation", email)][-1] == "deleted"
    # a bulk event (ANNOTATIONS_CREATED) names only task ids: the task is fetched for its data
    other = ann.create_annotation(tasks[docs[1].id], [])
    bulk = apply_annotation_event(store, {"action": "ANNOTATIONS_CREATED", "project": {"id": project},
                                          "annotations": [other]}, client)
    assert bulk.added == 1 and bulk.problems == []


def test_cli_pull_and_stats_corrections(runner, db_path, ls_env, annotators) -> None:
    from annotate.store import Store

    docs = make_docs(2)
    with Store(db_path) as s:
        fill(s, docs)
    assert runner.invoke(cli, ["push", "--db", str(db_path)]).exit_code == 0
    with Store(db_path) as s:
        tasks = s.ls_task_map(ls_env.url, s.ls_project(ls_env.url).project)
    (email, ann), _ = annotators
    spans = predict(docs[0], "rules-1").spans
    ann.create_annotation(tasks[docs[0].id], annotation_result(docs[0].text, [
        (s, region_id("rules-1", s), "prediction") for s in spans]))
    out = runner.invoke(cli, ["pull", "--db", str(db_path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["added"] == 1
    out = runner.invoke(cli, ["pull", "--db", str(db_path)])
    assert out.exit_code == 0 and "0 added" in out.output
    out = runner.invoke(cli, ["stats", "--db", str(db_path), "--corrections", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["corrections"] == [{"model_version": "rules-1", "annotations": 1, "predicted": 2, "accepted": 2,
                                    "edited": 0, "deleted": 0, "added": 0, "accepted_share": 1.0,
                                    "edited_share": 0.0, "deleted_share": 0.0}]
