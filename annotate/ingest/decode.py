"""Decode file bytes: UTF-8 (with or without BOM), GB18030/GBK or Big5, chosen by evidence.

Legacy Chinese codecs overlap (most Big5 byte pairs are also valid GBK), so when more
than one decodes strictly we pick the decoding whose CJK characters are most often among
the common characters of either script: GB2312 level 1 (3,755 characters) and Big5 level 1
(5,401 characters), both read from Python's own codecs, no data file needed.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from functools import lru_cache

from annotate.errors import InputError

CANDIDATES = ("gb18030", "big5")
_CJK = re.compile(r"[\u3400-\u9fff]")
_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Return the common characters of simplified (GB2312 L1) and traditional (Big5 L1) Chinese."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: rows 16-55
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for lead in range(0xA4, 0xC7):  # Big5 level 1: A440-C67E
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("big5"))
    return frozenset(chars)


def commonness(text: str) -> float:
    """Return the share of CJK characters in ``text`` that are common characters (0 when none)."""
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.0
    common = common_characters()
    return sum(1 for c in cjk if c in common) / len(cjk)


def looks_binary(data: bytes) -> bool:
    """Return whether ``data`` looks like a binary file: NUL bytes or many control bytes."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    return len(_BINARY_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a file's bytes; raise ``InputError`` naming ``name``.

    A file that is empty, binary, or decodes as none of UTF-8, GB18030 and Big5 is an error.
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: has a UTF-8 BOM but is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name}: UTF-16 text is not supported; save it as UTF-8")
    if looks_binary(data):
        raise InputError(f"{name}: binary file (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: list[tuple[float, str, str]] = []
    for encoding in CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded.append((commonness(text), encoding, text))
    if not decoded:
        raise InputError(f"{name}: not UTF-8, GB18030/GBK or Big5 text (undecodable bytes)")
    score, encoding, text = max(decoded, key=lambda item: item[0])
    if score < 0.5:
        raise InputError(
            f"{name}: not UTF-8 and no Chinese codec gives plausible text "
            f"(best {encoding}: {score:.0%} common characters)"
        )
    return text, encoding
