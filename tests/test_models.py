"""The data model: span invariant, validation, overlap checks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from annotate.models import Annotation, Document, Span, SpanError, document_id, span_problems

TEXT = "𠮷野家在广州开店😀，投资超3800亿元。"


def test_span_of_takes_text_from_document_offsets():
    span = Span.of(TEXT, 4, 6, "LOC")
    assert span.text == "广州"
    span.check(TEXT)


def test_non_bmp_characters_count_as_one_code_point():
    assert Span.of(TEXT, 0, 1, "PER").text == "𠮷"
    assert Span.of(TEXT, 8, 9, "X").text == "😀"


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 2), (3, 3), (5, 2), (0, len(TEXT) + 1)]
)
def test_span_of_rejects_bad_offsets(start, end):
    with pytest.raises((SpanError, ValidationError)):
        Span.of(TEXT, start, end, "LOC")


def test_span_rejects_text_of_wrong_length():
    with pytest.raises(ValidationError):
        Span(start=0, end=3, label="LOC", text="广州")


def test_check_names_label_offsets_and_both_texts():
    span = Span(start=4, end=6, label="LOC", text="深圳")
    with pytest.raises(SpanError, match=r"LOC \[4, 6\) says '深圳' but the text has '广州'"):
        span.check(TEXT)


def test_span_past_the_end_is_reported():
    span = Span(start=20, end=40, label="MONEY", text="x" * 20)
    assert "ends past the text" in span_problems(TEXT, [span])[0]


def test_overlaps_reported_except_for_overlapping_labels():
    a = Span.of(TEXT, 0, 6, "ORG")
    b = Span.of(TEXT, 4, 6, "LOC")
    c = Span.of(TEXT, 2, 9, "ACTION")
    assert len(span_problems(TEXT, [a, b, c], overlap_ok={"ACTION"})) == 1
    assert span_problems(TEXT, [a, c], overlap_ok={"ACTION"}) == []


def test_containment_overlap_found_after_a_short_span():
    spans = [Span.of(TEXT, 0, 10, "ORG"), Span.of(TEXT, 1, 2, "LOC"), Span.of(TEXT, 5, 6, "LOC")]
    assert len(span_problems(TEXT, spans)) == 2


def test_document_id_is_stable_hash_of_text():
    assert Document.from_text("广州").id == document_id("广州") == Document.from_text("广州").id
    assert document_id("广州") != document_id("广州 ")


def test_annotation_check_raises_for_first_bad_span():
    doc = Document.from_text(TEXT)
    ann = Annotation(document_id=doc.id, kind="annotation", source="li", spans=[Span(start=0, end=1, label="PER", text="吉")])
    with pytest.raises(SpanError):
        ann.check(doc.text)


@given(st.text(min_size=1, max_size=60), st.data())
def test_any_span_made_with_of_satisfies_the_invariant(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = Span.of(text, start, end, "LOC")
    assert text[span.start : span.end] == span.text
    assert span_problems(text, [span]) == []
