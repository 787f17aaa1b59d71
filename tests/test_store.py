"""The SQLite store: schema, documents with versions, annotations with history, transactions."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.errors import InputError, StoreError
from annotate.models import Annotation, Document, Span
from annotate.store import QuarantineRecord, Store
from annotate.store.migrations import SCHEMA_VERSION

TEXT = "广东省工业和信息化厅厅长涂高坤表示，2023年投资超3800亿元。"


def add(store: Store, text: str = TEXT, key: str | None = None) -> Document:
    return store.add_documents([(Document.from_text(text), key)])[0].document


def ann(doc: Document, source: str, spans: list[tuple[int, int, str]], kind: str = "annotation") -> Annotation:
    return Annotation(
        document_id=doc.id, kind=kind, source=source, spans=[Span.of(doc.text, s, e, l) for s, e, l in spans]
    )


def test_new_file_has_schema_wal_and_foreign_keys(store, db_path):
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "annotations", "spans", "gold_decisions", "ls_projects", "ls_tasks",
            "eval_runs", "eval_scores", "quarantine"} <= tables
    assert store.database.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_keeps_data_and_does_not_migrate_again(db_path):
    with Store(db_path) as s:
        add(s)
    with Store(db_path) as s:
        assert s.count_documents() == 1
        assert s.database.user_version == SCHEMA_VERSION


def test_newer_schema_than_code_is_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this annotate"):
        Store(db_path)


def test_adding_same_text_twice_is_unchanged(store):
    doc = Document.from_text(TEXT)
    assert store.add_documents([(doc, "a.txt")])[0].outcome == "added"
    assert store.add_documents([(doc, "a.txt")])[0].outcome == "unchanged"
    assert store.count_documents() == 1


def test_changed_text_of_same_source_is_new_version_and_old_stays(store):
    old = add(store, TEXT, "a.txt")
    result = store.add_documents([(Document.from_text(TEXT + "补充"), "a.txt")])[0]
    assert result.outcome == "new_version"
    assert result.document.version == 2 and result.document.previous_id == old.id
    assert store.document_ids() == [result.document.id]
    assert set(store.document_ids(current_only=False)) == {old.id, result.document.id}
    assert store.get_document(old.id).text == TEXT


def test_save_replace_keeps_history(store):
    doc = add(store)
    first = store.save_annotations([ann(doc, "li", [(0, 10, "GOV")])])[0]
    assert first.outcome == "added"
    assert store.save_annotations([ann(doc, "li", [(0, 10, "GOV")])])[0].outcome == "unchanged"
    second = store.save_annotations([ann(doc, "li", [(0, 10, "GOV"), (12, 15, "PER")])])[0]
    assert second.outcome == "replaced"
    current = list(store.annotations(source="li"))
    assert len(current) == 1 and [s.label for s in current[0].spans] == ["GOV", "PER"]
    history = store.annotation_history(doc.id, "annotation", "li")
    assert [(a.revision, a.status) for a in history] == [(1, "superseded"), (2, "current")]
    assert history[0].spans[0].text == "广东省工业和信息化厅"


def test_mark_deleted_keeps_row(store):
    doc = add(store)
    result = store.save_annotations([ann(doc, "li", [(0, 10, "GOV")])])[0]
    assert store.mark_deleted([result.annotation_id]) == 1
    assert list(store.annotations(source="li")) == []
    deleted = list(store.annotations(source="li", status="deleted"))
    assert deleted[0].spans[0].label == "GOV"


def test_span_that_does_not_fit_stored_text_is_refused_and_nothing_written(store):
    doc = add(store)
    good = ann(doc, "li", [(0, 10, "GOV")])
    bad = Annotation(document_id=doc.id, kind="annotation", source="wang",
                     spans=[Span(start=0, end=2, label="LOC", text="深圳")])
    with pytest.raises(InputError, match=f"document {doc.id}, annotation by wang"):
        store.save_annotations([good, bad])
    assert list(store.annotations()) == []


def test_transaction_rolls_back_everything_on_error(store):
    with pytest.raises(RuntimeError), store.transaction():
        add(store)
        store.quarantine([QuarantineRecord("ingest", "x.txt", "why")])
        raise RuntimeError("boom")
    assert store.count_documents() == 0 and store.quarantined() == []


def test_annotations_stream_in_batches_in_document_order(store):
    docs = [add(store, f"第{i}号文件：广州市发展改革委") for i in range(25)]
    store.save_annotations([ann(d, "m1", [(len(d.text) - 7, len(d.text), "GOV")], "prediction") for d in docs])
    got = list(store.annotations(kind="prediction", batch=4))
    assert [a.document_id for a in got] == sorted(d.id for d in docs)
    assert all(a.spans[0].text == "广州市发展改革委"[1:] or a.spans[0].label == "GOV" for a in got)
    assert store.sources("prediction") == [("m1", 25)]
    assert store.latest_model_version() == "m1"


def test_settings_round_trip(store):
    store.set_setting("ls", {"project": 3})
    store.set_setting("ls", {"project": 4})
    assert store.get_setting("ls") == {"project": 4}
    assert store.get_setting("missing", 7) == 7


def test_missing_database_without_create_is_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "nope.db", create=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_database_write_is_clear_error(db_path):
    with Store(db_path) as s:
        add(s)
    os.chmod(db_path, stat.S_IRUSR)
    with Store(db_path) as s, pytest.raises(StoreError, match="readonly"):
        add(s, "新文本")


def test_read_only_connection_write_is_clear_error(db_path):
    with Store(db_path) as s:
        add(s)
    s = Store(db_path)
    s.database.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match=str(db_path.name)):
        add(s, "新文本")
    s.close()


def test_locked_database_is_clear_error_and_data_kept(db_path):
    with Store(db_path) as s:
        add(s)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        s = Store(db_path, busy_timeout=0.2)
        with pytest.raises(StoreError, match="locked"):
            add(s, "另一个文本")
        s.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(db_path) as s:
        assert s.count_documents() == 1


WRITER = textwrap.dedent(
    """
    import sys
    from annotate.models import Document, Annotation, Span
    from annotate.store import Store
    path, name = sys.argv[1], sys.argv[2]
    s = Store(path)
    for i in range(40):
        with s.transaction():
            d = s.add_documents([(Document.from_text(f"{name}第{i}篇：广州"), None)])[0].document
            s.save_annotations([Annotation(document_id=d.id, kind="annotation", source=name,
                                           spans=[Span.of(d.text, len(d.text) - 2, len(d.text), "LOC")])])
    s.close()
    """
)


def test_two_processes_writing_at_once_both_succeed(db_path):
    Store(db_path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), name], stderr=subprocess.PIPE)
        for name in ("webhook", "pull")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    with Store(db_path) as s:
        assert s.count_documents() == 80
        assert dict(s.sources("annotation")) == {"pull": 40, "webhook": 40}
        assert s.database.integrity_check() == "ok"


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY = st.one_of(CJK, st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF), st.sampled_from("😀，。a1 "))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(ANY, min_size=2, max_size=80), data=st.data())
def test_spans_survive_the_store_unchanged(store, text, data):
    doc = add(store, text)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=8)))
    spans = [Span.of(text, a, b, "LOC", n=i) for i, (a, b) in enumerate(zip(cuts, cuts[1:]))]
    store.save_annotations([Annotation(document_id=doc.id, kind="gold", source="t", spans=spans)])
    (back,) = [a for a in store.annotations(kind="gold", document_ids=[doc.id])]
    assert back.spans == sorted(spans, key=lambda s: (s.start, s.end))
    for s in back.spans:
        assert store.get_document(doc.id).text[s.start : s.end] == s.text


def test_cancelled_annotations_are_recorded_but_left_out_by_default(store):
    doc = add(store)
    skipped = Annotation(document_id=doc.id, kind="annotation", source="li", spans=[], meta={"was_cancelled": True})
    done = ann(doc, "wang", [(0, 10, "GOV")])
    store.save_annotations([skipped, done])
    assert [a.source for a in store.annotations(kind="annotation")] == ["wang"]
    both = store.annotations(kind="annotation", cancelled=True)
    assert sorted(a.source for a in both) == ["li", "wang"]
