"""The dev4 development set: its shape, valid spans, label scope, decided spans and independence.

dev4 annotates only PER, GOV, ORG, LOC and POLICY (no figures, dates or actions); see
tests/data/dev4/README.md.
"""

from __future__ import annotations

import gold_checks as gc

DEV4 = gc.DATA / "dev4" / "dev4.jsonl"

RECORDS = gc.read_gold(DEV4)
BY_ID = gc.by_id(RECORDS)
LABELLED = gc.labeller(RECORDS)


def has(doc: str, label: str, text: str) -> bool:
    return text in LABELLED(doc, label)


def test_file_has_fourteen_documents_of_the_right_shape() -> None:
    gc.check_documents(RECORDS, count=14, prefix="dev4-")


def test_spans_fit_the_text_are_sorted_and_do_not_overlap() -> None:
    for rec in RECORDS:
        gc.check_entity_spans(rec)
        gc.check_flat(rec, overlap_ok={"ACTION"})


def test_only_the_five_entity_labels_are_annotated() -> None:
    counts = gc.label_counts(RECORDS)
    assert set(counts) == gc.ENTITY_SCOPE
    assert all(counts[label] >= 20 for label in gc.ENTITY_SCOPE), counts


def test_decided_spans() -> None:
    # short forms of government bodies and party committees
    assert has("dev4-shanghai-lingang-jichengdianlu", "GOV", "市经信委")
    assert has("dev4-shanghai-lingang-jichengdianlu", "GOV", "临港新片区管委会")
    assert has("dev4-sichuan-hanyuan-huajiao", "GOV", "汉源县委")
    assert has("dev4-sichuan-hanyuan-huajiao", "GOV", "县政府")
    assert has("dev4-shaanxi-zhengfu-gongzuo-baogao", "GOV", "党中央")
    assert has("dev4-anhui-xinnengyuan-qiche", "GOV", "中国人民银行安徽省分行")
    assert has("dev4-anhui-xinnengyuan-qiche", "ORG", "国家开发银行安徽省分行")
    assert has("dev4-yidaiyilu-hasakesitan-fengdian", "GOV", "哈萨克斯坦能源部")
    # places: towns, villages, regions with 地区, rivers, ports, zones, foreign regions
    assert has("dev4-sichuan-hanyuan-huajiao", "LOC", "富民村")
    assert has("dev4-xiangcun-zhenxing-xinxian", "LOC", "田铺大塆")
    assert has("dev4-shanghai-lingang-jichengdianlu", "LOC", "华东地区")
    assert has("dev4-guangxi-bianmao-yuenan", "LOC", "谅山省")
    assert has("dev4-guangxi-bianmao-yuenan", "LOC", "西部陆海新通道")
    assert has("dev4-shandong-yantai-gang", "LOC", "荣乌高速")
    assert has("dev4-taishang-mianban-fanti", "LOC", "廈門火炬高新區")
    # ORG one span for a university and its unit; short company names
    assert has("dev4-hainan-zimaogang-fengguan", "ORG", "海南大学南海海洋资源利用国家重点实验室")
    assert has("dev4-hubei-yichang-changjiang-anxian", "ORG", "楚磷新材")
    # POLICY with partial quotes takes the whole name
    assert has("dev4-hubei-yichang-changjiang-anxian", "POLICY", "长江“十年禁渔”")
    assert has("dev4-hunan-gongcheng-jixie", "POLICY", "“三高四新”战略")
    assert has("dev4-yidaiyilu-hasakesitan-fengdian", "PER", "叶尔兰·努尔兰别科夫")


def test_things_decided_not_to_be_spans() -> None:
    surfaces = {(rec["id"], s["text"]) for rec in RECORDS for s in rec["spans"]}
    texts = {s for _, s in surfaces}
    for not_a_span in ("全市", "全省", "大陸", "中韩", "哈中", "省十四届人大三次会议", "“椒农贷”", "椒农贷"):
        assert not_a_span not in texts, not_a_span
    # the village is a LOC; its party branch is not annotated as GOV
    assert ("dev4-xiangcun-zhenxing-xinxian", "西河村党支部") not in surfaces
    taiwan = BY_ID["dev4-taishang-mianban-fanti"]["text"]
    assert "臺" in taiwan and "與" in taiwan, "the cross-strait story is in traditional script"


def test_dev4_is_independent_of_the_other_gold_files() -> None:
    """No run of 12 characters of a text here appears in any other gold file under tests/data."""
    gc.check_independent(RECORDS, gc.other_gold_files(DEV4))
