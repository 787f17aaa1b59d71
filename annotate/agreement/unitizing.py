"""Krippendorff's unitizing alpha (alpha_u; Krippendorff 1995, 2004) as DKPro Agreement computes it.

Per category ``c`` every annotator cuts the continuum ``[B, B + L)`` into units of ``c`` and
gaps. Observed disagreement sums, over every pair of annotators and every pair of their
segments that share a character:

* unit vs unit: ``(b_g - b_h)^2 + (e_g - e_h)^2`` (begins and ends apart),
* unit vs a gap that contains it: ``l^2``, gap vs gap: 0,

then ``D_O = 2·sum / (R·(R-1)·L^2)``. Expected disagreement (DKPro's
``calculateExpectedCategoryDisagreement``):
``D_E = 2/L · Σ_units [(N_c - 1)(2l^3 - 3l^2 + l)/3 + l^2 · Σ_{gaps g >= l} (g - l + 1)]
/ (R·L·(R·L - 1) - Σ_units l(l - 1))``.
``alpha_u(c) = 1 - D_O/D_E``; overall ``1 - mean_c D_O / mean_c D_E`` over the categories used.

Everything is vectorised over interval arrays: overlapping unit pairs come from two
``searchsorted`` calls, so cost and memory are linear in the number of units. One
annotator's overlapping units of one category (ACTION may overlap) are merged first, as
DKPro requires units of one category by one rater not to overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotate.agreement.data import Continuum, merge_intervals
from annotate.agreement.report import Stat, Unitizing


@dataclass(frozen=True)
class Disagreement:
    """Observed and expected disagreement of one category."""

    observed: float
    expected: float
    units: int


def _overlap_pairs(
    s1: np.ndarray, e1: np.ndarray, s2: np.ndarray, e2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return index pairs (i, j) of overlapping units and, per unit of 1, how many of 2 it meets.

    Both lists are sorted by start and free of overlaps within themselves, so the units of 2
    meeting unit i of 1 form the index range ``[lo, hi)``.
    """
    lo = np.searchsorted(e2, s1, side="right")
    hi = np.searchsorted(s2, e1, side="left")
    count = np.maximum(hi - lo, 0)
    total = int(count.sum())
    i = np.repeat(np.arange(s1.shape[0]), count)
    first = np.repeat(np.cumsum(count) - count, count)
    j = np.arange(total) - first + np.repeat(lo, count)
    return i, j, count


def observed_sum(s1: np.ndarray, e1: np.ndarray, s2: np.ndarray, e2: np.ndarray) -> float:
    """Return the summed distances between two annotators' units of one category."""
    i, j, count1 = _overlap_pairs(s1, e1, s2, e2)
    total = float((((s1[i] - s2[j]) ** 2) + ((e1[i] - e2[j]) ** 2)).sum())
    _, _, count2 = _overlap_pairs(s2, e2, s1, e1)
    total += float((((e1 - s1)[count1 == 0]) ** 2).sum())
    total += float((((e2 - s2)[count2 == 0]) ** 2).sum())
    return total


def category_disagreement(
    rater: np.ndarray, start: np.ndarray, end: np.ndarray, raters: int, begin: int, length: int
) -> Disagreement:
    """Return D_O and D_E of one category from its units (``rater``, ``[start, end)``)."""
    order = np.lexsort((start, rater))
    start, end, rater = merge_intervals(start[order], end[order], rater[order])
    by_rater = [(start[rater == r], end[rater == r]) for r in range(raters)]
    big_l = float(length)
    total = 0.0
    for r1, r2 in combinations(range(raters), 2):
        total += observed_sum(*by_rater[r1], *by_rater[r2])
    d_o = 2.0 * total / (raters * (raters - 1) * big_l * big_l)
    gaps_list = []
    for s, e in by_rater:
        bounds_s = np.concatenate([[begin], e])
        bounds_e = np.concatenate([s, [begin + length]])
        g = bounds_e - bounds_s
        gaps_list.append(g[g > 0])
    gaps = np.sort(np.concatenate(gaps_list)).astype(float)
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
    lengths = (end - start).astype(float)
    n_c = lengths.shape[0]
    idx = np.searchsorted(gaps, lengths, side="left")
    fits = gaps.shape[0] - idx
    gap_term = (suffix[idx] - fits * (lengths - 1.0)) * lengths * lengths
    own_term = (n_c - 1.0) * (2 * lengths**3 - 3 * lengths**2 + lengths) / 3.0
    squared = float((lengths * (lengths - 1.0)).sum())
    denominator = raters * big_l * (raters * big_l - 1.0) - squared
    d_e = float((own_term + gap_term).sum()) * 2.0 / big_l / denominator
    return Disagreement(d_o, d_e, n_c)


def alpha(d: Disagreement) -> float | None:
    """Return ``1 - D_O/D_E`` (``None`` when D_E is zero)."""
    if d.expected <= 0:
        return None
    return 1.0 - d.observed / d.expected


def unitizing_alpha(cont: Continuum) -> Unitizing:
    """Return alpha_u overall and per label over the documents every annotator annotated."""
    complete = cont.complete_docs()
    lengths = np.diff(cont.offsets)
    docs = int(complete.sum())
    length = int(lengths[complete].sum()) if docs else 0
    labels: dict[str, Stat] = {}
    if cont.raters < 2 or docs == 0 or length == 0:
        reason = (
            "fewer than two annotators" if cont.raters < 2
            else f"no document annotated by all {cont.raters} annotators"
        )
        return Unitizing(
            overall=Stat.undefined(reason), labels={n: Stat.undefined(reason) for n in cont.labels},
            documents=docs, characters=length,
        )
    # squeeze out the documents someone did not annotate
    skipped = np.concatenate([[0], np.cumsum(np.where(complete, 0, lengths))])
    spans = cont.spans
    keep = complete[spans.doc] if len(spans) else np.zeros(0, dtype=bool)
    sp = spans.select(keep)
    shift = skipped[sp.doc]
    start, end = sp.start - shift, sp.end - shift
    used: list[Disagreement] = []
    for code, name in enumerate(cont.labels):
        mine = sp.label == code
        if not mine.any():
            labels[name] = Stat.undefined(f"nobody marked {name}")
            continue
        d = category_disagreement(sp.rater[mine], start[mine], end[mine], cont.raters, 0, length)
        used.append(d)
        value = alpha(d)
        labels[name] = (
            Stat.of(value, d.units) if value is not None
            else Stat.undefined(f"no expected disagreement for {name}", d.units)
        )
    if not used:
        overall = Stat.undefined("nobody marked any span")
    else:
        d_o = sum(d.observed for d in used) / len(used)
        d_e = sum(d.expected for d in used) / len(used)
        units = sum(d.units for d in used)
        overall = Stat.of(1 - d_o / d_e, units) if d_e > 0 else Stat.undefined("no expected disagreement", units)
    return Unitizing(overall=overall, labels=labels, documents=docs, characters=length)
