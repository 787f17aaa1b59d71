"""Shared machinery of the gold build scripts tests/data/*/build_*.py.

A build script holds its texts and span tables (a surface string plus an occurrence rule per
span); these helpers turn them into predict-format records. Offsets are half-open [start, end)
in code points of the text, found with ``str.find`` and never typed by hand. Spans are sorted by
(start, -end, label), must not overlap, and are written as JSONL with ``ensure_ascii=False``.
``main`` writes the file and, with ``--show``, prints every text with its spans marked for
proofreading.

A script imports this module after putting tests/data on ``sys.path``::

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

Box = tuple[int, int]
Record = dict[str, Any]
Placer = Callable[[str, str, Any], list[Record]]

ENTITY_LABELS = frozenset({"PER", "GOV", "ORG", "LOC", "POLICY"})
MIN_CHARS, MAX_CHARS = 300, 600  # length of every gold text, in code points


def occurrences(text: str, surface: str) -> list[int]:
    """Return the start of every occurrence of surface in text, overlapping ones included."""
    found, i = [], text.find(surface)
    while i != -1:
        found.append(i)
        i = text.find(surface, i + 1)
    return found


def nth(doc_id: str, text: str, surface: str, n: int) -> int:
    """Return the start of the n-th (0-based) occurrence of surface in text."""
    where = occurrences(text, surface)
    assert where, f"{doc_id}: {surface!r} not in text"
    assert n < len(where), f"{doc_id}: {surface!r} has only {len(where)} occurrences, not {n + 1}"
    return where[n]


def covered(start: int, end: int, boxes: Iterable[Box]) -> bool:
    """Return whether [start, end) lies inside one of the boxes."""
    return any(a <= start and end <= b for a, b in boxes)


def clashes(start: int, end: int, boxes: Iterable[Box]) -> bool:
    """Return whether [start, end) shares a character with one of the boxes."""
    return any(start < b and a < end for a, b in boxes)


def extent(spans: Iterable[Record]) -> list[Box]:
    """Return the (start, end) of each span."""
    return [(s["start"], s["end"]) for s in spans]


def free(text: str, surface: str, boxes: Sequence[Box]) -> list[int]:
    """Return the starts of the occurrences of surface that lie inside none of the boxes."""
    return [i for i in occurrences(text, surface) if not covered(i, i + len(surface), boxes)]


def span(doc_id: str, text: str, start: int, surface: str, label: str) -> Record:
    """Return the predict-format span of surface at start, asserting the label and the text."""
    assert label in ENTITY_LABELS, (doc_id, label)
    end = start + len(surface)
    assert text[start:end] == surface, (doc_id, surface, start)
    return {"start": start, "end": end, "label": label, "text": surface, "attrs": {}}


def finish(doc_id: str, text: str, spans: Iterable[Record]) -> list[Record]:
    """Return the spans sorted by (start, -end, label), asserting text[start:end] and no overlap."""
    spans = sorted(spans, key=lambda s: (s["start"], -s["end"], s["label"]))
    for s in spans:
        assert text[s["start"] : s["end"]] == s["text"], (doc_id, s)
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"], (doc_id, a, b)
    return spans


def build_records(docs: Iterable[tuple[str, str, Any]], place: Placer, count: int | None = None) -> list[Record]:
    """Return a record per (doc_id, text, entries), its spans placed by place(doc_id, text, entries).

    Asserts unique ids, MIN_CHARS to MAX_CHARS characters per text and, if given, the count.
    """
    records = [
        {"id": doc_id, "text": text, "spans": finish(doc_id, text, place(doc_id, text, entries))}
        for doc_id, text, entries in docs
    ]
    ids = [rec["id"] for rec in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for rec in records:
        assert MIN_CHARS <= len(rec["text"]) <= MAX_CHARS, (rec["id"], len(rec["text"]))
    assert count is None or len(records) == count, (len(records), count)
    return records


def write_jsonl(path: Path, records: Iterable[Record]) -> None:
    """Write one JSON object per line, UTF-8, non-ASCII characters kept as they are."""
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def marked(text: str, spans: Iterable[Record], mark: str = "[{text}]{label}") -> str:
    """Return text with each span replaced by mark, formatted with the span's fields."""
    out, pos = [], 0
    for s in spans:
        out.append(text[pos : s["start"]])
        out.append(mark.format(**s))
        pos = s["end"]
    out.append(text[pos:])
    return "".join(out)


def uncovered(text: str, spans: Sequence[Record]) -> list[tuple[str, int]]:
    """Return (surface, start) for each occurrence of an annotated surface that no span covers."""
    boxes = extent(spans)
    return [
        (surface, i)
        for surface in sorted({s["text"] for s in spans})
        for i in occurrences(text, surface)
        if not covered(i, i + len(surface), boxes)
    ]


def show(records: Iterable[Record], mark: str = "[{text}]{label}", notes: dict[str, list[str]] | None = None) -> None:
    """Print each text with its spans marked, the build notes and the uncovered mentions."""
    for rec in records:
        text, spans = rec["text"], rec["spans"]
        print(f"== {rec['id']} ({len(text)} chars, {len(spans)} spans)")
        print(marked(text, spans, mark))
        for note in (notes or {}).get(rec["id"], []):
            print("   ", note)
        for surface, i in uncovered(text, spans):
            print(f"   uncovered: {surface!r} at {i}: …{text[max(0, i - 6) : i + len(surface) + 6]}…")
        print()


def main(
    records: list[Record],
    out: Path,
    mark: str = "[{text}]{label}",
    notes: dict[str, list[str]] | None = None,
) -> None:
    """Write records to out; with --show on the command line, print them marked for proofreading."""
    write_jsonl(out, records)
    if "--show" in sys.argv:
        show(records, mark, notes)
    counts = Counter(s["label"] for rec in records for s in rec["spans"])
    print(f"wrote {len(records)} documents, {counts.total()} spans to {out}: {dict(sorted(counts.items()))}")
