"""`annotate conflicts --push-review` / `--pull-review` through a real Label Studio server."""

from __future__ import annotations

import json

import pytest

from annotate.cli.main import cli
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.tasks import annotation_result
from annotate.models import Annotation, Document, Span
from annotate.store import Store

pytestmark = pytest.mark.labelstudio

T1 = "广东省工业和信息化厅推动9345家工业企业开展技改"
T2 = "𠮷野家在广州市开店"  # a non-BMP character before the spans
T3 = "南沙区委出台新政策"


def _seed(db_path) -> dict[str, Document]:  # type: ignore[no-untyped-def]
    docs = {t: Document.from_text(t) for t in (T1, T2, T3)}
    store = Store(db_path)
    store.add_documents([(d, None) for d in docs.values()])
    store.save_annotations([
        Annotation(document_id=docs[T1].id, kind="annotation", source="alice",
                   spans=[Span.of(T1, 0, 10, "GOV"), Span.of(T1, 12, 17, "QUANTITY")]),
        Annotation(document_id=docs[T1].id, kind="annotation", source="bob",
                   spans=[Span.of(T1, 0, 3, "LOC"), Span.of(T1, 12, 17, "QUANTITY")]),
        Annotation(document_id=docs[T2].id, kind="annotation", source="alice", spans=[Span.of(T2, 4, 7, "LOC")]),
        Annotation(document_id=docs[T2].id, kind="annotation", source="bob", spans=[Span.of(T2, 4, 6, "LOC")]),
        # no conflict here: not pushed
        Annotation(document_id=docs[T3].id, kind="annotation", source="alice", spans=[Span.of(T3, 0, 4, "GOV")]),
        Annotation(document_id=docs[T3].id, kind="annotation", source="bob", spans=[Span.of(T3, 0, 4, "GOV")]),
    ])
    store.close()
    return docs


def test_review_round_trip_writes_gold(runner, db_path, ls_env) -> None:
    docs = _seed(db_path)
    result = runner.invoke(cli, ["conflicts", "--push-review", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["conflicting_documents"] == 2
    project = data["review_project"]["project"]
    client = LabelStudioClient(ls_env.connection)
    tasks = {t["data"]["doc_id"]: t for t in client.export(project)}
    assert set(tasks) == {docs[T1].id, docs[T2].id}
    t2 = tasks[docs[T2].id]["id"]
    preds = {p["model_version"]: p for p in client.list_predictions(project) if p["task"] == t2}
    assert set(preds) == {"alice", "bob"}
    shown = [r["value"] for r in preds["alice"]["result"] if r["type"] == "labels"]
    assert shown[0]["text"] == "广州市" and shown[0]["labels"] == ["LOC"]

    # the reviewer picks alice's version of T1 and fixes T2; T2's reviewer adds a region past the text
    client.create_annotation(
        tasks[docs[T1].id]["id"],
        annotation_result(T1, [(Span.of(T1, 0, 10, "GOV"), "r1", "prediction"),
                               (Span.of(T1, 12, 17, "QUANTITY"), "r2", "prediction")]),
    )
    bad = annotation_result(T2, [(Span.of(T2, 4, 7, "LOC"), "r3", "manual")])
    bad.append({"id": "r4", "from_name": bad[0]["from_name"], "to_name": bad[0]["to_name"], "type": "labels",
                "value": {"start": 8, "end": 40, "text": "x", "labels": ["ORG"]}})
    client.create_annotation(tasks[docs[T2].id]["id"], bad)

    result = runner.invoke(cli, ["conflicts", "--pull-review", str(project), "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    pulled = json.loads(result.output)
    assert pulled["gold_documents"] == 2 and pulled["quarantined"] == 1
    store = Store(db_path)
    gold = store.gold_layer()
    g1, g2 = gold[docs[T1].id], gold[docs[T2].id]
    assert [s.key for s in g1.spans] == [(0, 10, "GOV"), (12, 17, "QUANTITY")]
    assert g1.spans[0].attrs["provenance"]["agreed"] == ["alice"]
    assert g1.spans[0].attrs["provenance"]["differed"] == ["bob"]
    assert g1.spans[1].attrs["provenance"]["agreed"] == ["alice", "bob"]
    assert g1.meta["hand_edited"] is True and g1.source == ls_env.admin_email
    assert [(s.key, s.text) for s in g2.spans] == [((4, 7, "LOC"), "广州市")]
    assert [d.action for d in store.gold_decisions([docs[T1].id])] == ["review"]
    store.close()
    # adjudicate keeps reviewed gold
    result = runner.invoke(cli, ["adjudicate", "--db", str(db_path), "--json"])
    assert json.loads(result.output)["kept_hand_edited"] == 2
    # pulling again changes nothing; an unknown project is a clear error
    again = json.loads(runner.invoke(cli, ["conflicts", "--pull-review", str(project), "--db", str(db_path),
                                           "--json"]).output)
    assert again["gold_documents"] == 2
    other = runner.invoke(cli, ["conflicts", "--pull-review", "99999", "--db", str(db_path)])
    assert other.exit_code == 1 and "not a review project" in other.output
