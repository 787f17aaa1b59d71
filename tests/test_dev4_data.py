"""The dev4 development set: its shape, valid spans, label scope, decided spans and independence.

dev4 annotates only PER, GOV, ORG, LOC and POLICY (no figures, dates or actions); see
tests/data/dev4/README.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from annotate.models import Span

DATA = Path(__file__).resolve().parent / "data"
DEV4 = DATA / "dev4" / "dev4.jsonl"
IN_SCOPE = {"PER", "GOV", "ORG", "LOC", "POLICY"}
RUN = 12  # length of a character run that must not be shared with the other gold files


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Return the records of a gold JSONL file (predict format)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


RECORDS = read_gold(DEV4)
IDS = [rec["id"] for rec in RECORDS]
BY_ID = {rec["id"]: rec for rec in RECORDS}


def spans_of(rec: dict[str, Any]) -> list[Span]:
    return [Span(**s) for s in rec["spans"]]


def has(doc: str, label: str, text: str) -> bool:
    return any(s["label"] == label and s["text"] == text for s in BY_ID[doc]["spans"])


def test_file_has_fourteen_documents_of_the_right_shape() -> None:
    assert len(RECORDS) == 14
    assert len(set(IDS)) == len(IDS), "duplicate ids"
    for rec in RECORDS:
        assert set(rec) == {"id", "text", "spans"}
        assert rec["id"].startswith("dev4-")
        assert 300 <= len(rec["text"]) <= 600, rec["id"]


def test_spans_fit_the_text_are_sorted_and_do_not_overlap() -> None:
    for rec in RECORDS:
        text = rec["text"]
        spans = spans_of(rec)
        for span in spans:
            assert text[span.start : span.end] == span.text, (rec["id"], span)
            assert span.text == span.text.strip(), (rec["id"], span)
            assert span.attrs == {}, (rec["id"], span)
        keys = [(s.start, -s.end, s.label) for s in spans]
        assert keys == sorted(keys), rec["id"]
        flat = [s for s in spans if s.label != "ACTION"]
        for a, b in zip(flat, flat[1:]):
            assert a.end <= b.start, (rec["id"], a, b)


def test_only_the_five_entity_labels_are_annotated() -> None:
    counts = Counter(s["label"] for rec in RECORDS for s in rec["spans"])
    assert set(counts) == IN_SCOPE
    assert all(counts[label] >= 20 for label in IN_SCOPE), counts


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
    others = [p for p in sorted(DATA.rglob("*.jsonl")) if p.resolve() != DEV4.resolve()]
    seen = {
        r["text"][i : i + RUN]
        for path in others
        for r in read_gold(path)
        for i in range(len(r["text"]) - RUN + 1)
    }
    for rec in RECORDS:
        text = rec["text"]
        shared = [i for i in range(len(text) - RUN + 1) if text[i : i + RUN] in seen]
        assert shared == [], (rec["id"], shared[:5])
