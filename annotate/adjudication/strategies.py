"""Adjudication strategies: turn the annotators' versions of one document into gold spans.

Each strategy takes ``versions`` (annotator -> spans of one document) and returns gold spans;
every gold span carries ``attrs["provenance"] = {"strategy", "agreed", "differed",
"disputed"}``: who marked exactly this span (same start, end and label), who annotated the
document but did not, and whether anyone differed. Flat labels never overlap in the result
of ``majority`` and ``annotator``; ``union-review`` keeps everything anyone marked, disputed
spans flagged, for a reviewer to resolve.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from annotate.errors import InputError
from annotate.models import Span, sort_spans
from annotate.schema import OVERLAPPING_LABELS
from annotate.store.db import dumps

Versions = Mapping[str, Sequence[Span]]
Strategy = Callable[..., list[Span]]


def layer(label: str) -> str:
    """Return the layer a label lives in: ``flat``, or its own name for labels that may overlap."""
    return label if label in OVERLAPPING_LABELS else "flat"


def _marks(versions: Versions) -> dict[tuple[int, int, str], dict[str, Span]]:
    out: dict[tuple[int, int, str], dict[str, Span]] = {}
    for annotator, spans in versions.items():
        for s in spans:
            out.setdefault(s.key, {}).setdefault(annotator, s)
    return out


def _gold_span(strategy: str, versions: Versions, by: dict[str, Span]) -> Span:
    """Return the span marked by ``by`` with provenance; attrs are the most common among them."""
    agreed = sorted(by)
    differed = sorted(set(versions) - set(by))

    def clean(s: Span) -> dict[str, Any]:
        return {k: v for k, v in s.attrs.items() if k not in ("provenance", "score", "origin")}

    counts = Counter(dumps(clean(s)) for s in by.values())
    best = counts.most_common(1)[0][0]
    first = next(s for a in agreed if dumps(clean(s := by[a])) == best)
    provenance = {"strategy": strategy, "agreed": agreed, "differed": differed, "disputed": bool(differed)}
    return first.model_copy(update={"attrs": {**clean(first), "provenance": provenance}})


def _without_flat_overlaps(candidates: list[tuple[tuple[Any, ...], Span]]) -> list[Span]:
    """Keep candidates in priority order, skipping a flat span that overlaps one already kept."""
    kept: list[Span] = []
    for _, span in sorted(candidates, key=lambda c: c[0]):
        if layer(span.label) == "flat" and any(
            layer(k.label) == "flat" and k.overlaps(span) for k in kept
        ):
            continue
        kept.append(span)
    return sort_spans(kept)


def majority(versions: Versions, *, min_agree: int | None = None, **_: Any) -> list[Span]:
    """Return spans at least ``min_agree`` annotators marked alike (default: more than half of them).

    When two such flat spans overlap, the one more annotators agree on wins (then the longer).
    """
    n = len(versions)
    need = min_agree if min_agree is not None else n // 2 + 1
    if need < 1:
        raise InputError(f"--min-agree must be at least 1, not {need}")
    candidates = []
    for key, by in _marks(versions).items():
        if len(by) >= need:
            span = _gold_span("majority", versions, by)
            candidates.append(((-len(by), -(key[1] - key[0]), key), span))
    return _without_flat_overlaps(candidates)


def annotator(versions: Versions, *, trusted: str | None = None, **_: Any) -> list[Span]:
    """Return the trusted annotator's spans, plus spans every other annotator marked alike in its gaps.

    A gap is where the trusted annotator marked nothing in that layer; if the trusted annotator
    did not annotate the document at all, the whole document is a gap.
    """
    if not trusted:
        raise InputError("strategy annotator:NAME needs the trusted annotator's name")
    name = f"annotator:{trusted}"
    marks = _marks(versions)
    mine = list(versions.get(trusted, ()))
    others = [a for a in versions if a != trusted]
    candidates = [((0, s.start, s.key), _gold_span(name, versions, marks[s.key])) for s in mine]
    if others:
        for key, by in marks.items():
            if trusted in by or any(o not in by for o in others):
                continue
            span = next(iter(by.values()))
            if any(layer(m.label) == layer(span.label) and m.overlaps(span) for m in mine):
                continue
            candidates.append(((1, -(key[1] - key[0]), key), _gold_span(name, versions, by)))
    return _without_flat_overlaps(candidates)


def union_review(versions: Versions, **_: Any) -> list[Span]:
    """Return every span anyone marked; those not marked alike by everyone are flagged disputed."""
    return sort_spans(_gold_span("union-review", versions, by) for by in _marks(versions).values())


STRATEGIES: dict[str, Strategy] = {
    "majority": majority,
    "annotator": annotator,
    "union-review": union_review,
}


def parse_strategy(spec: str) -> tuple[str, Strategy, dict[str, Any]]:
    """Parse ``majority``, ``annotator:NAME`` or ``union-review`` into (source name, function, options)."""
    name, _, arg = spec.partition(":")
    if name not in STRATEGIES:
        raise InputError(f"unknown strategy {spec!r}; use majority, annotator:NAME or union-review")
    if name == "annotator":
        if not arg:
            raise InputError("strategy annotator:NAME needs the trusted annotator's name")
        return f"annotator:{arg}", STRATEGIES[name], {"trusted": arg}
    if arg:
        raise InputError(f"strategy {name} takes no argument (got {spec!r})")
    return name, STRATEGIES[name], {}
