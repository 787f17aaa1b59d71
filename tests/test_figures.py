"""Figures (MONEY, PERCENT, QUANTITY): extent, normalised value, unit, qualifier, ranges."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract.dates import extract_dates
from annotate.extract.figures import extract_figures
from annotate.models import span_problems

# (sentence, figure text, label, value, unit, qualifier)
FIGURES = [
    # money
    ("全省外贸进出口总额达6.3万亿元，创历史新高。", "6.3万亿元", "MONEY", 6.3e12, "CNY", None),
    ("研发经费支出超3800亿元。", "超3800亿元", "MONEY", 3.8e11, "CNY", "over"),
    ("年到资1亿美元以上的外资项目。", "1亿美元以上", "MONEY", 1e8, "USD", "at_least"),
    ("为企业提供授信532.37亿元。", "532.37亿元", "MONEY", 5.3237e10, "CNY", None),
    ("项目总投资约86亿元。", "约86亿元", "MONEY", 8.6e9, "CNY", "approx"),
    ("基金规模超过600亿元。", "超过600亿元", "MONEY", 6e10, "CNY", "over"),
    ("累计投入逾3.2万亿元。", "逾3.2万亿元", "MONEY", 3.2e12, "CNY", "over"),
    ("产值近600亿元。", "近600亿元", "MONEY", 6e10, "CNY", "approx"),
    ("安排资金不少于200亿元。", "不少于200亿元", "MONEY", 2e10, "CNY", "at_least"),
    ("单个项目补助不超过500万元。", "不超过500万元", "MONEY", 5e6, "CNY", "at_most"),
    ("首期募资1.35亿美元。", "1.35亿美元", "MONEY", 1.35e8, "USD", None),
    ("引入资金1亿港元。", "1亿港元", "MONEY", 1e8, "HKD", None),
    ("合同金额约100亿欧元。", "约100亿欧元", "MONEY", 1e10, "EUR", "approx"),
    ("日方出资50亿日元。", "50亿日元", "MONEY", 5e9, "JPY", None),
    ("伦敦项目获得2000万英镑。", "2000万英镑", "MONEY", 2e7, "GBP", None),
    ("注册资本500萬元人民幣。", "500萬元人民幣", "MONEY", 5e6, "CNY", None),
    ("投资額約18億澳門元。", "約18億澳門元", "MONEY", 1.8e9, "MOP", "approx"),
    ("融資逾1,280億元人民幣。", "逾1,280億元人民幣", "MONEY", 1.28e11, "CNY", "over"),
    ("交易額達32.7萬億港元。", "32.7萬億港元", "MONEY", 3.27e13, "HKD", None),
    ("全年营收５１２３．６亿元。", "５１２３．６亿元", "MONEY", 5.1236e11, "CNY", None),
    ("奖励超过５００万元。", "超过５００万元", "MONEY", 5e6, "CNY", "over"),
    ("带动投资3000多万元。", "3000多万元", "MONEY", 3e7, "CNY", "over"),
    ("节省成本一千二百万元。", "一千二百万元", "MONEY", 1.2e7, "CNY", None),
    ("出口额突破万亿元。", "万亿元", "MONEY", 1e12, "CNY", None),
    ("培育超百亿元企业。", "超百亿元", "MONEY", 1e10, "CNY", "over"),
    ("售价为每台3.5万元。", "3.5万元", "MONEY", 3.5e4, "CNY", None),
    # percent
    ("工业投资同比增长22.4%。", "22.4%", "PERCENT", 22.4, "%", None),
    ("占地区生产总值比重达3.14%。", "3.14%", "PERCENT", 3.14, "%", None),
    ("外国人才约占全国1/5。", "1/5", "PERCENT", 20.0, "%", None),
    ("比重提高0.5个百分点。", "0.5个百分点", "PERCENT", 0.5, "pp", None),
    ("比重提高1個百分點。", "1個百分點", "PERCENT", 1.0, "pp", None),
    ("市场份额超过七成。", "超过七成", "PERCENT", 70.0, "%", "over"),
    ("六成企业已复工。", "六成", "PERCENT", 60.0, "%", None),
    ("九成以上企业已复工。", "九成以上", "PERCENT", 90.0, "%", "at_least"),
    ("不良率控制在3‰以内。", "3‰以内", "PERCENT", 0.3, "%", "at_most"),
    ("成本降低了三分之一。", "三分之一", "PERCENT", 100 / 3, "%", None),
    ("覆盖近1/4的县区。", "近1/4", "PERCENT", 25.0, "%", "approx"),
    ("效率提升约60%。", "约60%", "PERCENT", 60.0, "%", "approx"),
    ("累计下降超44%。", "超44%", "PERCENT", 44.0, "%", "over"),
    ("体积减小26%以上。", "26%以上", "PERCENT", 26.0, "%", "at_least"),
    ("增速保持在１０％左右。", "１０％左右", "PERCENT", 10.0, "%", "approx"),
    ("出口增長５．８％。", "５．８％", "PERCENT", 5.8, "%", None),
    ("新能源占比不低于65%。", "不低于65%", "PERCENT", 65.0, "%", "at_least"),
    ("利率下调百分之二十。", "百分之二十", "PERCENT", 20.0, "%", None),
    ("约7%的企业受影响。", "约7%", "PERCENT", 7.0, "%", "approx"),
    ("增長約7%。", "約7%", "PERCENT", 7.0, "%", "approx"),
    # quantity
    ("推动9345家工业企业开展技改。", "9345家", "QUANTITY", 9345, "家", None),
    ("碳排放配额成交1.997亿吨。", "1.997亿吨", "QUANTITY", 1.997e8, "吨", None),
    ("新增厂房443万㎡。", "443万㎡", "QUANTITY", 4.43e6, "㎡", None),
    ("覆盖100多个国家和地区。", "100多个", "QUANTITY", 100, "个", "over"),
    ("整机重量仅为3公斤左右。", "3公斤左右", "QUANTITY", 3, "公斤", "approx"),
    ("产量24.68万台(套)。", "24.68万台(套)", "QUANTITY", 246_800, "台(套)", None),
    ("產量24.68萬臺(套)。", "24.68萬臺(套)", "QUANTITY", 246_800, "台(套)", None),
    ("产值增长1.4倍。", "1.4倍", "QUANTITY", 1.4, "倍", None),
    ("高新技术企业数量超过6万家。", "超过6万家", "QUANTITY", 60_000, "家", "over"),
    ("研发人员超110万人。", "超110万人", "QUANTITY", 1.1e6, "人", "over"),
    ("访问量3390万次。", "3390万次", "QUANTITY", 3.39e7, "次", None),
    ("发电量486.7亿千瓦时。", "486.7亿千瓦时", "QUANTITY", 4.867e10, "千瓦时", None),
    ("装机容量1236万千瓦。", "1236万千瓦", "QUANTITY", 1.236e7, "千瓦", None),
    ("新建500千伏变电站。", "500千伏", "QUANTITY", 500, "千伏", None),
    ("吞吐量128.6万标箱。", "128.6万标箱", "QUANTITY", 1.286e6, "标箱", None),
    ("规划面积90.5平方公里。", "90.5平方公里", "QUANTITY", 90.5, "平方公里", None),
    ("种植面积约139万亩。", "约139万亩", "QUANTITY", 1.39e6, "亩", "approx"),
    ("出货量约35吉瓦时。", "约35吉瓦时", "QUANTITY", 35, "吉瓦时", "approx"),
    ("算力规模约1.2万PFLOPS。", "约1.2万PFLOPS", "QUANTITY", 12_000, "PFLOPS", "approx"),
    ("充电半径1.5km。", "1.5km", "QUANTITY", 1.5, "公里", None),
    ("接待旅客約2,820萬人次。", "約2,820萬人次", "QUANTITY", 2.82e7, "人次", "approx"),
    ("推動不少於20隻基金落地。", "不少於20隻", "QUANTITY", 20, "只", "at_least"),
    ("新增612項標準。", "612項", "QUANTITY", 612, "项", None),
    ("出台逾600項措施。", "逾600項", "QUANTITY", 600, "项", "over"),
    ("工业机器人产量１．１万家。", "１．１万家", "QUANTITY", 11_000, "家", None),
    ("集聚企业４７００多家。", "４７００多家", "QUANTITY", 4700, "家", "over"),
    ("引进40余家企业。", "40余家", "QUANTITY", 40, "家", "over"),
    ("带动就业1000人左右。", "1000人左右", "QUANTITY", 1000, "人", "approx"),
    ("储备项目1000个以上。", "1000个以上", "QUANTITY", 1000, "个", "at_least"),
    ("审批时间压缩至30小时以内。", "30小时以内", "QUANTITY", 30, "小时", "at_most"),
    ("建设1000座超级充电站。", "1000座", "QUANTITY", 1000, "座", None),
    ("美的两家工厂入选。", "两家", "QUANTITY", 2, "家", None),
    ("出台十四项配套措施。", "十四项", "QUANTITY", 14, "项", None),
    ("年产一点九九七亿吨。", "一点九九七亿吨", "QUANTITY", 1.997e8, "吨", None),
    ("年产能达55万吨左右。", "55万吨左右", "QUANTITY", 550_000, "吨", "approx"),
    ("企业数量近2000家。", "近2000家", "QUANTITY", 2000, "家", "approx"),
    ("增长近2倍。", "近2倍", "QUANTITY", 2, "倍", "approx"),
    ("新增3,000家市场主体。", "3,000家", "QUANTITY", 3000, "家", None),
    ("新能源汽车销量21.6万辆。", "21.6万辆", "QUANTITY", 216_000, "辆", None),
    ("累计建成5G基站2.1万个。", "2.1万个", "QUANTITY", 21_000, "个", None),
    ("办成10件实事和3项改革。", "3项", "QUANTITY", 3, "项", None),
    ("引进逾千家企业。", "逾千家", "QUANTITY", 1000, "家", "over"),
    ("带动就业万余人。", "万余人", "QUANTITY", 10_000, "人", "over"),
    ("吸引近万人参加。", "近万人", "QUANTITY", 10_000, "人", "approx"),
    ("超亿元项目开工。", "超亿元", "MONEY", 1e8, "CNY", "over"),
    ("收入增长一倍。", "一倍", "QUANTITY", 1, "倍", None),
    ("增速为零点五倍。", "零点五倍", "QUANTITY", 0.5, "倍", None),
    ("同比增长-2.3%。", "-2.3%", "PERCENT", -2.3, "%", None),
    ("浓度为21微克/立方米。", "21微克/立方米", "QUANTITY", 21, "微克/立方米", None),
    ("气温最高38℃。", "38℃", "QUANTITY", 38, "℃", None),
    ("销售手机500万部。", "500万部", "QUANTITY", 5e6, "部", None),
    ("中欧班列开行超1.7万列。", "超1.7万列", "QUANTITY", 17_000, "列", "over"),
    ("嘉宾800余名参会。", "800余名", "QUANTITY", 800, "名", "over"),
    ("产量达２．３倍。", "２．３倍", "QUANTITY", 2.3, "倍", None),
    ("新增一百零五家。", "一百零五家", "QUANTITY", 105, "家", None),
    ("引进两百多家企业。", "两百多家", "QUANTITY", 200, "家", "over"),
    ("损耗降至千分之五。", "千分之五", "PERCENT", 0.5, "%", None),
]


@pytest.mark.parametrize(("sentence", "text", "label", "value", "unit", "qualifier"), FIGURES)
def test_figure(sentence: str, text: str, label: str, value: float, unit: str, qualifier: str | None) -> None:
    spans = [s for s in extract_figures(sentence) if s.text == text]
    assert spans, f"{text!r} not found in {sentence!r}: {extract_figures(sentence)}"
    span = spans[0]
    assert sentence[span.start : span.end] == text
    assert span.label == label
    assert math.isclose(span.attrs["value"], value, rel_tol=1e-9), span.attrs
    assert span.attrs["unit"] == unit
    assert span.attrs.get("qualifier") == qualifier
    assert 0.0 <= span.attrs["score"] <= 1.0


# (sentence, figure text, label, low, high, unit)
RANGES = [
    ("争创1-2个国家级先导区。", "1-2个", "QUANTITY", 1, 2, "个"),
    ("爭創1-2個先導區。", "1-2個", "QUANTITY", 1, 2, "个"),
    ("每年引进3至5亿美元外资。", "3至5亿美元", "MONEY", 3e8, 5e8, "USD"),
    ("培育3~5家龙头企业。", "3~5家", "QUANTITY", 3, 5, "家"),
    ("增速3%-5%。", "3%-5%", "PERCENT", 3, 5, "%"),
    ("补贴10万元至20万元。", "10万元至20万元", "MONEY", 1e5, 2e5, "CNY"),
    ("投资200-300亿元。", "200-300亿元", "MONEY", 2e10, 3e10, "CNY"),
    ("建设３至５个园区。", "３至５个", "QUANTITY", 3, 5, "个"),
    ("招引１－２万人。", "１－２万人", "QUANTITY", 1e4, 2e4, "人"),
    ("新增三至五家。", "三至五家", "QUANTITY", 3, 5, "家"),
    ("工期2—3个月。", "2—3个月", "QUANTITY", 2, 3, "个月"),
    ("每村配备两三个专员。", "两三个", "QUANTITY", 2, 3, "个"),
    ("吸引五六十家企业。", "五六十家", "QUANTITY", 50, 60, "家"),
    ("七八成的受访者满意。", "七八成", "PERCENT", 70, 80, "%"),
    ("一至两个试点。", "一至两个", "QUANTITY", 1, 2, "个"),
    ("1-2个先导区。", "1-2个", "QUANTITY", 1, 2, "个"),
    ("增长3-5%。", "3-5%", "PERCENT", 3, 5, "%"),
    ("投资5000万至1亿元。", "5000万至1亿元", "MONEY", 5e7, 1e8, "CNY"),
    ("比重提高0.5—1个百分点。", "0.5—1个百分点", "PERCENT", 0.5, 1, "pp"),
]


@pytest.mark.parametrize(("sentence", "text", "label", "low", "high", "unit"), RANGES)
def test_range(sentence: str, text: str, label: str, low: float, high: float, unit: str) -> None:
    spans = [s for s in extract_figures(sentence) if s.text == text]
    assert spans, f"{text!r} not found: {extract_figures(sentence)}"
    a = spans[0].attrs
    assert spans[0].label == label
    assert math.isclose(a["low"], low) and math.isclose(a["high"], high)
    assert math.isclose(a["value"], low)
    assert a["unit"] == unit


# Things that are not figures at all.
NOT_FIGURES = [
    "2021年，广东区域创新综合能力排名蝉联第一。",
    "第131届广交会在云端落幕。",
    "梧州市第十四次党代会提出大力实施工业振兴。",
    "这是一个缩影，也是一个信号。",
    "三位一体的检测产品与解决方案。",
    "深入实施“技改十条”和“四个梧州”建设。",
    "访客数达到1009万，同比上升。",
    "用户编号12345678已注销。",
    "广东省建设现代化产业体系八大行动。",
    "近年来，广东大力推进绿色制造。",
    "千家万户用上了清洁能源。",
    "“十四五”期间，全省推进数字化转型。",
    "运用5G、大数据等新技术。",
    "产业集群“第三极”加快形成。",
    "一系列政策一批项目一些企业。",
    "统一大市场建设进一步深化。",
    "请拨打12345热线反映问题。",
    "报告(2023-2024)已经发布。",
    "该中心二期工程进展顺利。",
    "五台山景区游客增多。",
    "十四届全国人大二次会议开幕。",
    "二十届三中全会精神。",
    "千家万户，百家争鸣。",
    "汽车零部件产业园。",
    "常住人口超1800万。",
    "单位：亿元",
    "编号一二〇家园路。",
    "",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_a_figure(sentence: str) -> None:
    assert extract_figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        ("从6公斤到3公斤，重量大幅下降。", ["6公斤", "3公斤"]),
        ("用电可以节约20%。", ["20%"]),
        ("同比增长22.4%，技改投资完成4206.5亿元。", ["22.4%", "4206.5亿元"]),
        ("2021年3310亿元，年均增长92.1%。", ["3310亿元", "92.1%"]),
        ("23日元旦假期。", []),
        ("100日元兑换。", ["100日元"]),
        ("比全省和全国分别高0.7、1.4个百分点。", ["0.7", "1.4个百分点"]),
        ("同比分别下降3.5%、28.6%、11.8%。", ["3.5%", "28.6%", "11.8%"]),
        ("第1、2%的样本。", ["2%"]),
        ("亿元以上项目完成投资。", ["亿元以上"]),
        ("单位：亿元", []),
    ],
)
def test_boundaries(sentence: str, texts: list[str]) -> None:
    assert [s.text for s in extract_figures(sentence)] == texts


def test_growth_words_stay_outside() -> None:
    sentence = "规模以上工业增加值同比增长22.4%，增速提高3.1个百分点。"
    texts = [s.text for s in extract_figures(sentence)]
    assert texts == ["22.4%", "3.1个百分点"]


def test_years_are_dates_not_quantities() -> None:
    sentence = "2025年将有1000座超级充换电中心建成。"
    assert [s.text for s in extract_figures(sentence)] == ["1000座"]
    assert [s.text for s in extract_dates(sentence)] == ["2025年"]


def test_figures_and_dates_never_overlap() -> None:
    sentence = "2024年1-9月，全省完成投资1.2万亿元，1-2个项目落地，23日元旦后开工。"
    spans = extract_figures(sentence) + extract_dates(sentence)
    assert span_problems(sentence, spans) == []


@pytest.mark.parametrize(
    "bad",
    ["\x00\x01\x02", "\ufffd\ufffd12\ufffd亿元", "𠀀𠀁12家𠀂", "1" * 5000 + "元", "万" * 3000 + "元", "约" * 100,
     "12\u200b家", "1,000,000,000,000,000,000,000,000,000,000亿元", "9" * 400 + "%", "年月日" * 50],
)
def test_damaged_text_never_raises(bad: str) -> None:
    spans = extract_figures(bad)
    assert span_problems(bad, spans) == []


@pytest.mark.parametrize("bad", [None, 12, b"12\xe5\xae\xb6", ["12家"]])
def test_non_strings_give_nothing(bad: object) -> None:
    assert extract_figures(bad) == []  # type: ignore[arg-type]


MAGNITUDES = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12, "萬": 10**4, "億": 10**8}
UNITS = {"元": ("MONEY", "CNY"), "美元": ("MONEY", "USD"), "吨": ("QUANTITY", "吨"), "家": ("QUANTITY", "家"),
         "个": ("QUANTITY", "个"), "亩": ("QUANTITY", "亩")}


@given(
    st.integers(min_value=1, max_value=999_999),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(sorted(MAGNITUDES)),
    st.sampled_from(sorted(UNITS)),
    st.sampled_from(["全年完成", "累计达到", "新增", "共计"]),
)
def test_formatted_figure_round_trips(whole: int, cents: int, mag: str, unit: str, lead: str) -> None:
    number = f"{whole}.{cents:02d}" if cents else str(whole)
    sentence = f"{lead}{number}{mag}{unit}。"
    spans = extract_figures(sentence)
    assert len(spans) == 1, (sentence, spans)
    label, code = UNITS[unit]
    assert spans[0].text == f"{number}{mag}{unit}"
    assert spans[0].label == label and spans[0].attrs["unit"] == code
    expected = float(number) * MAGNITUDES[mag]
    assert math.isclose(spans[0].attrs["value"], expected, rel_tol=1e-12)


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=9))
def test_formatted_percent_round_trips(whole: int, tenth: int) -> None:
    sentence = f"同比增长{whole}.{tenth}%，"
    spans = extract_figures(sentence)
    assert [s.text for s in spans] == [f"{whole}.{tenth}%"]
    assert math.isclose(spans[0].attrs["value"], whole + tenth / 10)


ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９.,%‰/-~至到年月日季度元亿万萬億千百十两一二三四五六七八九零〇○约超逾近多余以上左右个家吨台(套)（）“”《》第今去上半底")
    + ["美元", "个百分点", "分之", "\x00", "\ufffd", "𠀀", "\n", "增长"]
)


@settings(max_examples=300)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_random_text_spans_are_consistent(text: str) -> None:
    figures = extract_figures(text)
    dates = extract_dates(text)
    spans = figures + dates
    for s in spans:
        assert text[s.start : s.end] == s.text
        assert 0.0 <= s.attrs["score"] <= 1.0
    assert span_problems(text, spans) == []
    for s in figures:
        assert math.isfinite(s.attrs["value"])
        assert s.label in ("MONEY", "PERCENT", "QUANTITY")


@given(st.text(max_size=80))
def test_any_text_never_raises(text: str) -> None:
    spans = extract_figures(text) + extract_dates(text)
    assert span_problems(text, spans) == []


GOLD = __import__("pathlib").Path(__file__).resolve().parent / "data" / "gold_sample.jsonl"


@pytest.mark.skipif(not GOLD.exists(), reason="no hand gold for the sample corpus yet")
def test_gold_sample_floors() -> None:
    """Strict F1 and value accuracy on our hand gold (figures inside a gold POLICY name
    are left to the pipeline's overlap resolution, as there)."""
    import json

    labels = {"MONEY", "PERCENT", "QUANTITY", "DATE"}
    counts = {"FIG": [0, 0, 0], "DATE": [0, 0, 0]}
    values = [0, 0]
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = doc["text"]
        names = [(s["start"], s["end"]) for s in doc["spans"] if s["label"] == "POLICY"]
        gold = {(s["start"], s["end"], s["label"]): s for s in doc["spans"] if s["label"] in labels}
        pred = {
            s.key: s
            for s in extract_figures(text) + extract_dates(text)
            if not any(a <= s.start and s.end <= b and (b - a) > len(s.text) for a, b in names)
        }
        for key in set(gold) | set(pred):
            group = "DATE" if key[2] == "DATE" else "FIG"
            if key in gold and key in pred:
                counts[group][0] += 1  # true positive
                if group == "FIG":
                    g, p = gold[key].get("attrs", {}), pred[key].attrs
                    values[1] += 1
                    values[0] += g.get("unit") == p["unit"] and math.isclose(float(g["value"]), p["value"])
            elif key in pred:
                counts[group][1] += 1  # false positive
            else:
                counts[group][2] += 1  # false negative

    def f1(tp: int, fp: int, fn: int) -> float:
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    assert f1(*counts["FIG"]) >= 0.92, counts
    assert values[0] / max(values[1], 1) >= 0.97, values
    assert f1(*counts["DATE"]) >= 0.90, counts


@pytest.mark.parametrize("sentence", [case[0] for case in FIGURES + RANGES])
def test_same_figures_at_the_start_of_a_text_and_after_a_sentence(sentence: str) -> None:
    def found(text: str, shift: int) -> list[tuple[int, int, str, object]]:
        return [(s.start - shift, s.end - shift, s.label, s.attrs.get("value")) for s in extract_figures(text)]

    assert found(sentence, 0) == found("据介绍。" + sentence, 4)


# Pieces that exercise the figure trigger's shortcuts: digit runs before what may or may
# not follow a number, qualifier words (leads) at every distance, ranges, fractions.
_TRIGGER_PIECES = st.sampled_from(
    list("0123456789.,%/-~—至到年月日号届元亿万千百十两一二三四五零〇多余个家人吨台点分之倍成“”第从 ")
    + ["约", "超", "近", "逾", "大约", "将近", "超过", "不少于", "不超过", "至少", "最多", "以上", "左右"]
    + ["美元", "个百分点", "个月", "日元", "千瓦", "平方米", "km", "kg", "m²", "(套)", "增长", "最近", "节约"]
)


@settings(max_examples=400)
@given(st.lists(_TRIGGER_PIECES, max_size=40).map("".join), st.integers(0, 5), st.integers(0, 5))
def test_trigger_shortcuts_find_what_a_plain_trigger_finds(text: str, cut_left: int, cut_right: int) -> None:
    """The trigger skips digit runs no figure can start at; the matches are those found
    when every run of number characters is tried (also inside a window of the text)."""
    import re

    from annotate.extract.figures import _LEAD, _TRIGGER, FIGURE_RE
    from annotate.extract.numbers import CN_NUMERAL_CHARS, windowed_matches

    n = f"0-9{CN_NUMERAL_CHARS}"
    plain = re.compile(f"[{n.replace('一', '')}][{n}]*|一[-点倍成至到{n}][{n}]*")
    end = max(cut_left, len(text) - cut_right)

    def found(trigger: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in windowed_matches(FIGURE_RE, trigger, text, _LEAD, 40, cut_left, end)]

    assert found(_TRIGGER) == found(plain)
