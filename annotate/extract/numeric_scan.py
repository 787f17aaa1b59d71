"""Resolve figures and dates found in the same text against each other, and build their spans.

``scan(text)`` folds the text once (``numbers.fold``), runs the figure and the date candidate
finders, keeps non-overlapping candidates (longest first, then highest score, then leftmost)
and returns ``(figures, dates)``; it is cached for the last few texts, so ``extract_figures``
and ``extract_dates`` on the same text scan it once. Offsets are half-open code-point indices.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from annotate.extract.numbers import Candidate, fold
from annotate.models import Span


def resolve(candidates: list[Candidate], length: int) -> list[Candidate]:
    """Keep non-overlapping candidates: longest first, then highest score, then leftmost.

    Candidates rarely overlap: each run of overlapping ones is resolved on its own (the
    greedy choice inside a run never depends on another run); a lone one is kept as it is.
    """
    kept: list[Candidate] = []
    group: list[Candidate] = []
    group_end = -1
    ordered = sorted(candidates, key=_by_start)
    ordered.append(_END)  # closes the last run
    for c in ordered:
        if c[0] >= group_end:
            if len(group) == 1:
                if 0 <= group[0][0] < group[0][1] <= length:
                    kept.append(group[0])
            elif group:
                kept.extend(_greedy(group, length))
            group = [c]
        else:
            group.append(c)
        if c[1] > group_end:
            group_end = c[1]
    return kept


_END: Candidate = (sys.maxsize, sys.maxsize, "", {})


def _by_start(c: Candidate) -> int:
    return c[0]


def _greedy(group: list[Candidate], length: int) -> list[Candidate]:
    """Return the survivors of one run of overlapping candidates, by start."""
    taken: list[tuple[int, int]] = []
    chosen: list[Candidate] = []
    for c in sorted(group, key=lambda c: (c[0] - c[1], -c[3].get("score", 0), c[0])):
        s, e = c[0], c[1]
        if 0 <= s < e <= length and all(e <= ts or te <= s for ts, te in taken):
            taken.append((s, e))
            chosen.append(c)
    chosen.sort(key=_by_start)
    return chosen


@lru_cache(maxsize=4)
def scan(text: str) -> tuple[tuple[Candidate, ...], tuple[Candidate, ...]]:
    """Return (figures, dates) of ``text``, resolved so that no two overlap. Cached."""
    from annotate.extract.dates import date_candidates
    from annotate.extract.figures import figure_candidates

    folded = fold(text)
    found = resolve(figure_candidates(folded) + date_candidates(folded), len(text))
    figures = tuple(c for c in found if c[2] != "DATE")
    dates = tuple(c for c in found if c[2] == "DATE")
    return figures, dates


def to_spans(text: str, candidates: tuple[Candidate, ...]) -> list[Span]:
    """Build spans (fresh attrs dicts) from candidates found in ``text``."""
    trusted = Span.trusted  # the offsets come straight from regex matches on ``text``
    return [trusted(s, e, label, text[s:e], dict(attrs)) for s, e, label, attrs in candidates]


