"""The ``jsonl`` exporter: lossless round trip including attributes, and label selection."""

from __future__ import annotations

import json
from pathlib import Path

from _export_data import expected, fill_store, make_corpus, read_all

from annotate.export.run import export_corpus
from annotate.store import Store


def test_round_trip_with_attrs(store: Store, tmp_path: Path) -> None:
    corpus = make_corpus(25)
    fill_store(store, corpus)
    result = export_corpus(store, "jsonl", tmp_path / "out", split="80/10/10", seed=5)
    assert sum(result.splits.values()) == 25
    assert read_all("jsonl", tmp_path / "out", result.splits, attrs=True) == expected(corpus, attrs=True)
    line = json.loads((tmp_path / "out" / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(line) == {"id", "text", "spans", "meta"}
    assert line["meta"]["title"].startswith("标题")
    assert set(line["spans"][0]) == {"start", "end", "label", "text", "attrs"}


def test_labels_selection(store: Store, tmp_path: Path) -> None:
    corpus = make_corpus(10)
    fill_store(store, corpus)
    result = export_corpus(store, "jsonl", tmp_path / "out", labels="loc,money")
    assert result.labels == ["LOC", "MONEY"]
    assert read_all("jsonl", tmp_path / "out", ["all"]) == expected(corpus, ("LOC", "MONEY"))
