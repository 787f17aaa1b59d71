"""SIGKILL ``annotate preannotate``, ``adjudicate`` and ``pull`` inside their write transaction.

Each command runs in a subprocess on a real SQLite file (pull against the real Label Studio
of ``ls_server``). The kill is sent while the command holds the file's write lock, so it lands
in the middle of the command's one transaction; afterwards the file opens, passes
``PRAGMA integrity_check``, holds nothing of the killed run (all-or-nothing), and a rerun
completes with every record.
"""

from __future__ import annotations

import json
import signal
import subprocess
import uuid

import pytest

from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.tasks import annotation_result
from annotate.models import Annotation, Document, Span
from annotate.store import Store
from reliability.figures import record
from reliability.killing import annotate_cmd, count, integrity, kill_inside_write

pytestmark = pytest.mark.slow

PLACES = ["广州市", "深圳市", "佛山市", "东莞市", "珠海市", "中山市", "惠州市", "江门市"]
TEMPLATE = ("{place}人民政府第{n}次常务会议提出，{place}工业和信息化局将在{year}年投入约{money}亿元，"
            "支持{k}家企业开展技术改造，李卫东表示力争增加值增长{pct}%。")


def make_docs(count: int, tag: str = "") -> list[Document]:
    """Return ``count`` distinct, realistic documents."""
    return [
        Document.from_text(
            TEMPLATE.format(place=PLACES[i % len(PLACES)], n=i, year=2020 + i % 6, money=i % 97 + 1,
                            k=i % 300 + 5, pct=i % 9 + 1) + tag,
            title=f"kill {i}", source="reliability",
        )
        for i in range(count)
    ]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(annotate_cmd(*args), capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=300)


def test_preannotate_killed_midway_leaves_nothing_and_rerun_completes(tmp_path):
    db = tmp_path / "pre.db"
    docs = make_docs(6000)
    with Store(db) as store:
        store.add_documents([(d, None) for d in docs])
    code, held = kill_inside_write(["preannotate", "--db", str(db)], db, delay=1.0)
    assert code == -signal.SIGKILL and held, "preannotate finished before the kill; make the corpus bigger"
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(*) FROM annotations") == 0, "a killed preannotate left a partial batch"
    assert count(db, "SELECT COUNT(*) FROM spans") == 0
    result = run("preannotate", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == summary["added"] == len(docs)
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(DISTINCT document_id) FROM annotations WHERE kind = 'prediction'") == len(docs)
    assert count(db, "SELECT COUNT(*) FROM spans") == summary["spans"]
    record("kill annotate: preannotate", operations=2, faults=1, checked=len(docs) + summary["spans"], lost=0)


def _annotators_corpus(db, n):
    docs = make_docs(n)
    anns = []
    for d in docs:
        place = d.text[:3]
        city = Span.of(d.text, 0, 3, "LOC")
        gov = Span.of(d.text, d.text.index(place + "工业"), d.text.index("局") + 1, "GOV")
        per = Span.of(d.text, d.text.index("李卫东"), d.text.index("李卫东") + 3, "PER")
        anns.append(Annotation(document_id=d.id, kind="annotation", source="ann@x", spans=[city, gov, per]))
        anns.append(Annotation(document_id=d.id, kind="annotation", source="bob@x", spans=[city, gov]))
        anns.append(Annotation(document_id=d.id, kind="annotation", source="cai@x", spans=[gov, per]))
    with Store(db) as store, store.transaction():
        store.add_documents([(d, None) for d in docs])
        store.save_annotations(anns)
    return docs


def test_adjudicate_killed_midway_leaves_nothing_and_rerun_completes(tmp_path):
    db = tmp_path / "adj.db"
    docs = _annotators_corpus(db, 6000)
    code, held = kill_inside_write(["adjudicate", "--db", str(db)], db, delay=0.05)
    assert code == -signal.SIGKILL and held, "adjudicate finished before the kill; make the corpus bigger"
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(*) FROM annotations WHERE kind = 'gold'") == 0
    assert count(db, "SELECT COUNT(*) FROM gold_decisions") == 0
    result = run("adjudicate", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["gold_documents"] == len(docs) and summary["gold_spans"] == 3 * len(docs)
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(*) FROM annotations WHERE kind = 'gold' AND status = 'current'") == len(docs)
    gold_spans = count(db, "SELECT COUNT(*) FROM spans s JOIN annotations a ON a.id = s.annotation_id "
                           "WHERE a.kind = 'gold' AND a.status = 'current'")
    assert gold_spans == 3 * len(docs)
    record("kill annotate: adjudicate", operations=2, faults=1, checked=len(docs) + gold_spans, lost=0)


@pytest.mark.labelstudio
def test_pull_killed_midway_leaves_nothing_and_rerun_completes(tmp_path, ls_server):
    db = tmp_path / "pull.db"
    docs = make_docs(2500, tag=f" {uuid.uuid4().hex[:6]}")
    client = LabelStudioClient(ls_server.connection)
    pid = ls_server.create_project(f"kill pull {uuid.uuid4().hex[:8]}")
    admin = int(client.whoami()["id"])
    tasks = []
    for d in docs:
        loc = Span.of(d.text, 0, 3, "LOC")
        per = Span.of(d.text, d.text.index("李卫东"), d.text.index("李卫东") + 3, "PER")
        tasks.append({"data": {"text": d.text, "doc_id": d.id},
                      "annotations": [{"result": annotation_result(d.text, [(loc, "a", "manual"), (per, "b", "manual")]),
                                       "completed_by": admin}]})
    for i in range(0, len(tasks), 500):
        client.import_tasks(pid, tasks[i:i + 500])
    with Store(db) as store:
        store.add_documents([(d, None) for d in docs])
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
    code, held = kill_inside_write(["pull", "--db", str(db), "--project", str(pid)], db, delay=0.05, env=env)
    assert code == -signal.SIGKILL and held, "pull finished before the kill; make the project bigger"
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(*) FROM annotations") == 0
    assert count(db, "SELECT COUNT(*) FROM ls_projects") == 0
    result = run("pull", "--db", str(db), "--project", str(pid), "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == len(docs)
    assert integrity(db) == "ok"
    assert count(db, "SELECT COUNT(*) FROM annotations WHERE kind = 'annotation' AND status = 'current'") == len(docs)
    assert count(db, "SELECT COUNT(DISTINCT ls_annotation) FROM annotations") == len(docs)
    assert count(db, "SELECT COUNT(*) FROM spans") == 2 * len(docs)
    again = run("pull", "--db", str(db), "--project", str(pid), "--json", env=env)
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == 0
    record("kill annotate: pull", operations=3, faults=1, checked=3 * len(docs), lost=0)
