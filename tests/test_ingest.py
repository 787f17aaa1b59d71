"""Ingest: formats, encodings, cleaning, quality flags, versions, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.errors import InputError
from annotate.ingest import ingest_paths, load_path
from annotate.ingest.clean import clean_text
from annotate.ingest.decode import decode_bytes
from annotate.ingest.quality import quality_flags
from annotate.ingest.script import detect_script
from annotate.store import Store

SIMPLIFIED = "广东省工业和信息化厅厅长李卫东表示，全省将实施技术改造工程，推动企业投资超3800亿元。"
TRADITIONAL = "香港特區政府財政司表示，將投入約三億港元，推動創新科技發展，支持臺灣及澳門企業合作。"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def ingest(store: Store, *paths: Path):
    return ingest_paths(store, [str(p) for p in paths])


def test_jekyll_front_matter_and_html_are_cleaned(tmp_path):
    raw = (
        "---\nlayout: post\ntitle: \"广东推进技改\"\ndate: 2024-03-18 09:30:00 +0800\n"
        "categories: guangdong\ntags: [工业, 技改]\n---\n"
        "<p>第一段&nbsp;内容&amp;数据。</p>\n <p><strong>小标题</strong></p><p>第二段\n</p>"
        "<script>var a = '<p>不要</p>';</script><style>p{color:red}</style>\n"
        "<http://example.com/news/1>\n\n[返回广州新闻](//example.com/gz.html)｜[返回首页](//example.com/)\n"
    )
    (doc,) = load_path(write(tmp_path, "a.txt", raw))
    assert doc.text == "第一段\xa0内容&数据。\n小标题\n第二段"
    assert doc.title == "广东推进技改"
    assert doc.published == "2024-03-18T09:30:00+08:00"
    assert doc.meta["categories"] == ["guangdong"] and doc.meta["tags"] == ["工业", "技改"]
    assert doc.meta["front_matter"]["layout"] == "post"


def test_html_file_title_and_body(tmp_path):
    raw = "<html><head><title>标题 &amp; 副题</title><style>.x{}</style></head><body><div>正文一</div><p>正文二</p></body></html>"
    (doc,) = load_path(write(tmp_path, "a.html", raw))
    assert doc.title == "标题 & 副题"
    assert doc.text == "正文一\n正文二"


def test_markdown_links_keep_text_and_headings_lose_marks(tmp_path):
    raw = "# 标题\n\n见[通知](http://x/y)的**要求**。\n\n\n\n[返回首页](//x/)\n"
    (doc,) = load_path(write(tmp_path, "a.md", raw))
    assert doc.text == "标题\n见通知的要求。"


def test_line_endings_and_blank_line_runs_and_full_width_kept(tmp_path):
    raw = "\u3000\u3000第一段２０２３年。\r\n\r\n\r\n\r\n  第二段：１２．５％  \r\n"
    (doc,) = load_path(write(tmp_path, "a.txt", raw))
    assert doc.text == "第一段２０２３年。\n第二段：１２．５％"


@pytest.mark.parametrize(("encoding", "text", "script"), [
    ("gbk", SIMPLIFIED, "zh-Hans"),
    ("gb18030", SIMPLIFIED, "zh-Hans"),
    ("big5", TRADITIONAL, "zh-Hant"),
    ("utf-8", TRADITIONAL, "zh-Hant"),
])
def test_encodings_are_detected(tmp_path, encoding, text, script):
    (doc,) = load_path(write(tmp_path, f"a.{encoding}.txt", text.encode(encoding)))
    assert doc.text == text
    assert doc.script == script
    assert doc.meta["encoding"] in (encoding, "gb18030")


def test_utf8_bom_is_removed(tmp_path):
    (doc,) = load_path(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + SIMPLIFIED.encode()))
    assert doc.text == SIMPLIFIED and doc.meta["encoding"] == "utf-8-sig"


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    ("广州\x00市".encode(), "binary file"),
    (bytes([0xFF, 0xFE, 0x41, 0x00]) * 3, "UTF-16"),
    (bytes([0x81, 0x30, 0xFF, 0xFF, 0x80, 0xFF]) * 20, "undecodable"),
])
def test_bad_files_fail_with_the_file_named(tmp_path, data, reason):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(InputError, match=f"{path}.*{reason}"):
        load_path(path)


def test_failures_do_not_stop_the_batch_and_are_quarantined(tmp_path, store):
    good = write(tmp_path, "good.txt", SIMPLIFIED)
    bad = write(tmp_path, "bad.txt", b"\x00\x01\x02binary")
    summary = ingest(store, good, bad, tmp_path / "missing.txt")
    assert summary.added == 1
    assert [(ref, reason) for ref, reason in summary.failed] == [
        (str(bad), "binary file (NUL or control bytes), not text"),
        (str(tmp_path / "missing.txt"), "no such file or folder"),
    ]
    assert {r.ref for r in store.quarantined("ingest")} == {str(bad), str(tmp_path / "missing.txt")}


def test_jsonl_broken_line_reported_by_number_rest_ingested(tmp_path, store):
    lines = [json.dumps({"id": "a", "text": SIMPLIFIED, "title": "一"}, ensure_ascii=False),
             '{"id": "b", "text": "没有结尾',
             json.dumps({"id": "c", "text": TRADITIONAL, "date": "2024-01-02"}, ensure_ascii=False),
             json.dumps({"id": "d"}),
             ""]
    path = write(tmp_path, "docs.jsonl", "\n".join(lines))
    summary = ingest(store, path)
    assert summary.added == 2
    assert [ref for ref, _ in summary.failed] == [f"{path}:2", f"{path}:4"]
    docs = {d.meta["external_id"]: d for d in store.documents()}
    assert docs["a"].title == "一" and docs["c"].published == "2024-01-02"
    assert store.quarantined()[0].payload == '{"id": "b", "text": "没有结尾'


def test_script_tags_dropped(tmp_path):
    (doc,) = load_path(write(tmp_path, "x.html", "<p>正文</p><script>alert('广州')</script><p>结尾</p>"))
    assert "alert" not in doc.text and doc.text == "正文\n结尾"


def test_five_megabyte_single_line_file(tmp_path, store):
    line = ("广州市发展改革委推动投资增长22.4%。" * 300_000)[: 5 * 1024 * 1024 // 3]
    path = write(tmp_path, "big.txt", line)
    summary = ingest(store, path)
    assert summary.added == 1
    (doc,) = store.documents()
    assert doc.text == line and "\n" not in doc.text


def test_non_bmp_characters_keep_code_point_offsets(tmp_path):
    text = "𠮷野家😀在广州开店，投资1亿元。"
    (doc,) = load_path(write(tmp_path, "a.txt", text))
    assert doc.text == text
    assert doc.text.index("广州") == 5


def test_same_file_twice_changes_nothing_changed_file_is_new_version(tmp_path, store):
    path = write(tmp_path, "a.txt", SIMPLIFIED)
    assert ingest(store, path).added == 1
    again = ingest(store, path)
    assert (again.added, again.unchanged) == (0, 1)
    path.write_text(SIMPLIFIED + "新增一句。", encoding="utf-8")
    changed = ingest(store, path)
    assert changed.new_versions == 1
    assert store.count_documents() == 1 and store.count_documents(current_only=False) == 2


def test_folders_are_walked_recursively_known_extensions_only(tmp_path, store):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    write(tmp_path, "sub/a.txt", SIMPLIFIED)
    write(tmp_path, "sub/deeper/b.md", TRADITIONAL)
    write(tmp_path, "sub/image.png", b"\x89PNG\x00")
    write(tmp_path, "sub/.hidden.txt", "隐藏")
    assert ingest(store, tmp_path).added == 2


def test_quality_flags_for_damage():
    text = "据介绍，?!卑瑢W峰表示\ufffd今年\x07投资锟斤拷增长。"
    kinds = {f.kind: f for f in quality_flags(text)}
    assert set(kinds) == {"replacement_char", "control_char", "mojibake"}
    assert kinds["replacement_char"].first == text.index("\ufffd")
    assert kinds["mojibake"].first <= text.index("?")


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL, "涂高坤、张劲松、康可人介绍，邓承武表示。"])
def test_clean_text_has_no_flags(text):
    assert quality_flags(text) == []


def test_utf8_read_as_latin1_is_mojibake():
    damaged = SIMPLIFIED.encode("utf-8").decode("latin-1")
    assert [f.kind for f in quality_flags(damaged)] == ["control_char", "mojibake"] or any(
        f.kind == "mojibake" for f in quality_flags(damaged)
    )


def test_flagged_document_is_still_stored_and_listed(tmp_path, store):
    path = write(tmp_path, "d.txt", "据介绍，?!卑瑢W峰表示\ufffd今年投资增长。")
    summary = ingest(store, path)
    assert summary.added == 1 and summary.flagged[0][0] == str(path)


def test_detect_script():
    assert detect_script(SIMPLIFIED) == "zh-Hans"
    assert detect_script(TRADITIONAL) == "zh-Hant"
    assert detect_script("abc 123") == "unknown"


def test_decode_prefers_the_plausible_codec():
    assert decode_bytes(TRADITIONAL.encode("big5"), "t")[1] == "big5"
    assert decode_bytes(SIMPLIFIED.encode("gbk"), "s")[1] == "gb18030"


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
MIXED = st.one_of(CJK, st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
                  st.characters(codec="utf-8", exclude_categories=("Cs",)), st.sampled_from("\n\r\t <>&;"))


@given(st.text(MIXED, max_size=200))
def test_clean_text_never_raises_and_is_idempotent(raw):
    once = clean_text(raw).text
    assert clean_text(once).text == once or "<" in raw or "&" in raw
    assert "\r" not in once and "\n\n" not in once


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text(MIXED, min_size=1, max_size=120))
def test_ingested_text_is_stored_exactly_and_offsets_hold(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("prop")
    path = write(folder, "p.txt", raw)
    try:
        docs = load_path(path)
    except InputError:
        return  # empty, binary or otherwise refused with a named error
    with Store(folder / "s.db") as s:
        ingest(s, path)
        (stored,) = s.documents()
        assert stored.text == docs[0].text
