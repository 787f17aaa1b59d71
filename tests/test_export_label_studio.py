"""The ``label-studio`` exporter: import JSON with UTF-16 offsets, annotations or predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _export_data import expected, fill_store, make_corpus, read_all

from annotate.export.run import export_corpus
from annotate.models import Annotation, Document, Span
from annotate.store import Store


def test_round_trip_with_attrs(store: Store, tmp_path: Path) -> None:
    corpus = make_corpus(25)
    fill_store(store, corpus)
    out = tmp_path / "out"
    result = export_corpus(store, "label-studio", out, split="90/10", seed=9)
    assert set(result.splits) == {"train", "test"}
    assert read_all("label-studio", out, result.splits, attrs=True) == expected(corpus, attrs=True)
    tasks = json.loads((out / "train.json").read_text(encoding="utf-8"))
    assert tasks[0]["annotations"][0]["ground_truth"] is True


@pytest.mark.parametrize(("unit", "offsets"), [("codepoint", [(0, 4), (5, 7)]), ("utf16", [(0, 5), (6, 8)])])
def test_offsets_after_astral_characters(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unit: str, offsets: list[tuple[int, int]]
) -> None:
    monkeypatch.setenv("ANNOTATE_LS_OFFSETS", unit)
    text = "𠮷祥公司在广州。"
    doc = Document.from_text(text)
    store.add_documents([(doc, None)])
    spans = [Span.of(text, 0, 4, "ORG"), Span.of(text, 5, 7, "LOC")]
    store.save_annotations([Annotation(document_id=doc.id, kind="prediction", source="m1", spans=spans)])
    export_corpus(store, "label-studio", tmp_path / "out", source="model:m1")
    (task,) = json.loads((tmp_path / "out" / "all.json").read_text(encoding="utf-8"))
    values = [r["value"] for r in task["predictions"][0]["result"]]
    assert task["predictions"][0]["model_version"] == "m1"
    assert [(v["start"], v["end"]) for v in values] == offsets  # 𠮷 is two UTF-16 units
    assert "annotations" not in task
    assert f"ANNOTATE_LS_OFFSETS={unit}" in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert read_all("label-studio", tmp_path / "out", ["all"]) == {doc.id: (text, [(0, 4, "ORG"), (5, 7, "LOC")])}


def test_empty_split_is_an_empty_array(store: Store, tmp_path: Path) -> None:
    fill_store(store, make_corpus(1))
    result = export_corpus(store, "label-studio", tmp_path / "out", split="50/50")
    empty = [name for name, n in result.splits.items() if n == 0]
    assert empty and json.loads((tmp_path / "out" / f"{empty[0]}.json").read_text()) == []


def test_our_pull_parser_reads_the_export(store: Store, tmp_path: Path) -> None:
    """What ``annotate pull`` would do with these tasks on another server gives back the spans."""
    from annotate.labelstudio.tasks import parse_annotation

    corpus = make_corpus(10)
    fill_store(store, corpus)
    export_corpus(store, "label-studio", tmp_path / "out")
    tasks = json.loads((tmp_path / "out" / "all.json").read_text(encoding="utf-8"))
    docs = {d.id: (d, spans) for d, spans in corpus}
    for n, t in enumerate(tasks):
        doc, spans = docs[t["data"]["doc_id"]]
        parsed = parse_annotation(t["annotations"][0], doc, url="http://ls", project=1, task=n, emails={})
        assert parsed.quarantined == []
        got = sorted((s.start, s.end, s.label, s.attrs.get("value"), s.attrs.get("actor")) for s in parsed.annotation.spans)
        want = sorted((s.start, s.end, s.label, s.attrs.get("value"), s.attrs.get("actor")) for s in spans)
        assert got == want
