"""Entity rules added after the dev3/dev4 development sets: settlements, features, dotted names,
organisation units, datelines, county short forms, regions, diplomatic missions.

Sentences are written for this test; none comes from a gold file.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract.entities import extract_entities
from annotate.extract.segment import tokens
from annotate.models import span_problems


def found(text: str) -> set[tuple[str, str]]:
    return {(s.label, s.text) for s in extract_entities(text, tokens(text))}


POSITIVE = [
    # towns, villages, streets and communities named without a place before them
    ("LOC", "记者来到石岭村，村党支部书记介绍了情况。", "石岭村"),
    ("LOC", "在杏花镇、柳河乡开展调研。", "杏花镇"),
    ("LOC", "在杏花镇、柳河乡开展调研。", "柳河乡"),
    ("LOC", "工作组走进青石镇桃源村，察看茶园。", "桃源村"),
    ("LOC", "以东湖街道、南苑街道为重点推进改造。", "南苑街道"),
    ("GOV", "红岩乡党委书记介绍，全乡茶叶增收。", "红岩乡党委"),
    # rivers, lakes and mountains jieba knows as place words; composed ones
    ("LOC", "持续推进白洋淀生态修复。", "白洋淀"),
    ("LOC", "确保疏勒河流域生态用水。", "疏勒河"),
    ("LOC", "北靠罗布泊，南依阿尔金山。", "阿尔金山"),
    # a place with a one-character head is its town or river; a zone's name holds no verb
    ("LOC", "“今年收成好。”米兰镇的果农说。", "米兰镇"),
    ("LOC", "启动府河、孝义河综合治理。", "孝义河"),
    ("LOC", "今年以来，佛山市顺德区累计拆除整理村级工业园23个。", "顺德区"),
    ("LOC", "货物经满洲里、二连浩特出境。", "二连浩特"),
    # county-level cities and counties by short form, nationwide
    ("LOC", "义乌小商品出口增长，昆山、晋江表现突出。", "义乌"),
    ("LOC", "义乌小商品出口增长，昆山、晋江表现突出。", "昆山"),
    ("LOC", "在抚松、靖宇两县推广林下种植。", "抚松"),
    # regions and ports of entry
    ("LOC", "电力经特高压通道送往华北。", "华北"),
    ("LOC", "重点推进陇东能源基地建设。", "陇东"),
    ("LOC", "货物经霍尔果斯口岸出境。", "霍尔果斯口岸"),
    # divisions abroad named after their country, and a second one joined to it
    ("LOC", "货物来自越南谅山省和北江省。", "谅山省"),
    ("LOC", "货物来自越南谅山省和北江省。", "北江省"),
    ("LOC", "项目位于乌兹别克斯坦撒马尔罕州。", "撒马尔罕州"),
    ("LOC", "投资约4亿美元在撒马尔罕州建设光伏电站。", "撒马尔罕州"),
    # two names side by side are two spans: a country before a company, a port before its area
    ("LOC", "企业已与德国西门子公司签约。", "德国"),
    ("ORG", "企业已与德国西门子公司签约。", "西门子公司"),
    ("LOC", "其中青岛港前湾港区单日作业量创新高。", "青岛港"),
    ("LOC", "其中青岛港前湾港区单日作业量创新高。", "前湾港区"),
    # zone heads of science and innovation areas
    ("LOC", "项目位于光谷科学岛以东。", "光谷科学岛"),
    # names with a middle dot
    ("PER", "县长艾尔肯·吐尔逊介绍，红枣丰收。", "艾尔肯·吐尔逊"),
    ("PER", "村民阿不都拉·卡德尔说，收入翻了一番。", "阿不都拉·卡德尔"),
    ("PER", "副部长叶尔兰·努尔兰别科夫在仪式上致辞。", "叶尔兰·努尔兰别科夫"),
    # units of a university or academy; media datelines
    ("ORG", "中国农业大学资源与环境学院教授介绍，试验取得进展。", "中国农业大学资源与环境学院"),
    ("ORG", "天山网讯（通讯员 王海）近日，项目开工。", "天山网"),
    ("ORG", "据解放日报报道，园区新签项目12个。", "解放日报"),
    # registered company names with descriptive words
    ("ORG", "位于宜都市的湖北楚磷新材料股份有限公司完成搬迁。", "湖北楚磷新材料股份有限公司"),
    # government short forms, ministries abroad, missions
    ("GOV", "省经信厅副厅长方立新介绍", "省经信厅"),
    ("GOV", "区科委、区经济和信息化局联合发文。", "区科委"),
    ("GOV", "哈萨克斯坦能源部副部长出席。", "哈萨克斯坦能源部"),
    ("GOV", "中国驻阿拉木图总领事馆、中资企业协会参加。", "中国驻阿拉木图总领事馆"),
    ("GOV", "此外，省委网信办将开展专项检查。", "省委网信办"),
]


@pytest.mark.parametrize(("label", "text", "name"), POSITIVE)
def test_finds(label: str, text: str, name: str) -> None:
    assert (label, name) in found(text)


NEGATIVE = [
    # common words and phrases before a settlement head are not names
    ("推进乡村振兴和新型城镇化。", "LOC"),
    ("全镇共有12个行政村，两个村已完成改造。", "LOC"),
    ("建设特色小镇和美丽乡村，完善城乡社区治理。", "LOC"),
    ("村里成立了西河乡村旅游合作社。", "LOC:西河乡村"),
    # idioms and common words ending in 河/山/海 are not features
    ("他从不信口开河，工作中人山人海也不慌。", "LOC"),
    ("走遍江湖，看尽大海高山。", "LOC"),
    # a national bank named by its country keeps it
    ("国家开发银行和哈萨克斯坦开发银行签署协议。", "LOC:哈萨克斯坦"),
    # a numeral short form is a number outside the home region
    ("“三江”水电基地建设加快。", "LOC:三江"),
    # a verb inside is not a centre's name
    ("支持西安建设国家中心城市。", "ORG"),
    # two universities are not one unit
    ("团队来自上海交通大学和复旦大学微电子学院。", "ORG:上海交通大学和复旦大学微电子学院"),
]


@pytest.mark.parametrize(("text", "what"), NEGATIVE)
def test_does_not_find(text: str, what: str) -> None:
    spans = found(text)
    if ":" in what:
        label, name = what.split(":")
        assert (label, name) not in spans
    else:
        assert not {s for s in spans if s[0] == what}, spans


def test_village_after_unknown_county_starts_after_it() -> None:
    spans = found("信阳市新县周河乡西河村的古民居")
    assert ("LOC", "周河乡") in spans and ("LOC", "西河村") in spans
    assert ("LOC", "新县周河乡") not in spans


_CHARS = "石岭村镇乡街道社区河湖山·阿不都拉县长说在的了个两全新城乡美丽特色，。、 "


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARS), max_size=40))
def test_new_rules_keep_spans_valid_and_flat(text: str) -> None:
    spans = extract_entities(text, tokens(text))
    assert span_problems(text, spans) == []
