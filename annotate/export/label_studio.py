"""Export ``label-studio``: tasks with their annotations in Label Studio's import JSON.

One ``SPLIT.json`` per split: a JSON array of tasks ``{"data": {"text", "doc_id", "title",
"source", "meta"}, "annotations": [{"result": [...], "ground_truth"}]}`` (``"predictions":
[{"model_version", "result"}]`` when exporting a model's predictions), ready for another
server's import and for ``annotate pull``. A span is a ``labels`` region (``from_name
"label"``, ``to_name "text"``) whose ``start``/``end`` are in Label Studio's offset unit
(code points since Label Studio 1.4; UTF-16 code units with ``ANNOTATE_LS_OFFSETS=utf16``),
converted only by :func:`annotate.labelstudio.offsets.ls_index`; its attributes go in an ``attrs`` textarea with the
same region id, written by :func:`annotate.labelstudio.tasks.attrs_text` (the attributes
annotators see: value, unit, qualifier, low, high, actor, score).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotate.export.base import ExportOptions, ExportRecord, SplitFiles, dumps
from annotate.labelstudio.config import ATTRS_NAME, FROM_NAME, TEXT_FIELD, TO_NAME
from annotate.labelstudio.offsets import ls_index
from annotate.labelstudio.tasks import attrs_text, parse_attrs_text, region_id

__all__ = ["LabelStudioExporter", "parse_attrs_text", "task"]


def task(record: ExportRecord, kind: str, source: str | None) -> dict[str, Any]:
    """Return one Label Studio task for a record."""
    index = ls_index(record.text)
    origin = "prediction" if kind == "prediction" else "manual"
    result: list[dict[str, Any]] = []
    for span in record.spans:
        start, end = index.span_to_ls(span.start, span.end)
        region = region_id(source or kind, span)
        result.append(
            {
                "id": region, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels", "origin": origin,
                "value": {"start": start, "end": end, "text": span.text, "labels": [span.label]},
            }
        )
        shown = attrs_text(span.attrs)
        if shown:
            result.append(
                {
                    "id": region, "from_name": ATTRS_NAME, "to_name": TO_NAME, "type": "textarea",
                    "origin": origin, "value": {"start": start, "end": end, "text": [shown]},
                }
            )
    meta = record.meta
    data = {
        TEXT_FIELD: record.text, "doc_id": record.id, "title": meta.get("title") or "",
        "source": meta.get("source") or "", "meta": meta,
    }
    out: dict[str, Any] = {"data": data}
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
