"""Convert traditional Chinese to simplified with OpenCC and map offsets back to the original.

Offsets are code points. OpenCC's ``t2s`` keeps the length in every dictionary entry it
ships today, so the alignment is normally the identity; if a conversion ever changes the
length, ``Alignment.build`` aligns line by line with difflib so that every span found in
the converted text maps back to the original characters it came from.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")


class _T2S:
    """The OpenCC t2s converter of this process (created on first use; forked workers inherit it)."""

    converter: Any = None

    @classmethod
    def convert(cls, text: str) -> str:
        if cls.converter is None:
            import opencc

            cls.converter = opencc.OpenCC("t2s")
        return cls.converter.convert(text)  # type: ignore[no-any-return]


def t2s(text: str) -> str:
    """Return ``text`` converted to simplified Chinese; unchanged if OpenCC cannot read it."""
    try:
        return _T2S.convert(text)
    except (UnicodeError, RuntimeError, ValueError):  # lone surrogates: OpenCC needs UTF-8
        try:  # one code point for one, so offsets do not move
            return _T2S.convert(_SURROGATE.sub("\ufffd", text))
        except (UnicodeError, RuntimeError, ValueError) as exc:
            log.debug("OpenCC could not convert the text: %s", exc)
            return text


class Alignment:
    """Map offsets in a converted text back to the original text.

    ``None`` table means identity (same length, character for character). Otherwise
    ``table[i]`` is the original offset of converted offset ``i`` (``len + 1`` entries).
    """

    def __init__(self, original: str, converted: str, table: list[int] | None = None) -> None:
        self.original = original
        self.converted = converted
        self.table = table

    @classmethod
    def build(cls, original: str, converted: str, convert: Callable[[str], str] | None = None) -> Alignment:
        """Align ``converted`` to ``original``; per line with difflib when lengths differ."""
        if len(original) == len(converted):
            return cls(original, converted)
        convert = convert or t2s
        table: list[int] = []
        conv_parts: list[str] = []
        offset = 0
        for line in original.splitlines(keepends=True):
            conv = convert(line)
            conv_parts.append(conv)
            if len(conv) == len(line):
                table.extend(range(offset, offset + len(line)))
            else:
                table.extend(_align_block(line, conv, offset))
            offset += len(line)
        table.append(offset)
        return cls(original, "".join(conv_parts), table)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original ``[start, end)`` of converted ``[start, end)``."""
        if self.table is None:
            return start, end
        table = self.table
        ostart, oend = table[start], table[end]
        if oend <= ostart:  # one original character became several converted ones
            oend = min(ostart + 1, len(self.original))
        return ostart, max(oend, ostart + 1)


def _align_block(original: str, converted: str, offset: int) -> list[int]:
    """Return, for each converted character, its original offset (difflib opcodes)."""
    out: list[int] = []
    matcher = difflib.SequenceMatcher(None, original, converted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(range(offset + i1, offset + i2))
        elif j2 > j1:  # replace or insert: spread the converted characters over the original ones
            width = max(i2 - i1, 1)
            n = j2 - j1
            out.extend(offset + min(i1 + (k * width) // n, max(i2 - 1, i1)) for k in range(n))
    return out
