"""Extract DATE spans (dates and periods) with an ISO-like ``value``.

Values (TIMEX-style, ``XXXX`` where the year is not written, as in our gold):
2021年 -> ``"2021"``, 2021年9月 -> ``"2021-09"``, 2021年9月5日 -> ``"2021-09-05"``,
1月23日 -> ``"XXXX-01-23"``, 23日 -> ``"XXXX-XX-23"``, 2024年一季度 -> ``"2024-Q1"``,
2024年上半年 -> ``"2024-H1"``, 2023年前三季度 -> ``"2023-Q1/2023-Q3"``, 今年前10个月 ->
``"XXXX-01/XXXX-10"``, 十四五 -> ``"2021-2025"`` (十四五末 -> ``"2025"``), 二○三五年 ->
``"2035"``, 2021-2025年 -> ``"2021/2025"``, 1-9月 -> ``"XXXX-01/XXXX-09"``. A relative
year (今年一季度, 去年6月) is written ``XXXX`` and says ``relative_year`` (0, -1, ...).
6月底 / 2021年末 / 5月下旬 add ``part`` (start, mid, end).

Relative words alone (去年, 今年, 近年来) are not dates. Two dates joined by 至/到 with
their own 年 (2016年至2021年) are two spans; a range written once (2021-2025年, 1-9月) is
one span with a ``/`` value. Offsets are code points of the text given. Never raises.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from annotate.extract.numbers import (
    CN_DIGIT_CHARS,
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    DASHES,
    Candidate,
    parse_number,
    windowed_matches,
)
from annotate.extract.units import FIVE_YEAR_PLANS, PERIOD_PARTS, RELATIVE_YEARS
from annotate.models import Span

log = logging.getLogger(__name__)


_Y4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_YCN = rf"[{CN_DIGIT_CHARS}]{{4}}"
_MON = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_SEP = f"[{DASHES}至到]"
_REL = "|".join(sorted(RELATIVE_YEARS, key=len, reverse=True))
_NOT_IN_NUMBER = rf"(?<![0-9.{CN_NUMERAL_CHARS}])"


def _month_part(p: str) -> str:
    """A month (or month range), optional day and part, groups prefixed ``p``."""
    return (
        rf"(?P<{p}m>{_MON})(?:{_SEP}(?P<{p}m2>{_MON}))?月(?P<{p}mf>份)?"
        rf"(?:(?P<{p}d>{_DAY})[日号])?(?P<{p}mp>上旬|中旬|下旬|初(?![步次期级心衷])|底|末)?"
    )


def _period(p: str) -> str:
    """A quarter (一季度, 前三季度, 第四季, 首季), half year or first months, groups prefixed ``p``."""
    return (
        rf"(?:(?P<{p}qp>第|前)?(?P<{p}q>[一二三四两1-4])季度|(?P<{p}qp2>第|前)(?P<{p}q2>[一二三四两1-4])季"
        rf"|首(?P<{p}qh>[二三两]?)季度?|(?P<{p}h>[上下])半年"
        rf"|前(?P<{p}n>1[0-2]|[1-9]|十[一二]?|[一二两三四五六七八九])个月)"
    )


DATE_RE = re.compile(
    rf"""
    (?P<year>
        (?:(?<![0-9.])(?P<y>{_Y4})(?:{_SEP}(?P<y2>{_Y4}))?|(?<![{CN_NUMERAL_CHARS}])(?P<yc>{_YCN}))年
        (?:(?P<yd>度)|{_month_part("a")}|{_period("a")}|(?P<yp>初(?![步次期级心衷])|末|底))?
    )
    |(?P<rel>
        (?P<r>{_REL})(?:{_month_part("b")}|{_period("b")}|年?(?P<rp>初(?![步次期级心衷])|末|底))
    )
    |(?P<md>{_NOT_IN_NUMBER}(?<!第){_month_part("c")})
    |(?P<per>(?<![{CN_NUMERAL_CHARS}0-9]){_period("d")})
    |(?P<fyp>(?<![{CN_NUMERAL_CHARS}])(?P<f>十[一二三四五六]五)(?![{CN_NUMERAL_CHARS}])(?P<fp>末|初(?![步次期级心衷]))?)
    |(?P<iso>(?<![0-9.])(?P<iy>{_Y4})(?P<isep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=isep)(?P<id>3[01]|[12][0-9]|0?[1-9])(?![0-9]))
    |(?P<yr>(?<![0-9.])(?P<gy>{_Y4})[{DASHES}](?P<gy2>{_Y4})(?![0-9年]))
    |(?P<day>(?<![0-9.月])(?P<dd>3[01]|[12][0-9]|0?[1-9])日(?![报均常益趋前内游]|元(?!旦)))
    """,
    re.VERBOSE,
)


# Every date holds a run of ``_T`` characters. ``windowed_matches`` tries the full pattern
# only at the start of a run and on ``_LEAD`` characters up to 4 before it, and a date
# ends at most ``_AHEAD`` characters after the run.
_T = f"0-9{CN_NUMERAL_CHARS}半底初末季"
_AHEAD = 24
_LEAD_CHARS = "第前上下首" + "".join(sorted({w[0] for w in RELATIVE_YEARS}))
# A date that starts on a lead character starts with one of these pairs (今年, 第一季,
# 前三季度, 前10个月, 首季, 上半年).
_LEAD_PAIR = (
    f"(?:[{''.join(sorted({w[0] for w in RELATIVE_YEARS}))}]年|[第前][一二三四两1-4]"
    "|前[0-9十一二两三四五六七八九]|首[二三两季]|[上下]半)"
)
_SEPS = f"{DASHES}至到"
# The trigger keeps only the runs where a date can start. Either the run itself starts
# one: a quarter (一季度: 季 second), a month or day (9月, 23日, 1-9月: 1 or 2 characters,
# then 月, 日 or a separator), a year (2021年, 2021-2025, 2021-09-05: 4 characters, then
# 年, a separator, / or .), or 十X五; or a lead pair starts 1 to 4 characters before it.
# Other runs are skipped by the scan, in C. The run's first character is matched first
# (so that the scan jumps between candidate characters at C speed); the conditions then
# look back and ahead from just after it.
_LEAD_BEFORE = "|".join(f"(?<={_LEAD_PAIR}[\\s\\S]{{{k}}})" for k in range(4))
_TRIGGER = re.compile(
    rf"[{_T}](?<![{_T}][{_T}])(?:(?=季|[{_T}]?[{_SEPS}月日]|[{_T}]{{3}}[{_SEPS}年/.])"
    rf"|(?<=十)(?=[一二三四五六]五)|{_LEAD_BEFORE})[{_T}]*"
)
_LEAD = frozenset(_LEAD_CHARS)


@lru_cache(maxsize=1024)
def _int(s: str | None) -> int | None:
    """Return the integer a short date number stands for (2021, 二○三五, 十二), else ``None``."""
    if not s:
        return None
    if s.isdigit() and s.isascii():
        return int(s)
    if len(s) == 4 and all(ch in CN_DIGITS for ch in s):
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    v = parse_number(s)
    return int(v) if v is not None and v == int(v) else None


def _month_value(m: re.Match[str], p: str, year: int | None, attrs: dict[str, Any]) -> str | None:
    mon, mon2, day = _int(m.group(f"{p}m")), _int(m.group(f"{p}m2")), _int(m.group(f"{p}d"))
    if mon is None or not 1 <= mon <= 12:
        return None
    prefix = f"{year:04d}" if year is not None else "XXXX"
    if m.group(f"{p}mp"):
        attrs["part"] = PERIOD_PARTS[m.group(f"{p}mp")]
    if mon2 is not None:
        if not mon < mon2 <= 12:
            return None
        return f"{prefix}-{mon:02d}/{prefix}-{mon2:02d}"
    if day is not None:
        if not 1 <= day <= 31:
            return None
        return f"{prefix}-{mon:02d}-{day:02d}"
    return f"{prefix}-{mon:02d}"


def _period_value(m: re.Match[str], p: str, year: int | None) -> str | None:
    prefix = f"{year:04d}" if year is not None else "XXXX"
    if m.group(f"{p}h"):
        return f"{prefix}-H{1 if m.group(f'{p}h') == '上' else 2}"
    if m.group(f"{p}n"):
        n = _int(m.group(f"{p}n"))
        if n is None or not 1 <= n <= 12:
            return None
        return f"{prefix}-01/{prefix}-{n:02d}"
    if m.group(f"{p}qh") is not None:  # 首季 = Q1, 首三季 = Q1-Q3 (Hong Kong usage)
        n = _int(m.group(f"{p}qh").replace("两", "二")) if m.group(f"{p}qh") else 1
        return f"{prefix}-Q1" if n == 1 else f"{prefix}-Q1/{prefix}-Q{n}"
    q = _int((m.group(f"{p}q") or m.group(f"{p}q2")).replace("两", "二"))
    if q is None or not 1 <= q <= 4:
        return None
    if (m.group(f"{p}qp") or m.group(f"{p}qp2")) == "前":
        return f"{prefix}-Q1/{prefix}-Q{q}"
    return f"{prefix}-Q{q}"


def _date(m: re.Match[str]) -> Candidate | None:
    attrs: dict[str, Any] = {}
    value: str | None = None
    score = 0.95
    kind = m.lastgroup  # the outermost branch group closes last: year, rel, md, ...
    if kind == "year":
        year = _int(m.group("y") or m.group("yc"))
        if year is None:
            return None
        if m.group("y2"):
            y2 = _int(m.group("y2"))
            if y2 is None or not year < y2 <= year + 100:
                return None
            value = f"{year}/{y2}"
        elif m.group("am"):
            value = _month_value(m, "a", year, attrs)
            if value is None:
                return None
        elif m.group("aq") or m.group("aq2") or m.group("ah") or m.group("an") or m.group("aqh") is not None:
            value = _period_value(m, "a", year)
            if value is None:
                return None
        else:
            value = f"{year:04d}"
            if m.group("yp"):
                attrs["part"] = PERIOD_PARTS[m.group("yp")]
        if m.group("yc"):
            score = 0.9
    elif kind == "rel":
        attrs["relative_year"] = RELATIVE_YEARS[m.group("r")]
        if m.group("bm"):
            value = _month_value(m, "b", None, attrs)
            if value is None:
                return None
        elif m.group("bq") or m.group("bq2") or m.group("bh") or m.group("bn") or m.group("bqh") is not None:
            value = _period_value(m, "b", None)
            if value is None:
                return None
        elif m.group("rp"):
            attrs["part"] = PERIOD_PARTS[m.group("rp")]
            value = "XXXX"
        score = 0.9
    elif kind == "md":
        value = _month_value(m, "c", None, attrs)
        if value is None:
            return None
        if not m.group("cm").isascii():
            score = 0.75
    elif kind == "per":
        value = _period_value(m, "d", None)
        if value is None:
            return None
        score = 0.85 if not m.group("dn") else 0.75
    elif kind == "fyp":
        first, last = FIVE_YEAR_PLANS[m.group("f")]
        value = f"{first}-{last}"
        if m.group("fp"):
            attrs["part"] = PERIOD_PARTS[m.group("fp")]
            value = str(last if attrs["part"] == "end" else first)
        score = 0.9
    elif kind == "iso":
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        value = f"{y:04d}-{mo:02d}-{d:02d}"
        score = 0.9
    elif kind == "yr":
        y, y2 = int(m.group("gy")), int(m.group("gy2"))
        if not y < y2 <= y + 100:
            return None
        value = f"{y}/{y2}"
        score = 0.8
    elif kind == "day":
        value = f"XXXX-XX-{int(m.group('dd')):02d}"
        score = 0.7
    else:
        return None
    if value is not None:
        attrs["value"] = value
    attrs["score"] = score
    return m.start(), m.end(), "DATE", attrs


def date_candidates(folded: str) -> list[Candidate]:
    """Return every date found in folded text (``numbers.fold``); may overlap figures."""
    out: list[Candidate] = []
    for m in windowed_matches(DATE_RE, _TRIGGER, folded, _LEAD, _AHEAD):
        try:
            c = _date(m)
        except (ArithmeticError, ValueError, KeyError, IndexError, TypeError):
            c = None
        if c is not None:
            out.append(c)
    return out


def extract_dates(text: str) -> list[Span]:
    """Return the DATE spans of ``text``, sorted by start, never overlapping a figure.

    Never raises: damaged or empty text gives what can be found (or nothing).
    """
    if not isinstance(text, str) or not text:
        return []
    from annotate.extract.numeric_scan import scan, to_spans

    try:
        return to_spans(text, scan(text)[1])
    except Exception:  # the contract: damaged input must never crash the pipeline
        log.exception("date extraction failed on a text of %d characters", len(text))
        return []
