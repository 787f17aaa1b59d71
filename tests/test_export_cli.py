"""``annotate export``: byte-identical re-runs, the store untouched, the dataset card, sources, errors."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from _export_data import fill_store, make_corpus
from click.testing import CliRunner

from annotate.cli.main import cli
from annotate.export import EXPORTERS
from annotate.models import Annotation
from annotate.store import Store


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def filled(db_path: Path) -> Path:
    with Store(db_path) as s:
        corpus = make_corpus(30)
        fill_store(s, corpus)
        fill_store(s, corpus[:10], kind="annotation", source="ann1")
        fill_store(s, corpus[:10], kind="annotation", source="ann2")
        fill_store(s, corpus[:5], kind="prediction", source="model-v1")
    return db_path


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_reruns_are_byte_identical_and_store_unchanged(runner: CliRunner, filled: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "spacy":
        pytest.importorskip("spacy")
    before = _dump(filled)
    args = ["export", "--db", str(filled), "--format", fmt, "--split", "80/10/10", "--seed", "7"]
    first = runner.invoke(cli, [*args, "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, [*args, "--out", str(tmp_path / "b")])
    again = runner.invoke(cli, [*args, "--out", str(tmp_path / "a")])
    assert second.exit_code == 0 and again.exit_code == 0
    a, b = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert a == _digest(tmp_path / "a") and "README.md" in a
    # identical except the card, whose command names the other output folder
    assert {k: v for k, v in a.items() if k != "README.md"} == {k: v for k, v in b.items() if k != "README.md"}
    assert _dump(filled) == before


def test_card_contents(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "card"
    result = runner.invoke(cli, ["export", "--db", str(filled), "--format", "conll", "--out", str(out),
                                 "--split", "80/10/10", "--seed", "3", "--labels", "LOC,ACTION", "--scheme", "BIOES"])
    assert result.exit_code == 0, result.output
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "Label schema version: 1" in card
    assert "Source: gold" in card
    assert f"annotate export --format conll --out {out.as_posix()} --source gold --labels LOC,ACTION " \
           "--split 80/10/10 --seed 3 --scheme BIOES" in card
    assert "| Label | train | validation | test | total |" in card
    assert "| LOC 地名 |" in card and "| ACTION 政策行动 |" in card and "PER 人名" not in card
    assert "| documents | 24 | 3 | 3 | 30 |" in card
    assert "Annotators: ann1, ann2; documents compared: 10." in card
    assert "| Mean pairwise span F1 (strict) | 1.000 |" in card
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}", card)  # no date or time: re-runs are identical


def test_card_without_agreement(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "m"
    res = runner.invoke(cli, ["export", "--db", str(filled), "--format", "jsonl", "--out", str(out),
                              "--source", "model:model-v1"])
    assert res.exit_code == 0, res.output
    assert "Not applicable: these are a model's predictions" in (out / "README.md").read_text(encoding="utf-8")
    res = runner.invoke(cli, ["export", "--db", str(filled), "--format", "jsonl", "--out", str(out),
                              "--source", "annotator:ann1"])
    assert "Mean pairwise span F1" in (out / "README.md").read_text(encoding="utf-8")


def test_sources_and_json(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    import json

    res = runner.invoke(cli, ["export", "--db", str(filled), "--format", "jsonl", "--out", str(tmp_path / "a"),
                              "--source", "annotator:ann1", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["splits"] == {"all": 10} and data["source"] == "annotator:ann1"
    res = runner.invoke(cli, ["export", "--db", str(filled), "--format", "jsonl", "--out", str(tmp_path / "m"),
                              "--source", "model:latest", "--json"])
    assert json.loads(res.output)["splits"] == {"all": 5}
    assert json.loads(res.output)["source"] == "model:model-v1"
    assert "--source model:model-v1" in (tmp_path / "m" / "README.md").read_text(encoding="utf-8")


def test_several_gold_sources_take_the_newest(filled: Path, tmp_path: Path) -> None:
    from annotate.export.readers import read_jsonl
    from annotate.export.run import export_corpus

    with Store(filled) as s:
        doc = next(s.documents())
        s.save_annotations([Annotation(document_id=doc.id, kind="gold", source="adjudicator:li", spans=[])])
        export_corpus(s, "jsonl", tmp_path / "g")
    got = {rb.id: rb.spans for rb in read_jsonl(tmp_path / "g", "all")}
    assert len(got) == 30 and got[doc.id] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "nobody"], "--source 'nobody'"),
        (["--source", "annotator:"], "--source"),
        (["--labels", "FOO"], "unknown label 'FOO'"),
        (["--split", "70/20"], "add up to 90"),
    ],
)
def test_bad_options_give_one_line(runner: CliRunner, filled: Path, tmp_path: Path, args: list[str], message: str) -> None:
    res = runner.invoke(cli, ["export", "--db", str(filled), "--format", "jsonl", "--out", str(tmp_path / "x"), *args])
    assert res.exit_code == 1
    assert message in res.output and res.output.startswith("Error:")
    assert len(res.output.strip().splitlines()) == 1


def test_missing_database(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(cli, ["export", "--db", str(tmp_path / "none.db"), "--format", "jsonl", "--out", str(tmp_path / "x")])
    assert res.exit_code == 1 and "no such database" in res.output


def test_rerun_with_other_splits_leaves_no_stale_files(filled: Path, tmp_path: Path) -> None:
    from annotate.export.run import export_corpus

    out = tmp_path / "o"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with Store(filled) as s:
        export_corpus(s, "hf", out)
        result = export_corpus(s, "hf", out, split="80/10/10")
    assert sorted(p.name for p in out.iterdir()) == sorted([*result.files, "notes.txt"])
    assert not (out / "all.jsonl").exists()
