"""Parse numbers as written in Chinese news into floats.

Handles Arabic digits with decimals and thousands separators, full-width digits
(１２３．４), Chinese numerals (一千二百三十四, 两, 十五, 一点九九七, digit strings such as
二○三五), magnitudes (万, 亿, 万亿, 千, 百 and traditional 萬, 億), fractions (1/5, 三分之一)
and 成 (七成 = 70%).

``fold`` is the one normalisation used by the extractors: a character-for-character
mapping (the result has the same length, so offsets into it are offsets into the
original text) from full-width and traditional forms to the ASCII/simplified forms the
patterns are written in.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from annotate.extract.units import MAGNITUDES

# A figure or date found in folded text: (start, end, label, attrs); offsets equal the original's.
Candidate = tuple[int, int, str, dict[str, Any]]

# --- folding -----------------------------------------------------------------------------

# Full-width digits and letters and the punctuation numbers use (．％－～／); not the
# full-width comma (the sentence comma, never a thousands separator) nor （）：, which
# the patterns accept as they are.
_FULLWIDTH = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ．％－～／"
_FOLD: dict[int, str] = {ord(ch): chr(ord(ch) - 0xFEE0) for ch in _FULLWIDTH}
_FOLD.update({ord(k): v for k, v in {"\u2212": "-", "\ufe63": "-", "\ufe6a": "%"}.items()})
#: Range separators as the patterns accept them (dashes are common in prose, so they are
#: matched as they are rather than folded): 1-2个, 3~5, 2016—2020年, 3至5亿美元.
DASHES = "-~\u2012\u2013\u2014\u301c\u223c"
_TRAD = (
    "億亿 萬万 兩两 點点 個个 臺台 檯台 噸吨 畝亩 輛辆 項项 場场 條条 隻只 張张 間间 層层 塊块 "
    "歐欧 鎊镑 韓韩 幣币 時时 約约 過过 於于 餘余 頃顷 戶户 種种 歲岁 週周 鐘钟 裡里 筆笔 棟栋 "
    "顆颗 雙双 對对 門门 輪轮 類类 號号 圓元 幾几 數数 處处 釐厘 盧卢 銖铢 標标 準准"
)
_FOLD.update({ord(pair[0]): pair[1] for pair in _TRAD.split()})
_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")


def fold(text: str) -> str:
    """Return ``text`` with full-width and traditional number/unit characters folded.

    The result has exactly the same length as ``text`` (one character for one), so every
    offset found in the folded text is an offset into ``text``. Text with nothing to fold
    is returned as it is (checked by one fast scan).
    """
    if _NEEDS_FOLD.search(text) is None:
        return text
    return text.translate(_FOLD)


# --- patterns ----------------------------------------------------------------------------

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_DIGIT_CHARS = "".join(CN_DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "十百千万亿"

#: An Arabic number (folded text): thousands separators, decimals. Atomic groups (no
#: backtracking into a number) keep failed matches cheap.
ARABIC = r"(?>(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?)"
#: A Chinese numeral: digits and magnitudes, an optional 点 decimal part. 千 is not taken
#: when it starts a unit (千瓦, 千克, 千米, 千伏).
CHINESE = rf"(?>(?:[{CN_DIGIT_CHARS}十百万亿]|千(?![瓦克米伏卡焦帕]))+(?:点[{CN_DIGIT_CHARS}]+)?)"
#: A magnitude run after an Arabic number (3.5万亿, 3千万); 千/百 not when a unit follows.
MAGNITUDE = r"(?:[十百千]?(?:万亿|亿|万)|千(?![瓦克米伏卡焦帕])|百(?!分))"

_ARABIC_FULL = re.compile(rf"({ARABIC})({MAGNITUDE})?")
_CN_FULL = re.compile(rf"({CHINESE})({MAGNITUDE})?")
_FRACTION = re.compile(r"(.+?)分之(.+)")
_SLASH = re.compile(rf"({ARABIC})/({ARABIC})")
_CHENG = re.compile(rf"([{CN_DIGIT_CHARS}十]+|[0-9]+(?:\.[0-9]+)?)成([{CN_DIGIT_CHARS}半])?")
_MAX_DIGITS = 40


def windowed_matches(
    regex: re.Pattern[str],
    trigger: re.Pattern[str],
    text: str,
    lead: frozenset[str],
    ahead: int,
    pos: int = 0,
    endpos: int | None = None,
) -> list[re.Match[str]]:
    """Return the non-overlapping matches of ``regex`` in ``text[pos:endpos]``, left to right.

    Equivalent to ``regex.finditer(text, pos, endpos)`` for patterns whose every match
    starts at a ``trigger`` match or at most ``_LEAD_BACK`` (4) characters before one, on a
    character of ``lead`` (the first characters of qualifier or relative words), and ends
    at most ``ahead`` characters after the trigger. The cheap ``trigger`` pattern scans the
    text at C speed; the expensive ``regex`` is only tried where a match can start. A
    trigger may be stricter than "any number" (a lookaround that rules out positions where
    no match can be): positions it skips are simply never tried.
    """
    n = len(text) if endpos is None else min(endpos, len(text))
    last_end = pos
    match = regex.match
    isdisjoint = lead.isdisjoint
    out: list[re.Match[str]] = []
    append = out.append
    for t in trigger.finditer(text, pos, n):
        ts, te = t.span()
        if te <= last_end:
            continue
        stop = te + ahead
        m = None
        first = ts - _LEAD_BACK if ts - _LEAD_BACK > last_end else last_end
        if first < ts and not isdisjoint(text[first:ts]):
            for start in range(first, ts):
                if text[start] in lead:
                    m = match(text, start, stop if stop < n else n)
                    if m is not None:
                        break
        if m is None:
            m = match(text, ts, stop if stop < n else n)
        if m is not None and m.end() > m.start():
            last_end = m.end()
            append(m)
    return out


_LEAD_BACK = 4


def magnitude(mag: str | None) -> int:
    """Return the factor of a magnitude run (万 = 1e4, 千万 = 1e7, 万亿 = 1e12; empty = 1)."""
    factor = 1
    for ch in mag or "":
        factor *= MAGNITUDES.get(ch, 1)
    return factor


def _cn_int(s: str) -> int | None:
    """Return the integer a Chinese numeral (no decimal part) stands for, else ``None``."""
    if not s:
        return None
    if not any(ch in "十百千万亿" for ch in s):
        # A digit string: 二○三五 -> 2035, 五 -> 5.
        digits = [CN_DIGITS.get(ch) for ch in s]
        if None in digits:
            return None
        return int("".join(str(d) for d in digits))
    total = section = current = 0
    number: int | None = None
    last_unit = 0
    zero_seen = False
    for ch in s:
        if ch in CN_DIGITS:
            d = CN_DIGITS[ch]
            if d == 0:
                zero_seen = True
                number = None
                continue
            number = d
        elif ch in "十百千":
            unit = MAGNITUDES[ch]
            current += (1 if number is None else number) * unit
            number = None
            last_unit = unit
            zero_seen = False
        elif ch == "万":
            section += (current + (number or 0)) * 10_000 if (current or number) else 10_000
            current, number, last_unit, zero_seen = 0, None, 10_000, False
        elif ch == "亿":
            inner = section + current + (number or 0)
            total = (total + (inner or 1)) * 100_000_000
            section, current, number, last_unit, zero_seen = 0, 0, None, 100_000_000, False
        else:
            return None
    if number is not None:
        # Colloquial trailing digit: 一千五 = 1500, 三万五 = 35000 (not after a 零).
        if last_unit >= 100 and not zero_seen and s[-2] in "百千万亿":
            number *= last_unit // 10
        current += number
    return total + section + current


def _decimal(s: str) -> Decimal | None:
    """Return the exact value of one folded number (Arabic or Chinese, with magnitudes)."""
    s = s.strip()
    if not s or len(s) > _MAX_DIGITS:
        return None
    m = _ARABIC_FULL.fullmatch(s)
    if m:
        try:
            return Decimal(m.group(1).replace(",", "")) * magnitude(m.group(2))
        except InvalidOperation:
            return None
    m = _CN_FULL.fullmatch(s)
    if m:
        body, mag = m.group(1), m.group(2)
        whole, _, frac = body.partition("点")
        if frac:
            if whole and any(ch in "万亿" for ch in whole):
                return None
            head = _cn_int(whole) if whole else 0
            digits = "".join(str(CN_DIGITS[ch]) for ch in frac)
            if head is None:
                return None
            value = Decimal(f"{head}.{digits}")
        else:
            i = _cn_int(whole)
            if i is None:
                return None
            value = Decimal(i)
        return value * magnitude(mag)
    return None


def parse_decimal(s: str) -> Decimal | None:
    """Return the exact value of a number written as in Chinese news, or ``None``.

    Accepts what ``parse_number`` accepts; use it where float rounding matters.
    """
    if not isinstance(s, str):
        return None
    s = fold(s).strip()
    if not s:
        return None
    m = _SLASH.fullmatch(s)
    if m:
        a, b = _decimal(m.group(1)), _decimal(m.group(2))
        return a / b if a is not None and b else None
    m = _FRACTION.fullmatch(s)
    if m:
        den, num = _decimal(m.group(1)), _decimal(m.group(2))
        return num / den if num is not None and den else None
    m = _CHENG.fullmatch(s)
    if m:
        tenths = _decimal(m.group(1))
        if tenths is None:
            return None
        extra = m.group(2)
        if extra == "半":
            tenths += Decimal("0.5")
        elif extra:
            tenths += Decimal(CN_DIGITS[extra]) / 10
        return tenths / 10
    return _decimal(s)


def to_float(value: Decimal | None) -> float | None:
    """Return ``value`` as a finite float, or ``None`` (overflow, NaN, missing)."""
    if value is None:
        return None
    try:
        f = float(value)
    except (OverflowError, ValueError):
        return None
    return f if math.isfinite(f) else None


def parse_number(s: str) -> float | None:
    """Return the value of a number as written in Chinese news, or ``None`` if it is not one.

    ``"1,234.5"`` -> 1234.5, ``"１２３．４"`` -> 123.4, ``"一千二百三十四"`` -> 1234,
    ``"两"`` -> 2, ``"一点九九七亿"`` -> 1.997e8, ``"二○三五"`` -> 2035, ``"6.3万亿"`` -> 6.3e12,
    ``"1/5"`` -> 0.2, ``"三分之一"`` -> 0.333..., ``"七成"`` -> 0.7. Never raises.
    """
    try:
        return to_float(parse_decimal(s))
    except (ArithmeticError, ValueError, KeyError, IndexError):
        return None


def parse_percent(s: str) -> float | None:
    """Return a percentage-like figure in percent: ``"22.4%"`` -> 22.4, ``"1/5"`` -> 20,
    ``"七成"`` -> 70, ``"3‰"`` -> 0.3, ``"百分之二十"`` -> 20. ``None`` if it is not one."""
    if not isinstance(s, str):
        return None
    t = fold(s).strip()
    try:
        if t.endswith("%"):
            return to_float(_decimal(t[:-1]))
        if t.endswith("‰"):
            v = _decimal(t[:-1])
            return to_float(v / 10) if v is not None else None
        v = parse_decimal(t)
        if v is None or not ("/" in t or "分之" in t or "成" in t):
            return None
        return to_float(v * 100)
    except (ArithmeticError, ValueError, KeyError, IndexError):
        return None


def _cn_below_10000(n: int, pad: bool) -> str:
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d:
            if zero or (pad and not out and unit < 1000):
                out.append("零")
            out.append("一二三四五六七八九"[d - 1] + name)
            zero = False
        elif out or pad:
            zero = True
    return "".join(out)


def _cn(n: int, pad: bool) -> str:
    for unit, name in ((100_000_000, "亿"), (10_000, "万")):
        if n >= unit:
            hi, lo = divmod(n, unit)
            head = _cn(hi, pad) + name
            if not lo:
                return head
            return head + ("零" if lo < unit // 10 else "") + _cn(lo, False)
    return _cn_below_10000(n, pad)


def to_chinese(n: int) -> str:
    """Write a non-negative integer in Chinese numerals (12345 -> 一万二千三百四十五)."""
    if n < 0:
        raise ValueError("to_chinese takes a non-negative integer")
    if n == 0:
        return "零"
    text = _cn(n, False)
    return text[1:] if text.startswith("一十") else text
