"""Turn a text and its spans into segments for highlighting, and compare two layers.

Offsets are code points of the stored text. A segment is a maximal run of characters
covered by the same set of spans, so overlapping spans (ACTION over an entity) render
as nested highlights without breaking the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotate.models import Annotation, Span


@dataclass(frozen=True)
class Segment:
    """A run of text ``[start, end)`` with the spans that cover it and its diff marks."""

    start: int
    end: int
    text: str
    spans: tuple[Span, ...] = ()
    only_in: frozenset[str] = field(default_factory=frozenset)  # "a", "b" in diff mode

    @property
    def labels(self) -> list[str]:
        """Return the labels covering this segment, flat labels first, ACTION last."""
        return sorted({s.label for s in self.spans}, key=lambda l: (l == "ACTION", l))


def segments(text: str, spans: Sequence[Span], diff: tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]] | None = None) -> list[Segment]:
    """Split ``text`` at every span boundary; each piece carries the spans covering it.

    With ``diff = (only_a, only_b)`` (span keys), pieces covered by a span that only one
    layer has are marked ``"a"`` or ``"b"``.
    """
    cuts = {0, len(text)}
    for s in spans:
        cuts.update((s.start, s.end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    ordered = sorted(spans, key=lambda s: s.start)
    out: list[Segment] = []
    active: list[Span] = []
    k = 0
    for a, b in zip(bounds, bounds[1:]):
        while k < len(ordered) and ordered[k].start <= a:
            active.append(ordered[k])
            k += 1
        active = [s for s in active if s.end > a]
        covering = tuple(s for s in active if s.start <= a and s.end >= b)
        marks: set[str] = set()
        if diff:
            for s in covering:
                if s.key in diff[0]:
                    marks.add("a")
                if s.key in diff[1]:
                    marks.add("b")
        out.append(Segment(a, b, text[a:b], covering, frozenset(marks)))
    return out


def layer_name(annotation: Annotation) -> str:
    """Return the layer id of an annotation: ``kind:source`` (``gold:majority``, ``annotation:li``)."""
    return f"{annotation.kind}:{annotation.source}"


def diff_layers(a: Iterable[Span], b: Iterable[Span]) -> tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]:
    """Return the span keys only in ``a`` and only in ``b`` (strict: same offsets and label)."""
    ka, kb = {s.key for s in a}, {s.key for s in b}
    return ka - kb, kb - ka
