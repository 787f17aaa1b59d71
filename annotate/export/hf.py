"""Export ``hf``: JSON lines that ``datasets.load_dataset("json", data_files=...)`` loads as they are.

One row per sentence (sentences as in :func:`annotate.export.bio.sentence_bounds`, so a
span is never cut): ``id`` (``DOC-NNNN``), ``document_id``, ``offset`` (code-point offset
of the sentence in the document), ``tokens`` (one per character), ``ner_tags`` (integer
ids of the non-ACTION tags) and ``action_tags`` (``action2_tags``... when ACTION spans
overlap each other). ``labels.json`` maps the ids to tag names and ``dataset_info.json``
gives the same as ``datasets`` features (``ClassLabel`` names), so the ids mean something.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotate.export.base import ExportOptions, ExportRecord, SplitFiles, dumps
from annotate.export.bio import FLAT_LAYER, encode, layer_names, layers, sentence_bounds, tag_names
from annotate.schema import OVERLAPPING_LABELS, SCHEMA_VERSION


def column(layer: str) -> str:
    """Return the dataset column of a tag layer: ``ner_tags``, ``action_tags``, ``action2_tags``."""
    return f"{layer}_tags"


def tag_lists(options: ExportOptions) -> dict[str, list[str]]:
    """Return the tag names of each tag column, in id order (``O`` is 0)."""
    flat = [label for label in options.labels if label not in OVERLAPPING_LABELS]
    action = [label for label in options.labels if label in OVERLAPPING_LABELS]
    out = {column(FLAT_LAYER): tag_names(flat, options.scheme)}
    for name in layer_names(options.action_layers)[1:]:
        out[column(name)] = tag_names(action, options.scheme)
    return out


def dataset_info(options: ExportOptions) -> dict[str, Any]:
    """Return ``dataset_info.json`` content: the ``datasets`` features of a row."""
    features: dict[str, Any] = {
        "id": {"dtype": "string", "_type": "Value"},
        "document_id": {"dtype": "string", "_type": "Value"},
        "offset": {"dtype": "int64", "_type": "Value"},
        "tokens": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "Sequence"},
    }
    for name, tags in tag_lists(options).items():
        features[name] = {"feature": {"names": tags, "_type": "ClassLabel"}, "_type": "Sequence"}
    return {
        "description": f"annotate export, label schema version {SCHEMA_VERSION}, {options.scheme} tags",
        "features": features,
        "splits": {s: {"name": s} for s in options.splits},
    }


class HfExporter:
    """Write ``SPLIT.jsonl`` rows plus ``labels.json`` and ``dataset_info.json``."""

    def __init__(self, out: Path, options: ExportOptions) -> None:
        self.options = options
        self.out = out
        self.layers = layer_names(options.action_layers)
        self.tags = tag_lists(options)
        self.ids = {name: {tag: i for i, tag in enumerate(tags)} for name, tags in self.tags.items()}
        self.files = SplitFiles(out, ".jsonl")
        self.files.ensure(options.splits)

    def write(self, record: ExportRecord) -> None:
        """Write one row per sentence of the document."""
        text = record.text
        by_layer = layers(record.spans, record.id)
        encoded = {}
        for name in self.layers:
            tags = encode(len(text), ((s.start, s.end, s.label) for s in by_layer.get(name, ())), self.options.scheme)
            ids = self.ids[column(name)]
            encoded[column(name)] = [ids[t] for t in tags]
        fh = self.files.get(record.split)
        for n, (start, end) in enumerate(sentence_bounds(text, record.spans)):
            row: dict[str, Any] = {
                "id": f"{record.id}-{n:04d}",
                "document_id": record.id,
                "offset": start,
                "tokens": list(text[start:end]),
            }
            for name, values in encoded.items():
                row[name] = values[start:end]
            fh.write(dumps(row) + "\n")

    def close(self) -> list[Path]:
        """Close the split files and write the label list and dataset info."""
        paths = self.files.close()
        labels = self.out / "labels.json"
        labels.write_text(dumps(self.tags, indent=2) + "\n", encoding="utf-8")
        info = self.out / "dataset_info.json"
        info.write_text(dumps(dataset_info(self.options), indent=2) + "\n", encoding="utf-8")
        return [*paths, labels, info]
