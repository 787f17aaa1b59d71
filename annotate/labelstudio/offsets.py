"""Convert offsets between our code points and Label Studio's offset unit: the one place that does.

Which unit Label Studio uses depends on its version. Old front ends stored JavaScript
string indices (UTF-16 code units); since Label Studio 1.4 (label-studio-frontend PR #308)
``<Text>`` regions store Unicode code points, and we verified with Label Studio 1.23.2 in
Chromium that pre-annotations are highlighted, and new selections are saved, in code points
(a UTF-16 offset after 𠮷 or an emoji is shown shifted). So the default unit is
``codepoint``; set ``ANNOTATE_LS_OFFSETS=utf16`` for an old server. :func:`ls_index` gives
the converter for the configured unit; everything else calls only that.

A character outside the Basic Multilingual Plane (𠮷, most emoji) is one code point but two
UTF-16 code units, so every such character before an offset shifts the UTF-16 offset by one.

``Utf16Index`` precomputes where those characters are (a C-speed regex scan, once per
text) and answers each conversion by bisection: ``O(log k)`` per offset for ``k`` non-BMP
characters, and a plain identity when the text has none.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from functools import lru_cache
from typing import Literal

from annotate.errors import ConfigError

Unit = Literal["codepoint", "utf16"]
UNITS: tuple[str, ...] = ("codepoint", "utf16")
ENV_UNIT = "ANNOTATE_LS_OFFSETS"
DEFAULT_UNIT: Unit = "codepoint"

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetError(ValueError):
    """An offset outside the text, or a UTF-16 offset inside a surrogate pair."""


class Utf16Index:
    """The positions of a text's non-BMP characters, for fast offset conversion both ways.

    ``astral[k]`` is the code-point index of the k-th non-BMP character and ``units[k]``
    its UTF-16 index (``astral[k] + k``); each occupies ``units[k]`` and ``units[k] + 1``.
    """

    __slots__ = ("astral", "length", "units", "utf16_length")

    def __init__(self, text: str) -> None:
        self.astral: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        self.units: list[int] = [cp + k for k, cp in enumerate(self.astral)]
        self.length = len(text)
        self.utf16_length = self.length + len(self.astral)

    def to_utf16(self, offset: int) -> int:
        """Return the UTF-16 offset of code-point ``offset`` (``0 <= offset <= len(text)``)."""
        if not 0 <= offset <= self.length:
            raise OffsetError(f"code-point offset {offset} outside a text of {self.length} characters")
        if not self.astral:
            return offset
        return offset + bisect_left(self.astral, offset)

    def to_codepoint(self, offset: int) -> int:
        """Return the code-point offset of UTF-16 ``offset``; raise ``OffsetError`` mid-pair."""
        if not 0 <= offset <= self.utf16_length:
            raise OffsetError(
                f"UTF-16 offset {offset} outside a text of {self.utf16_length} UTF-16 code units"
            )
        if not self.units:
            return offset
        k = bisect_left(self.units, offset)  # non-BMP characters starting before offset
        if k and self.units[k - 1] + 1 == offset:
            raise OffsetError(f"UTF-16 offset {offset} falls inside a surrogate pair")
        return offset - k

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """Return ``(start, end)`` in UTF-16 code units for code-point offsets."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoints(self, start: int, end: int) -> tuple[int, int]:
        """Return ``(start, end)`` in code points for UTF-16 offsets (``OffsetError`` when bad)."""
        return self.to_codepoint(start), self.to_codepoint(end)


@lru_cache(maxsize=512)
def index_for(text: str) -> Utf16Index:
    """Return the (cached) ``Utf16Index`` of ``text``."""
    return Utf16Index(text)


def utf16_length(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units."""
    return index_for(text).utf16_length


def to_utf16(text: str, offset: int) -> int:
    """Return the UTF-16 offset of code-point ``offset`` in ``text``."""
    return index_for(text).to_utf16(offset)


def to_codepoint(text: str, offset: int) -> int:
    """Return the code-point offset of UTF-16 ``offset`` in ``text``."""
    return index_for(text).to_codepoint(offset)


class CodepointIndex:
    """The identity converter (Label Studio >= 1.4 counts code points), with the same checks."""

    __slots__ = ("length",)

    def __init__(self, text: str) -> None:
        self.length = len(text)

    def span_to_ls(self, start: int, end: int) -> tuple[int, int]:
        """Return ``(start, end)`` in Label Studio's unit."""
        for offset in (start, end):
            if not 0 <= offset <= self.length:
                raise OffsetError(f"code-point offset {offset} outside a text of {self.length} characters")
        return start, end

    def span_from_ls(self, start: int, end: int) -> tuple[int, int]:
        """Return ``(start, end)`` in code points from Label Studio's unit."""
        for offset in (start, end):
            if not 0 <= offset <= self.length:
                raise OffsetError(f"offset {offset} outside a text of {self.length} characters")
        return start, end


class Utf16LsIndex(Utf16Index):
    """The UTF-16 converter under the names :func:`ls_index` promises."""

    __slots__ = ()

    def span_to_ls(self, start: int, end: int) -> tuple[int, int]:
        """Return ``(start, end)`` in UTF-16 code units."""
        return self.span_to_utf16(start, end)

    def span_from_ls(self, start: int, end: int) -> tuple[int, int]:
        """Return ``(start, end)`` in code points from UTF-16 code units."""
        return self.span_to_codepoints(start, end)


def ls_unit() -> Unit:
    """Return the configured Label Studio offset unit (``$ANNOTATE_LS_OFFSETS``, default code points)."""
    unit = os.environ.get(ENV_UNIT, "").strip().lower() or DEFAULT_UNIT
    if unit not in UNITS:
        raise ConfigError(f"{ENV_UNIT}={unit!r}: expected one of {', '.join(UNITS)}")
    return unit  # type: ignore[return-value]


@lru_cache(maxsize=512)
def _ls_index(text: str, unit: str) -> CodepointIndex | Utf16LsIndex:
    return Utf16LsIndex(text) if unit == "utf16" else CodepointIndex(text)


def ls_index(text: str, unit: Unit | None = None) -> CodepointIndex | Utf16LsIndex:
    """Return the converter between code points and Label Studio offsets for ``text``."""
    return _ls_index(text, unit or ls_unit())
