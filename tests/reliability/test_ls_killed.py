"""Label Studio killed (SIGKILL) in the middle of a push, a pull, and a burst of webhook deliveries.

The command fails with one clear line and nothing partial in SQLite; after
``ls_server.restart()`` the rerun completes with exactly one task per document, every
prediction, and every annotation Label Studio has stored exactly once. The kill is timed by
the fault proxy (``call`` rule): it fires while the chosen request is in flight.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid

import pytest
from live_app import app_config, serve_app
from ls_corpus import PHRASES, fill, make_docs

from annotate.labelstudio.client import LabelStudioClient, LabelStudioError
from annotate.labelstudio.push import push
from annotate.labelstudio.settings import Connection
from annotate.store import Store
from reliability.common import (
    check_exactly_once,
    label_result,
    ls_annotations,
    one_line_error,
    predictions_per_task,
    run_cli,
    snapshot,
    tasks_per_doc,
)
from reliability.figures import record
from reliability.proxy import FaultProxy

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def kill_soon(ls_server, delay: float = 0.05):
    """Return a hook that kills the server ``delay`` s later (while the request it runs for is in flight)."""
    def hook() -> None:
        threading.Timer(delay, ls_server.kill).start()
    return hook


def test_push_survives_label_studio_killed_mid_import(tmp_path, ls_server):
    db = tmp_path / "push.db"
    docs = make_docs(40, start=int(uuid.uuid4().int % 10_000) * 40)
    with Store(db) as store:
        fill(store, docs)
    admin = LabelStudioClient(ls_server.connection)
    try:
        with FaultProxy(ls_server.url) as proxy:
            env = {"LABEL_STUDIO_URL": proxy.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
            rule = proxy.add("call", method="POST", path=r"^/api/projects/\d+/import", skip=3,
                             hook=kill_soon(ls_server))
            done = run_cli("push", "--db", str(db), "--batch-size", "5", "--title",
                           f"killed push {uuid.uuid4().hex[:8]}", env=env)
            assert rule.fired == 1 and not ls_server.alive()
            assert done.returncode == 1, done.stdout
            line = one_line_error(done.stderr)
            assert "Label Studio POST" in line and "run the command again" in line, line
            with Store(db) as store:
                project = store.ls_project(proxy.url).project
                recorded = store.ls_task_map(proxy.url, project)
            assert len(recorded) in (15, 20), "only whole batches that Label Studio answered are recorded"
            ls_server.restart()
            done = run_cli("push", "--db", str(db), "--batch-size", "5", "--json", env=env)
            assert done.returncode == 0, done.stderr
            result = json.loads(done.stdout)
    finally:
        if not ls_server.alive():
            ls_server.restart()
    per_doc = tasks_per_doc(admin, project)
    assert sorted(per_doc) == sorted(d.id for d in docs)
    doubled = [d for d, n in per_doc.items() if n > 1]
    assert not doubled, f"duplicate tasks for {doubled}"
    preds = predictions_per_task(admin, project)
    assert set(preds.values()) == {1}, "every task has its one prediction"
    assert result["tasks_created"] + result["tasks_existing"] == len(docs)
    record("LS killed mid-push", operations=2, faults=1, checked=2 * len(docs), lost=0,
           recovered=result["tasks_reconciled"])


def test_pull_survives_label_studio_killed_mid_export(tmp_path, ls_server):
    db = tmp_path / "pull.db"
    docs = make_docs(300, start=int(uuid.uuid4().int % 10_000) * 300)
    admin = LabelStudioClient(ls_server.connection)
    with Store(db) as store:
        fill(store, docs)
    project = ls_server.create_project(f"killed pull {uuid.uuid4().hex[:8]}")
    me = int(admin.whoami()["id"])
    # tasks imported with their annotations (as from another tool); the store knows the documents by doc_id
    admin.import_tasks(project, [
        {"data": {"text": d.text, "doc_id": d.id},
         "annotations": [{"result": label_result(d, PHRASES[d.meta["template"]]), "completed_by": me}]}
        for d in docs
    ])
    in_ls = ls_annotations(admin, project)
    before = snapshot(db)
    try:
        with FaultProxy(ls_server.url) as proxy:
            env = {"LABEL_STUDIO_URL": proxy.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
            rule = proxy.add("call", method="GET", path=r"^/api/projects/\d+/export", hook=kill_soon(ls_server, 0.02))
            done = run_cli("pull", "--db", str(db), "--project", str(project), env=env)
            assert rule.fired == 1 and not ls_server.alive()
            assert done.returncode == 1, done.stdout
            line = one_line_error(done.stderr)
            assert "Label Studio GET /api/projects/" in line, line
            assert snapshot(db) == before, "a pull that lost its server wrote to the store"
    finally:
        if not ls_server.alive():
            ls_server.restart()
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
    done = run_cli("pull", "--db", str(db), "--project", str(project), "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["added"] == len(in_ls) == len(docs)
    checked, missing, doubled = check_exactly_once(db, in_ls)
    assert (missing, doubled) == (0, 0)
    record("LS killed mid-pull", operations=2, faults=1, checked=checked, lost=missing)


def test_webhooks_interrupted_by_a_kill_are_reconciled_by_pull(tmp_path, ls_server):
    db = tmp_path / "hooks.db"
    docs = make_docs(24, start=int(uuid.uuid4().int % 10_000) * 24)
    admin = LabelStudioClient(ls_server.connection)
    with Store(db) as store:
        fill(store, docs)
        project = push(store, admin, title=f"killed hooks {uuid.uuid4().hex[:8]}").project
        tasks = store.ls_task_map(admin.url, project)
    users = []
    for _ in range(3):
        _, token = ls_server.create_user(f"burst-{uuid.uuid4().hex[:8]}@rel.test")
        users.append(LabelStudioClient(Connection(url=ls_server.url, api_key=token, source="test"), retries=0))
    secret = secrets.token_urlsafe(16)
    config = app_config(db, WEBHOOK_SECRET=secret, LABEL_STUDIO_URL=ls_server.url,
                        LABEL_STUDIO_API_KEY=ls_server.api_key, TEST_SEEN=[])
    made: list[int] = []
    failed = 0
    lock = threading.Lock()
    killed = threading.Event()

    def annotate(user: LabelStudioClient, which: list) -> None:
        nonlocal failed
        for d in which:
            phrases = PHRASES[d.meta["template"]]
            try:
                ann = user.create_annotation(tasks[d.id], label_result(d, phrases[:1]))
                with lock:
                    made.append(int(ann["id"]))
                    if len(made) == 20 and not killed.is_set():
                        killed.set()
                        threading.Timer(0.05, ls_server.kill).start()  # webhooks of the last ones are in flight
                user.update_annotation(int(ann["id"]), result=label_result(d, phrases))
            except LabelStudioError:
                with lock:
                    failed += 1

    try:
        with serve_app(config) as app_url:
            from annotate.labelstudio.webhooks import register_webhook

            register_webhook(admin, project, f"{app_url}/hooks/labelstudio", secret)
            threads = [threading.Thread(target=annotate, args=(u, docs)) for u in users]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert killed.is_set() and failed > 0, "the kill did not land during the burst"
            if not ls_server.alive():
                ls_server.restart()
            # after the restart the annotators finish the tasks whose request failed
            for user in users:
                mine = {a["task"] for a in ls_annotations(admin, project).values()
                        if a.get("completed_by") == int(user.whoami()["id"])}
                annotate(user, [d for d in docs if tasks[d.id] not in mine])
            time.sleep(1.0)  # let the last deliveries arrive
            delivered = sum(1 for m, p, s in config["TEST_SEEN"] if p == "/hooks/labelstudio" and s == 200)
    finally:
        if not ls_server.alive():
            ls_server.restart()
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
    done = run_cli("pull", "--db", str(db), "--project", str(project), "--json", env=env)
    assert done.returncode == 0, done.stderr
    in_ls = ls_annotations(admin, project)
    assert len(in_ls) == len(docs) * len(users), "one annotation per annotator and task, as made"
    checked, missing, doubled = check_exactly_once(db, in_ls)
    assert (missing, doubled) == (0, 0), f"{missing} annotations missing, {doubled} stored twice"
    # nothing stored that Label Studio does not have as current (a create whose answer was lost is in LS)
    with Store(db) as store:
        current = [a for a in store.annotations(kind="annotation") if a.ls and a.ls.project == project]
    assert {a.ls.annotation for a in current} == set(in_ls)
    record("LS killed during webhook deliveries", operations=len(in_ls) * 2 + delivered + 1, faults=1,
           checked=checked, lost=missing, webhooks_delivered=delivered, requests_failed=failed)
