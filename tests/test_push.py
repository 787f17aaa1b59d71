"""`annotate push` against a real Label Studio: tasks, predictions, idempotence, resuming after a crash."""

from __future__ import annotations

import json

import pytest
from ls_corpus import fill, make_docs, predict

from annotate.cli.main import cli
from annotate.labelstudio.client import LabelStudioClient, LabelStudioUnavailable
from annotate.labelstudio.push import push
from annotate.labelstudio.tasks import task_payload

pytestmark = pytest.mark.labelstudio


def ls_slice(text: str, start: int, end: int) -> str:
    """Return the characters Label Studio shows for [start, end) (>= 1.4 counts code points)."""
    return text[start:end]


def ls_tasks(client: LabelStudioClient, project: int) -> list[dict]:
    return list(client.iter_tasks(project, fields="all"))


def test_push_creates_one_task_per_document_with_predictions(store, ls_env) -> None:
    docs = make_docs(7)
    fill(store, docs)
    client = LabelStudioClient(ls_env.connection)
    result = push(store, client, batch_size=3)
    assert (result.created_project, result.tasks_created, result.predictions_created) == (True, 7, 7)
    tasks = ls_tasks(client, result.project)
    assert sorted(t["data"]["doc_id"] for t in tasks) == sorted(d.id for d in docs)
    assert store.ls_task_map(client.url, result.project) == {t["data"]["doc_id"]: t["id"] for t in tasks}
    by_doc = {d.id: d for d in docs}
    predictions = client.list_predictions(result.project)
    assert len(predictions) == 7 and {p["model_version"] for p in predictions} == {"rules-1"}
    for pred in predictions:
        task = next(t for t in tasks if t["id"] == pred["task"])
        doc = by_doc[task["data"]["doc_id"]]
        expected = predict(doc, "rules-1").spans
        regions = [r for r in pred["result"] if r["type"] == "labels"]
        assert [(ls_slice(doc.text, r["value"]["start"], r["value"]["end"]), r["value"]["labels"][0])
                for r in regions] == [(s.text, s.label) for s in expected]
        assert all(r["score"] == 0.9 for r in regions)
        notes = [r["value"]["text"][0] for r in pred["result"] if r["type"] == "textarea"]
        assert any("value=1200000000 unit=元 qualifier=approx" in n for n in notes) == any(
            s.label == "MONEY" for s in expected)
    project = client.get_project(result.project)
    assert project["model_version"] == "rules-1" and project["task_number"] == 7


def test_repush_changes_nothing_and_new_version_and_docs_are_added(store, ls_env) -> None:
    docs = make_docs(5)
    fill(store, docs)
    client = LabelStudioClient(ls_env.connection)
    first = push(store, client)
    again = push(store, client)
    assert (again.project, again.created_project, again.tasks_created, again.predictions_created) == (
        first.project, False, 0, 0)
    assert (again.tasks_existing, again.predictions_existing) == (5, 5)
    # a new model version for all, and two new documents
    new = make_docs(2, start=5)
    fill(store, new, model_version=None)
    store.save_annotations([predict(d, "rules-2", drop_last=True) for d in docs + new])
    third = push(store, client)
    assert (third.model_version, third.tasks_created, third.predictions_created) == ("rules-2", 2, 7)
    tasks = ls_tasks(client, first.project)
    assert len(tasks) == 7 and len({t["data"]["doc_id"] for t in tasks}) == 7
    predictions = client.list_predictions(first.project)
    assert sorted(p["model_version"] for p in predictions).count("rules-2") == 7
    assert len(predictions) == 12
    assert client.get_project(first.project)["model_version"] == "rules-2"
    assert push(store, client).predictions_created == 0


def test_overlap_and_share_set_the_project(store, ls_env) -> None:
    fill(store, make_docs(2))
    client = LabelStudioClient(ls_env.connection)
    result = push(store, client, overlap=2, share=40)
    project = client.get_project(result.project)
    assert (project["maximum_annotations"], project["overlap_cohort_percentage"]) == (2, 40)


def test_server_killed_mid_push_then_rerun(store, ls_env) -> None:
    docs = make_docs(24)
    fill(store, docs)
    client = LabelStudioClient(ls_env.connection, retries=1, backoff=0.2)

    def crash(batch: int) -> None:
        if batch == 2:
            ls_env.kill()

    with pytest.raises(LabelStudioUnavailable, match="run the command again|cannot connect"):
        push(store, client, batch_size=5, on_batch=crash)
    project = store.ls_project(client.url).project
    assert len(store.ls_task_map(client.url, project)) == 10
    ls_env.restart()
    result = push(store, LabelStudioClient(ls_env.connection), batch_size=5)
    assert (result.tasks_created, result.tasks_existing) == (14, 10)
    tasks = ls_tasks(client, project)
    assert sorted(t["data"]["doc_id"] for t in tasks) == sorted(d.id for d in docs)
    assert all(t["total_predictions"] == 1 for t in tasks)


def test_push_killed_after_import_before_recording_is_reconciled(store, ls_env) -> None:
    docs = make_docs(6)
    fill(store, docs)
    client = LabelStudioClient(ls_env.connection)
    first = push(store, client, document_ids=[d.id for d in docs[:2]])
    # a push that died right after Label Studio accepted a batch: LS has the tasks, the store does not
    lost = client.import_tasks(first.project, [task_payload(d, [predict(d, "rules-1")]) for d in docs[2:4]])
    result = push(store, client)
    assert (result.tasks_reconciled, result.tasks_created) == (2, 2)
    tasks = ls_tasks(client, first.project)
    assert len(tasks) == 6 and len({t["data"]["doc_id"] for t in tasks}) == 6
    assert {store.ls_task_map(client.url, first.project)[d.id] for d in docs[2:4]} == set(lost)
    assert all(t["total_predictions"] == 1 for t in tasks)


def test_cli_push_json(runner, db_path, ls_env) -> None:
    from annotate.store import Store

    with Store(db_path) as s:
        fill(s, make_docs(3))
    out = runner.invoke(cli, ["push", "--db", str(db_path), "--json", "--overlap", "2"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert (data["tasks_created"], data["predictions_created"], data["model_version"]) == (3, 3, "rules-1")
    out = runner.invoke(cli, ["push", "--db", str(db_path)])
    assert out.exit_code == 0 and "0 created, 3 already there" in out.output


def test_cli_push_unknown_model_version_is_one_line(runner, db_path, ls_env) -> None:
    from annotate.store import Store

    with Store(db_path) as s:
        fill(s, make_docs(1))
    out = runner.invoke(cli, ["push", "--db", str(db_path), "--model-version", "nope"])
    assert out.exit_code == 1 and "no predictions of model version 'nope'" in out.output


def test_push_command_killed_mid_run_then_rerun(db_path, ls_env) -> None:
    """SIGKILL a real `annotate push` process after its first batches, then run it again."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from annotate.store import Store

    docs = make_docs(80)
    with Store(db_path) as s:
        fill(s, docs)
    env = {**os.environ, "LABEL_STUDIO_URL": ls_env.url, "LABEL_STUDIO_API_KEY": ls_env.api_key}
    cmd = [sys.executable, "-m", "annotate.cli.main", "push", "--db", str(db_path), "--batch-size", "4"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    recorded = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            con = sqlite3.connect(db_path, timeout=1)
            recorded = con.execute("SELECT COUNT(*) FROM ls_tasks").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            pass
        if recorded >= 8:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "push finished before it could be killed"
    assert 8 <= recorded < 80
    rerun = subprocess.run(cmd + ["--json"], env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with Store(db_path) as s:
        project = s.ls_project(ls_env.url).project
        assert len(s.ls_task_map(ls_env.url, project)) == 80
    tasks = ls_tasks(LabelStudioClient(ls_env.connection), project)
    assert sorted(t["data"]["doc_id"] for t in tasks) == sorted(d.id for d in docs)
    assert all(t["total_predictions"] == 1 for t in tasks)
