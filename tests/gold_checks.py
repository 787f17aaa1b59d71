"""Shared checks of the hand-made gold files under tests/data (predict-format JSONL).

A record is ``{"id", "text", "spans"}``; a span is ``{"start", "end", "label", "text", "attrs"}``
with half-open [start, end) offsets in code points of the record's text. The checks are plain
functions that assert, so each test file states which of them its gold set must pass.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from annotate.models import Span, sort_spans, span_problems
from annotate.schema import LABEL_NAMES, OVERLAPPING_LABELS

Record = dict[str, Any]

DATA = Path(__file__).resolve().parent / "data"
ENTITY_SCOPE = frozenset({"PER", "GOV", "ORG", "LOC", "POLICY"})  # the labels of the entity-only sets
RUN = 12  # length of a character run that must not be shared with the other gold files
RECORD_KEYS = {"id", "text", "spans"}
SPAN_KEYS = {"start", "end", "label", "text", "attrs"}


def read_gold(path: Path) -> list[Record]:
    """Return the records of a gold JSONL file (predict format)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def spans_of(rec: Record) -> list[Span]:
    """Return the record's spans as models (their extents validated)."""
    return [Span(**s) for s in rec["spans"]]


def by_id(records: Iterable[Record]) -> dict[str, Record]:
    return {rec["id"]: rec for rec in records}


def surfaces(rec: Record, label: str) -> list[str]:
    """Return the texts of the record's spans with this label, in span order."""
    return [s["text"] for s in rec["spans"] if s["label"] == label]


def labeller(records: Iterable[Record], prefix: str = "") -> Callable[[str, str], list[str]]:
    """Return labelled(doc, label): surfaces(record prefix + doc, label), for the decided-span tests."""
    index = by_id(records)
    return lambda doc, label: surfaces(index[prefix + doc], label)


def label_counts(records: Iterable[Record]) -> Counter[str]:
    return Counter(s["label"] for rec in records for s in rec["spans"])


def figures(records: Iterable[Record]) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the attrs of every span keyed by (label, text)."""
    return {(s["label"], s["text"]): s["attrs"] for rec in records for s in rec["spans"]}


def check_documents(
    records: Sequence[Record],
    *,
    count: int | None = None,
    ids: Sequence[str] | None = None,
    prefix: str = "",
    chars: tuple[int, int] | None = (300, 600),
    stripped: bool = False,
) -> None:
    """Assert the number (or the list) of ids, unique ids, the record keys and each text's length.

    ``chars`` bounds the length of each text in code points (None: any length); ``stripped``
    also asserts that no text starts or ends with white space.
    """
    got = [rec["id"] for rec in records]
    if count is not None:
        assert len(records) == count, len(records)
    if ids is not None:
        assert got == list(ids)
    assert len(set(got)) == len(got), "duplicate ids"
    for rec in records:
        assert set(rec) == RECORD_KEYS, rec["id"]
        assert rec["id"].startswith(prefix), rec["id"]
        if chars is not None:
            assert chars[0] <= len(rec["text"]) <= chars[1], rec["id"]
        if stripped:
            assert rec["text"] == rec["text"].strip(), rec["id"]


def check_entity_spans(rec: Record, scope: Iterable[str] = ENTITY_SCOPE) -> None:
    """Assert the record has spans, each fitting the text, in scope, bare, sorted and unique.

    Bare: no attrs and no white space at either end. Sorted by (start, -end, label).
    """
    text, spans, scope = rec["text"], spans_of(rec), set(scope)
    assert spans, rec["id"]
    for raw, span in zip(rec["spans"], spans, strict=True):
        assert set(raw) == SPAN_KEYS, (rec["id"], raw)
        span.check(text)
        assert span.label in LABEL_NAMES and span.label in scope, (rec["id"], span.label)
        assert span.attrs == {}, (rec["id"], span.text)
        assert span.text == span.text.strip(), (rec["id"], span.text)
    assert spans == sort_spans(spans), rec["id"]
    assert len({s.key for s in spans}) == len(spans), rec["id"]


def check_flat(rec: Record, overlap_ok: Iterable[str] = OVERLAPPING_LABELS) -> None:
    """Assert the spans fit the text and no two overlap unless one has a label in overlap_ok (ACTION)."""
    assert span_problems(rec["text"], spans_of(rec), overlap_ok=overlap_ok) == [], rec["id"]


def occurrences(text: str, surface: str) -> list[int]:
    """Return the start of every occurrence of surface in text, overlapping ones included."""
    return [m.start() for m in re.finditer(f"(?={re.escape(surface)})", text)]


def uncovered(rec: Record, blockers: Iterable[str] = ()) -> list[tuple[str, int]]:
    """Return (surface, start) for each occurrence of a span's text that no span covers.

    An occurrence inside an occurrence of a blocker string (a name that is rightly not a span,
    such as the currency 澳門元) counts as covered.
    """
    text = rec["text"]
    boxes = [(s["start"], s["end"]) for s in rec["spans"]]
    boxes += [(i, i + len(b)) for b in blockers for i in occurrences(text, b)]
    return [
        (surface, i)
        for surface in sorted({s["text"] for s in rec["spans"]})
        for i in occurrences(text, surface)
        if not any(a <= i and i + len(surface) <= b for a, b in boxes)
    ]


def other_gold_files(path: Path) -> list[Path]:
    """Return every tests/data/**/*.jsonl except path."""
    return [p for p in sorted(DATA.rglob("*.jsonl")) if p.resolve() != path.resolve()]


def check_independent(records: Iterable[Record], others: Iterable[Path], run: int = RUN) -> None:
    """Assert no run of `run` characters of a record's text appears in a text of the other files."""
    others = list(others)
    assert others, "no other gold files found"
    seen = {
        text[i : i + run]
        for path in others
        for rec in read_gold(path)
        for text in [rec.get("text", "")]
        for i in range(len(text) - run + 1)
    }
    for rec in records:
        text = rec["text"]
        shared = [text[i : i + run] for i in range(len(text) - run + 1) if text[i : i + run] in seen]
        assert shared == [], (rec["id"], shared[:3])


def load_script(path: Path) -> ModuleType:
    """Import a build script by its path (tests/data is not a package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
