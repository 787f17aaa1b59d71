"""Pairwise span agreement: F1 under strict and partial-overlap matching, per label and overall.

Strict: two spans match when start, end and label are equal; F1 = 2·matched / (spans of A +
spans of B). Partial: a span of A counts as found when B has a span of the same label sharing
at least one character with it (and the other way round); F1 is the harmonic mean of the
two shares. Only documents both annotators annotated count. All matching is vectorised on
the continuum arrays (each label shifted into its own range so labels never meet).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotate.agreement.data import Continuum, SpanArrays
from annotate.agreement.report import LabelF1, PairF1, SpanF1, Stat

ALL = "ALL"


@dataclass(frozen=True)
class PairCounts:
    """Per-label counts of one comparison of A against B (arrays indexed by label code)."""

    n_a: np.ndarray
    n_b: np.ndarray
    matched: np.ndarray  # strict matches (same in both directions)
    found_a: np.ndarray  # spans of A overlapping a same-label span of B
    found_b: np.ndarray
    doc_n_a: np.ndarray  # per document
    doc_n_b: np.ndarray
    doc_matched: np.ndarray
    doc_found_a: np.ndarray
    doc_found_b: np.ndarray


def _shift(spans: SpanArrays, width: int) -> tuple[np.ndarray, np.ndarray]:
    base = spans.label * width
    return base + spans.start, base + spans.end


def overlap_any(qs: np.ndarray, qe: np.ndarray, ts: np.ndarray, te: np.ndarray) -> np.ndarray:
    """Return for each query ``[qs, qe)`` whether any target ``[ts, te)`` shares a character with it."""
    if ts.shape[0] == 0 or qs.shape[0] == 0:
        return np.zeros(qs.shape[0], dtype=bool)
    order = np.argsort(ts, kind="stable")
    ts, te = ts[order], te[order]
    reach = np.maximum.accumulate(te)
    k = np.searchsorted(ts, qe, side="left")
    ok = k > 0
    out = np.zeros(qs.shape[0], dtype=bool)
    out[ok] = reach[k[ok] - 1] > qs[ok]
    return out


def strict_index(a: SpanArrays, b: SpanArrays, width: int) -> np.ndarray:
    """Return for each span of ``a`` the index of the span of ``b`` with the same start, end and label, or -1."""
    out = np.full(len(a), -1, dtype=np.int64)
    if len(a) == 0 or len(b) == 0:
        return out
    sa, ea = _shift(a, width)
    sb, eb = _shift(b, width)
    n_labels = int(max(a.label.max(), b.label.max())) + 1
    if float(n_labels) * width * width < 2**62:
        ka, kb = sa * width + ea, sb * width + eb
        order = np.argsort(kb, kind="stable")
        kb = kb[order]
        pos = np.minimum(np.searchsorted(kb, ka), kb.shape[0] - 1)
        hit = kb[pos] == ka
        out[hit] = order[pos[hit]]
        return out
    where = {k: j for j, k in enumerate(zip(sb.tolist(), eb.tolist(), strict=True))}  # pragma: no cover
    return np.fromiter((where.get(k, -1) for k in zip(sa.tolist(), ea.tolist(), strict=True)), np.int64, len(a))


def strict_in(a: SpanArrays, b: SpanArrays, width: int) -> np.ndarray:
    """Return for each span of ``a`` whether ``b`` has one with the same start, end and label."""
    return strict_index(a, b, width) >= 0


def compare(a: SpanArrays, b: SpanArrays, n_labels: int, n_docs: int, length: int) -> PairCounts:
    """Count strict matches and partial overlaps of spans ``a`` against ``b``, per label and document."""
    width = length + 1
    matched = strict_in(a, b, width)
    sa, ea = _shift(a, width)
    sb, eb = _shift(b, width)
    found_a = overlap_any(sa, ea, sb, eb)
    found_b = overlap_any(sb, eb, sa, ea)

    def count(labels: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
        chosen = labels if mask is None else labels[mask]
        return np.bincount(chosen, minlength=n)[:n]

    return PairCounts(
        n_a=count(a.label, n_labels),
        n_b=count(b.label, n_labels),
        matched=count(a.label, n_labels, matched),
        found_a=count(a.label, n_labels, found_a),
        found_b=count(b.label, n_labels, found_b),
        doc_n_a=count(a.doc, n_docs),
        doc_n_b=count(b.doc, n_docs),
        doc_matched=count(a.doc, n_docs, matched),
        doc_found_a=count(a.doc, n_docs, found_a),
        doc_found_b=count(b.doc, n_docs, found_b),
    )


def pair_spans(cont: Continuum, a: int, b: int) -> tuple[SpanArrays, SpanArrays, np.ndarray]:
    """Return the spans of ``a`` and of ``b`` in the documents both annotated, and that document mask."""
    both = cont.pair_docs(a, b)
    spans = cont.spans
    keep = both[spans.doc] if len(spans) else np.zeros(0, dtype=bool)
    return spans.select(keep & (spans.rater == a)), spans.select(keep & (spans.rater == b)), both


def strict_f1(matched: int, n_a: int, n_b: int, what: str) -> Stat:
    """Return ``2·matched / (n_a + n_b)``, undefined when neither side has a span."""
    if n_a + n_b == 0:
        return Stat.undefined(f"neither annotator marked {what}")
    return Stat.of(2 * matched / (n_a + n_b), n_a + n_b)


def partial_f1(found_a: int, found_b: int, n_a: int, n_b: int, what: str) -> Stat:
    """Return the harmonic mean of the shares of each side's spans the other side overlaps."""
    if n_a + n_b == 0:
        return Stat.undefined(f"neither annotator marked {what}")
    if n_a == 0 or n_b == 0:
        return Stat.of(0.0, n_a + n_b)
    p, r = found_a / n_a, found_b / n_b
    return Stat.of(0.0 if p + r == 0 else 2 * p * r / (p + r), n_a + n_b)


def _label_f1(c: PairCounts, i: int | None, what: str) -> LabelF1:
    pick = (lambda arr: int(arr.sum())) if i is None else (lambda arr: int(arr[i]))
    return LabelF1(
        strict=strict_f1(pick(c.matched), pick(c.n_a), pick(c.n_b), what),
        partial=partial_f1(pick(c.found_a), pick(c.found_b), pick(c.n_a), pick(c.n_b), what),
    )


def _mean(stats: list[Stat], reason: str) -> Stat:
    values = [s.value for s in stats if s.value is not None]
    if not values:
        reasons = sorted({s.reason for s in stats if s.reason})
        return Stat.undefined(reasons[0] if len(reasons) == 1 else reason)
    return Stat.of(sum(values) / len(values), len(values))


@dataclass(frozen=True)
class DocumentF1:
    """Per-document sums of pairwise F1 and how many pairs were defined (for the mean)."""

    strict_sum: np.ndarray
    partial_sum: np.ndarray
    pairs: np.ndarray


def span_agreement(cont: Continuum) -> tuple[SpanF1, DocumentF1]:
    """Return pairwise span F1 (matrix, mean, per label) and per-document pairwise sums."""
    names = cont.annotators
    n_docs, n_labels = len(cont.doc_ids), len(cont.labels)
    pairs: list[PairF1] = []
    strict_m: dict[str, dict[str, float | None]] = {a: dict.fromkeys(names) for a in names}
    partial_m: dict[str, dict[str, float | None]] = {a: dict.fromkeys(names) for a in names}
    doc_strict = np.zeros(n_docs)
    doc_partial = np.zeros(n_docs)
    doc_pairs = np.zeros(n_docs, dtype=np.int64)
    for a, b in combinations(range(len(names)), 2):
        sa, sb, both = pair_spans(cont, a, b)
        if not both.any():
            continue
        c = compare(sa, sb, n_labels, n_docs, cont.length)
        labels = {
            name: _label_f1(c, i, name)
            for i, name in enumerate(cont.labels)
        }
        overall = _label_f1(c, None, "any span")
        pairs.append(PairF1(a=names[a], b=names[b], documents=int(both.sum()), overall=overall, labels=labels))
        strict_m[names[a]][names[b]] = strict_m[names[b]][names[a]] = overall.strict.value
        partial_m[names[a]][names[b]] = partial_m[names[b]][names[a]] = overall.partial.value
        # per document: pairs with no span on either side are undefined there and skipped
        total = c.doc_n_a + c.doc_n_b
        defined = both & (total > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            f1 = np.where(defined, 2 * c.doc_matched / np.maximum(total, 1), 0.0)
            p = np.where(c.doc_n_a > 0, c.doc_found_a / np.maximum(c.doc_n_a, 1), 0.0)
            r = np.where(c.doc_n_b > 0, c.doc_found_b / np.maximum(c.doc_n_b, 1), 0.0)
            pf = np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)
        doc_strict += np.where(defined, f1, 0.0)
        doc_partial += np.where(defined, pf, 0.0)
        doc_pairs += defined
    reason = "fewer than two annotators" if len(names) < 2 else "no two annotators share a document"
    per_label = {
        name: LabelF1(
            strict=_mean([p.labels[name].strict for p in pairs], f"nobody marked {name}")
            if pairs else Stat.undefined(reason),
            partial=_mean([p.labels[name].partial for p in pairs], f"nobody marked {name}")
            if pairs else Stat.undefined(reason),
        )
        for name in cont.labels
    }
    result = SpanF1(
        pairs=pairs,
        matrix_strict=strict_m,
        matrix_partial=partial_m,
        mean_strict=_mean([p.overall.strict for p in pairs], "no spans") if pairs else Stat.undefined(reason),
        mean_partial=_mean([p.overall.partial for p in pairs], "no spans") if pairs else Stat.undefined(reason),
        labels=per_label,
    )
    return result, DocumentF1(doc_strict, doc_partial, doc_pairs)


def scores_against(cont: Continuum, a: int, gold: int) -> tuple[int, dict[str, dict[str, Stat]], dict[str, dict[str, Stat]]]:
    """Return documents compared and precision/recall/F1 of annotator ``a`` against ``gold``, strict and partial."""
    sa, sg, both = pair_spans(cont, a, gold)
    c = compare(sa, sg, len(cont.labels), len(cont.doc_ids), cont.length)
    strict: dict[str, dict[str, Stat]] = {}
    partial: dict[str, dict[str, Stat]] = {}
    for i, name in [(None, ALL), *enumerate(cont.labels)]:

        def pick(arr: np.ndarray, i: int | None = i) -> int:
            return int(arr.sum()) if i is None else int(arr[i])

        n_a, n_g = pick(c.n_a), pick(c.n_b)
        strict[name] = _prf(pick(c.matched), n_a, pick(c.matched), n_g, name)
        partial[name] = _prf(pick(c.found_a), n_a, pick(c.found_b), n_g, name)
    return int(both.sum()), strict, partial


def _prf(hit_a: int, n_a: int, hit_g: int, n_g: int, what: str) -> dict[str, Stat]:
    p = Stat.of(hit_a / n_a, n_a) if n_a else Stat.undefined(f"the annotator marked no {what}")
    r = Stat.of(hit_g / n_g, n_g) if n_g else Stat.undefined(f"gold has no {what}")
    if n_a + n_g == 0:
        f = Stat.undefined(f"neither the annotator nor gold marked {what}")
    elif p.value is None or r.value is None or p.value + r.value == 0:
        f = Stat.of(0.0, n_a + n_g)
    else:
        f = Stat.of(2 * p.value * r.value / (p.value + r.value), n_a + n_g)
    return {"precision": p, "recall": r, "f1": f}
