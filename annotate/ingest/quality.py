"""Find damage in a document's text: replacement characters, control characters, mojibake.

Flags carry the count and the code-point offset of the first occurrence. The document is
stored either way; extractors must cope with whatever is flagged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from annotate.ingest.decode import common_characters
from annotate.models import QualityFlag

_REPLACEMENT = re.compile("\ufffd+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as Latin-1/CP1252, and the classic GBK artefacts of lost bytes.
_LATIN_MOJIBAKE = re.compile(
    "(?:[\u00c2-\u00c3][\u0080-\u00bf]|\u00e2\u20ac[\u0080-\u00bf\u2122\u0153\u0161\u017e\u201c\u201d\u2018\u2019]"
    "|[\u00e4-\u00e9][\u0080-\u00bf\u0152-\u2122]{2})+"
)
_GBK_ARTEFACTS = re.compile("(?:锟斤拷|烫烫烫|屯屯屯)+")
_WINDOW = 6  # three uncommon characters within this many are taken as mojibake


@lru_cache(maxsize=1)
def _uncommon_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    common = common_characters()
    uncommon = "".join(
        chr(c) for c in range(0x3400, 0xA000) if chr(c) not in common
    ) + "\ue000-\uf8ff"
    unc = f"[{uncommon}]"
    cjk = "[\u3400-\u9fff]"
    single = re.compile(unc)
    # a stray "?" or ASCII letter stuck to an uncommon character: ?!卑瑢W峰
    stray = re.compile(f"[?][!?]?(?:{cjk})?{unc}|{unc}[?]|{unc}[A-Za-z]{cjk}|{cjk}[A-Za-z]{unc}")
    return single, stray


def _mojibake(text: str) -> tuple[int, int, str] | None:
    """Return ``(count, first, sample)`` of mojibake runs, or ``None``."""
    single, stray = _uncommon_patterns()
    hits: list[tuple[int, int]] = []
    for pattern in (_LATIN_MOJIBAKE, _GBK_ARTEFACTS, stray):
        hits.extend(m.span() for m in pattern.finditer(text))
    positions = [m.start() for m in single.finditer(text)]
    for i in range(len(positions) - 2):
        if positions[i + 2] - positions[i] < _WINDOW:
            hits.append((positions[i], positions[i + 2] + 1))
    if not hits:
        return None
    hits.sort()
    runs: list[tuple[int, int]] = []
    for start, end in hits:
        if runs and start <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    first_start, first_end = runs[0]
    sample = text[max(0, first_start - 2) : min(len(text), first_end + 2)]
    return len(runs), first_start, sample


def quality_flags(text: str) -> list[QualityFlag]:
    """Return the quality flags of ``text`` (empty when it looks clean)."""
    flags: list[QualityFlag] = []
    if not text.strip():
        return [QualityFlag(kind="empty", count=1, first=0)]
    checks: tuple[tuple[Literal["replacement_char", "control_char"], re.Pattern[str]], ...] = (
        ("replacement_char", _REPLACEMENT),
        ("control_char", _CONTROL),
    )
    for kind, pattern in checks:
        found = [m.start() for m in pattern.finditer(text)]
        if found:
            first = found[0]
            flags.append(
                QualityFlag(kind=kind, count=len(found), first=first, sample=text[max(0, first - 3) : first + 4])
            )
    moji = _mojibake(text)
    if moji:
        count, first, sample = moji
        flags.append(QualityFlag(kind="mojibake", count=count, first=first, sample=sample))
    return flags
