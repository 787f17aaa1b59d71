"""Extract MONEY, PERCENT and QUANTITY figures with normalised values.

``extract_figures(text)`` returns spans whose offsets are code points of ``text``. Each
span's attrs: ``value`` (a float in base units: 6.3万亿元 -> 6.3e12, 22.4% -> 22.4,
1.997亿吨 -> 1.997e8), ``unit`` (ISO currency code for MONEY; ``%`` or ``pp`` for PERCENT;
the unit or classifier for QUANTITY), ``qualifier`` when written (approx, over, at_least,
under, at_most), ``low``/``high`` for ranges (a range's ``value`` is its ``low``), and
``score`` (confidence in [0, 1]).

Qualifiers adjacent to the figure are inside the span (超3800亿元, 1亿美元以上, 100多个);
growth words are not (同比增长[22.4%]). 以上/及以上 are ``at_least`` and 以下/以内
``at_most`` (Chinese usage includes the number itself). A bare number without unit or
classifier is not a figure, and neither is a year (2021年 is a DATE); exceptions: a bare
number listed before a percentage shares its unit (分别高[0.7]、[1.4个百分点]), and a
magnitude without digits is a figure with a qualifier or as money (逾千家, 突破万亿元).
Neighbouring Chinese digits are a rough range (三四家: low 3, high 4, approx). Ordinals
(第131届), slogans in quotes (“四个梧州”) and a lone 一 (一个缩影) are not figures. Figures and dates are found in one scan
(``numeric_scan.scan``) so that a DATE never overlaps a figure; the pipeline may call
``extract_figures`` and ``extract_dates`` on the same text and pay for one scan.

The patterns run once over a folded copy of the text (``numbers.fold``: same length,
full-width and traditional forms mapped), so simplified, traditional and full-width
writing all match. Never raises.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from annotate.extract.numbers import (
    ARABIC,
    CHINESE,
    CN_DIGIT_CHARS,
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    DASHES,
    MAGNITUDE,
    Candidate,
    magnitude,
    parse_decimal,
    to_float,
    windowed_matches,
)
from annotate.extract.units import (
    BRACKETABLE,
    CN_STOP_PHRASES,
    CURRENCIES,
    INFIX_QUALIFIERS,
    PERCENT_UNITS,
    PREFIX_QUALIFIERS,
    QUANTITY_UNITS,
    SUFFIX_QUALIFIERS,
    UNIT_NOT_BEFORE,
)
from annotate.models import Span

log = logging.getLogger(__name__)



def _alternation(words: list[str]) -> str:
    """Return a pattern matching any of ``words``, longest first, each with its guard.

    Words are grouped by their first character (one branch per character, the longest
    word first inside it), which matches exactly what the flat longest-first alternation
    matches but lets the engine skip a whole group on one character comparison.
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        guard = ""
        if w in UNIT_NOT_BEFORE:
            guard = f"(?![{UNIT_NOT_BEFORE[w]}])"
        elif w.isascii():
            guard = "(?![A-Za-z])"
        groups.setdefault(w[0], []).append(re.escape(w[1:]) + guard)
    branches = [
        re.escape(first) + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")")
        for first, rest in sorted(groups.items())
    ]
    first = "".join(re.escape(ch) for ch in sorted(groups))
    return f"(?=[{first}])(?:" + "|".join(branches) + ")"


_UNIT_WORDS = [*CURRENCIES, *PERCENT_UNITS, *QUANTITY_UNITS, "个多月"]
UNITS = _alternation(_UNIT_WORDS)
_UNIT_MAX = max(map(len, _UNIT_WORDS))
# 近 and 约 only as qualifiers, not inside 最近, 接近, 节约, 合约 ...
_PRE = "(?=[" + "".join(sorted({w[0] for w in PREFIX_QUALIFIERS})) + "])(?:" + "|".join(
    [re.escape(w) for w in sorted(PREFIX_QUALIFIERS, key=len, reverse=True) if w not in ("近", "约")]
    + [r"近(?<![最接附亲靠邻将]近)", r"约(?<![节制合签预邀条公规相契特履违]约)"]
) + ")"
_SUF = r"(?:及以上|以上|左右|上下(?![游班级])|前后(?![端台])|及以下|以下|以内)"
_SEP = f"[{DASHES}至到]"
# A number: Arabic (with its magnitude) or a Chinese numeral holding at least one digit.
_CN_WITH_DIGIT = rf"(?=[十百千万亿]*[{CN_DIGIT_CHARS}十]){CHINESE}"
_NUM = rf"(?>(?:(?<![0-9A-Za-z.])(?<!第){ARABIC}|(?<![{CN_NUMERAL_CHARS}点第数几]){_CN_WITH_DIGIT}){MAGNITUDE}?)"
_NUM_B = rf"(?>(?:{ARABIC}|{_CN_WITH_DIGIT}){MAGNITUDE}?)"
_BRACKET = r"[(（](?:" + "|".join(BRACKETABLE) + r")[)）]"

FIGURE_RE = re.compile(
    rf"""
    (?P<fig>
        (?P<pre>{_PRE})?
        (?P<neg>-(?<![0-9A-Za-z.%]-)(?=[0-9]))?
        (?P<a>{_NUM})(?P<ai>[多余])?(?P<am>{MAGNITUDE})?
        (?:(?=[\s\S]{{0,{_UNIT_MAX}}}{_SEP})(?P<au>{UNITS})?(?P<sep>{_SEP})(?P<b>{_NUM_B})(?P<bi>[多余])?(?P<bm>{MAGNITUDE})?)?
        (?P<unit>{UNITS})(?P<br>{_BRACKET})?
        (?P<suf>{_SUF})?
    )
    |(?P<frac>
        (?P<fpre>{_PRE})?
        (?<![{CN_NUMERAL_CHARS}])(?P<fden>[{CN_NUMERAL_CHARS}]+|[0-9]+)分之(?P<fnum>{CHINESE}|{ARABIC})
        (?P<fsuf>{_SUF})?
    )
    |(?P<slash>
        (?P<spre>{_PRE})?
        (?<![0-9./A-Za-z])(?P<sa>[0-9]{{1,3}})/(?P<sb>[0-9]{{1,3}})(?![0-9./A-Za-z年月日号])
    )
    |(?P<magonly>
        (?P<mpre>{_PRE})?
        (?<![0-9.{CN_NUMERAL_CHARS}几数上成])(?P<mm>万亿|千亿|百亿|千万|百万|亿|万|千|百)(?P<mi>[余多])?(?P<mu>{UNITS})
        (?P<msuf>{_SUF})?
    )
    """,
    re.VERBOSE,
)

_ROUGH = re.compile(r"([一二两三四五六七八九])([二三四五六七八九])([十百千万亿]*)")
# A Chinese numeral that is a digit string (二〇三五, 一二〇) or has two digits in a row
# that are not a rough range is a year, a code or a name, not a count.
_DIGIT_STRING = re.compile(f"[{CN_DIGIT_CHARS}]{{2,}}")
_DIGITS_IN_A_ROW = re.compile("[一二两三四五六七八九]{2}")
_BIG_MAG_TAIL = re.compile(r"[十百千]?(?:万亿|亿|万)$")
# Every figure holds a number (a lone 一 is an article, never a figure on its own); the
# full pattern only runs at runs of these characters, starting on the run or on a
# ``_LEAD`` character (a qualifier word or a minus sign) at most 4 characters before it.
_N = f"0-9{CN_NUMERAL_CHARS}"
_LEAD = frozenset(w[0] for w in PREFIX_QUALIFIERS) | {"-"}
# A figure that starts on a lead character starts with a whole qualifier word (or "-"),
# which lies before the run: seen from just after the run's first character, it ends 1 to
# 5 - len(word) characters back.
_LEAD_BEFORE = "|".join(
    f"(?<=(?:{'|'.join(re.escape(w) for w in words)})[\\s\\S]{{{k}}})"
    for n in (1, 2, 3)
    for words in [sorted(w for w in [*PREFIX_QUALIFIERS, "-"] if len(w) == n)]
    for k in range(1, 6 - n)
)
# A run of ASCII digits that nothing a figure needs follows (decimal or thousands mark,
# magnitude, 多/余, range separator, 分之, /, or a unit) cannot start a figure (2021年, 9月,
# 23日, 第3届): unless a lead is near, the trigger skips it.
_GOES_ON = rf"(?>[0-9]*)(?:[{DASHES},./多余至到分点{CN_NUMERAL_CHARS}]|{UNITS})"
# The first character is consumed first so that the scan skips to digits at C speed; the
# run is then the one the patterns expect: no 一 alone, but 一 before a number, 点, 倍, 成
# or a range.
_TRIGGER = re.compile(
    rf"[{_N}](?:(?<![0-9])|(?={_GOES_ON})|{_LEAD_BEFORE})"
    rf"(?:(?<!一)|(?<=一)[-点倍成至到{_N}])[{_N}]*"
)
_ASCII_DIGITS = frozenset("0123456789")
_SCORE_ARABIC = 0.95
_SCORE_CHINESE = 0.7
_SCORE_WEAK = 0.6
_CLOSING_QUOTES = frozenset("”\"’'》」』")
_OPENING_QUOTES = frozenset("“\"‘'《「『")
_DURATIONS = frozenset({"天", "小时", "分钟", "秒", "周", "个月", "岁"})


@lru_cache(maxsize=8192)
def _dec_cached(s: str) -> Decimal | None:
    return parse_decimal(s)


def _dec(s: str | None) -> Decimal | None:
    """Return the exact value of a folded number string (cached: numbers repeat)."""
    return _dec_cached(s) if s else None


_PERCENT_FACTORS = {u: (name, Decimal(str(f))) for u, (name, f) in PERCENT_UNITS.items()}


def _qualifier(*words: str | None) -> str | None:
    for w in words:
        if w:
            q = PREFIX_QUALIFIERS.get(w) or SUFFIX_QUALIFIERS.get(w) or INFIX_QUALIFIERS.get(w)
            if q:
                return q
    return None


def _unit_attrs(unit: str, value: Decimal) -> tuple[str, str, Decimal] | None:
    """Return (label, unit attr, value in that unit) for a written unit."""
    if unit in CURRENCIES:
        return "MONEY", CURRENCIES[unit], value
    if unit in _PERCENT_FACTORS:
        name, factor = _PERCENT_FACTORS[unit]
        return "PERCENT", name, value * factor
    if unit == "个多月":
        return "QUANTITY", "个月", value
    if unit in QUANTITY_UNITS:
        return "QUANTITY", QUANTITY_UNITS[unit], value
    return None


def _figure(m: re.Match[str], folded: str) -> Candidate | None:
    pre, neg, a, ai, am, au, b, bi, bm, unit, br, suf = m.group(
        "pre", "neg", "a", "ai", "am", "au", "b", "bi", "bm", "unit", "br", "suf"
    )
    is_cn = a[0] not in _ASCII_DIGITS  # else Chinese numerals only (the pattern's two kinds)
    if is_cn:
        if (a[0] in "零〇○" and a[1:2] != "点") or (a == "一" and not b and unit not in ("倍", "成")):
            return None  # 一个: an article, 零部件: a word (but 增长一倍 is a figure)
        window = folded[m.start("a") : m.start("a") + 8]
        if window.startswith(CN_STOP_PHRASES):
            return None
        if folded[m.end() : m.end() + 1] in _CLOSING_QUOTES or folded[m.start() - 1 : m.start()] in _OPENING_QUOTES:
            return None  # “技改十条”, “四个梧州”: the name of a policy or slogan, not a count
    rough = _ROUGH.fullmatch(a) if is_cn else None
    if rough:
        # 两三个, 三四家, 五六十家: two neighbouring digits are a rough range, not 23 or 34.
        if b or not 0 < CN_DIGITS[rough.group(2)] - CN_DIGITS[rough.group(1)] <= 2:
            return None
        mag = magnitude(rough.group(3)) * magnitude(am)
        b_low, b_high = CN_DIGITS[rough.group(1)] * mag, CN_DIGITS[rough.group(2)] * mag
        ua_low, ua_high = _unit_attrs(unit, Decimal(b_low)), _unit_attrs(unit, Decimal(b_high))
        if ua_low is None or ua_high is None or unit == "成" and rough.group(3):
            return None
        low, high = to_float(ua_low[2]), to_float(ua_high[2])
        attrs_r: dict[str, Any] = {"unit": ua_low[1], "value": low, "low": low, "high": high,
                                   "qualifier": "approx", "score": _SCORE_WEAK}
        return m.start(), m.end(), ua_low[0], attrs_r
    if is_cn:
        whole = a.partition("点")[0]
        if _DIGIT_STRING.fullmatch(whole) or _DIGITS_IN_A_ROW.search(whole):
            return None  # a digit string (二〇三五) is a year or a code, not a count
    va = _dec(a)
    if va is None:
        return None
    if unit == "成" and (am or ai or va > 10):
        return None
    if am:
        va *= magnitude(am)
    vb = None
    if b:
        if au and au != unit:
            return None
        vb = _dec(b)
        if vb is None:
            return None
        if bm:
            vb *= magnitude(bm)
        a_full = a + (am or "")
        tail = _BIG_MAG_TAIL.search(b + (bm or ""))
        if tail and "万" not in a_full and "亿" not in a_full:
            va *= magnitude(tail.group(0))  # 3至5亿美元: the 3 is 3亿 too
        if vb < va:
            return None
    if neg:
        if vb is not None:
            return None
        va = -va  # 增长-2.3%
    ua = _unit_attrs(unit, va)
    if ua is None:
        return None
    label, unit_attr, value = ua
    if br:
        unit_attr += f"({br[1:-1]})"  # 24.68万台(套): the unit is 台(套)
    attrs: dict[str, Any] = {"unit": unit_attr}
    if vb is not None:
        high_attrs = _unit_attrs(unit, vb)
        low_f, high_f = to_float(value), to_float(high_attrs[2]) if high_attrs else None
        if low_f is None or high_f is None:
            return None
        attrs.update(value=low_f, low=low_f, high=high_f)
    else:
        f = to_float(value)
        if f is None:
            return None
        attrs["value"] = f
    q = _qualifier(pre, ai, bi, suf) if pre or ai or bi or suf else None
    if unit == "个多月":
        q = q or "over"
    if q:
        attrs["qualifier"] = q
    score = _SCORE_CHINESE if is_cn else _SCORE_ARABIC
    if unit in _DURATIONS or unit == "成":
        score = min(score, 0.75)
    attrs["score"] = score
    return m.start(), m.end(), label, attrs


def _fraction(m: re.Match[str]) -> Candidate | None:
    den, num = _dec(m.group("fden")), _dec(m.group("fnum"))
    if den is None or num is None or den == 0:
        return None
    value = to_float(num / den * 100)
    if value is None:
        return None
    attrs: dict[str, Any] = {"value": value, "unit": "%", "score": 0.9}
    q = _qualifier(m.group("fpre"), m.group("fsuf"))
    if q:
        attrs["qualifier"] = q
    return m.start(), m.end(), "PERCENT", attrs


def _slash(m: re.Match[str]) -> Candidate | None:
    a, b = int(m.group("sa")), int(m.group("sb"))
    if not 0 < a < b:
        return None
    attrs: dict[str, Any] = {"value": to_float(Decimal(a) / Decimal(b) * 100), "unit": "%", "score": 0.7}
    q = _qualifier(m.group("spre"))
    if q:
        attrs["qualifier"] = q
    return m.start(), m.end(), "PERCENT", attrs


def _magonly(m: re.Match[str]) -> Candidate | None:
    """A magnitude without digits: 超百亿元, 突破万亿元, 逾千家, 万余人, 近万人."""
    mm, mi, mu, pre, suf = m.group("mm", "mi", "mu", "mpre", "msuf")
    ua = _unit_attrs(mu, Decimal(magnitude(mm)))
    if ua is None or mu == "成":
        return None
    label, unit, value = ua
    # A lone 亿元 is a column header and 千家万户 an idiom: ask for a qualifier, except
    # for two-character magnitudes of money (突破万亿元) and money with a suffix (亿元以上).
    if not (pre or mi or (label == "MONEY" and (len(mm) >= 2 or suf))):
        return None
    attrs: dict[str, Any] = {"value": to_float(value), "unit": unit, "score": _SCORE_WEAK}
    q = _qualifier(pre, mi, suf)
    if q:
        attrs["qualifier"] = q
    return m.start(), m.end(), label, attrs


def figure_candidates(folded: str) -> list[Candidate]:
    """Return every figure found in folded text (may overlap dates; ``scan`` resolves)."""
    found = _candidates(folded, 0, len(folded))
    return found + _list_items(folded, found)


# A bare number ending a list item before a percentage: 分别高0.7、1.4个百分点.
_LIST_ITEM = re.compile(r"(?<![0-9.,A-Za-z第])(-?[0-9]+(?:\.[0-9]+)?) ?、 ?$")


def _list_items(folded: str, found: list[Candidate]) -> list[Candidate]:
    """Return the bare numbers listed before a PERCENT figure, which share its unit."""
    out: list[Candidate] = []
    for start, _end, label, attrs in found:
        if label != "PERCENT" or "low" in attrs or "qualifier" in attrs:
            continue
        factor = _LIST_FACTORS.get(attrs["unit"])
        # (the item ends in 、 at most 3 characters before: "、", "、 ", "、\n", "、 \n")
        while factor is not None and folded.find("、", max(0, start - 3), start) >= 0:
            m = _LIST_ITEM.search(folded, max(0, start - 24), start)
            if m is None:
                break
            value = to_float(Decimal(m.group(1)))
            if value is None:
                break
            out.append((m.start(1), m.end(1), label, {"value": value, "unit": attrs["unit"], "score": 0.7}))
            start = m.start(1)
    return out


_LIST_FACTORS = {"%": 1, "pp": 1}


def _candidates(folded: str, pos: int, endpos: int) -> list[Candidate]:
    """Return the figures of ``folded[pos:endpos]`` (one pattern match each, left to right)."""
    out: list[Candidate] = []
    append = out.append
    for m in windowed_matches(FIGURE_RE, _TRIGGER, folded, _LEAD, 40, pos, endpos):
        kind = m.lastgroup  # the outermost branch group closes last: fig, frac, slash, magonly
        try:
            if kind == "fig":
                c = _figure(m, folded)
                if m.group("sep") and (c is None or (m.start() > 0 and folded[m.start() - 1] in "从由")):
                    # 从6公斤到3公斤 is a change, not a range: two figures.
                    out.extend(_candidates(folded, m.start(), m.start("sep")))
                    out.extend(_candidates(folded, m.start("b"), m.end()))
                    continue
            else:
                c = _OTHER_KINDS[kind](m)  # type: ignore[index]
        except (ArithmeticError, ValueError, KeyError, IndexError, TypeError):
            c = None
        if c is not None:
            append(c)
    return out


_OTHER_KINDS = {"frac": _fraction, "slash": _slash, "magonly": _magonly}


def extract_figures(text: str) -> list[Span]:
    """Return the MONEY, PERCENT and QUANTITY spans of ``text``, sorted by start. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    from annotate.extract.numeric_scan import scan, to_spans

    try:
        return to_spans(text, scan(text)[0])
    except Exception:  # the contract: damaged input must never crash the pipeline
        log.exception("figure extraction failed on a text of %d characters", len(text))
        return []
