"""Encode spans as character-level BIO/BIOES tags and back; split text into sentences.

Every offset is a code-point index into the document text and every tag belongs to one
character (one token per character). Sentences end after 。！？ (with any closing quotes
or brackets right after them) or a line break, but never inside a span, so a span is
always whole in one sentence. Spans that may overlap (ACTION) are spread over extra tag
layers so that nothing is lost: each layer holds non-overlapping spans only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Literal

from annotate.models import Span
from annotate.schema import OVERLAPPING_LABELS

Scheme = Literal["BIO", "BIOES"]
SCHEMES: tuple[str, ...] = ("BIO", "BIOES")

SENTENCE_ENDS = frozenset("。！？!?")
LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85")
CLOSERS = frozenset("”’」』）)》】〕\"'")

FLAT_LAYER = "ner"
ACTION_LAYER = "action"


def tag_names(labels: Sequence[str], scheme: Scheme = "BIO") -> list[str]:
    """Return every tag of ``labels`` under ``scheme``, ``O`` first (the integer ids of exports)."""
    prefixes = "BI" if scheme == "BIO" else "BIES"
    return ["O", *(f"{p}-{label}" for label in labels for p in prefixes)]


def encode(length: int, spans: Iterable[tuple[int, int, str]], scheme: Scheme = "BIO") -> list[str]:
    """Return one tag per character of a text of ``length`` characters.

    ``spans`` are ``(start, end, label)`` half-open code-point extents that must not
    overlap; an overlap or an extent outside the text raises ``ValueError``.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tag scheme {scheme!r}; use BIO or BIOES")
    tags = ["O"] * length
    reached = 0
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= length:
            raise ValueError(f"{label} [{start}, {end}) outside a text of {length} characters")
        if start < reached:
            raise ValueError(f"{label} [{start}, {end}) overlaps another span in the same layer")
        reached = end
        if scheme == "BIOES" and end - start == 1:
            tags[start] = f"S-{label}"
            continue
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
        if scheme == "BIOES":
            tags[end - 1] = f"E-{label}"
    return tags


def decode(tags: Sequence[str], scheme: Scheme = "BIO", offset: int = 0) -> list[tuple[int, int, str]]:
    """Return the ``(start, end, label)`` spans of a tag sequence, ``offset`` added to each.

    Lenient like conlleval: an ``I-``/``E-`` tag that does not continue a span of the
    same label starts one. Unknown prefixes raise ``ValueError``.
    """
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate(tags):
        if tag == "O":
            if start is not None:
                spans.append((offset + start, offset + i, label))
                start = None
            continue
        prefix, sep, name = tag.partition("-")
        if not sep or prefix not in ("B", "I", "E", "S") or (scheme == "BIO" and prefix in "ES"):
            raise ValueError(f"tag {tag!r} at position {i} is not a {scheme} tag")
        continues = start is not None and name == label and prefix in ("I", "E")
        if not continues:
            if start is not None:
                spans.append((offset + start, offset + i, label))
            start, label = i, name
        if prefix in ("E", "S"):
            spans.append((offset + start, offset + i + 1, label))  # type: ignore[operator]
            start = None
    if start is not None:
        spans.append((offset + start, offset + len(tags), label))
    return spans


_BREAK = re.compile(
    "[" + re.escape("".join(sorted(SENTENCE_ENDS))) + "]"
    + "[" + re.escape("".join(sorted(SENTENCE_ENDS | CLOSERS))) + "]*"
    + "[" + re.escape("".join(sorted(LINE_BREAKS))) + "]*"
    + "|[" + re.escape("".join(sorted(LINE_BREAKS))) + "]+"
)


def sentence_bounds(text: str, spans: Iterable[Span | tuple[int, int, str]] = ()) -> list[tuple[int, int]]:
    """Return ``[start, end)`` of each sentence; together they cover ``text`` exactly.

    A sentence ends after 。！？ (plus closing quotes or brackets that follow) or after a
    line break, taking any further line breaks with it. Where a span covers that
    position the cut moves back towards the terminator, and is dropped if no position
    between the terminator and its followers is free.
    """
    n = len(text)
    if n == 0:
        return []
    extents = sorted((s.start, s.end) if isinstance(s, Span) else (s[0], s[1]) for s in spans)
    starts = [a for a, _ in extents]
    reach: list[int] = []  # reach[k]: furthest end among the first k + 1 spans by start
    furthest = 0
    for _, end in extents:
        furthest = max(furthest, end)
        reach.append(furthest)

    def blocked(pos: int) -> bool:  # some span has start < pos < end
        k = bisect_left(starts, pos)
        return k > 0 and reach[k - 1] > pos

    bounds: list[tuple[int, int]] = []
    begin = 0
    for m in _BREAK.finditer(text):
        i, cut = m.start(), m.end()
        while cut > i and blocked(cut):
            cut -= 1
        if i < cut < n and cut > begin:
            bounds.append((begin, cut))
            begin = cut
    bounds.append((begin, n))
    return bounds


def layers(spans: Iterable[Span], document: str = "") -> dict[str, list[Span]]:
    """Spread spans over tag layers: flat labels in ``ner``, ACTION in ``action``, ``action2``...

    Flat labels must not overlap each other (``ValueError`` naming ``document``);
    overlapping ACTION spans go to the first action layer where they fit.
    """
    flat: list[Span] = []
    action_layers: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.label)):
        if span.label in OVERLAPPING_LABELS:
            for layer in action_layers:
                if layer[-1].end <= span.start:
                    layer.append(span)
                    break
            else:
                action_layers.append([span])
            continue
        if flat and flat[-1].end > span.start:
            prev = flat[-1]
            raise ValueError(
                f"document {document}: {prev.label} [{prev.start}, {prev.end}) overlaps "
                f"{span.label} [{span.start}, {span.end}); only ACTION may overlap"
            )
        flat.append(span)
    out = {FLAT_LAYER: flat}
    for n, layer in enumerate(action_layers, start=1):
        out[layer_name(n)] = layer
    return out


def layer_name(n: int) -> str:
    """Return the name of the ``n``-th (1-based) action layer: ``action``, ``action2``, ..."""
    return ACTION_LAYER if n == 1 else f"{ACTION_LAYER}{n}"


def layer_names(action_layers: int) -> list[str]:
    """Return the layer names for a corpus with ``action_layers`` action layers (zero: none)."""
    return [FLAT_LAYER, *(layer_name(n) for n in range(1, action_layers + 1))]
