"""Score predicted spans against gold: the four SemEval-2013 schemes as nervaluate defines them.

Offsets are half-open code-point ``[start, end)``; nervaluate's entities have inclusive
ends, so a span here is nervaluate's ``(start, end - 1)``, and "overlap" means sharing at
least one character (and, as in nervaluate, covering at least 1% of the gold span).

Schemes (``strict``, ``exact``, ``partial``, ``type``; nervaluate's ``ent_type``):
each predicted span, in document order, is compared with the gold spans not yet used and
counted correct, incorrect, partial or spurious; unused gold spans are missed. ``strict``
and ``exact`` score ``correct / actual`` and ``correct / possible``; ``partial`` and
``type`` add half of ``partial``. Per label, only that label's spans are compared.
Because ACTION may overlap every other label, the micro figures sum two layers scored
separately (every label but ACTION, and ACTION) rather than matching entities against
actions. Macro figures are the mean over labels that occur in gold or predictions.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from annotate.models import Span
from annotate.schema import LABEL_NAMES, NUMERIC_FIGURE_LABELS, OVERLAPPING_LABELS

SCHEMES: tuple[str, ...] = ("strict", "exact", "partial", "type")
NERVALUATE_NAMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
MISSED = "(missed)"
SPURIOUS = "(spurious)"
Outcome = Literal["correct", "incorrect", "partial", "missed", "spurious"]
ErrorKind = Literal["missed", "spurious", "wrong_label", "boundary", "wrong_label_and_boundary"]


class Counts(BaseModel):
    """Outcome counts of one scheme and the precision, recall and F1 they give."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0

    @property
    def actual(self) -> int:
        """Predicted spans counted: correct + incorrect + partial + spurious."""
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def possible(self) -> int:
        """Gold spans counted: correct + incorrect + partial + missed."""
        return self.correct + self.incorrect + self.partial + self.missed

    def add(self, other: Counts) -> None:
        """Add another count's outcomes (figures are recomputed by ``finish``)."""
        self.correct += other.correct
        self.incorrect += other.incorrect
        self.partial += other.partial
        self.missed += other.missed
        self.spurious += other.spurious

    def finish(self, scheme: str) -> Counts:
        """Compute precision, recall and F1 the way nervaluate does for ``scheme``; return self."""
        credit = self.correct + (0.5 * self.partial if scheme in ("partial", "type") else 0)
        self.precision = credit / self.actual if self.actual else 0.0
        self.recall = credit / self.possible if self.possible else 0.0
        total = self.precision + self.recall
        self.f1 = 2 * self.precision * self.recall / total if total else 0.0
        return self


class Figures(BaseModel):
    """Precision, recall and F1 (macro averages)."""

    precision: float
    recall: float
    f1: float


class LabelScores(BaseModel):
    """One label: gold and predicted span counts and the counts of each scheme."""

    label: str
    support: int
    predicted: int
    schemes: dict[str, Counts]


class ValueAccuracy(BaseModel):
    """Share of strictly matched numeric figure spans whose ``value`` and ``unit`` equal gold's."""

    matched: int = 0
    equal: int = 0
    accuracy: float | None = None
    labels: dict[str, list[int]] = Field(default_factory=dict, description="label -> [matched, equal]")


class SpanRef(BaseModel):
    """A span in an error example: extent, label and text."""

    start: int
    end: int
    label: str
    text: str


class ErrorExample(BaseModel):
    """One error with its surrounding text: ``context`` is ``text[context_start:context_end]``."""

    document_id: str
    kind: ErrorKind
    gold: SpanRef | None
    pred: SpanRef | None
    context_start: int
    context_end: int
    context: str
    severity: float


class EvaluationResult(BaseModel):
    """Everything ``annotate evaluate`` reports."""

    documents: int
    labels: list[str]
    per_label: dict[str, LabelScores]
    micro: dict[str, Counts]
    macro: dict[str, Figures]
    value_accuracy: ValueAccuracy
    confusion: dict[str, dict[str, int]]
    worst_errors: list[ErrorExample]
    model_version: str | None = None
    gold_source: str | None = None
    notes: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Pair:
    """A gold/predicted document pair to score."""

    document_id: str
    text: str
    gold: Sequence[Span]
    pred: Sequence[Span]


def _sufficient_overlap(p: Span, t: Span, min_overlap: float = 1.0) -> bool:
    if p.start >= t.end or p.end <= t.start:
        return False
    overlap = min(p.end, t.end) - max(p.start, t.start)
    return (overlap / (t.end - t.start)) * 100.0 >= min_overlap


def match(
    gold: Sequence[Span], pred: Sequence[Span], scheme: str
) -> tuple[Counts, list[tuple[Outcome, int | None, int | None]]]:
    """Match ``pred`` against ``gold`` under ``scheme`` in list order, exactly like nervaluate.

    Returns the counts (figures computed) and each outcome as ``(outcome, gold index,
    pred index)``.
    """
    counts = Counts()
    outcomes: list[tuple[Outcome, int | None, int | None]] = []
    used: set[int] = set()
    for pi, p in enumerate(pred):
        hit: int | None = None
        near: int | None = None
        best_distance: int | None = None
        for ti, t in enumerate(gold):
            if ti in used:
                continue
            if scheme == "type":
                if _sufficient_overlap(p, t):
                    if p.label == t.label:
                        distance = abs(p.start - t.start) + abs(p.end - t.end)
                        if best_distance is None or distance < best_distance:
                            hit, best_distance = ti, distance
                    elif near is None:
                        near = ti
                continue
            if scheme == "partial":
                if _sufficient_overlap(p, t):
                    if p.start == t.start and p.end == t.end:
                        hit = ti
                        break
                    if near is None:
                        near = ti
                continue
            same = p.start == t.start and p.end == t.end and (scheme == "exact" or p.label == t.label)
            if same:
                hit = ti
                break
            if near is None and _sufficient_overlap(p, t):
                near = ti
        if hit is not None:
            counts.correct += 1
            used.add(hit)
            outcomes.append(("correct", hit, pi))
        elif near is not None:
            kind: Outcome = "partial" if scheme == "partial" else "incorrect"
            if kind == "partial":
                counts.partial += 1
            else:
                counts.incorrect += 1
            used.add(near)
            outcomes.append((kind, near, pi))
        else:
            counts.spurious += 1
            outcomes.append(("spurious", None, pi))
    for ti in range(len(gold)):
        if ti not in used:
            counts.missed += 1
            outcomes.append(("missed", ti, None))
    return counts.finish(scheme), outcomes


def _layer(spans: Iterable[Span], action: bool) -> list[Span]:
    return sorted(
        (s for s in spans if (s.label in OVERLAPPING_LABELS) == action),
        key=lambda s: (s.start, s.end, s.label),
    )


def _equal_value(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


class Scorer:
    """Accumulate scores over documents, then ``result()``; keeps only the ``worst`` errors."""

    def __init__(self, labels: Sequence[str] | None = None, worst: int = 20, context: int = 20) -> None:
        self.labels = tuple(labels) if labels else LABEL_NAMES
        self.worst = worst
        self.context = context
        self.documents = 0
        self.per_label = {
            label: {scheme: Counts() for scheme in SCHEMES} for label in self.labels
        }
        self.support = dict.fromkeys(self.labels, 0)
        self.predicted = dict.fromkeys(self.labels, 0)
        self.micro = {scheme: Counts() for scheme in SCHEMES}
        self.values = ValueAccuracy()
        self.confusion: dict[str, dict[str, int]] = {}
        self._errors: list[tuple[float, int, ErrorExample]] = []
        self._seq = 0

    def add(self, pair: Pair) -> None:
        """Score one document."""
        self.documents += 1
        chosen = set(self.labels)
        gold = [s for s in pair.gold if s.label in chosen]
        pred = [s for s in pair.pred if s.label in chosen]
        for s in gold:
            self.support[s.label] += 1
        for s in pred:
            self.predicted[s.label] += 1
        for action in (False, True):
            g, p = _layer(gold, action), _layer(pred, action)
            if not g and not p:
                continue
            for scheme in SCHEMES:
                counts, outcomes = match(g, p, scheme)
                self.micro[scheme].add(counts)
                if scheme == "strict":
                    self._values(g, p, outcomes)
                    self._keep_errors(pair, g, p, outcomes)
                if scheme == "exact":
                    self._confuse(g, p, outcomes)
            for label in {s.label for s in g} | {s.label for s in p}:
                gl = [s for s in g if s.label == label]
                pl = [s for s in p if s.label == label]
                for scheme in SCHEMES:
                    self.per_label[label][scheme].add(match(gl, pl, scheme)[0])

    def _values(self, g: list[Span], p: list[Span], outcomes: list) -> None:  # type: ignore[type-arg]
        for outcome, ti, pi in outcomes:
            if outcome != "correct" or g[ti].label not in NUMERIC_FIGURE_LABELS:
                continue
            gs, ps = g[ti], p[pi]
            equal = _equal_value(gs.attrs.get("value"), ps.attrs.get("value")) and gs.attrs.get(
                "unit"
            ) == ps.attrs.get("unit")
            self.values.matched += 1
            self.values.equal += int(equal)
            pair = self.values.labels.setdefault(gs.label, [0, 0])
            pair[0] += 1
            pair[1] += int(equal)

    def _confuse(self, g: list[Span], p: list[Span], outcomes: list) -> None:  # type: ignore[type-arg]
        for _outcome, ti, pi in outcomes:
            row = g[ti].label if ti is not None else SPURIOUS
            col = p[pi].label if pi is not None else MISSED
            cells = self.confusion.setdefault(row, {})
            cells[col] = cells.get(col, 0) + 1

    def _keep_errors(self, pair: Pair, g: list[Span], p: list[Span], outcomes: list) -> None:  # type: ignore[type-arg]
        if self.worst <= 0:
            return
        for outcome, ti, pi in outcomes:
            if outcome == "correct":
                continue
            kind: ErrorKind
            gs = g[ti] if ti is not None else None
            ps = p[pi] if pi is not None else None
            if gs is not None and ps is not None:
                same_extent = (gs.start, gs.end) == (ps.start, ps.end)
                kind = "wrong_label" if same_extent else (
                    "boundary" if gs.label == ps.label else "wrong_label_and_boundary"
                )
            else:
                kind = "missed" if ps is None else "spurious"
            severity = {"wrong_label_and_boundary": 3.0, "wrong_label": 2.5, "missed": 2.0,
                        "spurious": 2.0, "boundary": 1.0}[kind]
            length = max((s.end - s.start for s in (gs, ps) if s is not None), default=0)
            severity += min(length, 40) / 100 + float(ps.attrs.get("score", 0) if ps else 0) / 10
            start = min(s.start for s in (gs, ps) if s is not None)
            end = max(s.end for s in (gs, ps) if s is not None)
            c0, c1 = max(0, start - self.context), min(len(pair.text), end + self.context)
            example = ErrorExample(
                document_id=pair.document_id, kind=kind, gold=_ref(gs), pred=_ref(ps),
                context_start=c0, context_end=c1, context=pair.text[c0:c1], severity=round(severity, 4),
            )
            self._seq += 1
            item = (severity, -self._seq, example)
            if len(self._errors) < self.worst:
                heapq.heappush(self._errors, item)
            else:
                heapq.heappushpop(self._errors, item)

    def result(self, **fields: object) -> EvaluationResult:
        """Return the figures of every document added so far."""
        per_label = {}
        for label in self.labels:
            if not self.support[label] and not self.predicted[label]:
                continue
            per_label[label] = LabelScores(
                label=label, support=self.support[label], predicted=self.predicted[label],
                schemes={s: c.model_copy().finish(s) for s, c in self.per_label[label].items()},
            )
        macro = {}
        for scheme in SCHEMES:
            rows = [ls.schemes[scheme] for ls in per_label.values()]
            n = len(rows) or 1
            macro[scheme] = Figures(
                precision=sum(r.precision for r in rows) / n,
                recall=sum(r.recall for r in rows) / n,
                f1=sum(r.f1 for r in rows) / n,
            )
        values = self.values.model_copy(deep=True)
        values.accuracy = values.equal / values.matched if values.matched else None
        errors = [e for _, _, e in sorted(self._errors, reverse=True)]
        return EvaluationResult(
            documents=self.documents, labels=list(self.labels), per_label=per_label,
            micro={s: c.model_copy().finish(s) for s, c in self.micro.items()}, macro=macro,
            value_accuracy=values, confusion=self.confusion, worst_errors=errors, **fields,  # type: ignore[arg-type]
        )


def _ref(span: Span | None) -> SpanRef | None:
    if span is None:
        return None
    return SpanRef(start=span.start, end=span.end, label=span.label, text=span.text)


def evaluate_pairs(pairs: Iterable[Pair], labels: Sequence[str] | None = None, worst: int = 20,
                   **fields: object) -> EvaluationResult:
    """Score every pair and return the result (``fields`` such as ``model_version`` are copied in)."""
    scorer = Scorer(labels, worst=worst)
    for pair in pairs:
        scorer.add(pair)
    return scorer.result(**fields)
