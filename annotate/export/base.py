"""What every exporter shares: the record it is given, its options, and deterministic writing.

An exporter is opened on an output folder, receives records one at a time (already
assigned to a split, in document id order) and writes them out as it goes; ``close``
returns the files it wrote. Data files contain no times and use sorted keys, so the
same input gives byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from annotate.export.bio import Scheme
from annotate.models import Document, Span


@dataclass(frozen=True)
class ExportRecord:
    """One document to export: its id, text, chosen spans, metadata and split."""

    id: str
    text: str
    spans: tuple[Span, ...]
    meta: dict[str, Any]
    split: str

    @classmethod
    def of(cls, doc: Document, spans: list[Span], split: str) -> ExportRecord:
        """Make a record from a stored document (title, source and published go into ``meta``)."""
        meta = dict(doc.meta)
        for key in ("title", "source", "published"):
            value = getattr(doc, key)
            if value is not None:
                meta[key] = value
        return cls(doc.id, doc.text, tuple(spans), meta, split)


@dataclass(frozen=True)
class ExportOptions:
    """How to write: tag scheme, ACTION in its own file, the labels, the splits, action layers."""

    labels: tuple[str, ...]
    splits: tuple[str, ...] = ("all",)
    scheme: Scheme = "BIO"
    separate_layers: bool = False
    action_layers: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


class Exporter(Protocol):
    """The interface of each format's writer (``EXPORTERS`` maps a format name to one)."""

    def __init__(self, out: Path, options: ExportOptions) -> None: ...

    def write(self, record: ExportRecord) -> None:
        """Write one record to its split's output."""

    def close(self) -> list[Path]:
        """Finish every file and return the paths written, sorted."""


def dumps(value: Any, indent: int | None = None) -> str:
    """Serialise JSON canonically: sorted keys, non-ASCII kept, compact unless ``indent``."""
    seps = (",", ": ") if indent else (",", ":")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=seps, indent=indent)


def span_dict(span: Span, *, with_attrs: bool = True) -> dict[str, Any]:
    """Return a span as ``{"start", "end", "label", "text"[, "attrs"]}``."""
    out: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label, "text": span.text}
    if with_attrs:
        out["attrs"] = dict(span.attrs)
    return out


class SplitFiles:
    """One lazily opened text file per split (``NAME + suffix``), UTF-8 with ``\\n`` newlines."""

    def __init__(self, out: Path, suffix: str) -> None:
        self.out = out
        self.suffix = suffix
        self.files: dict[str, IO[str]] = {}

    def path(self, split: str) -> Path:
        """Return the file of ``split``."""
        return self.out / f"{split}{self.suffix}"

    def get(self, split: str) -> IO[str]:
        """Return the open file of ``split``, opening (and truncating) it on first use."""
        fh = self.files.get(split)
        if fh is None:
            fh = self.files[split] = open(self.path(split), "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        return fh

    def ensure(self, splits: tuple[str, ...]) -> None:
        """Open every split's file so empty splits exist as empty files."""
        for split in splits:
            self.get(split)

    def close(self) -> list[Path]:
        """Close every file; return their paths."""
        for fh in self.files.values():
            fh.close()
        return [self.path(s) for s in self.files]
