"""SIGKILL in the middle of ``annotate ingest``: the file stays sound and a rerun completes."""

from __future__ import annotations

import json
import signal

import pytest

from reliability.killing import annotate_cmd, count, integrity, run_and_kill

pytestmark = pytest.mark.slow


def test_ingest_killed_midway_leaves_a_sound_file_and_rerun_completes(tmp_path):
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(40_000):
            text = f"第{i}号：广东省工业和信息化厅厅长李卫东表示，全省将推动{i}家企业开展技术改造，投资超{i % 97}亿元。"
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    db = tmp_path / "k.db"
    # create the file first so the kill lands in the ingest itself, not in migration
    import subprocess

    subprocess.run(annotate_cmd("ingest", "--db", str(db), str(tmp_path / "none.txt")), capture_output=True)
    code = run_and_kill(["ingest", "--db", str(db), str(corpus)], after=2.0)
    assert code == -signal.SIGKILL, "ingest finished before it could be killed; make the corpus bigger"
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(*) FROM documents") == 0, "a killed ingest must not leave a partial batch"
    result = subprocess.run(annotate_cmd("ingest", "--db", str(db), "--json", str(corpus)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 40_000
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(*) FROM documents") == 40_000
