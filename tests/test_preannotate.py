"""Pre-annotation into a real SQLite store: one transaction, idempotent, workers, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotate.cli.main import cli
from annotate.extract.pipeline import Pipeline
from annotate.models import Document, span_problems
from annotate.preannotate import preannotate
from annotate.schema import OVERLAPPING_LABELS
from annotate.store import Store

TEXTS = [
    "2024年3月，广东省工业和信息化厅将实施技术改造赋能提升工程，推动9345家工业企业开展技改。",
    "廣州市發展改革委出台14項配套支持政策，安排約3億元專項資金。",
    "没有任何政策行动的一句话。",
    "\ufffd\ufffd 推动𠀀企业上云，组建创新中心。",
]


def add(store: Store, texts: list[str]) -> list[str]:
    results = store.add_documents([(Document.from_text(t), None) for t in texts])
    return [r.document.id for r in results]


def test_saves_one_prediction_per_document(store: Store) -> None:
    ids = add(store, TEXTS)
    pipeline = Pipeline()
    seen: list[int] = []
    summary = preannotate(store, pipeline, progress=seen.append)
    assert summary.documents == 4 and summary.added == 4 and summary.unchanged == 0
    assert sum(seen) == 4
    anns = list(store.annotations(kind="prediction"))
    assert sorted(a.document_id for a in anns) == sorted(ids)
    assert {a.source for a in anns} == {pipeline.model_version}
    assert summary.spans == sum(len(a.spans) for a in anns) > 0
    assert summary.labels["ACTION"] >= 4
    for ann in anns:
        doc = store.get_document(ann.document_id)
        assert doc is not None
        assert span_problems(doc.text, ann.spans, OVERLAPPING_LABELS) == []
        assert all("score" in s.attrs for s in ann.spans)
    assert store.latest_model_version() == pipeline.model_version


def test_same_version_twice_changes_nothing(store: Store) -> None:
    add(store, TEXTS)
    pipeline = Pipeline()
    preannotate(store, pipeline)
    before = [(a.id, a.revision) for a in store.annotations(kind="prediction", status=None)]
    again = preannotate(store, Pipeline())
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 4)
    assert [(a.id, a.revision) for a in store.annotations(kind="prediction", status=None)] == before


def test_new_documents_only_are_added_on_rerun(store: Store) -> None:
    add(store, TEXTS[:2])
    preannotate(store, Pipeline())
    add(store, TEXTS[2:])
    summary = preannotate(store, Pipeline())
    assert (summary.added, summary.unchanged) == (2, 2)


def test_a_different_version_is_kept_alongside(store: Store, tmp_path: Path) -> None:
    add(store, TEXTS)
    first = Pipeline()
    preannotate(store, first)
    only_actions = Pipeline(labels=("ACTION",))
    assert only_actions.model_version != first.model_version
    summary = preannotate(store, only_actions)
    assert summary.added == 4
    assert dict(store.sources("prediction")) == {first.model_version: 4, only_actions.model_version: 4}


def test_failure_leaves_the_store_unchanged(store: Store) -> None:
    add(store, TEXTS)
    # a real SQLite trigger refuses the last document's spans after earlier batches were written
    store.database.execute(
        "CREATE TRIGGER no_spans BEFORE INSERT ON spans WHEN NEW.label = 'ACTION' "
        "AND NEW.text LIKE '%创新中心%' BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(Exception, match="refused"):
        preannotate(store, Pipeline(), batch_size=1)
    assert list(store.annotations(kind="prediction", status=None)) == []


def test_workers_match_one_process(tmp_path: Path) -> None:
    texts = [f"第{n}号：市政府将推动{n + 1}家企业上云，出台{n + 2}项政策。" for n in range(40)]
    out = []
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            add(store, texts)
            summary = preannotate(store, Pipeline(), workers=workers)
            assert summary.added == 40 and summary.workers == workers
            out.append(
                sorted((a.document_id, [(s.start, s.end, s.label, s.attrs.get("score")) for s in a.spans])
                       for a in store.annotations(kind="prediction"))
            )
    assert out[0] == out[1]


def test_cli_json_summary_and_idempotence(runner: CliRunner, db_path: Path) -> None:
    with Store(db_path) as store:
        add(store, TEXTS)
    result = runner.invoke(cli, ["preannotate", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 4 and data["added"] == 4
    assert re.fullmatch(r".+\+[0-9a-f]{10}", data["model_version"])
    result = runner.invoke(cli, ["preannotate", "--db", str(db_path), "--json", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["unchanged"] == 4
    result = runner.invoke(cli, ["preannotate", "--db", str(db_path)])
    assert result.exit_code == 0
    assert "4 documents" in result.output and "ACTION" in result.output


def test_cli_on_empty_store(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(cli, ["preannotate", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == 0
