"""import-annotations: our predict JSONL, doccano JSONL and Label Studio JSON, bad lines quarantined."""

from __future__ import annotations

import json
from pathlib import Path

from annotate.cli.main import cli
from annotate.importers import detect, read_annotations
from annotate.models import Document
from annotate.store import Store

TEXT = "广东省工业和信息化厅推动9345家工业企业开展技改"
ASTRAL = "𠮷野家在广州开店"  # 𠮷 is outside the BMP: two UTF-16 code units


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    return path


def test_predict_format_with_annotator_option_and_bad_lines(tmp_path, runner, db_path) -> None:
    store = Store(db_path)
    store.add_documents([(Document.from_text(TEXT), "k")])
    store.close()
    src = _write(tmp_path / "pred.jsonl", [
        {"id": "a1", "text": TEXT, "spans": [
            {"start": 0, "end": 10, "label": "GOV", "text": "广东省工业和信息化厅"},
            {"start": 12, "end": 17, "label": "QUANTITY", "attrs": {"value": 9345, "unit": "家"}},
            {"start": 0, "end": 3, "label": "LOC"},  # overlaps GOV
            {"start": 3, "end": 50, "label": "ORG"},  # outside
            {"start": 5, "end": 6, "label": "NOPE"},
        ]},
        "{broken json",
        {"text": "新的文档", "spans": []},
        {"nothing": "here"},
    ])
    result = runner.invoke(cli, ["import-annotations", str(src), "--annotator", "alice", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["format"] == "annotate"
    assert summary["documents_matched"] == 1 and summary["documents_added"] == 1
    assert summary["annotations"]["added"] == 2
    assert summary["quarantined"] == 5
    store = Store(db_path)
    anns = {a.document_id: a for a in store.annotations(kind="annotation", source="alice")}
    spans = anns[Document.from_text(TEXT).id].spans
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 10, "GOV"), (12, 17, "QUANTITY")]
    assert spans[1].attrs == {"value": 9345, "unit": "家"}
    reasons = [(q.ref, q.reason) for q in store.quarantined("import")]
    store.close()
    assert any(ref == "pred.jsonl:1" and "overlaps GOV" in why for ref, why in reasons)
    assert any(ref == "pred.jsonl:1" and "outside a text" in why for ref, why in reasons)
    assert any("'NOPE' is not in the schema" in why for _, why in reasons)
    assert any(ref == "pred.jsonl:2" and "not valid JSON" in why for ref, why in reasons)
    assert any(ref == "pred.jsonl:4" and "unknown format" in why for ref, why in reasons)
    # importing again changes nothing
    again = runner.invoke(cli, ["import-annotations", str(src), "--annotator", "alice", "--db", str(db_path), "--json"])
    assert json.loads(again.output)["annotations"]["unchanged"] == 2


def test_doccano_jsonl_with_per_line_annotator(tmp_path) -> None:
    src = _write(tmp_path / "doccano.jsonl", [
        {"text": TEXT, "label": [[0, 3, "LOC"], [12, 17, "QUANTITY"]], "annotator": "bob"},
        {"text": TEXT, "label": [[0, 10, "GOV"]]},
        {"text": TEXT, "entities": [{"start_offset": 12, "end_offset": 17, "label": "QUANTITY"}], "user": "eve"},
        {"text": TEXT, "label": [[0, 3]]},
    ])
    batch = read_annotations(src, annotator="carol")
    assert batch.format == "doccano"
    doc = Document.from_text(TEXT).id
    assert {a for _, a in batch.annotations} == {"bob", "carol", "eve"}
    assert [s.key for s in batch.annotations[(doc, "bob")].spans] == [(0, 3, "LOC"), (12, 17, "QUANTITY")]
    assert [s.key for s in batch.annotations[(doc, "eve")].spans] == [(12, 17, "QUANTITY")]
    assert len(batch.quarantined) == 1 and "expected [start, end, label]" in batch.quarantined[0].reason
    assert batch.quarantined[0].ref == "doccano.jsonl:4"


def test_label_studio_export_converts_utf16_offsets(tmp_path, runner, db_path, monkeypatch) -> None:
    monkeypatch.setenv("ANNOTATE_LS_OFFSETS", "utf16")  # an old Label Studio counting UTF-16 units
    export = [
        {
            "id": 11,
            "data": {"text": ASTRAL},
            "annotations": [
                {"id": 1, "completed_by": {"id": 3, "email": "dora@example.org"}, "result": [
                    # 𠮷野家 is code points [0, 3) but UTF-16 units [0, 4)
                    {"type": "labels", "value": {"start": 0, "end": 4, "text": "𠮷野家", "labels": ["ORG"]}},
                    {"type": "labels", "value": {"start": 5, "end": 7, "text": "广州", "labels": ["LOC"]}},
                    {"type": "labels", "value": {"start": 1, "end": 2, "labels": ["PER"]}},  # inside a pair
                ]},
                {"id": 2, "completed_by": 4, "was_cancelled": True, "result": []},
            ],
        },
        {"id": 12, "data": {"text": TEXT}, "annotations": [
            {"id": 3, "completed_by": 5, "result": [
                {"type": "labels", "value": {"start": 0, "end": 10, "text": "广东省工业和信息化厅", "labels": ["GOV"]}}
            ]}
        ]},
    ]
    src = tmp_path / "export.json"
    src.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["import-annotations", str(src), "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["format"] == "label-studio"
    assert summary["annotators"] == ["dora@example.org", "user-5"]
    assert summary["quarantined"] == 1
    store = Store(db_path)
    ann = next(store.annotations(kind="annotation", source="dora@example.org"))
    assert [(s.start, s.end, s.label, s.text) for s in ann.spans] == [(0, 3, "ORG", "𠮷野家"), (4, 6, "LOC", "广州")]
    assert "surrogate pair" in store.quarantined("import")[0].reason
    store.close()


def test_label_studio_export_in_code_points_by_default(tmp_path) -> None:
    export = [{"id": 1, "data": {"text": ASTRAL}, "annotations": [{"id": 1, "completed_by": 2, "result": [
        {"type": "labels", "value": {"start": 0, "end": 3, "text": "𠮷野家", "labels": ["ORG"]}},
        {"type": "labels", "value": {"start": 4, "end": 6, "text": "广州", "labels": ["LOC"]}},
    ]}]}]
    src = tmp_path / "export.json"
    src.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    batch = read_annotations(src)
    (ann,) = batch.annotations.values()
    assert [s.key for s in ann.spans] == [(0, 3, "ORG"), (4, 6, "LOC")]
    assert not batch.quarantined


def test_detect_and_missing_annotator(tmp_path) -> None:
    assert detect({"text": "x", "spans": []}) == "annotate"
    assert detect({"text": "x", "label": []}) == "doccano"
    assert detect({"data": {"text": "x"}, "annotations": []}) == "label-studio"
    assert detect({"text": "x"}) is None
    src = _write(tmp_path / "anon.jsonl", [{"text": TEXT, "spans": []}])
    batch = read_annotations(src)
    assert not batch.annotations
    assert "no annotator" in batch.quarantined[0].reason


def test_missing_file_is_an_error_then_import_works(tmp_path, runner, db_path) -> None:
    src = _write(tmp_path / "ok.jsonl", [{"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "LOC"}]}])
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(cli, ["import-annotations", str(missing), "--annotator", "a", "--db", str(db_path)])
    assert result.exit_code != 0
    result = runner.invoke(cli, ["import-annotations", str(src), "--annotator", "a", "--db", str(db_path)])
    assert result.exit_code == 0 and "1 added" in result.output
