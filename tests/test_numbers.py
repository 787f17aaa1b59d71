"""Parsing numbers as written in Chinese news: Arabic, full-width, Chinese numerals, magnitudes."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.extract.numbers import fold, parse_decimal, parse_number, parse_percent, to_chinese

NUMBERS = [
    ("0", 0),
    ("7", 7),
    ("9345", 9345),
    ("1,234", 1234),
    ("1,234,567.5", 1234567.5),
    ("532.37", 532.37),
    ("１２３．４", 123.4),
    ("２０２４", 2024),
    ("１,２００", 1200),
    ("一", 1),
    ("两", 2),
    ("十", 10),
    ("十五", 15),
    ("二十", 20),
    ("一百零五", 105),
    ("一千二百三十四", 1234),
    ("两千", 2000),
    ("三万五千", 35000),
    ("一万五", 15000),
    ("一千五", 1500),
    ("三百五", 350),
    ("十万", 100_000),
    ("万", 10_000),
    ("一亿二千万", 120_000_000),
    ("二○三五", 2035),
    ("二〇三五", 2035),
    ("一九九八", 1998),
    ("一点九九七", 1.997),
    ("零点五", 0.5),
    ("一点九九七亿", 1.997e8),
    ("6.3万亿", 6.3e12),
    ("3800亿", 3.8e11),
    ("1.997亿", 1.997e8),
    ("443万", 4.43e6),
    ("3千万", 3e7),
    ("5百万", 5e6),
    ("24.68萬", 246_800),
    ("1億", 1e8),
    ("兩萬", 20000),
    ("三萬億", 3e12),
    ("一點五", 1.5),
    ("1/5", 0.2),
    ("2/3", 2 / 3),
    ("三分之一", 1 / 3),
    ("五分之二", 0.4),
    ("百分之二十", 0.2),
    ("千分之三", 0.003),
    ("七成", 0.7),
    ("三成五", 0.35),
    ("两成半", 0.25),
]


@pytest.mark.parametrize(("written", "value"), NUMBERS)
def test_parse_number(written: str, value: float) -> None:
    got = parse_number(written)
    assert got is not None, written
    assert math.isclose(got, value, rel_tol=1e-12, abs_tol=1e-12), (written, got)


PERCENTS = [
    ("22.4%", 22.4),
    ("３．１４％", 3.14),
    ("3‰", 0.3),
    ("1/5", 20.0),
    ("三分之一", 100 / 3),
    ("七成", 70.0),
    ("百分之二十", 20.0),
    ("千分之五", 0.5),
]


@pytest.mark.parametrize(("written", "value"), PERCENTS)
def test_parse_percent(written: str, value: float) -> None:
    got = parse_percent(written)
    assert got is not None and math.isclose(got, value, rel_tol=1e-12), (written, got)


@pytest.mark.parametrize(
    "written", ["", "   ", "abc", "元", "万元", "百分", "1.2.3", "１a", "十四五x", "1/0", "分之", "\x00", "𠀀", "1" * 200]
)
def test_not_a_number(written: str) -> None:
    assert parse_number(written) is None


@pytest.mark.parametrize("bad", [None, 12, 3.5, b"12", ["1"]])
def test_non_strings_give_none(bad: object) -> None:
    assert parse_number(bad) is None  # type: ignore[arg-type]
    assert parse_percent(bad) is None  # type: ignore[arg-type]


def test_decimal_values_are_exact() -> None:
    assert parse_decimal("1.997亿") == Decimal("199700000")
    assert parse_number("1.997亿") == 199_700_000.0
    assert parse_number("0.1万") == 1000.0


def test_fold_keeps_length_and_maps_forms() -> None:
    text = "１２３．４％，億萬臺約（套）—"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("123.4%，亿万台约")
    assert fold("纯简体文本，没有要折叠的") == "纯简体文本，没有要折叠的"


@pytest.mark.parametrize(
    ("n", "written"),
    [(0, "零"), (10, "十"), (15, "十五"), (105, "一百零五"), (10005, "一万零五"), (123456789, "一亿二千三百四十五万六千七百八十九")],
)
def test_to_chinese(n: int, written: str) -> None:
    assert to_chinese(n) == written


@given(st.integers(min_value=0, max_value=10**15))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


MAGS = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12, "千万": 10**7, "百万": 10**6, "萬": 10**4, "億": 10**8}


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(sorted(MAGS)),
    st.booleans(),
)
def test_formatted_number_with_magnitude_round_trips(value: Decimal, mag: str, fullwidth: bool) -> None:
    written = f"{value}{mag}"
    if fullwidth:
        written = written.translate({ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789."})
    got = parse_number(written)
    assert got is not None
    assert math.isclose(got, float(value * MAGS[mag]), rel_tol=1e-12, abs_tol=1e-9)


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separators(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.text(max_size=30))
def test_parse_never_raises(s: str) -> None:
    parse_number(s)
    parse_percent(s)
