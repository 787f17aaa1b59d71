"""``annotate evaluate``: files mode, store mode with saved runs and history, HTML/Markdown reports."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from _export_data import make_corpus
from click.testing import CliRunner

from annotate.cli.main import cli
from annotate.evaluation.scoring import Pair, evaluate_pairs
from annotate.models import Annotation, Document, Span
from annotate.store import Store

EVIL = "<script>alert(1)</script>"


def _degrade(spans: list[Span], text: str, rng: random.Random, rate: float) -> list[Span]:
    """Drop, shrink or relabel some spans to make an imperfect prediction."""
    out = []
    for s in spans:
        r = rng.random()
        if r < rate / 3:
            continue
        if r < 2 * rate / 3 and s.end - s.start > 1:
            out.append(Span.of(text, s.start, s.end - 1, s.label, **s.attrs))
        elif r < rate:
            out.append(Span.of(text, s.start, s.end, "ORG" if s.label != "ORG" else "GOV"))
        else:
            out.append(s)
    return out


def _line(doc_id: str, text: str, spans: list[Span]) -> str:
    return json.dumps({"id": doc_id, "text": text, "spans": [s.model_dump() for s in spans]}, ensure_ascii=False)


@pytest.fixture
def corpus() -> list[tuple[Document, list[Span]]]:
    return make_corpus(20, seed=4)


@pytest.fixture
def filled(db_path: Path, corpus: list[tuple[Document, list[Span]]]) -> Path:
    rng = random.Random(0)
    # a document whose text needs escaping in reports
    evil = Document.from_text(f"标题{EVIL}与<b>广州</b>&东莞。")
    evil_spans = [Span.of(evil.text, evil.text.index("广州"), evil.text.index("广州") + 2, "LOC")]
    docs = [*corpus, (evil, evil_spans)]
    with Store(db_path) as s:
        s.add_documents((d, None) for d, _ in docs)
        s.save_annotations([Annotation(document_id=d.id, kind="gold", source="adjudicated", spans=sp) for d, sp in docs])
        s.save_annotations([Annotation(document_id=d.id, kind="prediction", source="v1",
                                       spans=_degrade(sp, d.text, rng, 0.6)) for d, sp in docs])
        s.save_annotations([Annotation(document_id=d.id, kind="prediction", source=f"v2{EVIL}",
                                       spans=_degrade(sp, d.text, rng, 0.2) + [Span.of(d.text, 0, 1, "PER")])
                            for d, sp in docs[:-3]])
    return db_path


def test_files_mode(runner: CliRunner, tmp_path: Path, corpus: list[tuple[Document, list[Span]]]) -> None:
    rng = random.Random(1)
    preds = [(d, _degrade(sp, d.text, rng, 0.5)) for d, sp in corpus]
    gold_file, pred_file = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_file.write_text("\n".join(_line(d.id, d.text, sp) for d, sp in corpus) + "\n", encoding="utf-8")
    # predictions in another order, one matched only by text (other id)
    lines = [_line("other-id" if i == 0 else d.id, d.text, sp) for i, (d, sp) in enumerate(reversed(preds))]
    pred_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = runner.invoke(cli, ["evaluate", "--gold", str(gold_file), "--pred", str(pred_file), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    want = evaluate_pairs([Pair(d.id, d.text, g, p) for (d, g), (_, p) in zip(corpus, preds, strict=True)])
    assert data["micro"]["strict"]["f1"] == pytest.approx(want.micro["strict"].f1)
    assert data["documents"] == 20 and data["run_id"] is None and data["notes"] == []
    assert set(data["micro"]) == {"strict", "exact", "partial", "type"}
    res = runner.invoke(cli, ["evaluate", "--gold", str(gold_file), "--pred", str(pred_file), "--labels", "LOC"])
    assert res.exit_code == 0 and "LOC" in res.output and "MONEY" not in res.output


def test_store_mode_saves_runs_and_history(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    res = runner.invoke(cli, ["evaluate", "--db", str(filled), "--model-version", "v1"])
    assert res.exit_code == 0, res.output
    assert "Saved as evaluation run 1" in res.output and "strict" in res.output
    res = runner.invoke(cli, ["evaluate", "--db", str(filled), "--json"])  # latest: v2
    data = json.loads(res.output)
    assert data["model_version"] == f"v2{EVIL}" and data["run_id"] == 2
    assert data["gold_source"] == "adjudicated"
    assert any("3 gold documents have no prediction" in n for n in data["notes"])
    with Store(filled) as s:
        runs = s.eval_runs()
        assert [r.model_version for r in runs] == ["v1", f"v2{EVIL}"]
        scores = s.eval_scores([runs[0].id], scheme="strict")
        assert {sc.label for sc in scores} >= {"micro", "macro", "LOC"}
    res = runner.invoke(cli, ["evaluate", "--db", str(filled), "--history"])
    assert res.exit_code == 0 and "v1" in res.output and "strict F1" in res.output
    hist = json.loads(runner.invoke(cli, ["evaluate", "--db", str(filled), "--history", "--json"]).output)
    assert len(hist) == 2 and hist[0]["micro_f1"]["strict"] < hist[1]["micro_f1"]["strict"]


def test_html_report_has_tables_chart_and_escapes(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    runner.invoke(cli, ["evaluate", "--db", str(filled), "--model-version", "v1"])
    report = tmp_path / "report.html"
    res = runner.invoke(cli, ["evaluate", "--db", str(filled), "--report", str(report), "--worst", "50"])
    assert res.exit_code == 0, res.output
    page = report.read_text(encoding="utf-8")
    assert "<svg" in page and "</svg>" in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the model version, escaped
    assert "<b>" not in page  # document text escaped in the error contexts
    assert "<h2>Confusion table</h2>" in page and "<h2>Worst errors</h2>" in page
    assert "Per label: strict" in page and "LOC 地名" in page
    assert page.count('<rect x="') > 10 and ">v1</text>" in page  # bars for both versions, legend
    assert 'class="gold"' in page and 'class="pred"' in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched


def test_markdown_report(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    res = runner.invoke(cli, ["evaluate", "--db", str(filled), "--model-version", "v1", "--report", str(report)])
    assert res.exit_code == 0, res.output
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Evaluation of v1 against adjudicated")
    assert "| label | gold | predicted | precision |" in text and "## Confusion table" in text
    assert "<svg" in text and "## Worst errors" in text and "**【" in text
    assert "<b>" not in text and "<script>" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gold", "g.jsonl"], "give both --gold and --pred"),
        (["--labels", "NOPE"], "unknown label 'NOPE'"),
        (["--model-version", "v1", "--report", "r.txt"], "name an .html or .md file"),
    ],
)
def test_bad_options(runner: CliRunner, filled: Path, args: list[str], message: str) -> None:
    res = runner.invoke(cli, ["evaluate", "--db", str(filled), *args])
    assert res.exit_code == 1 and message in res.output and len(res.output.strip().splitlines()) == 1


def test_bad_files(runner: CliRunner, tmp_path: Path) -> None:
    gold, pred = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    gold.write_text('{"id": "a", "text": "广州"}\nnot json\n', encoding="utf-8")
    pred.write_text('{"id": "a", "text": "广州", "spans": [{"start": 0, "end": 9, "label": "LOC"}]}\n', encoding="utf-8")
    res = runner.invoke(cli, ["evaluate", "--gold", str(gold), "--pred", str(pred)])
    assert res.exit_code == 1 and "line 1: bad span" in res.output
    pred.write_text('{"id": "a", "text": "广州", "spans": [{"start": 0, "end": 2, "label": "LOC", "text": "广"}]}\n',
                    encoding="utf-8")
    res = runner.invoke(cli, ["evaluate", "--gold", str(gold), "--pred", str(pred)])
    assert res.exit_code == 1 and "p.jsonl line 1: span [0, 2) says '广'" in res.output
    pred.write_text('{"id": "a", "text": "广州"}\n', encoding="utf-8")
    res = runner.invoke(cli, ["evaluate", "--gold", str(gold), "--pred", str(pred)])
    assert res.exit_code == 1 and "g.jsonl line 2: not JSON" in res.output


def test_store_without_predictions_or_gold(runner: CliRunner, db_path: Path) -> None:
    with Store(db_path) as s:
        doc = Document.from_text("广州")
        s.add_documents([(doc, None)])
    res = runner.invoke(cli, ["evaluate", "--db", str(db_path)])
    assert res.exit_code == 1 and "no predictions" in res.output
    with Store(db_path) as s:
        s.save_annotations([Annotation(document_id=doc.id, kind="prediction", source="v1", spans=[])])
    res = runner.invoke(cli, ["evaluate", "--db", str(db_path)])
    assert res.exit_code == 1 and "no gold annotations" in res.output
    with Store(db_path) as s:
        assert s.eval_runs() == []
