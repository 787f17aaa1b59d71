"""Tasks and predictions for Label Studio, and annotations read back with validation (pure)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.labelstudio.offsets import ENV_UNIT, ls_index
from annotate.labelstudio.tasks import (
    attrs_text,
    parse_annotation,
    parse_attrs_text,
    prediction_payload,
    prediction_result,
    region_id,
    task_payload,
)
from annotate.models import Annotation, Document, Span

TEXT = "𠮷😀广东省工信厅发布《技改十条》，投资超3800亿元。👍🏽"
DOC = Document.from_text(TEXT, title="标题", source="gd")
GOV = Span.of(TEXT, TEXT.index("广东省工信厅"), TEXT.index("发布"), "GOV", score=0.9)
POLICY = Span.of(TEXT, TEXT.index("《"), TEXT.index("，"), "POLICY", score=0.7)
MONEY = Span.of(TEXT, TEXT.index("超"), TEXT.index("。"), "MONEY", value=380000000000, unit="元", qualifier="over")
PRED = Annotation(document_id=DOC.id, kind="prediction", source="rules-1", spans=[GOV, POLICY, MONEY])


@pytest.fixture(autouse=True, params=["codepoint", "utf16"])
def unit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test with both Label Studio offset units."""
    monkeypatch.setenv(ENV_UNIT, request.param)
    return str(request.param)


def ls(start: int, end: int, text: str = TEXT) -> tuple[int, int]:
    """Return code-point offsets in the configured Label Studio unit."""
    return ls_index(text).span_to_ls(start, end)


def ls_slice(text: str, start: int, end: int, unit: str) -> str:
    if unit == "codepoint":
        return text[start:end]
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def ls_annotation(result: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": 34, "completed_by": 7, "result": result, "created_at": "2026-11-23T10:00:00.123Z",
            "updated_at": "2026-11-23T10:05:00Z", "lead_time": 12.5, **extra}


def parse(result: list[dict[str, Any]], **extra: Any):  # type: ignore[no-untyped-def]
    return parse_annotation(
        ls_annotation(result, **extra), DOC, url="http://ls", project=1, task=12,
        emails={7: "ann@example.org"}, model_version="rules-1", predicted=PRED.spans,
    )


def test_task_payload_has_data_and_prediction(unit: str) -> None:
    task = task_payload(DOC, [PRED])
    assert task["data"] == {"text": TEXT, "doc_id": DOC.id, "title": "标题", "source": "gd"}
    (pred,) = task["predictions"]
    assert pred["model_version"] == "rules-1"
    assert pred["score"] == 0.8
    labels = [r for r in pred["result"] if r["type"] == "labels"]
    assert [r["value"]["labels"] for r in labels] == [["GOV"], ["POLICY"], ["MONEY"]]
    for region, span in zip(labels, [GOV, POLICY, MONEY], strict=True):
        assert ls_slice(TEXT, region["value"]["start"], region["value"]["end"], unit) == span.text
        shift = 2 if unit == "utf16" else 0  # two non-BMP characters before
        assert region["value"]["start"] == span.start + shift
        assert region["from_name"] == "label" and region["to_name"] == "text"
    assert labels[0]["score"] == 0.9


def test_figure_values_are_visible_as_per_region_textarea() -> None:
    result = prediction_result(TEXT, [MONEY], "rules-1")
    labels, note = result
    assert note["type"] == "textarea" and note["id"] == labels["id"] and note["from_name"] == "attrs"
    assert note["value"]["text"] == ["value=380000000000 unit=元 qualifier=over"]
    assert prediction_result(TEXT, [GOV], "v")[1]["value"]["text"] == ["score=0.9"]


def test_attrs_text_round_trip() -> None:
    attrs = {"value": 6.3e12, "unit": "元", "qualifier": "approx", "low": 1.5}
    assert parse_attrs_text(attrs_text(attrs)) == {"value": 6300000000000, "unit": "元", "qualifier": "approx",
                                                   "low": 1.5}
    assert parse_attrs_text("junk value=abc other=1") == {"value": "abc"}


def test_attrs_text_keeps_non_finite_numbers_as_typed() -> None:
    """``1e999``, 400 digits and ``nan`` overflow to infinity/NaN, which are not JSON: kept as strings."""
    big = "9" * 400
    assert parse_attrs_text(f"value=1e999 low={big} high=nan") == {"value": "1e999", "low": big, "high": "nan"}
    assert parse_attrs_text("value=-inf low=12e8 high=-0") == {"value": "-inf", "low": 1200000000, "high": 0}


def test_malformed_regions_and_results_are_quarantined_with_a_reason() -> None:
    gov = region(*ls(GOV.start, GOV.end), GOV.text, "GOV", "g")
    broken: list[Any] = [
        {**gov, "id": "s", "value": "x"}, {**gov, "id": "l", "value": [1]},
        {**gov, "id": "i", "value": {**gov["value"], "labels": 5}},
        {**gov, "id": "d", "value": {**gov["value"], "labels": [{}]}},
        {**gov, "id": "n", "value": {**gov["value"], "labels": [["GOV"]]}},
        {**gov, "id": "b", "value": {**gov["value"], "end": True}},
        {"id": "t", "type": "textarea", "from_name": "attrs", "value": "value=1"}, "labels", 7, None,
    ]
    parsed = parse([gov, *broken])
    assert [s.label for s in parsed.annotation.spans] == ["GOV"]
    assert len(parsed.quarantined) == len(broken)
    assert all(q.reason and q.ref == "task 12 annotation 34" for q in parsed.quarantined)
    for result in ("x", {"a": 1}, 5):
        parsed = parse(result)  # type: ignore[arg-type]
        assert parsed.annotation.spans == [] and "not a list" in parsed.quarantined[0].reason


def test_accepted_edited_and_manual_regions() -> None:
    pred = prediction_payload(DOC, PRED)["result"]
    gov, policy, money_note = pred[0], pred[2], pred[5]
    policy = {**policy, "value": {**policy["value"], "labels": ["GOV"]}}  # label changed
    money = dict(pred[4])
    start, end = ls(TEXT.index("3800"), TEXT.index("3800") + 7)
    money["value"] = {"start": start, "end": end, "text": "3800亿元。", "labels": ["MONEY"]}
    s0, e0 = ls(0, 1)
    manual = {"id": "m1", "type": "labels", "from_name": "label", "to_name": "text", "origin": "manual",
              "value": {"start": s0, "end": e0, "text": "𠮷", "labels": ["LOC"]}}
    parsed = parse([gov, policy, money, money_note, manual])
    assert parsed.quarantined == []
    got = {(s.text, s.label): s.attrs for s in parsed.annotation.spans}
    assert got == {
        ("𠮷", "LOC"): {"origin": "manual"},
        ("广东省工信厅", "GOV"): {"origin": "prediction"},
        ("《技改十条》", "GOV"): {"origin": "prediction-changed"},
        ("3800亿元。", "MONEY"): {"origin": "prediction-changed", "value": 380000000000, "unit": "元",
                                 "qualifier": "over"},
    }
    ann = parsed.annotation
    assert ann.source == "ann@example.org" and ann.kind == "annotation"
    assert ann.meta == {"annotator_id": 7, "annotator_email": "ann@example.org", "model_version": "rules-1",
                        "lead_time": 12.5}
    assert ann.ls is not None and (ann.ls.task, ann.ls.annotation) == (12, 34)
    assert ann.updated_at is not None and ann.updated_at.isoformat() == "2026-11-23T10:05:00+00:00"


def region(start: int, end: int, text: str | None, label: str = "LOC", rid: str = "r") -> dict[str, Any]:
    value: dict[str, Any] = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": rid, "type": "labels", "from_name": "label", "to_name": "text", "value": value}


def test_bad_regions_are_quarantined_and_the_rest_kept(unit: str) -> None:
    good = region(*ls(1, 2), "😀", "LOC", "ok")
    gs = TEXT.index("广")
    wrong = (gs, gs + 2) if unit == "utf16" else (gs + 1, gs + 3)  # the wrong unit's offsets
    bad = [
        region(0, 999, None, rid="past-end"),
        region(*wrong, "广东", rid="wrong-text"),
        region(*ls(gs, gs + 2), "广东", "FOO", rid="bad-label"),
        region(*ls(1, 3), "😀广", "GOV", rid="overlap"),  # overlaps the kept LOC
        region(5, 5, "", rid="empty"),
    ]
    if unit == "utf16":
        bad.append(region(1, 3, None, rid="mid-pair"))  # inside the surrogate pair of 𠮷
    parsed = parse([good, *bad])
    assert [s.text for s in parsed.annotation.spans] == ["😀"]
    reasons = {r.payload["id"]: r.reason for r in parsed.quarantined}
    assert set(reasons) == {r["id"] for r in bad}
    assert "outside" in reasons["past-end"]
    assert "surrogate" in reasons.get("mid-pair", "surrogate")
    assert "says '广东'" in reasons["wrong-text"] and "not in the schema" in reasons["bad-label"]
    assert "overlaps LOC" in reasons["overlap"]
    assert all(r.ref == "task 12 annotation 34" and r.annotator == "ann@example.org" for r in parsed.quarantined)
    assert parsed.annotation.meta["quarantined_regions"] == len(bad)


def test_action_may_overlap() -> None:
    s = TEXT.index("发布")
    parsed = parse([region(*ls(s, s + 8), TEXT[s:s + 8], "ACTION", "a"),
                    region(*ls(s + 2, s + 8), TEXT[s + 2:s + 8], "POLICY", "p")])
    assert parsed.quarantined == [] and len(parsed.annotation.spans) == 2


def test_cancelled_annotation_is_recorded_without_spans() -> None:
    parsed = parse([], was_cancelled=True, completed_by={"id": 9, "email": "b@example.org"})
    assert parsed.annotation.spans == [] and parsed.annotation.meta["was_cancelled"] is True
    assert parsed.annotation.source == "b@example.org"


def test_region_ids_are_stable_and_distinct() -> None:
    assert region_id("v1", GOV) == region_id("v1", GOV)
    assert region_id("v1", GOV) != region_id("v2", GOV)
    assert len(region_id("v1", GOV)) == 10


@given(st.lists(st.sampled_from(list("广东ab") + ["𠮷", "😀"]), min_size=1, max_size=30).map("".join), st.data())
def test_prediction_round_trips_through_pull(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    doc = Document.from_text(text)
    span = Span.of(text, start, end, "ORG")
    result = prediction_result(text, [span], "m")
    parsed = parse_annotation({"id": 1, "completed_by": 1, "result": result}, doc, url="u", project=1, task=1,
                              emails={}, model_version="m", predicted=[span])
    assert parsed.quarantined == []
    assert [(s.start, s.end, s.label, s.attrs["origin"]) for s in parsed.annotation.spans] == [
        (start, end, "ORG", "prediction")
    ]
