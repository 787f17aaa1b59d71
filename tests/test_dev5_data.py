"""The fifth development set (ACTION only): its shape, valid spans, actors, decided spans and independence."""

from __future__ import annotations

import re

import gold_checks as gc

from annotate.models import Span, sort_spans

DEV5 = gc.DATA / "dev5" / "dev5.jsonl"
BUILD = gc.DATA / "dev5" / "build_dev5.py"
RECORDS = gc.read_gold(DEV5)
IDS = [
    "dev5-anhui-minying-cuoshi",
    "dev5-gansu-gongzuo-baogao",
    "dev5-nongyebu-tongzhi",
    "dev5-huayuan-xiangcun-zhenxing",
    "dev5-qinchuan-nengyuan-hezuo",
    "dev5-shanxi-zonggaiqu-zhaoshang",
    "dev5-liaoning-keji-jihua",
    "dev5-hebei-daqi-gongjian",
    "dev5-jilin-jinrong-xiaowei",
    "dev5-neimenggu-menggu-zhanhui",
    "dev5-aomen-zhongxiao-qiye-fanti",
    "dev5-chengdu-dikong-jingji",
    "dev5-guizhou-changwu-huiyi",
    "dev5-hunan-jingji-yunxing",
]
SENTENCE_END = re.compile(r"[。！？!?\n]")
# Subjects that are pronouns or generic and so never an actor.
GENERIC = {"我们", "政府", "各地", "全省", "全市", "会议", "集团", "双方", "综改区", "市里", "村里"}

labelled = gc.labeller(RECORDS, prefix="dev5-")
INDEX = gc.by_id(RECORDS)


def actions(doc: str) -> dict[str, str | None]:
    """Return {span text: actor or None} for the ACTION spans of dev5-<doc>."""
    return {s["text"]: s["attrs"].get("actor") for s in INDEX["dev5-" + doc]["spans"]}


def sentence(text: str, start: int, end: int) -> str:
    """Return the sentence (ended by 。！？!? or a line break) that holds [start, end)."""
    ends = [m.start() for m in SENTENCE_END.finditer(text)]
    a = max((i + 1 for i in ends if i < start), default=0)
    b = min((i for i in ends if i >= end), default=len(text))
    return text[a:b]


def test_file_has_fourteen_documents_of_the_right_shape() -> None:
    gc.check_documents(RECORDS, count=14, ids=IDS, prefix="dev5-", chars=(300, 600), stripped=True)


def test_build_script_reproduces_the_file() -> None:
    assert gc.load_script(BUILD).build() == RECORDS


def test_every_span_is_a_valid_sorted_action() -> None:
    for rec in RECORDS:
        text, spans = rec["text"], gc.spans_of(rec)
        assert spans, rec["id"]
        for raw, span in zip(rec["spans"], spans, strict=True):
            assert set(raw) == gc.SPAN_KEYS, (rec["id"], raw)
            assert Span(**raw) == span
            span.check(text)
            assert text[span.start : span.end] == span.text
            assert span.label == "ACTION", (rec["id"], span)
            assert set(span.attrs) <= {"actor"}, (rec["id"], span)
            assert span.text == span.text.strip() and span.text[-1] not in "，。；、：", (rec["id"], span)
        assert spans == sort_spans(spans), rec["id"]
        assert len({s.key for s in spans}) == len(spans), rec["id"]


def test_no_two_actions_overlap() -> None:
    for rec in RECORDS:
        gc.check_flat(rec, overlap_ok=())
        spans = gc.spans_of(rec)
        for a, b in zip(spans, spans[1:]):
            assert a.end <= b.start, (rec["id"], a.text, b.text)


def test_actors_occur_in_the_sentence_of_their_action_and_are_names() -> None:
    with_actor = 0
    for rec in RECORDS:
        text = rec["text"]
        for s in rec["spans"]:
            actor = s["attrs"].get("actor")
            if actor is None:
                continue
            with_actor += 1
            assert isinstance(actor, str) and actor and actor == actor.strip(), (rec["id"], s)
            assert actor not in GENERIC, (rec["id"], s)
            assert actor in sentence(text, s["start"], s["end"]), (rec["id"], s["text"], actor)
            assert actor not in s["text"], (rec["id"], s["text"], actor)  # the actor stays outside
    assert with_actor == 57


def test_counts() -> None:
    assert gc.label_counts(RECORDS) == {"ACTION": 121}
    assert min(len(rec["spans"]) for rec in RECORDS) == 3  # the statistics report has only three


def test_decided_spans_with_an_actor() -> None:
    assert actions("anhui-minying-cuoshi")["出台18条措施促进民营经济高质量发展"] == "安徽"
    assert (
        actions("anhui-minying-cuoshi")["建立涉企政策“直达快享”机制"] == "省发展改革委"
    )  # 会同… stays outside
    assert (
        actions("huayuan-xiangcun-zhenxing")["引进湖南湘果源农业发展有限公司建设冷链仓储中心"]
        == "县农业农村局"
    )
    assert (
        actions("shanxi-zonggaiqu-zhaoshang")["赴上海、苏州、杭州开展专题招商活动"]
        == "山西转型综合改革示范区"
    )
    assert actions("jilin-jinrong-xiaowei")["设立100亿元再贷款再贴现专项额度"] == "人民银行吉林省分行"
    assert actions("neimenggu-menggu-zhanhui")["建设跨境物流仓储中心"] == "内蒙古北疆恒达新材料股份有限公司"
    assert actions("aomen-zhongxiao-qiye-fanti")["開展系列培訓"] == "特區政府"  # 聯同… stays outside
    assert actions("guizhou-changwu-huiyi")["组织30处具备条件的煤矿释放先进产能"] == "省能源局"  # agent of 由
    assert actions("hebei-daqi-gongjian")["组建了12个跨市交叉执法组"] == "省生态环境厅"


def test_decided_spans_without_an_actor() -> None:
    # Generic subjects (各地, 全省, 我们, 集团, 综改区) and bodies acting together give no actor.
    assert actions("nongyebu-tongzhi")["建立项目建设全过程质量监管制度"] is None
    assert actions("gansu-gongzuo-baogao")["深化“放管服”改革"] is None
    assert actions("jilin-jinrong-xiaowei")["出台《吉林省金融支持民营和小微企业发展十条措施》"] is None
    assert actions("qinchuan-nengyuan-hezuo")["共建氢能产业示范基地"] is None
    assert actions("shanxi-zonggaiqu-zhaoshang")["组建8个产业链招商专班"] is None
    assert actions("chengdu-dikong-jingji")["打造20个低空应用场景"] is None
    assert actions("liaoning-keji-jihua")["出资3000万元参与"] is None


def test_leading_adverbs_and_prepositional_phrases_stay_outside() -> None:
    assert "推进高标准农田建设" in labelled("nongyebu-tongzhi", "ACTION")  # 加快 outside
    assert "建设河西走廊清洁能源基地" in labelled("gansu-gongzuo-baogao", "ACTION")
    assert "实施差异化管控" in labelled("hebei-daqi-gongjian", "ACTION")  # 对…企业 outside
    assert "提供订单融资" in labelled("jilin-jinrong-xiaowei", "ACTION")  # 为…企业 outside
    assert "推出網上申請平台" in labelled("aomen-zhongxiao-qiye-fanti", "ACTION")  # 於明年第一季 outside
    assert "清理妨碍公平竞争的规定和做法" in labelled("anhui-minying-cuoshi", "ACTION")  # 全面 outside


def test_non_actions_are_not_spans() -> None:
    """Meetings held, signing, statistics, targets, terms, purposes and reporting are no part of any span."""
    not_actions = {
        "dev5-guizhou-changwu-huiyi": [
            "召开常务会议",
            "主持召开",
            "听取全省能源保供情况汇报",
            "研究部署今冬明春",
            "审议通过",
            "确保群众温暖过冬",
        ],
        "dev5-qinchuan-nengyuan-hezuo": ["签署战略合作协议", "实现营业收入", "计划于2025年6月开工"],
        "dev5-shanxi-zonggaiqu-zhaoshang": ["签约项目23个", "举办半导体与新材料产业推介会", "实际利用内资"],
        "dev5-neimenggu-menggu-zhanhui": ["举办中蒙经贸合作对接会", "促成双方企业签订合作协议", "签约"],
        "dev5-anhui-minying-cuoshi": ["给予一次性奖励200万元", "用于扩大政府性融资担保规模", "达到812.6万户"],
        "dev5-jilin-jinrong-xiaowei": ["力争2025年", "实行“无还本续贷”", "发放贷款46.8亿元", "迅速行动"],
        "dev5-gansu-gongzuo-baogao": [
            "增长6%左右",
            "力争新能源装机新增1000万千瓦",
            "让企业和群众办事更加便捷",
        ],
        "dev5-nongyebu-tongzhi": [
            "严禁挤占挪用项目资金",
            "做好信息报送",
            "报送我部农田建设管理司",
            "力争冬季开工",
        ],
        "dev5-huayuan-xiangcun-zhenxing": ["带动周边12个村", "确保每个脱贫村"],
        "dev5-hunan-jingji-yunxing": ["发布数据", "同比增长4.7%"],
        "dev5-aomen-zhongxiao-qiye-fanti": ["協助商戶善用數字工具", "簡化申請程序"],
        "dev5-chengdu-dikong-jingji": ["低空经济规模突破1000亿元", "集聚低空经济相关企业500家以上"],
        "dev5-hebei-daqi-gongjian": ["力争控制在55微克/立方米以内", "为期四个半月"],
    }
    for doc_id, phrases in not_actions.items():
        rec = INDEX[doc_id]
        boxes = [(s["start"], s["end"]) for s in rec["spans"]]
        for phrase in phrases:
            where = gc.occurrences(rec["text"], phrase)
            assert where, (doc_id, phrase)
            for i in where:
                assert not any(i < b and a < i + len(phrase) for a, b in boxes), (doc_id, phrase)


def test_dev5_is_independent_of_the_other_gold_files() -> None:
    """No run of 12 characters of a text here appears in any other tests/data/**/*.jsonl."""
    gc.check_independent(RECORDS, gc.other_gold_files(DEV5))
