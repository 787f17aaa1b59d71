"""The fourth held-out gold set (entity labels only): its shape, spans, decided cases and independence.

heldout4 annotates PER, GOV, ORG, LOC and POLICY only; figures, dates and actions are not annotated
in it, so it measures entity extraction alone. See tests/data/heldout4/README.md.
"""

from __future__ import annotations

import gold_checks as gc

from annotate.schema import OVERLAPPING_LABELS

HELDOUT4 = gc.DATA / "heldout4" / "heldout4.jsonl"

EXPECTED_IDS = [
    "heldout4-jiangsu-changshu-kaifaqu",
    "heldout4-zhejiang-daishan-gangkou",
    "heldout4-fujian-xiapu-zhencun",
    "heldout4-hubei-yichang-dianchuan",
    "heldout4-chongqing-quxian-xiezuo",
    "heldout4-shandong-jinxiang-dasuan",
    "heldout4-guangdong-jiangmen-zhenyu",
    "heldout4-xianggang-weidianzi-fanti",
    "heldout4-feizhou-xiangfei-maoyi",
    "heldout4-anhui-gongzuo-baogao",
]


RECORDS = gc.read_gold(HELDOUT4)
labelled = gc.labeller(RECORDS)


def test_file_has_ten_documents_of_the_right_shape() -> None:
    gc.check_documents(RECORDS, ids=EXPECTED_IDS, stripped=True)
    for rec in RECORDS:
        assert "<" not in rec["text"], "texts are clean, no HTML"


def test_every_span_is_valid_sorted_in_scope_and_flat() -> None:
    for rec in RECORDS:
        gc.check_entity_spans(rec)
        gc.check_flat(rec, overlap_ok=OVERLAPPING_LABELS)
        gc.check_flat(rec, overlap_ok=())  # no ACTION spans here: nothing at all overlaps


def test_every_label_is_well_represented() -> None:
    counts = gc.label_counts(RECORDS)
    assert set(counts) == gc.ENTITY_SCOPE
    assert counts["PER"] >= 15
    assert counts["GOV"] >= 45
    assert counts["ORG"] >= 60
    assert counts["LOC"] >= 150
    assert counts["POLICY"] >= 15
    assert any("與" in rec["text"] and "區" in rec["text"] for rec in RECORDS), "no traditional text"


def test_every_mention_of_an_annotated_name_is_annotated() -> None:
    """Each occurrence of a span's surface is covered by some span (itself or a longer name)."""
    for rec in RECORDS:
        assert gc.uncovered(rec) == [], rec["id"]


def test_decided_cases() -> None:
    # a county-level city's zones: the full and the short zone name are LOC, its committee GOV
    jiangsu = "heldout4-jiangsu-changshu-kaifaqu"
    assert "常熟高新技术产业开发区" in labelled(jiangsu, "LOC")
    assert "常熟高新区管委会" in labelled(jiangsu, "GOV")
    assert labelled(jiangsu, "GOV").count("市委") == 1  # 市委副书记: the body inside the title
    assert "市工信局" in labelled(jiangsu, "GOV")
    assert labelled(jiangsu, "LOC")[2:4] == ["东南街道", "银河路"]  # a 街道 and a street, separate
    assert "南京工业大学材料化学工程国家重点实验室" in labelled(jiangsu, "ORG")
    # port and its 港区 are separate spans; coordinated names without their shared suffix are LOC
    zhejiang = "heldout4-zhejiang-daishan-gangkou"
    assert labelled(zhejiang, "LOC")[:3] == ["岱山县", "宁波舟山港", "穿山港区"]
    assert {"北仑", "穿山", "上海", "洋山港", "浙江自由贸易试验区舟山片区"} <= set(labelled(zhejiang, "LOC"))
    assert "宁波舟山港股份有限公司" in labelled(zhejiang, "ORG")
    # a village party branch is GOV and swallows the village name
    fujian = "heldout4-fujian-xiapu-zhencun"
    assert "东壁村党支部" in labelled(fujian, "GOV")
    assert labelled(fujian, "LOC").count("东壁村") == 3
    assert "“海带贷”" not in labelled(fujian, "POLICY")
    hubei = "heldout4-hubei-yichang-dianchuan"
    assert {"三峡大坝", "葛洲坝", "长阳土家族自治县", "宜昌港", "白洋港区"} <= set(labelled(hubei, "LOC"))
    assert "长江航务管理局" in labelled(hubei, "GOV")
    chongqing = "heldout4-chongqing-quxian-xiezuo"
    assert labelled(chongqing, "LOC").count("巫山") == 4
    assert {"主城都市区", "渝东北三峡库区城镇群", "江北国际机场"} <= set(labelled(chongqing, "LOC"))
    shandong = "heldout4-shandong-jinxiang-dasuan"
    assert "金乡大蒜国际交易市场" in labelled(shandong, "ORG")
    assert {"欧盟", "京杭大运河", "王丕街道"} <= set(labelled(shandong, "LOC"))
    guangdong = "heldout4-guangdong-jiangmen-zhenyu"
    assert labelled(guangdong, "POLICY") == ["“百千万工程”", "“百千万工程”", "《江门市推进镇域经济高质量发展若干措施》"]
    assert "新会陈皮国家现代农业产业园" in labelled(guangdong, "LOC")
    hongkong = "heldout4-xianggang-weidianzi-fanti"
    assert labelled(hongkong, "GOV")[:2] == ["創科局", "香港特區政府"]
    assert "河套深港科技創新合作區深圳園區" in labelled(hongkong, "LOC")
    assert "香港科技大學電子及計算機工程學系" in labelled(hongkong, "ORG")
    assert "「新型工業化資助計劃」" in labelled(hongkong, "POLICY")
    africa = "heldout4-feizhou-xiangfei-maoyi"
    assert {"肯尼亚农业和畜牧业发展部", "中国驻肯尼亚大使馆经济商务处", "商务部"} <= set(labelled(africa, "GOV"))
    assert "阿卜杜勒·卡里姆" in labelled(africa, "PER")
    assert {"东非共同体", "达累斯萨拉姆港", "长沙黄花综合保税区"} <= set(labelled(africa, "LOC"))
    assert "“一带一路”" in labelled(africa, "POLICY")
    anhui = "heldout4-anhui-gongzuo-baogao"
    assert "皖北振兴“六大行动”" in labelled(anhui, "POLICY")
    assert "中国（安徽）自由贸易试验区合肥片区" in labelled(anhui, "LOC")
    assert labelled(anhui, "PER") == []
    assert not any("人大" in s for s in labelled(anhui, "GOV"))  # the meeting is not a span


def test_build_script_reproduces_the_file() -> None:
    assert gc.load_script(HELDOUT4.parent / "build_heldout4.py").build() == RECORDS


def test_heldout4_is_independent_of_every_other_gold_file() -> None:
    """No run of 12 characters of a text here appears in any other tests/data/**/*.jsonl file."""
    gc.check_independent(RECORDS, gc.other_gold_files(HELDOUT4))
