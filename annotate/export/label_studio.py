"""Export ``label-studio``: tasks with their annotations in Label Studio's import JSON.

One ``SPLIT.json`` per split: a JSON array of tasks ``{"data": {"text", "doc_id", "meta"},
"annotations": [{"result": [...]}]}`` (``"predictions": [{"model_version", "result"}]`` when
exporting a model's predictions), ready for another server's import. A span is a
``labels`` region (``from_name "label"``, ``to_name "text"``) whose ``start``/``end`` are
UTF-16 code units, converted by :mod:`annotate.labelstudio.offsets`; its attributes go
in a ``textarea`` result with the same region id (``from_name "attrs"``), one
``key=JSON`` pair per attribute separated by spaces.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from annotate.export.base import ExportOptions, ExportRecord, SplitFiles, dumps
from annotate.labelstudio.config import ATTRS_NAME, FROM_NAME, TEXT_FIELD, TO_NAME
from annotate.labelstudio.offsets import Utf16Index

_PAIR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)')


def attrs_text(attrs: dict[str, Any]) -> str:
    """Return attributes as ``key=JSON`` pairs separated by spaces, keys sorted."""
    return " ".join(
        f"{k}={json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(',', ':'))}"
        for k, v in sorted(attrs.items())
    )


def parse_attrs_text(text: str) -> dict[str, Any]:
    """Parse ``key=JSON`` pairs back into a dict (a value that is not JSON stays a string)."""
    out: dict[str, Any] = {}
    for key, raw in _PAIR.findall(text):
        try:
            out[key] = json.loads(raw)
        except ValueError:
            out[key] = raw
    return out


def task(record: ExportRecord, kind: str, source: str | None) -> dict[str, Any]:
    """Return one Label Studio task for a record."""
    index = Utf16Index(record.text)
    result: list[dict[str, Any]] = []
    for n, span in enumerate(record.spans):
        start, end = index.span_to_utf16(span.start, span.end)
        region = f"{record.id[:8]}-{n}"
        result.append(
            {
                "id": region, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
                "origin": "manual" if kind != "prediction" else "prediction",
                "value": {"start": start, "end": end, "text": span.text, "labels": [span.label]},
            }
        )
        if span.attrs:
            result.append(
                {
                    "id": region, "from_name": ATTRS_NAME, "to_name": TO_NAME, "type": "textarea",
                    "value": {"start": start, "end": end, "text": [attrs_text(dict(span.attrs))]},
                }
            )
    out: dict[str, Any] = {"data": {TEXT_FIELD: record.text, "doc_id": record.id, "meta": record.meta}}
    if kind == "prediction":
        out["predictions"] = [{"model_version": source or "", "result": result}]
    else:
        out["annotations"] = [{"result": result, "ground_truth": kind == "gold"}]
    return out


class LabelStudioExporter:
    """Write ``SPLIT.json`` arrays of tasks, one task at a time."""

    def __init__(self, out: Path, options: ExportOptions) -> None:
        self.kind = str(options.extra.get("kind", "gold"))
        self.source = options.extra.get("source")
        self.files = SplitFiles(out, ".json")
        self.started: set[str] = set()
        self.files.ensure(options.splits)

    def write(self, record: ExportRecord) -> None:
        """Append one task to its split's array."""
        fh = self.files.get(record.split)
        fh.write(",\n" if record.split in self.started else "[\n")
        self.started.add(record.split)
        fh.write(dumps(task(record, self.kind, self.source)))

    def close(self) -> list[Path]:
        """Close each array (an empty split is ``[]``)."""
        for split, fh in self.files.files.items():
            fh.write("\n]\n" if split in self.started else "[]\n")
        return self.files.close()
