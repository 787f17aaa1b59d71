"""BIO/BIOES encoding and decoding of character tags, sentence splitting and tag layers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.export.bio import decode, encode, layers, sentence_bounds, tag_names
from annotate.models import Span

ALPHABET = "广东省工信厅推动企业。！？\n\r 𠮷a1”"
LABELS = ("PER", "ORG", "LOC", "MONEY")


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """A text over an alphabet full of sentence ends, and non-overlapping spans on it."""
    text = draw(st.text(alphabet=ALPHABET, min_size=0, max_size=60))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=12)))
    spans = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if b > a:
            spans.append((a, b, draw(st.sampled_from(LABELS))))
    return text, spans


@pytest.mark.parametrize("scheme", ["BIO", "BIOES"])
@settings(max_examples=300, deadline=None)
@given(data=text_and_spans())
def test_encode_decode_round_trip(scheme: str, data: tuple[str, list[tuple[int, int, str]]]) -> None:
    text, spans = data
    tags = encode(len(text), spans, scheme)  # type: ignore[arg-type]
    assert len(tags) == len(text)
    assert decode(tags, scheme) == sorted(spans)  # type: ignore[arg-type]


@pytest.mark.parametrize("scheme", ["BIO", "BIOES"])
@settings(max_examples=300, deadline=None)
@given(data=text_and_spans())
def test_sentences_never_cut_a_span_and_round_trip(scheme: str, data: tuple[str, list[tuple[int, int, str]]]) -> None:
    text, spans = data
    bounds = sentence_bounds(text, spans)
    assert "".join(text[a:b] for a, b in bounds) == text
    assert all(b > a for a, b in bounds)
    for start, end, _ in spans:
        assert any(a <= start and end <= b for a, b in bounds), (start, end, bounds)
    tags = encode(len(text), spans, scheme)  # type: ignore[arg-type]
    back = [s for a, b in bounds for s in decode(tags[a:b], scheme, a)]  # type: ignore[arg-type]
    assert back == sorted(spans)


def test_single_characters_and_sentence_edges() -> None:
    text = "粤。广州！王？\n"
    spans = [(0, 1, "LOC"), (2, 4, "LOC"), (5, 6, "PER")]
    assert encode(len(text), spans, "BIOES")[:6] == ["S-LOC", "O", "B-LOC", "E-LOC", "O", "S-PER"]
    assert encode(len(text), spans, "BIO")[:6] == ["B-LOC", "O", "B-LOC", "I-LOC", "O", "B-PER"]
    assert sentence_bounds(text, spans) == [(0, 2), (2, 5), (5, 8)]


def test_sentence_end_inside_a_span_is_not_a_boundary() -> None:
    text = "他说“好。”然后走了。下一句"
    assert sentence_bounds(text) == [(0, 6), (6, 11), (11, 14)]
    assert sentence_bounds(text, [(2, 6, "POLICY")]) == [(0, 6), (6, 11), (11, 14)]
    assert sentence_bounds(text, [(3, 8, "POLICY")]) == [(0, 11), (11, 14)]
    assert sentence_bounds("甲\r\n乙\n\n丙") == [(0, 3), (3, 6), (6, 7)]


def test_adjacent_spans_of_one_label_stay_apart() -> None:
    tags = encode(4, [(0, 2, "LOC"), (2, 4, "LOC")], "BIO")
    assert tags == ["B-LOC", "I-LOC", "B-LOC", "I-LOC"]
    assert decode(tags) == [(0, 2, "LOC"), (2, 4, "LOC")]


def test_decode_is_lenient_like_conlleval() -> None:
    assert decode(["I-LOC", "I-LOC", "O", "I-PER"]) == [(0, 2, "LOC"), (3, 4, "PER")]
    assert decode(["B-LOC", "I-PER"]) == [(0, 1, "LOC"), (1, 2, "PER")]
    assert decode(["B-LOC", "E-LOC", "E-LOC"], "BIOES") == [(0, 2, "LOC"), (2, 3, "LOC")]


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        encode(5, [(0, 3, "LOC"), (2, 4, "ORG")])
    with pytest.raises(ValueError, match="outside"):
        encode(3, [(2, 4, "LOC")])
    with pytest.raises(ValueError, match="not a BIO tag"):
        decode(["S-LOC"], "BIO")
    with pytest.raises(ValueError, match="not a BIOES tag"):
        decode(["X-LOC"], "BIOES")
    with pytest.raises(ValueError, match="scheme"):
        encode(1, [], "IOB1")  # type: ignore[arg-type]


def test_tag_names_start_with_o() -> None:
    assert tag_names(["LOC"], "BIO") == ["O", "B-LOC", "I-LOC"]
    assert tag_names(["LOC"], "BIOES") == ["O", "B-LOC", "I-LOC", "E-LOC", "S-LOC"]


def test_layers_spread_overlapping_actions() -> None:
    text = "推动广东企业开展技改"
    spans = [
        Span.of(text, 0, 10, "ACTION"), Span.of(text, 6, 10, "ACTION"), Span.of(text, 2, 4, "LOC"),
    ]
    out = layers(spans, "d1")
    assert [s.label for s in out["ner"]] == ["LOC"]
    assert [(s.start, s.end) for s in out["action"]] == [(0, 10)]
    assert [(s.start, s.end) for s in out["action2"]] == [(6, 10)]
    with pytest.raises(ValueError, match="document d1: LOC"):
        layers([Span.of(text, 2, 4, "LOC"), Span.of(text, 3, 5, "ORG")], "d1")
