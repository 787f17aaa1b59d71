"""Chance-corrected agreement at the character level: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha.

Every character of a document gets, from each annotator, the label of the span covering it
or ``O`` (outside); a character of a document the annotator did not annotate is *missing*.
ACTION may overlap other labels, so it is its own layer (ACTION vs ``O``); all other labels
form the ``flat`` layer. Characters are never listed one by one: the continuum is cut at
every span and document boundary into segments over which every annotator's label is
constant, and each segment counts with its length as weight. So memory and time are linear
in the number of spans, and the results equal the per-character definitions exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, permutations

import numpy as np

from annotate.agreement.data import OUTSIDE, Continuum, merge_intervals
from annotate.agreement.report import PairKappa, Stat


@dataclass(frozen=True)
class Segments:
    """Constant-label segments of one layer: ``codes[r, k]`` for segment ``k`` (``-1`` missing)."""

    categories: tuple[str, ...]
    codes: np.ndarray  # (raters, segments) int16
    weight: np.ndarray  # characters per segment
    doc: np.ndarray  # document index per segment


def segments(cont: Continuum, layer_labels: tuple[str, ...]) -> Segments:
    """Cut the continuum into segments over which every annotator's label in this layer is constant."""
    categories = (OUTSIDE, *layer_labels)
    lookup = np.full(max(len(cont.labels), 1), -1, dtype=np.int64)
    for i, name in enumerate(layer_labels):
        if name in cont.labels:
            lookup[cont.label_code(name)] = i + 1
    spans = cont.spans
    code = lookup[spans.label] if len(spans) else np.zeros(0, dtype=np.int64)
    keep = code > 0
    rater, start, end, code = spans.rater[keep], spans.start[keep], spans.end[keep], code[keep]
    n_cat = len(categories)
    group = rater * n_cat + code
    order = np.lexsort((start, group))
    start, end, group = merge_intervals(start[order], end[order], group[order])
    rater, code = group // n_cat, group % n_cat
    points = np.unique(np.concatenate([cont.offsets, start, end]))
    left = points[:-1]
    weight = np.diff(points)
    doc = np.searchsorted(cont.offsets, left, side="right") - 1
    codes = np.zeros((cont.raters, left.shape[0]), dtype=np.int16)
    for r in range(cont.raters):
        mine = rater == r
        st, en, cd = start[mine], end[mine], code[mine]
        order = np.argsort(st, kind="stable")
        st, en, cd = st[order], en[order], cd[order]
        row = codes[r]
        if st.shape[0]:
            idx = np.searchsorted(st, left, side="right") - 1
            ok = idx >= 0
            ok[ok] = en[idx[ok]] > left[ok]
            row[ok] = cd[idx[ok]]
        if doc.shape[0]:
            row[~cont.covered[r][doc]] = -1
    return Segments(categories, codes, weight, doc)


def _confusion(x: np.ndarray, y: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    return np.bincount(x.astype(np.int64) * k + y, weights=w, minlength=k * k).reshape(k, k)


def cohen_kappa(seg: Segments, a: int, b: int) -> Stat:
    """Return Cohen's kappa of annotators ``a`` and ``b`` over the characters both annotated."""
    k = len(seg.categories)
    mask = (seg.codes[a] >= 0) & (seg.codes[b] >= 0)
    cm = _confusion(seg.codes[a][mask], seg.codes[b][mask], seg.weight[mask].astype(float), k)
    n = cm.sum()
    if n == 0:
        return Stat.undefined("no document annotated by both")
    po = np.trace(cm) / n
    pe = float((cm.sum(axis=1) * cm.sum(axis=0)).sum() / (n * n))
    if pe >= 1.0:
        return Stat.undefined("both annotators gave every character one and the same category", int(n))
    return Stat.of((po - pe) / (1 - pe), int(n))


def cohen_kappas(seg: Segments, names: tuple[str, ...]) -> list[PairKappa]:
    """Return Cohen's kappa for every pair of annotators."""
    return [
        PairKappa(a=names[a], b=names[b], kappa=cohen_kappa(seg, a, b))
        for a, b in combinations(range(len(names)), 2)
    ]


def fleiss_kappa(seg: Segments) -> Stat:
    """Return Fleiss' kappa over the characters of documents every annotator annotated."""
    r_count = seg.codes.shape[0]
    if r_count < 2:
        return Stat.undefined("fewer than two annotators")
    mask = (seg.codes >= 0).all(axis=0)
    w = seg.weight[mask].astype(float)
    n_items = w.sum()
    if n_items == 0:
        return Stat.undefined(f"no document annotated by all {r_count} annotators")
    codes = seg.codes[:, mask]
    agree = np.zeros(codes.shape[1])
    for a, b in combinations(range(r_count), 2):
        agree += codes[a] == codes[b]
    p_bar = float((w * 2 * agree / (r_count * (r_count - 1))).sum() / n_items)
    k = len(seg.categories)
    totals = np.zeros(k)
    for r in range(r_count):
        totals += np.bincount(codes[r], weights=w, minlength=k)[:k]
    p = totals / (n_items * r_count)
    pe = float((p * p).sum())
    if pe >= 1.0:
        return Stat.undefined("every character has one and the same category from everyone", int(n_items))
    return Stat.of((p_bar - pe) / (1 - pe), int(n_items))


def coincidences(seg: Segments, *, by_doc: bool = False, n_docs: int = 0) -> np.ndarray:
    """Return Krippendorff's coincidence matrix (or one per document) over pairable characters."""
    k = len(seg.categories)
    present = seg.codes >= 0
    m = present.sum(axis=0)
    scale = np.where(m >= 2, seg.weight / np.maximum(m - 1, 1), 0.0)
    size = k * k * (n_docs if by_doc else 1)
    out = np.zeros(size)
    for a, b in permutations(range(seg.codes.shape[0]), 2):
        mask = present[a] & present[b]
        idx = seg.codes[a][mask].astype(np.int64) * k + seg.codes[b][mask]
        if by_doc:
            idx = idx + seg.doc[mask] * (k * k)
        out += np.bincount(idx, weights=scale[mask], minlength=size)
    return out.reshape((n_docs, k, k) if by_doc else (k, k))


def alpha_from_coincidences(o: np.ndarray) -> Stat:
    """Return nominal alpha ``1 - (n - 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k`` from a coincidence matrix."""
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    if n <= 0:
        return Stat.undefined("no character was annotated by two or more annotators")
    expected = n * n - float((n_c * n_c).sum())
    if expected <= 1e-9:
        return Stat.undefined("every character has one and the same category (no expected disagreement)", round(n))
    observed = n - float(np.trace(o))
    return Stat.of(1.0 - (n - 1) * observed / expected, round(n))


def krippendorff_alpha(seg: Segments) -> Stat:
    """Return Krippendorff's alpha (nominal) over every character two or more annotators annotated."""
    if seg.codes.shape[0] < 2:
        return Stat.undefined("fewer than two annotators")
    return alpha_from_coincidences(coincidences(seg))


def document_alphas(seg: Segments, n_docs: int) -> list[Stat]:
    """Return nominal alpha per document (one coincidence matrix per document, vectorised)."""
    if seg.codes.shape[0] < 2 or n_docs == 0:
        return [Stat.undefined("fewer than two annotators")] * n_docs
    o = coincidences(seg, by_doc=True, n_docs=n_docs)
    n_c = o.sum(axis=2)
    n = n_c.sum(axis=1)
    expected = n * n - (n_c * n_c).sum(axis=1)
    observed = n - np.trace(o, axis1=1, axis2=2)
    out: list[Stat] = []
    for d in range(n_docs):
        if n[d] <= 0:
            out.append(Stat.undefined("no character annotated by two annotators"))
        elif expected[d] <= 1e-9:
            out.append(Stat.undefined("every character has the same category", round(n[d])))
        else:
            out.append(Stat.of(1.0 - (n[d] - 1) * observed[d] / expected[d], round(n[d])))
    return out
