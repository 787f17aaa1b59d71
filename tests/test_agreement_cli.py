"""`annotate agreement`: tables, --json keys, filters, --vs-gold, and undefined cases with reasons."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from annotate.cli.main import cli
from annotate.models import Annotation, Document, Span
from annotate.store import Store

T1 = "广东省工业和信息化厅推动9345家工业企业开展技改"
T2 = "广州市发展改革委出台14项配套支持政策，预计投资超3800亿元"


def _seed(db_path, versions: dict[str, dict[str, list[tuple[int, int, str]]]], **kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    store = Store(db_path)
    docs = {t: Document.from_text(t) for t in (T1, T2)}
    store.add_documents([(d, None) for d in docs.values()])
    anns = []
    for name, by_text in versions.items():
        for text, spans in by_text.items():
            anns.append(Annotation(
                document_id=docs[text].id, kind="annotation", source=name,
                spans=[Span.of(text, *s) for s in spans], **kw,
            ))
    store.save_annotations(anns)
    store.close()
    return {t: d.id for t, d in docs.items()}


def test_one_annotator_prints_undefined_with_reasons(runner, db_path) -> None:
    _seed(db_path, {"alice": {T1: [(0, 10, "GOV")]}})
    result = runner.invoke(cli, ["agreement", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "undefined (fewer than two annotators)" in result.output
    assert "0.000" not in result.output and "1.000" not in result.output
    data = json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--json"]).output)
    assert data["documents"] == 0
    assert data["krippendorff_alpha"]["flat"] == {"value": None, "reason": "fewer than two annotators", "support": 0}
    assert data["span_f1"]["mean_strict"]["value"] is None


def test_no_spans_and_unused_labels_are_undefined(runner, db_path) -> None:
    _seed(db_path, {"alice": {T1: []}, "bob": {T1: []}})
    result = runner.invoke(cli, ["agreement", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "undefined (neither annotator marked any span)" in result.output
    assert "nobody marked them" in result.output
    assert "undefined (every character has one and the same category" in result.output
    data = json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--json"]).output)
    assert data["unitizing_alpha"]["labels"]["PER"]["reason"] == "nobody marked PER"
    assert data["per_document"][0]["span_f1"]["value"] is None


def test_json_keys_filters_and_vs_gold(runner, db_path) -> None:
    ids = _seed(db_path, {
        "alice": {T1: [(0, 10, "GOV"), (12, 17, "QUANTITY")], T2: [(0, 8, "GOV"), (10, 13, "QUANTITY")]},
        "bob": {T1: [(0, 3, "LOC"), (12, 17, "QUANTITY")], T2: [(0, 8, "GOV"), (10, 13, "QUANTITY")]},
        "carol": {T1: [(0, 10, "GOV"), (12, 17, "QUANTITY")]},
    })
    result = runner.invoke(cli, ["agreement", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("span_f1", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "unitizing_alpha",
                "figure_agreement", "per_document"):
        assert key in data
    assert data["annotators"] == ["alice", "bob", "carol"]
    assert data["span_f1"]["matrix_strict"]["alice"]["carol"] == 1.0
    assert data["per_document"][0]["document_id"] == ids[T1]  # lowest agreement first
    assert len(data["cohen_kappa"]["flat"]) == 3
    # filters
    only = json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--json", "--annotator", "alice,carol",
                                          "--label", "GOV"]).output)
    assert only["annotators"] == ["alice", "carol"] and only["labels"] == ["GOV"]
    assert only["krippendorff_alpha"]["flat"]["value"] == 1.0  # GOV or O: alice and carol agree everywhere
    assert only["span_f1"]["mean_strict"]["value"] == 1.0
    later = json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--json", "--since", "2999-01-01"]).output)
    assert later["documents"] == 0
    bad = runner.invoke(cli, ["agreement", "--db", str(db_path), "--since", "yesterday"])
    assert bad.exit_code == 1 and "--since" in bad.output
    # vs gold
    assert runner.invoke(cli, ["adjudicate", "--db", str(db_path)]).exit_code == 0
    result = runner.invoke(cli, ["agreement", "--db", str(db_path), "--vs-gold"])
    assert "each annotator against gold" in result.output
    data = json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--vs-gold", "--json"]).output)
    scores = {s["annotator"]: s for s in data["vs_gold"]}
    assert scores["alice"]["strict"]["ALL"]["f1"]["value"] == 1.0
    assert scores["bob"]["strict"]["ALL"]["precision"]["value"] == 0.75


def test_project_filter_uses_label_studio_project(runner, db_path) -> None:
    from annotate.models import LabelStudioRef

    _seed(db_path, {"alice": {T1: [(0, 10, "GOV")]}, "bob": {T1: [(0, 10, "GOV")]}},
          ls=LabelStudioRef(url="http://x", project=3), created_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--json", "--project", "3"]).output)[
        "documents"] == 1
    assert json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--json", "--project", "4"]).output)[
        "documents"] == 0


def test_figure_values(runner, db_path) -> None:
    store = Store(db_path)
    doc = Document.from_text(T2)
    store.add_documents([(doc, None)])
    money = (25, 31, "MONEY")
    store.save_annotations([
        Annotation(document_id=doc.id, kind="annotation", source="a",
                   spans=[Span.of(T2, *money, value=3.8e11, unit="元", qualifier="over"),
                          Span.of(T2, 10, 13, "QUANTITY", value=14, unit="项")]),
        Annotation(document_id=doc.id, kind="annotation", source="b",
                   spans=[Span.of(T2, *money, value=380000000000, unit="元"),
                          Span.of(T2, 10, 13, "QUANTITY", value=15, unit="项")]),
    ])
    store.close()
    data = json.loads(runner.invoke(cli, ["agreement", "--db", str(db_path), "--json"]).output)
    fig = data["figure_agreement"]
    assert fig["labels"]["MONEY"]["value"] == 1.0  # 3.8e11 == 380000000000, qualifier is not the value
    assert fig["labels"]["QUANTITY"]["value"] == 0.0
    assert fig["overall"] == {"value": 0.5, "reason": None, "support": 2}
    assert fig["labels"]["PERCENT"]["value"] is None
