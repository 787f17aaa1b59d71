"""Bad input, fuzzed with hypothesis: the span invariant ``text[start:end] == span.text`` at every step.

Generated documents (CJK, non-BMP ideographs and emoji, control characters, mixed scripts,
very long lines, with entity phrases the pipeline finds) go through ingest (a real JSONL file
into a real SQLite store) -> predict (``annotate.extract.Pipeline``) -> push format (Label
Studio task and prediction payloads) -> pull format (the same regions parsed back as an
annotation) -> export (jsonl and conll) -> read back. Then malformed Label Studio annotation
records go through the pull code path (``ingest_tasks``): bad regions are quarantined with a
reason, the good ones kept, and nothing crashes.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.export.readers import read_conll, read_jsonl
from annotate.export.run import export_corpus
from annotate.extract.pipeline import Pipeline
from annotate.ingest import ingest_paths
from annotate.labelstudio.offsets import ls_index
from annotate.labelstudio.pull import ingest_tasks
from annotate.labelstudio.tasks import parse_annotation, task_payload
from annotate.models import Document, Span, span_problems
from annotate.schema import OVERLAPPING_LABELS
from annotate.store import Store
from reliability.figures import record

PIPELINE = Pipeline()
PHRASES = ["广东省工业和信息化厅", "厅长李卫东", "2021年9月", "约3.5亿元", "增长8.5%", "《深圳市促进消费若干措施》",
           "广州市天河区", "300家企业", "国务院", "印发", "𠮷野家", "珠海高新区管委会"]

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
NON_BMP = st.one_of(st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
                    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF))
CONTROL = st.one_of(st.characters(min_codepoint=0, max_codepoint=0x1F), st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
                    st.sampled_from("\u2028\u2029\u200b\u200d\ufeff\u3000\xa0\u0301"))
OTHER = st.characters(codec="utf-8", exclude_categories=("Cs",))
CHUNK = st.one_of(
    st.sampled_from(PHRASES),
    st.text(CJK, min_size=1, max_size=30),
    st.text(st.one_of(CJK, NON_BMP, CONTROL, OTHER, st.sampled_from("，。、；：！？“”（）0123456789.% ")),
            min_size=1, max_size=30),
)
LONG = st.builds(lambda s, n: s * n, st.sampled_from(["广东省工业和信息化厅表示投入约3.5亿元，", "𠮷😀a\x01"]),
                 st.integers(50, 250))
TEXTS = st.lists(st.one_of(CHUNK, CHUNK, CHUNK, LONG), min_size=1, max_size=12).map("".join)


CONTROLS = frozenset(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x200B, 0x200D, 0xFEFF])


def check(text: str, spans: list[Span], where: str) -> int:
    """Assert the span invariant for every span; return how many were checked."""
    for s in spans:
        assert text[s.start:s.end] == s.text, f"{where}: {s!r}"
        assert 0 <= s.start < s.end <= len(text), f"{where}: {s!r}"
    return len(spans)


def roundtrip(text: str, stats: Counter[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "in.jsonl"
        # ensure_ascii: see test_jsonl_line_separators_inside_strings_do_not_split_a_record for the raw form
        source.write_text(json.dumps({"id": "fuzz", "text": text}) + "\n", encoding="utf-8")
        with Store(folder / "f.db") as store:
            summary = ingest_paths(store, [str(source)])
            stats["documents"] += 1
            hostile = [any(ord(c) > 0xFFFF for c in text), any(c in CONTROLS for c in text),
                       max(map(len, text.split("\n"))) > 1000, any(c.isalpha() and 0x7F < ord(c) < 0x3000 for c in text)]
            for name, flag in zip(("non_bmp", "control", "long_line", "other_script"), hostile, strict=True):
                stats[name] += flag
            stats["hostile"] += any(hostile)
            if not summary.document_ids:  # e.g. only whitespace and control characters: rejected with a reason
                assert summary.failed, "a document vanished without a reason"
                reason = summary.failed[0][1]
                assert "empty" in reason, f"ingest rejected a non-empty text: {reason}"
                stats["rejected"] += 1
                return
            (doc,) = store.documents()
            # ingest: the stored text is what every offset refers to
            prediction = PIPELINE.predict_document(doc)
            stats["spans"] += check(doc.text, prediction.spans, "predict")
            assert span_problems(doc.text, prediction.spans, OVERLAPPING_LABELS) == []
            # push format: codepoint offsets (Label Studio 1.23) and UTF-16 code units (old servers)
            task = task_payload(doc, [prediction])
            assert task["data"]["text"] == doc.text
            regions = [r for r in task["predictions"][0]["result"] if r["type"] == "labels"]
            assert len(regions) == len(prediction.spans)
            utf16 = doc.text.encode("utf-16-le")
            u16 = ls_index(doc.text, "utf16")
            for r, s in zip(regions, sorted(prediction.spans, key=lambda s: (s.start, -s.end, s.label)), strict=True):
                v = r["value"]
                assert doc.text[v["start"]:v["end"]] == v["text"], "push payload (code points)"
                a, b = u16.span_to_ls(s.start, s.end)
                assert utf16[2 * a:2 * b].decode("utf-16-le") == s.text, "push payload (UTF-16)"
                assert u16.span_from_ls(a, b) == (s.start, s.end)
                stats["regions"] += 1
            # pull format: the same regions read back as a person's annotation
            payload = {"id": 1, "result": task["predictions"][0]["result"], "completed_by": 7,
                       "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:01Z"}
            parsed = parse_annotation(payload, doc, url="http://ls", project=1, task=1, emails={7: "fz@x"},
                                      model_version=prediction.source, predicted=prediction.spans)
            assert parsed.quarantined == []
            assert [s.key for s in parsed.annotation.spans] == [s.key for s in prediction.spans]
            assert all(s.attrs["origin"] == "prediction" for s in parsed.annotation.spans)
            stats["spans"] += check(doc.text, parsed.annotation.spans, "pull")
            store.save_annotations([parsed.annotation])
            (stored,) = store.annotations(kind="annotation", source="fz@x")
            stats["spans"] += check(doc.text, stored.spans, "store")
            # export and read back
            want = sorted(s.key for s in prediction.spans)
            for fmt, reader in (("jsonl", read_jsonl), ("conll", read_conll)):
                out = folder / fmt
                export_corpus(store, fmt, out, source="annotator:fz@x")
                (back,) = list(reader(out))
                assert back.id == doc.id and back.text == doc.text, f"{fmt}: text changed"
                stats["spans"] += check(back.text, back.spans, fmt)
                assert sorted(s.key for s in back.spans) == want, f"{fmt}: spans changed"
                stats["exports"] += 1


@pytest.mark.slow
def test_fuzzed_documents_keep_the_span_invariant_through_the_whole_loop():
    stats: Counter[str] = Counter()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(TEXTS)
    def run(text: str) -> None:
        roundtrip(text, stats)

    run()
    record("fuzz: ingest -> predict -> push -> pull -> export -> read back", operations=stats["documents"],
           faults=stats["hostile"], checked=stats["spans"] + stats["regions"], lost=0, **stats)


@pytest.mark.parametrize("sep", ["\x85", "\u2028", "\u2029"])
def test_jsonl_line_separators_inside_strings_do_not_split_a_record(tmp_path, sep):
    """JSON written with ensure_ascii=False keeps U+0085/U+2028/U+2029 raw inside strings (valid JSON)."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": f"广州市{sep}深圳市"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        summary = ingest_paths(store, [str(source)])
    assert summary.failed == [] and summary.added == 1


# ---------------------------------------------------------------------------- malformed Label Studio records

DOC = Document.from_text("𠮷😀深圳市科技局表示，今年将投入约12亿元支持广州市天河区实验室建设。👍🏽")
GOOD = [("深圳市科技局", "GOV"), ("约12亿元", "MONEY"), ("广州市天河区", "LOC"), ("支持", "ACTION")]
URL, PROJECT, TASK = "http://ls.invalid", 9, 900


def good_region(i: int, phrase: str, label: str) -> dict[str, Any]:
    start = DOC.text.index(phrase)
    return {"id": f"g{i}", "type": "labels", "from_name": "label", "to_name": "text",
            "value": {"start": start, "end": start + len(phrase), "text": phrase, "labels": [label]}}


HUGE = st.sampled_from([10**30, 2**63, -(2**63) - 1, 10**6, -1, 1e300, float("inf"), float("nan")])
WRONG = st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                  st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), st.floats())


@st.composite
def bad_region(draw: Any, i: int) -> dict[str, Any]:
    """A labels region broken in one way (missing field, offsets, text, label, types, huge values)."""
    phrase, label = draw(st.sampled_from(GOOD))
    region = good_region(i, phrase, label)
    region["id"] = f"b{i}"
    value = region["value"]
    how = draw(st.sampled_from(["drop", "past_end", "reversed", "text", "label", "labels", "type", "huge"]))
    if how == "drop":
        del value[draw(st.sampled_from(["start", "end", "labels"]))]
    elif how == "past_end":
        value["end"] = len(DOC.text) + draw(st.integers(1, 50))
    elif how == "reversed":
        value["start"], value["end"] = value["end"], draw(st.integers(0, value["start"]))
    elif how == "text":
        value["text"] = draw(st.text(min_size=1, max_size=8).filter(lambda t: t != phrase))
    elif how == "label":
        value["labels"] = [draw(st.text(max_size=8).filter(lambda t: t not in {g[1] for g in GOOD} and t not in
                                                          ("PER", "ORG", "POLICY", "DATE", "PERCENT", "QUANTITY")))]
    elif how == "labels":
        value["labels"] = draw(st.sampled_from([[], ["LOC", "GOV"], "LOC", None, [None], [1]]))
    elif how == "type":
        value[draw(st.sampled_from(["start", "end"]))] = draw(WRONG)
    elif how == "huge":
        value[draw(st.sampled_from(["start", "end"]))] = draw(HUGE)
    return region


@st.composite
def annotation_records(draw: Any) -> tuple[list[Any], int, int]:
    """An annotation result mixing good regions (some overlapping) and broken ones; returns
    ``(result, good regions, broken regions)``."""
    goods = [good_region(i, p, lab) for i, (p, lab) in enumerate(draw(st.lists(st.sampled_from(GOOD), max_size=4,
                                                                                  unique=True)))]
    if draw(st.booleans()) and goods:  # a second region of the same text with another flat label: overlap
        clash = dict(goods[0], id="o1", value={**goods[0]["value"], "labels": ["ORG"]})
        goods.append(clash)
    bads = [draw(bad_region(i)) for i in range(draw(st.integers(0, 5)))]
    junk = draw(st.lists(st.sampled_from(["labels", 7, None, [], {"type": "labels"}]), max_size=2))  # not regions
    result = draw(st.permutations(goods + bads + junk))
    if draw(st.booleans()):  # attribute textareas with huge or odd values ride along
        result.append({"id": "g1", "type": "textarea", "from_name": "attrs", "to_name": "text",
                       "value": {"text": [draw(st.sampled_from(["value=12e8", "value=" + "9" * 30,
                                                                 "unit=元 value=-0", "=", "", "low=abc"]))]}})
    return result, len(goods), len(bads)


def test_malformed_label_studio_records_go_to_quarantine_and_never_crash_pull():
    stats: Counter[str] = Counter()

    @settings(max_examples=150, deadline=None)
    @given(annotation_records(), st.integers(1, 10**6))
    def run(records: tuple[list[Any], int, int], ann_id: int) -> None:
        result, n_good, n_bad = records
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "q.db") as store:
            store.add_documents([(DOC, None)])
            store.record_ls_tasks(URL, PROJECT, [(DOC.id, TASK)])
            task = {"id": TASK, "data": {"text": DOC.text, "doc_id": DOC.id},
                    "annotations": [{"id": ann_id, "result": result, "completed_by": 3,
                                     "updated_at": "2026-01-01T00:00:00Z"}]}
            with store.transaction():
                pulled = ingest_tasks(store, URL, PROJECT, [task], {3: "q@x"}, full=False)
            (ann,) = store.annotations(kind="annotation", source="q@x")
            check(DOC.text, ann.spans, "quarantine pull")
            quarantined = store.quarantined("pull")
            # labels regions, and the junk that is not a region at all: each is kept or quarantined
            labels_regions = [r for r in result if not isinstance(r, dict) or r.get("type") == "labels"]
            assert len(ann.spans) + len(quarantined) == len(labels_regions), "a region was neither kept nor quarantined"
            assert len(quarantined) >= n_bad and pulled.quarantined == len(quarantined)
            assert all(q.reason and q.ref == f"task {TASK} annotation {ann_id}" for q in quarantined)
            keys = {s.key for s in ann.spans}
            flat = [s for s in ann.spans if s.label not in OVERLAPPING_LABELS]
            assert all(not a.overlaps(b) for i, a in enumerate(flat) for b in flat[i + 1:])
            assert keys or not n_good, "every good region was dropped"  # the first good one always survives
            stats["records"] += 1
            stats["regions"] += len(labels_regions)
            stats["quarantined"] += len(quarantined)
            stats["kept"] += len(ann.spans)

    run()
    record("fuzz: malformed Label Studio records through pull", operations=stats["records"],
           faults=stats["quarantined"], checked=stats["regions"], lost=0, **stats)


# Found by the fuzzing above: records that crashed the pull code path instead of being quarantined
# (minimal reproductions, fixed in parse_annotation / ingest_tasks; kept as regression tests).
CRASHES = {
    "value is a string": ({"value": "x"}, None),
    "value is a list": ({"value": [1]}, None),
    "labels is an int": ({"value": {"start": 2, "end": 8, "labels": 5}}, None),
    "label is a dict": ({"value": {"start": 2, "end": 8, "labels": [{}]}}, None),
    "label is a list": ({"value": {"start": 2, "end": 8, "labels": [["GOV"]]}}, None),
    "result is an int": (None, {"result": 5}),
    "completed_by is a list": (None, {"completed_by": [3]}),
    "annotation id past 2**63": (None, {"id": 2**63}),
    "attrs value=1e999 (stored as Infinity)": ("attrs", {"value": "value=1e999"}),
}


@pytest.mark.parametrize("case", list(CRASHES))
def test_malformed_record_crash_reproductions(tmp_path, case):
    region_change, ann_change = CRASHES[case]
    start = DOC.text.index("深圳市科技局")
    region = {"id": "r", "type": "labels",
              "value": {"start": start, "end": start + 6, "text": "深圳市科技局", "labels": ["GOV"]}}
    result: Any = [region]
    ann: dict[str, Any] = {"id": 1, "completed_by": 3, "updated_at": "2026-01-01T00:00:00Z"}
    if region_change == "attrs":
        region["value"] = {**region["value"], "labels": ["MONEY"]}
        result.append({"id": "r", "type": "textarea", "from_name": "attrs", "to_name": "text",
                       "value": {"text": [ann_change["value"]]}})
        ann_change = None
    elif region_change:
        region.update({k: ({**v, "text": "深圳市科技局"} if isinstance(v, dict) else v)
                       for k, v in region_change.items()})
    ann.update(ann_change or {})
    ann.setdefault("result", result)
    with Store(tmp_path / "c.db") as store:
        store.add_documents([(DOC, None)])
        store.record_ls_tasks(URL, PROJECT, [(DOC.id, TASK)])
        with store.transaction():
            ingest_tasks(store, URL, PROJECT, [{"id": TASK, "data": {"doc_id": DOC.id}, "annotations": [ann]}],
                         {3: "q@x"}, full=False)
        # stored attributes must stay valid JSON for SQLite's json functions (stats --corrections, exports)
        store.database.execute("SELECT json_extract(attrs, '$.origin') FROM spans").fetchall()
        quarantined = store.quarantined("pull")
        assert all(q.reason and q.ref == f"task {TASK} annotation {ann['id']}" for q in quarantined)
        if region_change == "attrs":  # a non-finite number is kept as the string the annotator typed
            (stored,) = store.annotations(kind="annotation")
            assert not quarantined and [s.attrs.get("value") for s in stored.spans] == ["1e999"]
        else:
            assert quarantined


def test_malformed_tasks_and_annotations_are_quarantined_and_the_rest_of_the_pull_stored(tmp_path):
    """Task-level and annotation-level garbage next to one good task: each bad one becomes a
    quarantine record naming it, the good annotation (and its good regions) is stored."""
    start = DOC.text.index("深圳市科技局")
    gov: dict[str, Any] = {"id": "r", "type": "labels", "value": {"start": start, "end": start + 6,
                                                                 "text": "深圳市科技局", "labels": ["GOV"]}}
    odd_regions = [{"id": "e", "type": "labels", "value": {**gov["value"], "end": True}},
                   {"id": "t", "type": "textarea", "from_name": "attrs", "value": "value=1"},
                   {"id": "n", "type": "labels", "value": {**gov["value"], "end": float("nan")}}, "junk"]
    good = {"id": 1, "completed_by": 3, "updated_at": "2026-01-01T00:00:00Z", "result": [gov, *odd_regions],
            "lead_time": float("nan"), "parent_prediction": 2**64,
            "prediction": {"id": 2**64, "model_version": ["x"]}}
    bad_anns = [{"id": 2, "completed_by": {"id": [3]}, "result": []}, {"id": 3, "completed_by": 4, "result": "x"},
                {"id": 4, "completed_by": 5, "result": {}}, {"id": 2**63, "completed_by": 6, "result": []}, 7]
    tasks: list[Any] = [
        {"id": TASK, "data": {"doc_id": DOC.id}, "annotations": [good, *bad_anns], "predictions": 5},
        {"id": "x", "data": {"doc_id": DOC.id}, "annotations": []},
        {"id": 2**63, "data": {"doc_id": DOC.id}, "annotations": []},
        {"id": 901, "data": "x", "annotations": []}, {"id": 902, "annotations": 5}, "task",
    ]
    with Store(tmp_path / "t.db") as store:
        store.add_documents([(DOC, None)])
        store.record_ls_tasks(URL, PROJECT, [(DOC.id, TASK)])
        with store.transaction():
            pulled = ingest_tasks(store, URL, PROJECT, tasks, {3: "q@x"}, full=True)
        (ann,) = store.annotations(kind="annotation")
        assert [s.label for s in ann.spans] == ["GOV"] and ann.ls and ann.ls.prediction is None
        assert "lead_time" not in ann.meta  # NaN is not JSON
        quarantined = store.quarantined("pull")
        refs = [q.ref for q in quarantined]
        assert pulled.quarantined == len(quarantined) == 14 and all(q.reason for q in quarantined)
        assert refs.count(f"task {TASK} annotation 1") == 4  # end: true, textarea, end: nan, "junk"
        for ref in ("task 'x'", f"task {2**63}", "task 901", "task 902", "task 'task'", f"task {TASK} annotation ?",
                    f"task {TASK} annotation 2", f"task {TASK} annotation 3", f"task {TASK} annotation {2**63}"):
            assert ref in refs, ref
        with store.transaction():  # pulling the same again quarantines nothing twice
            assert ingest_tasks(store, URL, PROJECT, tasks, {3: "q@x"}, full=True).quarantined == 0
