"""ACTION extraction: verb through object, no adverbs or actor, facts and nouns rejected."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract.actions import VERBS, extract_actions
from annotate.extract.segment import tokens
from annotate.models import Span


def actions(text: str, entities: list[Span] = ()) -> list[str]:  # type: ignore[assignment]
    return [s.text for s in extract_actions(text, tokens(text), list(entities))]


def entity(text: str, surface: str, label: str) -> Span:
    start = text.index(surface)
    return Span.of(text, start, start + len(surface), label)


POSITIVE = [
    # (text, expected action texts in order)
    ("省工信厅将实施技术改造赋能提升工程。", ["实施技术改造赋能提升工程"]),
    ("今年全省推动9345家工业企业开展技改。", ["推动9345家工业企业开展技改"]),
    ("市政府近日出台14项配套支持政策。", ["出台14项配套支持政策"]),
    ("该省组建广东省具身智能机器人创新中心。", ["组建广东省具身智能机器人创新中心"]),
    ("我区将大力推进智能家电产业集群建设。", ["推进智能家电产业集群建设"]),
    ("全市加快打造新能源汽车零部件基地。", ["打造新能源汽车零部件基地"]),
    ("我们要积极引导社会资本投向科技型中小企业。", ["引导社会资本投向科技型中小企业"]),
    ("该区全力建设现代物流枢纽，进一步完善冷链配送网络。", ["建设现代物流枢纽", "完善冷链配送网络"]),
    ("省科技厅持续深化科技成果转化改革。", ["深化科技成果转化改革"]),
    ("区委不断加强基层党组织建设。", ["加强基层党组织建设"]),
    ("着力落实减税降费政策。", ["落实减税降费政策"]),
    ("市商务局加速布局跨境电商海外仓。", ["布局跨境电商海外仓"]),
    ("高新区率先建立了知识产权快速维权机制。", ["建立了知识产权快速维权机制"]),
    ("今年将举办第五届数字经济博览会。", ["举办第五届数字经济博览会"]),
    ("县政府印发《关于促进民营经济发展的若干措施》。", ["印发《关于促进民营经济发展的若干措施》"]),
    ("省里设立200亿元产业投资基金。", ["设立200亿元产业投资基金"]),
    ("园区引进一批高端装备制造项目。", ["引进一批高端装备制造项目"]),
    ("我市已经成立了人工智能产业联盟。", ["成立了人工智能产业联盟"]),
    ("将构建以企业为主体的技术创新体系。", ["构建以企业为主体的技术创新体系"]),
    ("省发改委制定新一轮重点项目清单。", ["制定新一轮重点项目清单"]),
    ("积极培育专精特新中小企业。", ["培育专精特新中小企业"]),
    ("市里组织开展中小企业数字化诊断服务。", ["组织开展中小企业数字化诊断服务"]),
    ("将大力发展低空经济产业。", ["发展低空经济产业"]),  # weak verb after a cue
    ("全面提升产业链供应链韧性。", ["提升产业链供应链韧性"]),
    ("省财政厅今年安排8亿元专项资金支持设备更新。", ["安排8亿元专项资金支持设备更新"]),
    ("从多个方面推出12项支持措施。", ["推出12项支持措施"]),
    ("已在沿海等地布局5个产业基地。", ["布局5个产业基地"]),  # a nominal verb with a counted object
    ("项目开工　推动园区扩容", ["推动园区扩容"]),  # a full-width space separates headline parts
    # coordinated actions split at 、 and at a conjunction before another verb
    ("组建技术攻关团队、建设中试验证平台、完善成果转化机制。",
     ["组建技术攻关团队", "建设中试验证平台", "完善成果转化机制"]),
    ("区政府出台人才新政并设立专项扶持资金。", ["出台人才新政", "设立专项扶持资金"]),
    ("省里实施加快建设新材料产业高地若干措施。", ["实施加快建设新材料产业高地若干措施"]),
    # an enumeration inside the object does not split
    ("推动制造业高端化、智能化、绿色化发展。", ["推动制造业高端化、智能化、绿色化发展"]),
    # two verbs sharing one object stay one action
    ("要鼓励和支持企业加大研发投入。", ["鼓励和支持企业加大研发投入"]),
    # a verb inside an action's object is not a second action
    ("推动建设不少于20家省级创新平台。", ["推动建设不少于20家省级创新平台"]),
    # ASCII punctuation from damaged text ends a clause; a comma between digits does not
    ("该市实施1,500个技改项目,完善配套政策", ["实施1,500个技改项目", "完善配套政策"]),
    # traditional characters are handled by the pipeline (converted first); full-width digits are text
    ("省里推动１２０家企业上云。", ["推动１２０家企业上云"]),
]

NEGATIVE = [
    "在省委省政府的推动下，全省经济稳中向好。",  # circumstance, 推动下
    "产业园区的建设成效显著。",  # 的建设: a noun
    "科技创新对经济增长的推动作用明显。",  # 推动作用: a noun
    "项目建设取得新进展。",  # 建设取得: subject of a statement
    "该公司成立于2010年。",  # a fact
    "这一新城正在建设。",  # no object
    "数字经济是推进供给侧结构性改革的重要体现。",  # an opinion
    "中国建设银行广东分行发布年报。".replace("发布年报", "业绩稳定"),  # a verb inside a name
    "高质量发展是首要任务。",  # a weak verb without a cue is a noun
    "《广东省建设现代化产业体系行动计划》内容丰富。",  # a verb inside a 《title》
    "他介绍了相关扶持政策的情况。",  # 扶持政策: a noun phrase
    "起步区项目集中开工建设。",  # 开工建设: only verbs, no object
    "该市召开产业园区建设推进大会。",  # a meeting's name
    "研发投入占比力争提高到3%。",  # a target figure, not a measure
    "举行新闻发布会。",  # holding a meeting is not policy
    "这次展会是全面推进开放合作的重要缩影之一。",  # an opinion tail (…的缩影之一)
    "加快构建新发展格局至关重要。",  # an evaluation
    "推进节能降碳是实现可持续发展的必然选择。",  # the verb phrase is the subject of 是
    "博览会举办时吸引了大量客商。",  # 举办时: a time, not a measure
    "为推动产业升级提供有力保障。",  # a purpose clause
    "“推动百城千企”专项行动正式收官。",  # a verb inside a quoted name
    "当地政府扶持和引导。",  # only verbs after the verb
    "实施乡村振兴行动方面，今年成效明显。",  # 实施…方面: a topic, not a measure
    "科技创新、人才培育等方面提出新任务。",  # 培育等…: the end of a list
    "大湾区现代化产业体系建设相关政策陆续出台。",  # 体系建设: a noun even with a place before it
    "",
    "。，、",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(text: str, expected: list[str]) -> None:
    assert actions(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text: str) -> None:
    assert actions(text) == []


def test_leading_adverbs_are_outside() -> None:
    text = "省政府将进一步加快推进营商环境改革。"
    found = extract_actions(text, tokens(text), [])
    assert [s.text for s in found] == ["推进营商环境改革"]
    assert text[found[0].start - 2 : found[0].start] == "加快"


def test_actor_is_nearest_entity_in_the_sentence() -> None:
    text = "广东省工业和信息化厅与美的集团签约。美的集团将建设灯塔工厂，省工信厅支持企业技改。"
    ents = [
        entity(text, "广东省工业和信息化厅", "GOV"),
        Span.of(text, 11, 15, "ORG"),
        Span.of(text, 18, 22, "ORG"),
        entity(text, "省工信厅", "GOV"),
    ]
    assert text[11:15] == text[18:22] == "美的集团"
    found = extract_actions(text, tokens(text), ents)
    assert [(s.text, s.attrs.get("actor"), s.attrs.get("actor_label")) for s in found] == [
        ("建设灯塔工厂", "美的集团", "ORG"),
        ("支持企业技改", "省工信厅", "GOV"),
    ]


@pytest.mark.parametrize(
    ("text", "names", "actor"),
    [
        ("省科技厅将联合招商银行等机构设立科创基金。", [("省科技厅", "GOV"), ("招商银行", "ORG")], "省科技厅"),
        ("惠州已在博罗、龙门等地布局3个产业园。", [("惠州", "LOC"), ("博罗", "LOC"), ("龙门", "LOC")], "惠州"),
        ("珠海市政府与澳门大学共建2个联合实验室。", [("珠海市政府", "GOV"), ("澳门大学", "ORG")], "珠海市政府"),
        ("江门市委、市政府发布侨乡振兴十条。", [("江门市委", "GOV"), ("市政府", "GOV")], "江门市委"),
        ("省交通厅将推进湛江港扩建，开展航道疏浚。", [("省交通厅", "GOV"), ("湛江港", "LOC")], "省交通厅"),
    ],
)
def test_actor_is_the_subject_not_an_oblique_name(text: str, names: list[tuple[str, str]], actor: str) -> None:
    found = extract_actions(text, tokens(text), [entity(text, n, label) for n, label in names])
    assert found and {s.attrs.get("actor") for s in found} == {actor}


def test_actor_not_taken_from_previous_sentence() -> None:
    text = "广州市发展改革委召开会议。下一步将出台配套政策。"
    found = extract_actions(text, tokens(text), [entity(text, "广州市发展改革委", "GOV")])
    assert [s.text for s in found] == ["出台配套政策"]
    assert "actor" not in found[0].attrs


def test_nominal_verb_after_its_subject_in_the_clause() -> None:
    text = "市金融局今年发布专项行动计划。"
    assert actions(text.replace("今年", "新")) == []  # 市金融局新发布…: read as a noun phrase
    found = extract_actions(text, tokens(text), [entity(text, "市金融局", "GOV")])
    assert [(s.text, s.attrs["actor"]) for s in found] == [("发布专项行动计划", "市金融局")]


def test_verb_inside_entity_is_skipped_but_actor_is_used() -> None:
    text = "中国建设银行支持小微企业融资。"
    found = extract_actions(text, tokens(text), [entity(text, "中国建设银行", "ORG")])
    assert [(s.text, s.attrs["actor"]) for s in found] == [("支持小微企业融资", "中国建设银行")]


def test_spans_fit_text_and_carry_scores() -> None:
    text = "省商务厅积极推动外贸企业开拓新兴市场，组织企业参加境外展会。"
    for span in extract_actions(text, tokens(text), [entity(text, "省商务厅", "GOV")]):
        span.check(text)
        assert span.label == "ACTION"
        assert 0 < span.attrs["score"] <= 1


def test_long_unpunctuated_text_is_capped() -> None:
    text = "推动" + "企业技术改造和数字化转型" * 20
    (span,) = extract_actions(text, tokens(text), [])
    assert span.start == 0 and span.end <= 80
    span.check(text)


def test_no_tokens_no_actions() -> None:
    assert extract_actions("推动企业上云。", None, []) == []
    assert extract_actions("推动企业上云。", [], []) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*sorted(VERBS), "企业", "，", "。", "的", "、", "和", "大力", "1,2", "\ufffd", "𠀀"]),
                max_size=30))
def test_any_text_gives_valid_spans(parts: list[str]) -> None:
    text = "".join(parts)
    found = extract_actions(text, tokens(text), [])
    for span in found:
        span.check(text)
        assert span.text[:2] in VERBS or span.text[:1] in VERBS
    starts = [s.start for s in found]
    assert starts == sorted(starts)


def test_action_partial_overlap_f1_on_the_sample_gold() -> None:
    """Floor for ACTION on our hand-made gold (SemEval partial: exact = 1, overlap = 0.5)."""
    import json
    from pathlib import Path

    from annotate.extract.pipeline import Pipeline

    gold_file = Path(__file__).parent / "data" / "gold_sample.jsonl"
    pipeline = Pipeline()
    credit = predicted = expected = 0.0
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "ACTION"]
        pred = [(s.start, s.end) for s in pipeline.predict(row["text"]) if s.label == "ACTION"]
        predicted += len(pred)
        expected += len(gold)
        unused = list(pred)
        for g in gold:
            if g in unused:
                credit += 1
                unused.remove(g)
                continue
            match = next((p for p in unused if p[0] < g[1] and g[0] < p[1]), None)
            if match is not None:
                credit += 0.5
                unused.remove(match)
    precision, recall = credit / predicted, credit / expected
    f1 = 2 * precision * recall / (precision + recall)
    assert expected >= 30
    assert f1 >= 0.85, f"ACTION partial F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})"


# --- rules added with the dev5 development set ------------------------------------------

MORE_POSITIVE = [
    # a modal earlier in the clause cues a weak verb across a prepositional phrase
    ("公司将在园区投资20亿元建设电池生产基地。", ["投资20亿元建设电池生产基地"]),
    ("市里将为项目提供用地和用能保障。", ["提供用地和用能保障"]),
    # a list marker opening the clause cues weak and nominal verbs
    ("主要任务是：\n一是扩大有效投资；\n二是强化资金保障。", ["扩大有效投资", "强化资金保障"]),
    ("■ 建设低空飞行服务保障体系\n■ 开放首批低空航线20条", ["建设低空飞行服务保障体系", "开放首批低空航线20条"]),
    # verbs that introduce a concrete measure on their own
    ("各地要及时清理妨碍公平竞争的规定。", ["清理妨碍公平竞争的规定"]),
    ("县里整合涉农资金8000万元。", ["整合涉农资金8000万元"]),
    ("执法部门将严查超标排放行为。", ["严查超标排放行为"]),
    # a short-name note after a title is not part of the measure
    ("省政府印发《关于支持外贸企业的若干措施》（以下简称《措施》）。", ["印发《关于支持外贸企业的若干措施》"]),
]


@pytest.mark.parametrize(("text", "expected"), MORE_POSITIVE)
def test_more_actions(text: str, expected: list[str]) -> None:
    assert actions(text) == expected


@pytest.mark.parametrize("text", [
    "这项政策推出至今已惠及企业2000家。",  # 推出至今: a time phrase, not a measure
    "产业发展提供了有力支撑。",  # a weak verb with no cue is a description
])
def test_more_non_actions(text: str) -> None:
    assert actions(text) == []
