"""DATE spans: extent and ISO-like value (XXXX where the year is not written)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract.dates import extract_dates
from annotate.extract.figures import extract_figures
from annotate.models import span_problems

# (sentence, date text, value or None, extra attrs)
DATES = [
    ("2021年，全省高新技术企业超过6万家。", "2021年", "2021", {}),
    ("2021年9月，广交会首次全面开放。", "2021年9月", "2021-09", {}),
    ("2023年12月28日，项目正式投产。", "2023年12月28日", "2023-12-28", {}),
    ("1月23日，记者从会上获悉。", "1月23日", "XXXX-01-23", {}),
    ("3月12日，国家药监局发布通告。", "3月12日", "XXXX-03-12", {}),
    ("今年一季度经济数据显示增长。", "今年一季度", "XXXX-Q1", {"relative_year": 0}),
    ("2024年一季度，全省投资增长。", "2024年一季度", "2024-Q1", {}),
    ("2024年第一季度，全省投资增长。", "2024年第一季度", "2024-Q1", {}),
    ("2024年上半年，外贸稳中有进。", "2024年上半年", "2024-H1", {}),
    ("2024年下半年将陆续投产。", "2024年下半年", "2024-H2", {}),
    ("上半年，全市完成投资。", "上半年", "XXXX-H1", {}),
    ("迈入“十四五”，企业创新加快。", "十四五", "2021-2025", {}),
    ("十三五时期成绩显著。", "十三五", "2016-2020", {}),
    ("力争十四五末实现翻番。", "十四五末", "2025", {"part": "end"}),
    ("二○三五年远景目标。", "二○三五年", "2035", {}),
    ("二〇三五年远景目标。", "二〇三五年", "2035", {}),
    ("二〇二一年九月，会议召开。", "二〇二一年九月", "2021-09", {}),
    ("6月底将正式投产。", "6月底", "XXXX-06", {"part": "end"}),
    ("7月初开工建设。", "7月初", "XXXX-07", {"part": "start"}),
    ("5月下旬举办展会。", "5月下旬", "XXXX-05", {"part": "end"}),
    ("至2021年末，累计成交量稳居首位。", "2021年末", "2021", {"part": "end"}),
    ("2024年底前完成改造。", "2024年底", "2024", {"part": "end"}),
    ("2024年初启动。", "2024年初", "2024", {"part": "start"}),
    ("2024年2月底，已签约。", "2024年2月底", "2024-02", {"part": "end"}),
    ("去年6月取得欧盟认证。", "去年6月", "XXXX-06", {"relative_year": -1}),
    ("今年2月又出台政策。", "今年2月", "XXXX-02", {"relative_year": 0}),
    ("今年底前全部完工。", "今年底", "XXXX", {"part": "end", "relative_year": 0}),
    ("明年上半年投产。", "明年上半年", "XXXX-H1", {"relative_year": 1}),
    ("前三季度，全省规上工业增长。", "前三季度", "XXXX-Q1/XXXX-Q3", {}),
    ("2023年前三季度实现增长。", "2023年前三季度", "2023-Q1/2023-Q3", {}),
    ("今年前10个月，产量翻番。", "今年前10个月", "XXXX-01/XXXX-10", {"relative_year": 0}),
    ("1-9月，全省外贸增长。", "1-9月", "XXXX-01/XXXX-09", {}),
    ("1—9月，全省外贸增长。", "1—9月", "XXXX-01/XXXX-09", {}),
    ("今年1至11月，新增上市公司。", "今年1至11月", "XXXX-01/XXXX-11", {"relative_year": 0}),
    ("2024年1-9月，投资增长。", "2024年1-9月", "2024-01/2024-09", {}),
    ("9月，全市新增企业。", "9月", "XXXX-09", {}),
    ("9月份，全市新增企业。", "9月份", "XXXX-09", {}),
    ("２０２４年，全省外贸增长。", "２０２４年", "2024", {}),
    ("２０２４年３月５日召开。", "２０２４年３月５日", "2024-03-05", {}),
    ("《行动方案（2023—2025年）》印发。", "2023—2025年", "2023/2025", {}),
    ("2021-2025年规划期内。", "2021-2025年", "2021/2025", {}),
    ("发展报告(2023-2024)发布。", "2023-2024", "2023/2024", {}),
    ("发布日期：2024-05-07。", "2024-05-07", "2024-05-07", {}),
    ("2020年度中国创新能力千强企业。", "2020年度", "2020", {}),
    ("2023年11月，外贸回暖。", "2023年11月", "2023-11", {}),
    ("2月5日,全省高質量發展大會舉行。", "2月5日", "XXXX-02-05", {}),
    ("截至11月末，总市值增长。", "11月末", "XXXX-11", {"part": "end"}),
    ("23日，记者获悉。", "23日", "XXXX-XX-23", {}),
    ("十二月五日举行。", "十二月五日", "XXXX-12-05", {}),
    ("今年首季，本港經濟增長。", "今年首季", "XXXX-Q1", {"relative_year": 0}),
    ("首三季出口上升。", "首三季", "XXXX-Q1/XXXX-Q3", {}),
    ("比去年第四季放緩。", "去年第四季", "XXXX-Q4", {"relative_year": -1}),
    ("自2011年第二季以來最高。", "2011年第二季", "2011-Q2", {}),
    ("2024年首季度，經濟增長。", "2024年首季度", "2024-Q1", {}),
    ("截至2024年6月末，存款增长。", "2024年6月末", "2024-06", {"part": "end"}),
    ("1至5月，工业增长。", "1至5月", "XXXX-01/XXXX-05", {}),
    ("前11个月，进出口增长。", "前11个月", "XXXX-01/XXXX-11", {}),
    ("十五五时期。", "十五五", "2026-2030", {}),
    ("二〇二四年三季度。", "二〇二四年三季度", "2024-Q3", {}),
    ("2019至2021年连续增长。", "2019至2021年", "2019/2021", {}),
]


@pytest.mark.parametrize(("sentence", "text", "value", "extra"), DATES)
def test_date(sentence: str, text: str, value: str | None, extra: dict[str, object]) -> None:
    spans = [s for s in extract_dates(sentence) if s.text == text]
    assert spans, f"{text!r} not found in {sentence!r}: {extract_dates(sentence)}"
    span = spans[0]
    assert sentence[span.start : span.end] == text
    assert span.label == "DATE"
    assert span.attrs.get("value") == value
    for key, want in extra.items():
        assert span.attrs.get(key) == want, (key, span.attrs)
    assert 0.0 <= span.attrs["score"] <= 1.0


NOT_DATES = [
    "近年来，广东大力推进绿色制造。",
    "去年，企业营收增长。",
    "今年以来，外贸稳中有进。",
    "明年将继续推进。",
    "历经65年成长的广交会。",
    "找站时间减少到5分钟以内。",
    "出台14项配套支持政策。",
    "第十四个五年规划。",
    "技术团队经过两年半的持续改进。",
    "今年，全省推进数字化转型。",
    "工期为3个月。",
    "同比增长1.4倍。",
    "四季常青，一年四季。",
    "去年同期相比。",
    "",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_a_date(sentence: str) -> None:
    assert extract_dates(sentence) == []


def test_a_range_with_two_years_is_two_spans() -> None:
    sentence = "2016年至2021年，跨境电商进出口年均增长92.1%。"
    assert [(s.text, s.attrs["value"]) for s in extract_dates(sentence)] == [("2016年", "2016"), ("2021年", "2021")]


def test_from_to_years_are_two_spans() -> None:
    sentence = "从2019年到2021年，研发投入从1.9亿元跃升到4.59亿元。"
    assert [s.text for s in extract_dates(sentence)] == ["2019年", "2021年"]
    assert [s.text for s in extract_figures(sentence)] == ["1.9亿元", "4.59亿元"]


def test_year_then_money_are_separate() -> None:
    sentence = "跃升至2021年3310亿元"
    assert [s.text for s in extract_dates(sentence)] == ["2021年"]
    assert [s.text for s in extract_figures(sentence)] == ["3310亿元"]


def test_day_before_yen_is_a_date_not_money() -> None:
    sentence = "23日元旦假期开始。"
    assert [s.text for s in extract_dates(sentence)] == ["23日"]
    assert extract_figures(sentence) == []


def test_offsets_into_traditional_and_fullwidth_text() -> None:
    sentence = "據統計，２０２３年全省進出口增長，今年上半年約占全國１／５。"
    spans = extract_dates(sentence) + extract_figures(sentence)
    assert span_problems(sentence, spans) == []
    assert {s.text for s in spans} == {"２０２３年", "今年上半年", "１／５"}


@pytest.mark.parametrize("bad", ["\x00年\x01月", "\ufffd2024\ufffd年", "𠀀2024年𠀀", "年" * 1000, "2024年" * 500, "1" * 3000 + "年"])
def test_damaged_text_never_raises(bad: str) -> None:
    assert span_problems(bad, extract_dates(bad)) == []


@given(
    st.integers(min_value=1900, max_value=2099),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=28),
    st.booleans(),
)
def test_formatted_dates_round_trip(year: int, month: int, day: int, fullwidth: bool) -> None:
    written = f"{year}年{month}月{day}日"
    if fullwidth:
        written = written.translate({ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789"})
    sentence = f"据介绍，{written}，项目签约。"
    spans = extract_dates(sentence)
    assert [s.text for s in spans] == [written]
    assert spans[0].attrs["value"] == f"{year:04d}-{month:02d}-{day:02d}"


@given(st.integers(min_value=1900, max_value=2099), st.sampled_from(["一", "二", "三", "四"]))
def test_quarters_round_trip(year: int, quarter: str) -> None:
    sentence = f"{year}年{quarter}季度，"
    spans = extract_dates(sentence)
    assert spans[0].attrs["value"] == f"{year}-Q{'一二三四'.index(quarter) + 1}"


@pytest.mark.parametrize("sentence", [case[0] for case in DATES])
def test_same_dates_at_the_start_of_a_text_and_after_a_sentence(sentence: str) -> None:
    def found(text: str, shift: int) -> list[tuple[int, int, object]]:
        return [(s.start - shift, s.end - shift, s.attrs.get("value")) for s in extract_dates(text)]

    assert found(sentence, 0) == found("据介绍。" + sentence, 4)


_TRIGGER_PIECES = st.sampled_from(
    list("0123456789.-/~—至到年月日号季度份初末底半上下前后第首今去本同当明次一二三四五六七八九十两零〇○元个% ")
    + ["今年", "去年", "上年", "前年", "次年", "十四五", "十三五", "上半年", "下旬", "个月", "季度", "第一季", "前三季度"]
)


@settings(max_examples=400)
@given(st.lists(_TRIGGER_PIECES, max_size=40).map("".join))
def test_trigger_shortcuts_find_what_a_plain_trigger_finds(text: str) -> None:
    """The trigger skips runs no date can start at (nor a date starting on a lead word
    before them); the matches are those found when every run of date characters is tried."""
    import re

    from annotate.extract.dates import _AHEAD, _LEAD, _T, _TRIGGER, DATE_RE
    from annotate.extract.numbers import windowed_matches

    plain = re.compile(f"[{_T}][{_T}]*")

    def found(trigger: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in windowed_matches(DATE_RE, trigger, text, _LEAD, _AHEAD)]

    assert found(_TRIGGER) == found(plain)
