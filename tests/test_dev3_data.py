"""The third development gold set (tests/data/dev3): shape, valid spans, decided spans, independence.

Only the entity labels PER, GOV, ORG, LOC and POLICY are annotated in this set.
"""

from __future__ import annotations

import gold_checks as gc

DEV3 = gc.DATA / "dev3" / "dev3.jsonl"

EXPECTED_IDS = [
    "dev3-beijing-haidian-jiedao",
    "dev3-hebei-xiongan-baiyangdian",
    "dev3-shanxi-jinzhong-meikuang",
    "dev3-neimenggu-hetao-yanjiandi",
    "dev3-liaoning-gangkou-xietong",
    "dev3-jilin-fusong-renshen",
    "dev3-shaanxi-qinchuangyuan",
    "dev3-gansu-hexi-xinnengyuan",
    "dev3-xinjiang-ruoqiang-hongzao",
    "dev3-guangdong-shunde-cungaiyuan",
    "dev3-yangqi-hongyuan-jingying",
    "dev3-daxue-sanjiangyuan-dongtu",
    "dev3-aomen-jingkeju-fanti",
    "dev3-maoyi-ouzhou-feizhou",
]


RECORDS = gc.read_gold(DEV3)
BY_ID = gc.by_id(RECORDS)
labelled = gc.labeller(RECORDS, prefix="dev3-")


def test_file_has_fourteen_documents_of_the_right_shape() -> None:
    gc.check_documents(RECORDS, ids=EXPECTED_IDS, stripped=True)


def test_every_span_is_valid_sorted_and_in_scope() -> None:
    for rec in RECORDS:
        gc.check_entity_spans(rec)


def test_no_overlaps_among_entity_spans() -> None:
    for rec in RECORDS:
        gc.check_flat(rec, overlap_ok={"ACTION"})


def test_every_label_in_scope_is_well_represented() -> None:
    counts = gc.label_counts(RECORDS)
    assert set(counts) == gc.ENTITY_SCOPE
    assert counts["PER"] >= 20 and counts["POLICY"] >= 15
    assert counts["GOV"] >= 50 and counts["ORG"] >= 60 and counts["LOC"] >= 250
    texts = [rec["text"] for rec in RECORDS]
    assert any("澳門" in t and "與" in t for t in texts), "no traditional-script document"


def test_decided_spans() -> None:
    # GOV short forms and party committees; the title stays outside.
    assert labelled("aomen-jingkeju-fanti", "GOV").count("經科局") == 4
    assert "特區政府" in labelled("aomen-jingkeju-fanti", "GOV")
    assert {"市科委", "中关村管委会", "区科委", "海淀区委"} <= set(labelled("beijing-haidian-jiedao", "GOV"))
    assert "圈头乡党委" in labelled("hebei-xiongan-baiyangdian", "GOV")
    assert "肯尼亚投资、贸易和工业部" in labelled("maoyi-ouzhou-feizhou", "GOV")
    assert "拉各斯州政府" in labelled("maoyi-ouzhou-feizhou", "GOV")
    # Adjacent names in an address are separate LOC spans; regions keep 地区.
    loc = labelled("neimenggu-hetao-yanjiandi", "LOC")
    assert loc[loc.index("隆兴昌镇") - 1 : loc.index("隆兴昌镇") + 2] == ["五原县", "隆兴昌镇", "永联村"]
    assert "黄河“几字弯”" in loc and "巴音乌兰苏木" in loc
    assert {"俄罗斯", "远东地区", "蒙东地区", "东北地区"} <= set(labelled("liaoning-gangkou-xietong", "LOC"))
    assert {"日韩", "珲春综合保税区"} <= set(labelled("jilin-fusong-renshen", "LOC"))
    assert {"郑州新郑国际机场", "列日机场", "中东欧"} <= set(labelled("maoyi-ouzhou-feizhou", "LOC"))
    # A country before a company or a state government is its own LOC.
    trade = BY_ID["dev3-maoyi-ouzhou-feizhou"]
    starts = {(s["text"], s["start"]) for s in trade["spans"]}
    de = trade["text"].index("德国杜伊斯堡")
    assert ("德国", de) in starts and ("杜伊斯堡港务集团", de + 2) in starts
    # Not LOC: 我国, 本澳, the currency 澳門元, anaphoric 淀区 / 合作區.
    assert "我国" not in labelled("maoyi-ouzhou-feizhou", "LOC")
    macau = BY_ID["dev3-aomen-jingkeju-fanti"]
    mop = macau["text"].index("澳門元")
    assert all(not (s["start"] <= mop < s["end"]) for s in macau["spans"])
    assert "淀区" not in labelled("hebei-xiongan-baiyangdian", "LOC")
    # ORG: a university faculty is one span; a named platform and its short form are ORG.
    assert "太原理工大学矿业工程学院" in labelled("shanxi-jinzhong-meikuang", "ORG")
    assert labelled("shaanxi-qinchuangyuan", "ORG").count("秦创原") == 2
    assert "中国地质大学（北京）" in labelled("beijing-haidian-jiedao", "ORG")
    # POLICY: quotes inside; a quoted part makes the whole name the span; products are not POLICY.
    assert "“千年秀林”工程" in labelled("hebei-xiongan-baiyangdian", "POLICY")
    assert "「中小企業跨境拓展資助計劃」" in labelled("aomen-jingkeju-fanti", "POLICY")
    assert not any("参农贷" in p for p in labelled("jilin-fusong-renshen", "POLICY"))
    assert not any("一矿一策" in p for p in labelled("shanxi-jinzhong-meikuang", "POLICY"))
    # PER: the whole name with its middle dot, no title.
    per = labelled("xinjiang-ruoqiang-hongzao", "PER")
    assert {"艾尔肯·吐尔逊", "热依拉·买买提", "阿不都拉·卡德尔"} <= set(per)


def test_every_occurrence_of_an_annotated_name_is_annotated() -> None:
    """A surface that is a span somewhere in a document is a span (or inside one) at each occurrence."""
    for rec in RECORDS:
        # the currency name 澳門元 is not a place: 澳門 inside it is rightly not a span
        assert gc.uncovered(rec, blockers=["澳門元"]) == [], rec["id"]


def test_dev3_is_independent_of_the_other_gold_files() -> None:
    """No run of 12 characters of a text here appears in any other tests/data/**/*.jsonl."""
    gc.check_independent(RECORDS, gc.other_gold_files(DEV3))
