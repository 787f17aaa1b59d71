"""Code points <-> UTF-16 code units: the one conversion between us and Label Studio."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.errors import ConfigError
from annotate.labelstudio.offsets import (
    ENV_UNIT,
    OffsetError,
    Utf16Index,
    index_for,
    ls_index,
    ls_unit,
    to_codepoint,
    to_utf16,
    utf16_length,
)

ALPHABET = st.sampled_from(list("广东省工信厅ab 1。") + ["𠮷", "😀", "👍🏽", "\U0001F1E8", "\uffff", "é"])
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


def reference_utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def test_bmp_text_is_identity() -> None:
    index = Utf16Index("广东省2021年")
    assert index.to_utf16(3) == 3
    assert index.to_codepoint(7) == 7
    assert index.utf16_length == 8


def test_non_bmp_before_and_after_a_span() -> None:
    text = "𠮷😀广州市发布《条例》🎉𠮷"
    start, end = text.index("广州"), text.index("《")
    index = index_for(text)
    assert index.span_to_utf16(start, end) == (start + 2, end + 2)
    u_start, u_end = index.span_to_utf16(start, end)
    assert text.encode("utf-16-le")[2 * u_start : 2 * u_end].decode("utf-16-le") == "广州市发布"
    assert index.span_to_codepoints(u_start, u_end) == (start, end)
    assert utf16_length(text) == len(text) + 4


def test_offset_inside_surrogate_pair_is_rejected() -> None:
    text = "a𠮷b"
    assert to_utf16(text, 2) == 3
    with pytest.raises(OffsetError, match="surrogate"):
        to_codepoint(text, 2)


@pytest.mark.parametrize("offset", [-1, 5])
def test_out_of_range_is_rejected(offset: int) -> None:
    with pytest.raises(OffsetError, match="outside"):
        to_codepoint("a𠮷b", offset)
    with pytest.raises(OffsetError, match="outside"):
        to_utf16("abcd", offset)


@given(TEXTS, st.data())
def test_to_utf16_matches_encoding(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert to_utf16(text, offset) == reference_utf16(text, offset)


@given(TEXTS, st.data())
def test_round_trip(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert to_codepoint(text, to_utf16(text, offset)) == offset


@given(TEXTS)
def test_every_utf16_offset_maps_or_is_mid_pair(text: str) -> None:
    encoded = text.encode("utf-16-le")
    index = Utf16Index(text)
    assert index.utf16_length == len(encoded) // 2
    for unit in range(index.utf16_length + 1):
        code = int.from_bytes(encoded[2 * unit : 2 * unit + 2], "little") if unit < index.utf16_length else 0
        if 0xDC00 <= code <= 0xDFFF:
            with pytest.raises(OffsetError):
                index.to_codepoint(unit)
        else:
            cp = index.to_codepoint(unit)
            assert reference_utf16(text, cp) == unit


@given(TEXTS, st.data())
def test_span_text_survives_the_round_trip(text: str, data: st.DataObject) -> None:
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    u_start, u_end = index_for(text).span_to_utf16(start, end)
    assert text.encode("utf-16-le")[2 * u_start : 2 * u_end].decode("utf-16-le") == text[start:end]


def test_label_studio_unit_defaults_to_code_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_UNIT, raising=False)
    text = "𠮷😀广州"
    assert ls_unit() == "codepoint"
    assert ls_index(text).span_to_ls(2, 4) == (2, 4)
    with pytest.raises(OffsetError, match="outside"):
        ls_index(text).span_from_ls(3, 9)
    monkeypatch.setenv(ENV_UNIT, "utf16")
    assert ls_index(text).span_to_ls(2, 4) == (4, 6)
    assert ls_index(text).span_from_ls(4, 6) == (2, 4)
    monkeypatch.setenv(ENV_UNIT, "bytes")
    with pytest.raises(ConfigError, match="ANNOTATE_LS_OFFSETS='bytes'"):
        ls_unit()
