"""Hypothesis strategies and a naive per-character reference shared by the agreement tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from annotate.models import Annotation, Span

LABELS = ("PER", "LOC", "ORG")


@st.composite
def flat_spans(draw: st.DrawFn, length: int, labels: tuple[str, ...] = LABELS, action: bool = True) -> list[Span]:
    """Draw non-overlapping flat spans over a text of ``length``, plus possibly overlapping ACTIONs."""
    text = "字" * length
    cuts = sorted(draw(st.sets(st.integers(0, length), max_size=8)))
    spans = []
    for s, e in zip(cuts[::2], cuts[1::2], strict=False):
        if e > s:
            spans.append(Span.of(text, s, e, draw(st.sampled_from(labels))))
    if action and length >= 2:
        for _ in range(draw(st.integers(0, 2))):
            s = draw(st.integers(0, length - 1))
            e = draw(st.integers(s + 1, length))
            spans.append(Span.of(text, s, e, "ACTION"))
    return spans


@st.composite
def studies(
    draw: st.DrawFn, min_raters: int = 2, max_raters: int = 4, complete: bool = False, action: bool = True
) -> tuple[dict[str, int], list[Annotation]]:
    """Draw documents (id -> length) and annotations by several annotators, some docs left out."""
    n_docs = draw(st.integers(1, 4))
    lengths = {f"doc{i}": draw(st.integers(1, 25)) for i in range(n_docs)}
    raters = [f"ann{r}" for r in range(draw(st.integers(min_raters, max_raters)))]
    anns = []
    for doc, length in lengths.items():
        for rater in raters:
            if complete or draw(st.booleans()) or rater in raters[:1]:
                spans = draw(flat_spans(length, action=action))
                anns.append(Annotation(document_id=doc, kind="annotation", source=rater, spans=spans))
    return lengths, anns


def char_matrix(
    lengths: dict[str, int], anns: list[Annotation], raters: tuple[str, ...], doc_ids: tuple[str, ...], layer: str
) -> np.ndarray:
    """Return raters x characters label codes (NaN = missing), built character by character."""
    codes = {"O": 0, "PER": 1, "LOC": 2, "ORG": 3, "ACTION": 1}
    rows = []
    for rater in raters:
        row: list[float] = []
        for doc in doc_ids:
            mine = [a for a in anns if a.document_id == doc and a.source == rater]
            if not mine:
                row += [np.nan] * lengths[doc]
                continue
            arr = [0.0] * lengths[doc]
            for s in mine[0].spans:
                if (s.label == "ACTION") == (layer == "ACTION"):
                    for i in range(s.start, s.end):
                        arr[i] = codes[s.label]
            row += arr
        rows.append(row)
    return np.array(rows, dtype=float)
