"""The third held-out gold set (entity labels only): shape, valid spans, decisions, independence.

heldout3 annotates only PER, GOV, ORG, LOC and POLICY; figures, dates and actions are not
annotated, so it may only be used to evaluate those five labels.
"""

from __future__ import annotations

import gold_checks as gc

from annotate.schema import LABEL_NAMES

HELDOUT3 = gc.DATA / "heldout3" / "heldout3.jsonl"
BUILD = gc.DATA / "heldout3" / "build_heldout3.py"

RECORDS = gc.read_gold(HELDOUT3)
BY_ID = gc.by_id(RECORDS)


def labelled(label: str) -> set[str]:
    return {text for rec in RECORDS for text in gc.surfaces(rec, label)}


def test_file_has_twelve_documents_of_the_right_shape() -> None:
    gc.check_documents(RECORDS, count=12, prefix="heldout3-", stripped=True)


def test_every_span_is_valid_sorted_and_only_of_the_five_labels() -> None:
    assert set(LABEL_NAMES) >= gc.ENTITY_SCOPE
    for rec in RECORDS:
        gc.check_entity_spans(rec)
        gc.check_flat(rec, overlap_ok=("ACTION",))


def test_every_label_is_well_represented() -> None:
    counts = gc.label_counts(RECORDS)
    assert set(counts) == gc.ENTITY_SCOPE
    assert {label: n for label, n in counts.items() if n < 15} == {}
    for rec in RECORDS:
        assert any(s["label"] == "LOC" for s in rec["spans"]), rec["id"]


def test_build_script_reproduces_the_file() -> None:
    assert gc.load_script(BUILD).build() == RECORDS


def test_every_annotated_surface_is_annotated_everywhere() -> None:
    """A string annotated once in a document is annotated at each occurrence (or inside a longer
    span), except the brand name “柏塘山茶”, whose place name is not a LOC."""
    exceptions = {("heldout3-guangdong-boluo-baitang-cha", "柏塘", "“柏塘山茶”")}
    for rec in RECORDS:
        for surface, i in gc.uncovered(rec):
            context = rec["text"][i - 1 : i + len(surface) + 3]
            assert (rec["id"], surface, context) in exceptions, (rec["id"], surface, i)


def test_decided_spans() -> None:
    loc, gov, org = labelled("LOC"), labelled("GOV"), labelled("ORG")
    per, policy = labelled("PER"), labelled("POLICY")
    # places with and without their suffix, streets, towns, villages, zones, ports, regions
    assert {"斗南街道", "罗阳街道", "柏塘镇", "平安村", "白土岗乡", "浚县", "红河州"} <= loc
    assert {"柏塘", "公庄", "杨村", "原阳", "格尔木", "宁东基地", "东疆"} <= loc
    assert {"中原农谷", "成渝", "长三角", "京津冀", "西北", "东北亚", "豫东南", "大灣區"} <= loc
    assert {"黄河", "鄱阳湖", "乌苏里江", "察尔汗盐湖", "天津港", "宁波舟山港", "中老铁路"} <= loc
    assert {"成渝地区双城经济圈", "北部都會區", "吉隆坡國際金融區", "大黑河岛国际商贸城"} <= loc
    # a region's generic head 地区 stays outside the span
    assert not any(name.endswith("地区") and name != "成渝地区双城经济圈" for name in loc)
    # adjacent names in an address are separate spans; a generic zone word keeps its place
    assert {"重庆", "两江新区", "南昌", "向塘国际陆港", "黑河片区"} <= loc
    assert {"中国（黑龙江）自由贸易试验区", "昆明综合保税区", "成都高新区"} <= loc
    assert "重庆两江新区" not in loc and "南昌向塘国际陆港" not in loc
    # government bodies, short forms, party committees, customs, foreign ministries
    assert {"省工信厅", "自治区发改委", "市交通运输委", "商經局", "市场监管总局", "州政府"} <= gov
    assert {"新乡市委", "海西州委", "博罗县委", "惠州市委农办", "昆明海关", "特區政府"} <= gov
    assert {"越南工貿部", "阿联酋经济部", "沙特投资部", "馬來西亞投資發展局"} <= gov
    assert {"重庆两江新区管理委员会", "天津自贸试验区管委会", "总局质量监督司"} <= gov
    # companies full and short, banks, universities and their schools, media, statutory bodies
    assert {"川芯微电", "豫丰种业", "柴锂公司", "津港智联", "甬盛公司", "罗浮茶业"} <= org
    assert {"国家开发银行江西省分行", "中国建设银行股份有限公司重庆两江分行"} <= org
    assert {"南开大学经济学院", "黑龙江大学俄语学院", "云南省农业科学院花卉研究所"} <= org
    assert {"惠州日报", "青海日报", "中国质量报社", "香港貿易發展局", "數碼港"} <= org
    assert {"阿卜杜拉·萨利姆", "索南才让", "陳嘉欣", "海涛"} <= per
    assert {"“百千万工程”", "「東盟企業落戶香港計劃」", "『一國兩制』"} <= policy
    assert {"电动自行车质量安全“护航”行动", "“保险+期货”试点", "“一带一路”"} <= policy
    assert "区域全面经济伙伴关系协定" not in policy and "區域全面經濟夥伴關係協定" in policy
    # not spans: a company's articles, an information system, product names, functional units
    everything = loc | gov | org | per | policy
    for text in ("《公司章程》", "公司章程", "国家企业信用信息公示系统", "柏塘山茶", "“云秀”", "云秀",
                 "绿氢联合创新中心", "平安村党支部", "「超級聯繫人」", "超級聯繫人", "內地", "高新区"):
        assert text not in everything, text


def test_traditional_hong_kong_release_uses_corner_quotes() -> None:
    rec = BY_ID["heldout3-xianggang-dongmeng-fangwen"]
    assert "「" in rec["text"] and "與" in rec["text"] and "區" in rec["text"]
    assert any(s["label"] == "POLICY" and s["text"].startswith("「") for s in rec["spans"])


def test_heldout3_is_independent_of_the_other_gold_files() -> None:
    """No run of 12 characters of a text here appears in any other gold file under tests/data."""
    gc.check_independent(RECORDS, gc.other_gold_files(HELDOUT3))
