"""``annotate predict``: JSON Lines in and out, broken lines, workers, stdin/stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from annotate.cli.main import cli
from annotate.extract.jsonl import predict_lines
from annotate.extract.pipeline import Pipeline
from annotate.models import Span, span_problems
from annotate.schema import OVERLAPPING_LABELS

TEXTS = [
    "2025年，省工业和信息化厅将实施技术改造赋能提升工程，推动9345家工业企业开展技改。",
    "廣東將推動1萬家工業企業技改數轉，投入約3.5億元。",
    "𠀀😀 数据中心建设加快，市政府出台14项配套支持政策。",
    "",
    "没有任何政策行动的一句话。",
]


def write_jsonl(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for n, text in enumerate(texts):
            fh.write(json.dumps({"id": f"d{n}", "text": text, "extra": n}, ensure_ascii=False) + "\n")


def read_jsonl(data: str) -> list[dict]:
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def check_output(rows: list[dict], texts: list[str]) -> None:
    assert [r["id"] for r in rows] == [f"d{n}" for n in range(len(texts))]
    for row, text in zip(rows, texts, strict=True):
        assert row["text"] == text and row["extra"] == int(row["id"][1:])
        spans = [Span(**s) for s in row["spans"]]
        assert span_problems(text, spans, OVERLAPPING_LABELS) == []
        for s in row["spans"]:
            assert set(s) == {"start", "end", "label", "text", "attrs"}
            assert text[s["start"] : s["end"]] == s["text"]
            assert "score" in s["attrs"]


def test_file_to_file(runner: CliRunner, tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, TEXTS)
    result = runner.invoke(cli, ["predict", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_jsonl(out.read_text(encoding="utf-8"))
    check_output(rows, TEXTS)
    actions = [s["text"] for s in rows[0]["spans"] if s["label"] == "ACTION"]
    assert actions == ["实施技术改造赋能提升工程", "推动9345家工业企业开展技改"]
    assert any(s["label"] == "ACTION" and s["text"].startswith("推動") for s in rows[1]["spans"])
    assert rows[3]["spans"] == []


def test_stdin_to_stdout(runner: CliRunner) -> None:
    data = "".join(json.dumps({"id": f"d{n}", "text": t, "extra": n}, ensure_ascii=False) + "\n" for n, t in enumerate(TEXTS))
    result = runner.invoke(cli, ["predict"], input=data.encode("utf-8"))
    assert result.exit_code == 0, result.output
    check_output(read_jsonl(result.stdout), TEXTS)


def test_broken_lines_are_reported_skipped_and_fail_the_run(runner: CliRunner, tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    good = json.dumps({"id": "ok", "text": "市政府出台配套政策。"}, ensure_ascii=False)
    src.write_bytes(
        "\n".join([
            good,
            "{not json",
            '["a list"]',
            '{"id": "x", "text": 5}',
            "",
            good.replace('"ok"', '"ok2"'),
        ]).encode("utf-8")
        + b"\n\xff\xfe\n"
    )
    result = runner.invoke(cli, ["predict", str(src), "-o", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert [e.split(":")[1].strip() for e in errors[:4]] == ["line 2", "line 3", "line 4", "line 7"]
    assert "4 of 6 lines" in errors[-1]
    rows = read_jsonl(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == ["ok", "ok2"]
    assert [s["text"] for s in rows[0]["spans"] if s["label"] == "ACTION"] == ["出台配套政策"]


def test_missing_input_file_is_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["predict", str(tmp_path / "nope.jsonl")])
    assert result.exit_code != 0
    assert "nope.jsonl" in result.output


def test_lone_surrogates_survive(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "s", "text": "\ud800推动企业上云。"}).encode("ascii") + b"\n"]
    (result,) = list(predict_lines(lines, Pipeline()))
    assert result.error is None and result.output is not None
    row = json.loads(result.output)
    assert row["text"] == "\ud800推动企业上云。"
    assert [s["text"] for s in row["spans"]] == ["推动企业上云"]


def test_workers_give_the_same_output_in_order(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    texts = [f"第{n}条：市政府将推动{n}家企业上云，出台{n}项政策。" for n in range(60)] + ["{broken"]
    with src.open("w", encoding="utf-8") as fh:
        for n, t in enumerate(texts[:-1]):
            fh.write(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n")
        fh.write("{broken\n")
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        proc = subprocess.run(
            [sys.executable, "-m", "annotate.cli.main", "predict", str(src), "-o", str(out), "--workers", workers],
            capture_output=True, text=True, timeout=120,
        )
        assert proc.returncode == 1, proc.stderr
        assert "line 61" in proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    rows = read_jsonl(outs[0].decode("utf-8"))
    assert [r["id"] for r in rows] == list(range(60))
