"""The fifth held-out gold set (ACTION only): its shape, spans, actors, decided cases and independence.

heldout5 annotates ACTION spans only (with attrs.actor where the subject is a named body); it
measures action extraction alone and nobody tunes on it. See tests/data/heldout5/README.md.
"""

from __future__ import annotations

import gold_checks as gc

from annotate.models import Span, sort_spans

HELDOUT5 = gc.DATA / "heldout5" / "heldout5.jsonl"
BUILD = gc.DATA / "heldout5" / "build_heldout5.py"
SENTENCE_END = "。！？!?\n"

EXPECTED_IDS = [
    "heldout5-zhuzhou-zhizaoye-cuoshi",
    "heldout5-shaanxi-gongzuo-baogao",
    "heldout5-shangwubu-tongzhi",
    "heldout5-guizhou-meitan-chaye",
    "heldout5-sichuan-chuanda-xiaoqi",
    "heldout5-guangxi-qinzhou-gangkou",
    "heldout5-neimenggu-eerduosi-qingneng",
    "heldout5-hebei-shijiazhuang-gonggong-fuwu",
    "heldout5-shenzhen-longhua-yingshang",
    "heldout5-gaoxiong-bandaoti-fanti",
    "heldout5-huayao-xincai-gonggao",
    "heldout5-shanxi-tongji-fabu",
]

RECORDS = gc.read_gold(HELDOUT5)
INDEX = gc.by_id(RECORDS)


def actions(doc: str) -> dict[str, str | None]:
    """Return {surface: actor or None} of the document's ACTION spans."""
    return {s["text"]: s["attrs"].get("actor") for s in INDEX["heldout5-" + doc]["spans"]}


def sentence_of(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in SENTENCE_END) if i != -1]
    return text[left : min(rights, default=len(text))]


def is_covered(doc: str, surface: str) -> bool:
    """Return whether some ACTION span shares a character with an occurrence of surface."""
    rec = INDEX["heldout5-" + doc]
    where = gc.occurrences(rec["text"], surface)
    assert where, (doc, surface)
    return any(s["start"] < i + len(surface) and i < s["end"] for i in where for s in rec["spans"])


def test_file_has_twelve_documents_of_the_right_shape() -> None:
    gc.check_documents(RECORDS, ids=EXPECTED_IDS, prefix="heldout5-", stripped=True)
    for rec in RECORDS:
        assert "<" not in rec["text"], "texts are clean, no HTML"
        assert rec["spans"], rec["id"]


def test_every_span_is_a_valid_sorted_action_with_at_most_an_actor() -> None:
    for rec in RECORDS:
        spans = gc.spans_of(rec)
        for raw, span in zip(rec["spans"], spans, strict=True):
            assert set(raw) == gc.SPAN_KEYS, raw
            assert Span(**raw) == span
            span.check(rec["text"])
            assert rec["text"][raw["start"] : raw["end"]] == raw["text"]
            assert span.label == "ACTION", (rec["id"], span)
            assert set(span.attrs) <= {"actor"}, (rec["id"], span)
            assert span.text == span.text.strip() and span.text[0] not in "，。、；：", span
        assert spans == sort_spans(spans), rec["id"]
        assert len({s.key for s in spans}) == len(spans), rec["id"]


def test_no_two_actions_overlap() -> None:
    for rec in RECORDS:
        gc.check_flat(rec, overlap_ok=())  # nothing may overlap, ACTION included
        spans = gc.spans_of(rec)
        assert not any(a.overlaps(b) for i, a in enumerate(spans) for b in spans[i + 1 :]), rec["id"]


def test_actors_occur_in_the_sentence_of_their_action() -> None:
    for rec in RECORDS:
        for s in rec["spans"]:
            actor = s["attrs"].get("actor")
            if actor is not None:
                assert actor and actor not in s["text"], s
                assert actor in sentence_of(rec["text"], s["start"], s["end"]), (rec["id"], s)


def test_counts() -> None:
    spans = [s for rec in RECORDS for s in rec["spans"]]
    assert gc.label_counts(RECORDS) == {"ACTION": 83}
    assert sum("actor" in s["attrs"] for s in spans) == 41
    assert any("與" in rec["text"] and "臺" in rec["text"] for rec in RECORDS), "no traditional text"


def test_decided_actions_with_actor() -> None:
    zhuzhou = actions("zhuzhou-zhizaoye-cuoshi")
    assert zhuzhou["出台16条措施支持制造业高质量发展"] == "株洲"  # headline, LOC actor, purpose kept
    assert zhuzhou["印发《株洲市支持制造业高质量发展的若干措施》"] == "株洲市人民政府办公室"
    assert zhuzhou["设立总规模20亿元的制造业转型升级基金"] == "市工信局"  # 会同市财政局 outside
    assert actions("shangwubu-tongzhi")["组织开展县域商业“领跑县”评选"] == "商务部"
    assert actions("guangxi-qinzhou-gangkou")["推广“船边直提”“抵港直装”等便利化措施"] == "钦州海关"
    assert actions("guangxi-qinzhou-gangkou")["开通两条东南亚集装箱航线"] == "钦州港"
    assert actions("hebei-shijiazhuang-gonggong-fuwu")["配备数字化影像设备"] == "市卫生健康委"  # 为… outside
    assert actions("shenzhen-longhua-yingshang")["发布优化营商环境改革6.0版实施方案"] == "龙华区"
    assert actions("gaoxiong-bandaoti-fanti")["成立「半導體產業推動辦公室」"] == "市府"
    assert actions("guizhou-meitan-chaye")["投入衔接资金1200万元"] == "兴隆镇"
    assert actions("huayao-xincai-gonggao")["投资建设高性能隔膜项目"] == "江苏华曜新材料股份有限公司"


def test_decided_actions_without_actor() -> None:
    assert actions("shaanxi-gongzuo-baogao")["推进西安咸阳国际机场三期扩建"] is None  # 加快 outside, 我们
    assert actions("shaanxi-gongzuo-baogao")["开工建设西安至延安高铁等重大项目"] is None  # 新 outside
    assert actions("zhuzhou-zhizaoye-cuoshi")["规划建设轨道交通零部件产业园"] is None  # 市里, 在… outside
    assert actions("sichuan-chuanda-xiaoqi")["共建“高端医用高分子材料联合创新中心”"] is None  # 双方
    assert actions("gaoxiong-bandaoti-fanti")["開設半導體產業碩士學程"] is None  # 市府與…合作
    assert actions("shenzhen-longhua-yingshang")["推行“综合查一次”联合执法模式"] is None  # 该局
    assert actions("shangwubu-tongzhi")["整合快递、商超、供销等寄递资源"] is None  # generic addressee
    assert actions("shanxi-tongji-fabu") == {
        "落实存量政策和一揽子增量政策": None,
        "推进大规模设备更新和消费品以旧换新": None,
    }


def test_decided_non_actions() -> None:
    not_actions = {
        "zhuzhou-zhizaoye-cuoshi": ["给予补助", "一次性奖励100万元", "力争到2026年", "增长7.9%"],
        "shaanxi-gongzuo-baogao": [
            "召开全省民营经济发展大会",
            "全年完成重点项目投资5000亿元以上",
            "重点做好以下工作",
        ],
        "shangwubu-tongzhi": [
            "为深入贯彻扩大内需战略部署",
            "健全县乡村三级商业网络",
            "报送商务部",
            "不得用于楼堂馆所建设",
        ],
        "guizhou-meitan-chaye": ["建成标准化茶叶加工厂3座", "签订保底收购协议", "带动2300多户农户增收"],
        "sichuan-chuanda-xiaoqi": ["签署战略合作协议", "投入研发经费1.5亿元", "派出由"],
        "guangxi-qinzhou-gangkou": ["正式开通", "累计开行9600列"],
        "neimenggu-eerduosi-qingneng": ["实行新能源指标单列", "予以优先保障", "预计年减排"],
        "hebei-shijiazhuang-gonggong-fuwu": ["每月发放500元生活补助", "新增公办学位4.2万个"],
        "shenzhen-longhua-yingshang": [
            "召开一次企业家座谈会",
            "依法不予处罚",
            "压缩至0.5个工作日",
            "新设外资企业412家",
        ],
        "gaoxiong-bandaoti-fanti": ["預計帶動投資", "培育2000名專業人才", "每家最高補助"],
        "huayao-xincai-gonggao": [
            "审议通过",
            "《关于投资建设高性能隔膜项目的议案》",
            "实现营业收入",
            "计划总投资约18.6亿元",
        ],
        "shanxi-tongji-fabu": ["发布的数据显示", "增长4.8%", "延续恢复向好态势"],
    }
    for doc, surfaces in not_actions.items():
        for surface in surfaces:
            assert not is_covered(doc, surface), (doc, surface)


def test_build_script_reproduces_the_file() -> None:
    assert gc.load_script(BUILD).RECORDS == RECORDS


def test_heldout5_is_independent_of_the_other_gold_files() -> None:
    """No run of 12 characters of a text here appears in any other tests/data/**/*.jsonl."""
    gc.check_independent(RECORDS, gc.other_gold_files(HELDOUT5))
