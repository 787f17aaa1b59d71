"""The pipeline: overlap resolution, traditional text mapped back, damaged text, model version."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract.align import Alignment
from annotate.extract.pipeline import (
    DATA_DIR,
    SPECIFICITY,
    Extractor,
    Pipeline,
    resolve_overlaps,
)
from annotate.models import Document, Span, span_problems
from annotate.schema import FLAT_LABELS, OVERLAPPING_LABELS


def finder(label: str, pattern: str) -> Extractor:
    """An extractor that labels every match of ``pattern`` (in the text it is given)."""
    rx = re.compile(pattern)
    return Extractor(lambda text, toks, found: [Span.of(text, m.start(), m.end(), label) for m in rx.finditer(text)])


def pipeline(**families: Extractor) -> Pipeline:
    from annotate.extract.pipeline import EXTRACTORS

    return Pipeline(extractors={**families, "actions": EXTRACTORS["actions"][1]})


def check(text: str, spans: list[Span]) -> None:
    assert span_problems(text, spans, OVERLAPPING_LABELS) == []
    assert spans == sorted(spans, key=lambda s: (s.start, -s.end, s.label))
    assert all(isinstance(s.attrs.get("score"), float) for s in spans)


# -- overlap resolution ------------------------------------------------------------------


def test_longest_span_wins() -> None:
    text = "广州期货交易所位于广州"
    p = pipeline(
        orgs=finder("ORG", "广州期货交易所"),
        places=finder("LOC", "广州"),
    )
    spans = p.predict(text)
    assert [(s.text, s.label) for s in spans] == [("广州期货交易所", "ORG"), ("广州", "LOC")]
    check(text, spans)


def test_equal_length_goes_to_the_most_specific_label() -> None:
    text = "2021年全省增长"
    p = pipeline(q=finder("QUANTITY", "2021年"), d=finder("DATE", "2021年"))
    assert [s.label for s in p.predict(text)] == ["DATE"]
    p = pipeline(loc=finder("LOC", "东莞"), gov=finder("GOV", "东莞"))
    assert [s.label for s in p.predict("东莞")] == ["GOV"]
    assert SPECIFICITY.index("MONEY") < SPECIFICITY.index("DATE") < SPECIFICITY.index("QUANTITY")


def test_action_may_contain_other_spans() -> None:
    text = "省工信厅将出台14项配套政策。"
    p = pipeline(gov=finder("GOV", "省工信厅"), q=finder("QUANTITY", "14项"))
    spans = p.predict(text)
    assert [(s.label, s.text) for s in spans] == [
        ("GOV", "省工信厅"),
        ("ACTION", "出台14项配套政策"),
        ("QUANTITY", "14项"),
    ]
    action = spans[1]
    assert action.attrs["actor"] == "省工信厅" and action.attrs["actor_label"] == "GOV"
    check(text, spans)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(FLAT_LABELS)), max_size=25))
def test_resolution_never_leaves_overlaps(raw: list[tuple[int, int, str]]) -> None:
    text = "字" * 40
    spans = [Span.of(text, a, a + n, label) for a, n, label in raw]
    kept = resolve_overlaps(spans)
    assert span_problems(text, kept, ()) == []
    # every dropped span overlaps a kept one at least as long
    for s in spans:
        if s not in kept:
            assert any(k.overlaps(s) and len(k.text) >= len(s.text) for k in kept)


# -- traditional text, non-BMP text --------------------------------------------------------


def test_traditional_text_offsets_map_to_original_characters() -> None:
    text = "廣東省工業和信息化廳將推動9345家工業企業開展技改，廣州市發展改革委積極支持。"
    p = pipeline(
        gov=finder("GOV", "广东省工业和信息化厅|广州市发展改革委"),  # patterns match the SIMPLIFIED text
        q=finder("QUANTITY", "9345家"),
    )
    spans = p.predict(text)
    check(text, spans)
    assert [(s.label, s.text) for s in spans] == [
        ("GOV", "廣東省工業和信息化廳"),
        ("ACTION", "推動9345家工業企業開展技改"),
        ("QUANTITY", "9345家"),
        ("GOV", "廣州市發展改革委"),
    ]
    assert spans[1].attrs["actor"] == "廣東省工業和信息化廳"
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_alignment_when_conversion_changes_length() -> None:
    # OpenCC's t2s keeps lengths today; a converter that does not must still map back exactly.
    def convert(line: str) -> str:
        return line.replace("甲乙丙", "丁").replace("戊", "己庚")

    original = "开头甲乙丙中间戊结尾\n第二行甲乙丙推动企业"
    converted = convert(original)
    align = Alignment.build(original, converted, convert)
    assert align.converted == converted
    for word in ("开头", "中间", "结尾", "第二行", "推动企业"):
        i = converted.index(word)
        assert align.span(i, i + len(word)) == (original.index(word), original.index(word) + len(word))
    i = converted.index("丁")
    assert align.span(i, i + 1) == (2, 5)  # one converted character covers three original ones
    i = converted.index("己庚")
    s, e = align.span(i, i + 2)
    assert original[s:e] == "戊"
    s, e = align.span(i, i + 1)
    assert original[s:e] == "戊"


def test_non_bmp_characters_keep_code_point_offsets() -> None:
    text = "𠀀𠀁省工信厅😀推动𡈽企业上云。"
    p = pipeline(gov=finder("GOV", "省工信厅"))
    spans = p.predict(text)
    check(text, spans)
    assert [(s.label, s.start, s.text) for s in spans] == [("GOV", 2, "省工信厅"), ("ACTION", 7, "推动𡈽企业上云")]


def test_real_families_on_traditional_text() -> None:
    text = "2025年，廣東將實施「百千萬工程」，推動1萬家工業企業技改數轉，投入約3.5億元。"
    spans = Pipeline().predict(text)
    check(text, spans)
    assert any(s.label == "ACTION" and s.text.startswith("推動") for s in spans)


# -- damaged text ---------------------------------------------------------------------------


def broken(text: str, toks: list, found: list) -> list[Span]:
    raise ValueError("cannot read this")


def test_a_failing_family_does_not_stop_the_others() -> None:
    text = "省工信厅推动企业上云。"
    p = pipeline(bad=Extractor(broken), gov=finder("GOV", "省工信厅"))
    assert [s.label for s in p.predict(text)] == ["GOV", "ACTION"]


def test_spans_that_do_not_fit_are_dropped() -> None:
    def wrong(text: str, toks: list, found: list) -> list[Span]:
        return [
            Span(start=0, end=2, label="LOC", text="别处"),
            Span(start=50, end=52, label="LOC", text="远方"),
            Span(start=0, end=1, label="NOPE", text=text[0]),
            Span.of(text, 0, 2, "LOC"),
        ]

    text = "广东推动企业上云。"
    assert [(s.label, s.text) for s in pipeline(w=Extractor(wrong)).predict(text)] == [
        ("LOC", "广东"), ("ACTION", "推动企业上云"),
    ]


def test_damaged_text_never_crashes() -> None:
    p = Pipeline()
    for text in [
        "", "   ", "\x00\x01\x02", "\ufffd" * 50, "\ud800推動企業上雲\udfff。", "锟斤拷烫烫烫" * 30,
        "推动" * 500, "，。、；" * 100, "Ã¥Â¹Â¿Ã¤Â¸Å\u009c推动", "1,000,000亿元" * 10, "\n" * 20,
        "《" * 40 + "推动" + "》" * 40,
    ]:
        spans = p.predict(text)
        check(text, spans)


def test_predict_document_is_a_prediction_of_the_model_version() -> None:
    doc = Document.from_text("省工信厅推动企业上云。")
    p = pipeline(gov=finder("GOV", "省工信厅"))
    ann = p.predict_document(doc)
    assert ann.kind == "prediction" and ann.source == p.model_version and ann.document_id == doc.id
    ann.check(doc.text)


# -- model version --------------------------------------------------------------------------


def test_model_version_is_stable(tmp_path: Path) -> None:
    a, b = Pipeline(), Pipeline()
    assert a.model_version == b.model_version
    from annotate import __version__

    assert a.model_version.startswith(__version__ + "+")
    assert re.fullmatch(r".+\+[0-9a-f]{10}", a.model_version)


def test_model_version_changes_with_data_files_and_config(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    base = Pipeline(data_dir=data).model_version
    assert Pipeline(data_dir=data).model_version == base
    first = sorted(p for p in data.iterdir() if p.is_file())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n新增词\n", encoding="utf-8")
    changed = Pipeline(data_dir=data).model_version
    assert changed != base
    (data / "extra.txt").write_text("x", encoding="utf-8")
    assert Pipeline(data_dir=data).model_version not in (base, changed)
    assert Pipeline(data_dir=data, labels=("ACTION",)).model_version != Pipeline(data_dir=data).model_version


def test_label_selection() -> None:
    p = Pipeline(labels=("ACTION",))
    spans = p.predict("2025年，省工信厅将推动1万家企业技改。")
    assert {s.label for s in spans} == {"ACTION"}


# -- worker processes -----------------------------------------------------------------------


def _square(n: int) -> int:
    return n * n


def test_ordered_map_keeps_order_and_streams_an_endless_input() -> None:
    import itertools

    from annotate.extract.parallel import ordered_map

    pulled: list[int] = []

    def endless() -> Iterator[int]:
        for n in itertools.count():
            pulled.append(n)
            yield n

    first = list(itertools.islice(ordered_map(_square, endless(), workers=2, chunk_size=4, ahead=2), 50))
    assert first == [n * n for n in range(50)]
    assert len(pulled) < 50 + 2 * 2 * 4 + 4  # only a bounded window was read ahead
    assert list(ordered_map(_square, range(7), workers=1)) == [n * n for n in range(7)]


def test_selected_labels_still_give_actions_their_actors() -> None:
    text = "省工信厅将推动企业上云。"
    p = Pipeline(
        extractors={**pipeline(gov=finder("GOV", "省工信厅")).extractors}, labels=("ACTION",)
    )
    (action,) = p.predict(text)
    assert action.label == "ACTION" and action.attrs["actor"] == "省工信厅"
