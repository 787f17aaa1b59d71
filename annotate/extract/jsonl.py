"""Predict over JSON Lines: ``{"id", "text"}`` in, the same object plus ``"spans"`` out.

The stable interface for running the extractors on anything (``annotate predict``).
Offsets in ``spans`` are code points of ``text``. Lines are processed one at a time
(optionally in worker processes), so memory does not grow with the input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotate.extract.parallel import ordered_map
from annotate.extract.pipeline import Pipeline
from annotate.models import Span

_PIPELINE: Pipeline | None = None  # the pipeline of this process (inherited by forked workers)


@dataclass(frozen=True)
class LineResult:
    """One input line's outcome: the output line (UTF-8, with newline) or a one-line error."""

    lineno: int
    output: bytes | None = None
    error: str | None = None
    spans: int = 0


def span_json(span: Span) -> dict[str, object]:
    """Return the predict-format dict of a span: start, end, label, text, attrs."""
    return {"start": span.start, "end": span.end, "label": span.label, "text": span.text, "attrs": span.attrs}


def _dump(obj: dict[str, object]) -> bytes:
    line = json.dumps(obj, ensure_ascii=False, default=str)
    try:
        return line.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # lone surrogates in the input: escape them instead
        return json.dumps(obj, ensure_ascii=True, default=str).encode("ascii") + b"\n"


def predict_line(item: tuple[int, bytes]) -> LineResult:
    """Predict one raw input line numbered ``lineno`` (1-based) with this process's pipeline."""
    lineno, raw = item
    assert _PIPELINE is not None, "call predict_lines, which sets the pipeline"
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        return LineResult(lineno, error=f"line {lineno}: not valid JSON ({exc})")
    if not isinstance(obj, dict):
        return LineResult(lineno, error=f"line {lineno}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        return LineResult(lineno, error=f'line {lineno}: "text" must be a string')
    try:
        spans = _PIPELINE.predict(text)
        obj["spans"] = [span_json(s) for s in spans]
        output = _dump(obj)
    except Exception as exc:  # a bug must cost one line, not the run
        return LineResult(lineno, error=f"line {lineno}: could not predict ({type(exc).__name__}: {exc})")
    return LineResult(lineno, output=output, spans=len(spans))


def numbered_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """Yield ``(lineno, line)`` for the non-blank lines of a binary stream (1-based numbers)."""
    for n, line in enumerate(lines, 1):
        if line.strip():
            yield n, line


def predict_lines(
    lines: Iterable[bytes], pipeline: Pipeline, workers: int = 1, chunk_size: int = 8
) -> Iterator[LineResult]:
    """Yield one ``LineResult`` per non-blank input line, in input order."""
    global _PIPELINE
    _PIPELINE = pipeline
    if workers > 1:
        pipeline.warm_up()  # load dictionaries once, before the fork
    yield from ordered_map(predict_line, numbered_lines(lines), workers, chunk_size=chunk_size)
