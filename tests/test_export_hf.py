"""The ``hf`` exporter: ``datasets.load_dataset("json", ...)`` loads it, ids map to tag names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _export_data import expected, fill_store, make_corpus, read_all

from annotate.export.bio import decode
from annotate.export.run import export_corpus
from annotate.store import Store

datasets = pytest.importorskip("datasets")


@pytest.mark.parametrize("scheme", ["BIO", "BIOES"])
def test_round_trip_and_datasets_loads_it(store: Store, tmp_path: Path, scheme: str) -> None:
    corpus = make_corpus(30)
    fill_store(store, corpus)
    out = tmp_path / "out"
    result = export_corpus(store, "hf", out, split="80/10/10", seed=2, scheme=scheme)  # type: ignore[arg-type]
    assert read_all("hf", out, result.splits, scheme=scheme) == expected(corpus)

    files = {name: str(out / f"{name}.jsonl") for name in result.splits}
    ds = datasets.load_dataset("json", data_files=files, cache_dir=str(tmp_path / "cache"))
    assert set(ds) == set(result.splits)
    labels = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    assert labels["ner_tags"][0] == "O"
    # rebuild every document from the loaded rows and compare with the store's spans
    rebuilt: dict[str, tuple[list[str], list[tuple[int, int, str]]]] = {}
    for split in ds:
        for row in ds[split]:
            assert isinstance(row["ner_tags"][0] if row["ner_tags"] else 0, int)
            parts, triples = rebuilt.setdefault(row["document_id"], ([], []))
            parts.append("".join(row["tokens"]))
            for column, names in labels.items():
                triples += decode([names[i] for i in row[column]], scheme, row["offset"])  # type: ignore[arg-type]
    want = expected(corpus)
    assert {k: ("".join(p), sorted(t)) for k, (p, t) in rebuilt.items()} == want


def test_dataset_info_features_cast(store: Store, tmp_path: Path) -> None:
    corpus = make_corpus(8)
    fill_store(store, corpus)
    out = tmp_path / "out"
    export_corpus(store, "hf", out)
    info = json.loads((out / "dataset_info.json").read_text(encoding="utf-8"))
    features = datasets.Features.from_dict(info["features"])
    ds = datasets.load_dataset("json", data_files=str(out / "all.jsonl"), cache_dir=str(tmp_path / "c"))
    cast = ds["train"].cast(features)
    names = cast.features["ner_tags"].feature.names
    assert names == json.loads((out / "labels.json").read_text(encoding="utf-8"))["ner_tags"]
    assert "B-LOC" in names and "B-ACTION" in cast.features["action_tags"].feature.names
