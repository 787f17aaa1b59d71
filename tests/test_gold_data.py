"""The hand-made gold files: valid spans, schema labels, normalised attrs, and the corpus they describe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import gold_checks as gc
import pytest

from annotate.ingest import load_path
from annotate.models import document_id, sort_spans
from annotate.schema import (
    FIGURE_LABELS,
    LABEL_NAMES,
    NUMERIC_FIGURE_LABELS,
    QUALIFIERS,
)

GOLD_SAMPLE = gc.DATA / "gold_sample.jsonl"
HELDOUT = gc.DATA / "heldout" / "heldout.jsonl"
HELDOUT2 = gc.DATA / "heldout2" / "heldout2.jsonl"
CORPUS = Path(__file__).resolve().parent.parent / "annotate" / "sample_corpus"

ENTITY_ACTORS = {"PER", "GOV", "ORG", "LOC"}
# ISO-like date values: 2023, 2023-11, 2023-12-28, 2024-Q1, 2024-H1, XXXX-03-17, ranges with "/".
_DATE_PART = r"(?:\d{4}|XXXX)(?:-(?:Q[1-4]|H[12]|\d{2}(?:-\d{2})?))?"
DATE_VALUE = re.compile(rf"^(?:{_DATE_PART}(?:/{_DATE_PART})?|\d{{4}}-\d{{4}})$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


def records() -> list[tuple[str, dict[str, Any]]]:
    return [(p.name, r) for p in (GOLD_SAMPLE, HELDOUT, HELDOUT2) for r in gc.read_gold(p)]


RECORDS = records()
IDS = [f"{name}:{rec['id']}" for name, rec in RECORDS]


def test_gold_files_have_the_expected_documents() -> None:
    gc.check_documents(gc.read_gold(GOLD_SAMPLE), count=13, chars=None)
    gc.check_documents(gc.read_gold(HELDOUT), count=5, chars=None)


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=IDS)
def test_spans_fit_the_text_and_only_action_overlaps(name: str, rec: dict[str, Any]) -> None:
    spans = gc.spans_of(rec)
    assert spans, "a gold document without spans"
    gc.check_flat(rec, overlap_ok={"ACTION"})
    assert spans == sort_spans(spans), "spans must be sorted by (start, -end, label)"
    assert len({s.key for s in spans}) == len(spans), "duplicate span"
    for raw in rec["spans"]:
        assert rec["text"][raw["start"] : raw["end"]] == raw["text"]


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=IDS)
def test_labels_are_in_the_schema(name: str, rec: dict[str, Any]) -> None:
    assert {s["label"] for s in rec["spans"]} <= set(LABEL_NAMES)


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=IDS)
def test_figures_carry_normalised_attrs(name: str, rec: dict[str, Any]) -> None:
    for span in gc.spans_of(rec):
        a = span.attrs
        if span.label in NUMERIC_FIGURE_LABELS:
            assert isinstance(a.get("value"), int | float) and not isinstance(a["value"], bool), span
            assert isinstance(a.get("unit"), str) and a["unit"], span
            assert a.get("qualifier") in (None, *QUALIFIERS), span
            assert ("low" in a) == ("high" in a), span
            if "low" in a:
                assert a["low"] <= a["high"] and a["value"] == a["low"], span
        if span.label == "MONEY":
            assert CURRENCY.match(a["unit"]), span
        if span.label == "PERCENT":
            assert a["unit"] in ("%", "pp"), span
        if span.label == "DATE":
            assert DATE_VALUE.match(a.get("value", "")), span
        if span.label in FIGURE_LABELS:
            assert set(a) <= {"value", "unit", "qualifier", "low", "high"}, span
        else:
            assert not set(a) & {"value", "unit", "qualifier", "low", "high"}, span


@pytest.mark.parametrize(("name", "rec"), RECORDS, ids=IDS)
def test_action_actors_are_entity_spans_of_the_document(name: str, rec: dict[str, Any]) -> None:
    spans = gc.spans_of(rec)
    entities = {s.text for s in spans if s.label in ENTITY_ACTORS}
    for span in spans:
        if span.label == "ACTION":
            assert set(span.attrs) <= {"actor"}, span
            if "actor" in span.attrs:
                assert span.attrs["actor"] in entities, span
        else:
            assert "actor" not in span.attrs, span


def test_known_figures_normalise_as_documented() -> None:
    found = gc.figures(rec for _, rec in RECORDS)
    assert found[("MONEY", "4206.5亿元")] == {"value": 420650000000, "unit": "CNY"}
    assert found[("MONEY", "逾1,280億元人民幣")] == {
        "value": 128000000000,
        "unit": "CNY",
        "qualifier": "over",
    }
    assert found[("MONEY", "５１２３．６亿元")] == {"value": 512360000000, "unit": "CNY"}
    assert found[("PERCENT", "3.1个百分点")] == {"value": 3.1, "unit": "pp"}
    assert found[("PERCENT", "七成")] == {"value": 70, "unit": "%"}
    assert found[("PERCENT", "3‰")] == {"value": 0.3, "unit": "%"}
    assert found[("QUANTITY", "24.68万台(套)")] == {"value": 246800, "unit": "台(套)"}
    assert found[("QUANTITY", "3至5个")] == {"value": 3, "unit": "个", "low": 3, "high": 5}
    assert found[("QUANTITY", "約97萬人次")] == {"value": 970000, "unit": "人次", "qualifier": "approx"}
    assert found[("DATE", "今年一季度")] == {"value": "XXXX-Q1"}
    assert found[("DATE", "十四五")] == {"value": "2021-2025"}
    assert found[("DATE", "２０２３年")] == {"value": "2023"}


def test_sample_gold_has_plenty_of_every_label() -> None:
    counts = gc.label_counts(gc.read_gold(GOLD_SAMPLE))
    assert {label: counts[label] for label in LABEL_NAMES if counts[label] < 15} == {}


def test_heldout_is_independent_of_the_sample_corpus() -> None:
    """No run of 12 characters of a held-out text appears in the sample corpus."""
    gc.check_independent(gc.read_gold(HELDOUT), [GOLD_SAMPLE], run=12)


def test_sample_corpus_ingests_to_exactly_the_gold_documents() -> None:
    docs = load_path(CORPUS)
    gold = {r["id"]: r["text"] for r in gc.read_gold(GOLD_SAMPLE)}
    assert {d.id: d.text for d in docs} == gold
    for d in docs:
        assert d.id == document_id(d.text)


def test_sample_corpus_keeps_its_awkward_inputs() -> None:
    """The corpus must keep exercising ingest: encodings, CRLF, non-BMP text, damage."""
    raw = {p.name: p.read_bytes() for p in CORPUS.iterdir() if p.is_file()}
    with pytest.raises(UnicodeDecodeError):
        raw["zhanjiang-gangkou-gbk.txt"].decode("utf-8")
    assert "湛江港" in raw["zhanjiang-gangkou-gbk.txt"].decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw["aomen-huizhan-big5.txt"].decode("utf-8")
    assert "澳門" in raw["aomen-huizhan-big5.txt"].decode("big5")
    assert b"\r\n" in raw["dongguan-songshanhu-crlf.txt"]
    assert "２０２３年".encode() in raw["foshan-zhizao-quanjiao.txt"]
    assert b"<script" in raw["2024-05-07-guangzhou-waimao.md"]
    texts = [r["text"] for r in gc.read_gold(GOLD_SAMPLE)]
    assert any(any(ord(c) > 0xFFFF for c in t) for t in texts), "no non-BMP character left"
    docs = {Path(d.source).name: d for d in load_path(CORPUS / "shaoguan-shuju-zhongxin-sunhuai.txt")}
    flags = {f.kind for f in docs["shaoguan-shuju-zhongxin-sunhuai.txt"].flags}
    assert {"replacement_char", "mojibake"} <= flags
    scripts = {Path(d.source).name: d.script for d in load_path(CORPUS)}
    assert scripts["xianggang-jinrong-fanti.txt"] == scripts["aomen-huizhan-big5.txt"] == "zh-Hant"
