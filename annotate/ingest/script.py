"""Tell simplified from traditional Chinese with OpenCC, counting characters each conversion changes."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import opencc

from annotate.models import Script

_CJK_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
_lock = threading.Lock()


@lru_cache(maxsize=4)
def converter(config: str) -> opencc.OpenCC:
    """Return a shared OpenCC converter for ``config`` (``t2s``, ``s2t``)."""
    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """Convert ``text`` with OpenCC (thread-safe)."""
    with _lock:
        return converter(config).convert(text)


def _changed(a: str, b: str) -> int:
    if len(a) != len(b):
        return abs(len(a) - len(b)) + sum(1 for x, y in zip(a, b, strict=False) if x != y)
    return sum(1 for x, y in zip(a, b, strict=False) if x != y)


def detect_script(text: str, sample: int = 4000) -> Script:
    """Return ``zh-Hant`` if traditional characters dominate, ``zh-Hans`` if simplified, else ``unknown``.

    Only the first ``sample`` CJK characters are looked at: enough to decide, bounded cost.
    """
    cjk = "".join(_CJK_RUN.findall(text))[:sample]
    if not cjk:
        return "unknown"
    traditional = _changed(cjk, convert(cjk, "t2s"))  # characters that are traditional-only
    simplified = _changed(cjk, convert(cjk, "s2t"))  # characters that are simplified-only
    if traditional == 0 and simplified == 0:
        return "zh-Hans"  # characters shared by both scripts: store as simplified
    return "zh-Hant" if traditional > simplified else "zh-Hans"
