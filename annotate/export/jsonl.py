"""Export ``jsonl``: one document per line, ``{"id", "text", "spans", "meta"}``, one file per split.

Spans are ``{"start", "end", "label", "text", "attrs"}`` with code-point offsets into ``text``.
"""

from __future__ import annotations

from pathlib import Path

from annotate.export.base import ExportOptions, ExportRecord, SplitFiles, dumps, span_dict


class JsonlExporter:
    """Write ``SPLIT.jsonl`` files."""

    def __init__(self, out: Path, options: ExportOptions) -> None:
        self.files = SplitFiles(out, ".jsonl")
        self.files.ensure(options.splits)

    def write(self, record: ExportRecord) -> None:
        """Write the record as one line."""
        line = {
            "id": record.id,
            "text": record.text,
            "spans": [span_dict(s) for s in record.spans],
            "meta": record.meta,
        }
        self.files.get(record.split).write(dumps(line) + "\n")

    def close(self) -> list[Path]:
        """Close the split files."""
        return self.files.close()
