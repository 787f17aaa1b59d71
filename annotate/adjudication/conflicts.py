"""Find every disputed region of a document: where the annotators' versions differ.

A region is a maximal stretch of one layer (the flat labels, or ACTION) in which spans of
any annotator overlap each other in a chain. It is disputed unless every annotator of the
document marked exactly the same spans in it. What differs is named: ``label``
(different labels in the region), ``boundaries`` (different extents), ``missing``
(marked by some annotators, not by others). Offsets are code points of the document text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from annotate.adjudication.strategies import layer
from annotate.models import Span

CONTEXT = 20  # characters of context on each side


class Conflict(BaseModel):
    """One disputed region and each annotator's spans in it (``[start, end, label, text]``)."""

    document_id: str
    layer: str
    start: int
    end: int
    kinds: list[str]
    versions: dict[str, list[tuple[int, int, str, str]]]
    missing: list[str]
    context: str


def context(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    """Return the region in 【】 with ``width`` characters either side (… where cut)."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    return (
        ("…" if left > 0 else "") + text[left:start] + "【" + text[start:end] + "】"
        + text[end:right] + ("…" if right < len(text) else "")
    )


def _regions(marked: list[tuple[Span, str]]) -> list[list[tuple[Span, str]]]:
    marked.sort(key=lambda m: (m[0].start, m[0].end))
    regions: list[list[tuple[Span, str]]] = []
    reach = -1
    for item in marked:
        if not regions or item[0].start >= reach:
            regions.append([])
            reach = item[0].end
        regions[-1].append(item)
        reach = max(reach, item[0].end)
    return regions


def find_conflicts(document_id: str, text: str, versions: Mapping[str, Sequence[Span]]) -> list[Conflict]:
    """Return the disputed regions of one document, in text order, layer by layer."""
    annotators = sorted(versions)
    by_layer: dict[str, list[tuple[Span, str]]] = {}
    for name in annotators:
        for s in versions[name]:
            by_layer.setdefault(layer(s.label), []).append((s, name))
    out: list[Conflict] = []
    for lay, marked in sorted(by_layer.items()):
        for region in _regions(marked):
            keys = {name: {s.key for s, who in region if who == name} for name in annotators}
            if len({frozenset(k) for k in keys.values()}) == 1:
                continue
            kinds = []
            missing = [name for name in annotators if not keys[name]]
            if missing:
                kinds.append("missing")
            extents = {(s.start, s.end) for s, _ in region}
            if len({s.label for s, _ in region}) > 1:
                kinds.append("label")
            if len(extents) > 1:
                kinds.append("boundaries")
            start = min(s.start for s, _ in region)
            end = max(s.end for s, _ in region)
            out.append(
                Conflict(
                    document_id=document_id, layer=lay, start=start, end=end, kinds=kinds,
                    versions={
                        name: sorted((s.start, s.end, s.label, s.text) for s, who in region if who == name)
                        for name in annotators
                    },
                    missing=missing,
                    context=context(text, start, end),
                )
            )
    out.sort(key=lambda c: (c.start, c.layer))
    return out
