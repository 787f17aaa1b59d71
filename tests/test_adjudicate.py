"""adjudicate: three strategies with provenance, hand edits kept unless --force, conflicts, decisions."""

from __future__ import annotations

import json

import pytest

from annotate.adjudication import STRATEGIES, adjudicate, find_conflicts
from annotate.adjudication.strategies import annotator, majority, union_review
from annotate.cli.main import cli
from annotate.errors import InputError
from annotate.models import Annotation, Document, Span
from annotate.store import Store

TEXT = "广东省工业和信息化厅推动9345家工业企业开展技改"


def S(start: int, end: int, label: str, **attrs: object) -> Span:
    return Span.of(TEXT, start, end, label, **attrs)


GOV, LOC, QTY, QTY2 = S(0, 10, "GOV"), S(0, 3, "LOC"), S(12, 17, "QUANTITY"), S(12, 16, "QUANTITY")
ACT = S(10, 24, "ACTION")
VERSIONS = {"a": [GOV, QTY, ACT], "b": [GOV, QTY2], "c": [LOC, QTY, ACT]}


def keys(spans: list[Span]) -> list[tuple[int, int, str]]:
    return [s.key for s in spans]


def test_registry() -> None:
    assert set(STRATEGIES) == {"majority", "annotator", "union-review"}


def test_majority_default_and_min_agree() -> None:
    gold = majority(VERSIONS)
    assert keys(gold) == [(0, 10, "GOV"), (10, 24, "ACTION"), (12, 17, "QUANTITY")]
    prov = gold[0].attrs["provenance"]
    assert prov == {"strategy": "majority", "agreed": ["a", "b"], "differed": ["c"], "disputed": True}
    assert keys(majority(VERSIONS, min_agree=3)) == []
    # with K=1 the flat overlaps are resolved: more agreement wins, then the longer span
    one = majority(VERSIONS, min_agree=1)
    assert keys(one) == [(0, 10, "GOV"), (10, 24, "ACTION"), (12, 17, "QUANTITY")]


def test_trusted_annotator_others_fill_gaps_only_when_all_agree() -> None:
    versions = {"a": [GOV], "b": [GOV, QTY, S(20, 24, "ORG")], "c": [LOC, QTY]}
    gold = annotator(versions, trusted="a")
    assert keys(gold) == [(0, 10, "GOV"), (12, 17, "QUANTITY")]  # ORG: only b; LOC: inside a's GOV
    assert gold[0].attrs["provenance"]["agreed"] == ["a", "b"]
    assert gold[1].attrs["provenance"] == {
        "strategy": "annotator:a", "agreed": ["b", "c"], "differed": ["a"], "disputed": True
    }


def test_union_review_flags_disputed() -> None:
    gold = union_review(VERSIONS)
    assert len(gold) == 5
    flags = {s.key: s.attrs["provenance"]["disputed"] for s in gold}
    assert all(flags.values())  # nothing was marked alike by all three
    same = union_review({"a": [GOV], "b": [GOV]})
    assert same[0].attrs["provenance"]["disputed"] is False


def test_attrs_are_the_most_common_among_agreeing() -> None:
    versions = {
        "a": [S(12, 17, "QUANTITY", value=9345, unit="家")],
        "b": [S(12, 17, "QUANTITY", value=9345, unit="家")],
        "c": [S(12, 17, "QUANTITY", value=9000, unit="家")],
    }
    gold = majority(versions)
    assert gold[0].attrs["value"] == 9345
    assert gold[0].attrs["provenance"]["differed"] == []


def test_bad_strategy_specs() -> None:
    with pytest.raises(InputError):
        adjudicate([], "vote")
    with pytest.raises(InputError):
        adjudicate([], "annotator")
    with pytest.raises(InputError):
        adjudicate([], "majority:x")


def test_conflicts_name_what_differs() -> None:
    found = find_conflicts("d", TEXT, VERSIONS)
    by_start = {(c.layer, c.start): c for c in found}
    assert set(by_start[("flat", 0)].kinds) == {"label", "boundaries"}
    assert set(by_start[("flat", 12)].kinds) == {"boundaries"}
    assert by_start[("ACTION", 10)].missing == ["b"]
    assert "【广东省工业和信息化厅】" in by_start[("flat", 0)].context
    assert find_conflicts("d", TEXT, {"a": [GOV], "b": [GOV]}) == []


def _seed(db_path) -> str:
    store = Store(db_path)
    doc = Document.from_text(TEXT)
    store.add_documents([(doc, "k")])
    store.save_annotations([
        Annotation(document_id=doc.id, kind="annotation", source=name, spans=spans)
        for name, spans in VERSIONS.items()
    ])
    store.close()
    return doc.id


def test_cli_adjudicate_hand_edits_and_force(runner, db_path) -> None:
    doc = _seed(db_path)
    result = runner.invoke(cli, ["adjudicate", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["gold_documents"] == 1 and summary["gold_spans"] == 3
    store = Store(db_path)
    gold = store.gold_layer()[doc]
    assert gold.source == "majority" and gold.spans[0].attrs["provenance"]["agreed"] == ["a", "b"]
    # a reviewer rejects the ACTION and picks LOC over GOV
    store.decide(doc, "reject", ACT, "rita")
    edited = store.decide(doc, "pick", LOC, "rita", previous=GOV)
    assert keys(edited.spans) == [(0, 3, "LOC"), (12, 17, "QUANTITY")]
    assert edited.source == "rita" and edited.meta["hand_edited"] is True
    assert edited.spans[0].attrs["provenance"]["decided_by"] == "rita"
    log = store.gold_decisions([doc])
    assert [d.action for d in log] == ["adjudicate", "reject", "pick"]
    assert log[2].previous["label"] == "GOV" and log[2].decided_by == "rita"
    store.close()
    # a later run keeps the hand edit
    result = runner.invoke(cli, ["adjudicate", "--strategy", "union-review", "--db", str(db_path)])
    assert result.exit_code == 0 and "kept 1 hand-edited" in result.output
    store = Store(db_path)
    assert store.gold_layer()[doc].source == "rita"
    store.close()
    # unless --force
    result = runner.invoke(cli, ["adjudicate", "--strategy", "union-review", "--force", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    store = Store(db_path)
    gold = store.gold_layer()[doc]
    assert gold.source == "union-review" and len(gold.spans) == 5
    assert len(list(store.annotations(kind="gold", document_ids=[doc]))) == 1  # one current gold
    history = store.annotation_history(doc, "gold", "rita")
    assert history and history[-1].status == "superseded"
    store.close()


def test_cli_trusted_annotator_and_min_agree(runner, db_path) -> None:
    doc = _seed(db_path)
    result = runner.invoke(cli, ["adjudicate", "--strategy", "annotator:c", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    store = Store(db_path)
    assert keys(store.gold_layer()[doc].spans) == [(0, 3, "LOC"), (10, 24, "ACTION"), (12, 17, "QUANTITY")]
    store.close()
    result = runner.invoke(cli, ["adjudicate", "--min-agree", "3", "--db", str(db_path), "--json"])
    assert json.loads(result.output)["gold_spans"] == 0
    result = runner.invoke(cli, ["adjudicate", "--strategy", "nope", "--db", str(db_path)])
    assert result.exit_code == 1 and "unknown strategy" in result.output


def test_decide_rejects_bad_requests(store) -> None:
    doc = Document.from_text(TEXT)
    store.add_documents([(doc, None)])
    with pytest.raises(InputError):
        store.decide(doc.id, "reject", GOV, "rita")
    with pytest.raises(InputError):
        store.decide(doc.id, "edit", GOV, "rita")
    with pytest.raises(InputError):
        store.decide(doc.id, "approve", GOV, "rita")  # type: ignore[arg-type]
    gold = store.decide(doc.id, "accept", GOV, "rita")
    assert keys(gold.spans) == [(0, 10, "GOV")]


def test_cli_conflicts_lists_with_context(runner, db_path) -> None:
    _seed(db_path)
    result = runner.invoke(cli, ["conflicts", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "3 disputed regions in 1 of 1" in result.output
    assert "【广东省工业和信息化厅】" in result.output
    data = json.loads(runner.invoke(cli, ["conflicts", "--db", str(db_path), "--json", "--label", "ACTION"]).output)
    assert [c["layer"] for c in data["conflicts"]] == ["ACTION"]
