"""Concurrency on one store: a pull loop, the webhook receiver and an export loop at the same time.

Three simulated annotators create and update annotations through the real Label Studio API
for about a minute (``RELIABILITY_SECONDS``, default 50). Meanwhile ``annotate pull`` runs in a
loop (subprocesses), Label Studio calls our webhook receiver (waitress, in this process), and
``annotate export`` runs in a loop (subprocesses) on the same SQLite file. At the end every
annotation Label Studio has is in the store exactly once with its latest regions, no
command failed (no "database is locked"), every export read back satisfies the span
invariant, and the file passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import os
import random
import secrets
import threading
import time
import uuid
from collections import Counter

import pytest
from live_app import app_config, serve_app
from ls_corpus import PHRASES, fill, make_docs

from annotate.export.readers import read_jsonl
from annotate.labelstudio.client import LabelStudioClient, LabelStudioError
from annotate.labelstudio.push import push
from annotate.labelstudio.settings import Connection
from annotate.labelstudio.webhooks import register_webhook
from annotate.store import Store
from reliability.common import check_exactly_once, label_result, ls_annotations, run_cli
from reliability.figures import record
from reliability.killing import integrity

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]

SECONDS = float(os.environ.get("RELIABILITY_SECONDS", "50"))


def test_pull_webhooks_and_export_at_once_store_every_annotation_exactly_once(tmp_path, ls_server):
    db = tmp_path / "busy.db"
    docs = make_docs(30, start=int(uuid.uuid4().int % 10_000) * 30)
    admin = LabelStudioClient(ls_server.connection)
    with Store(db) as store:
        fill(store, docs)
        project = push(store, admin, title=f"concurrency {uuid.uuid4().hex[:8]}").project
        tasks = store.ls_task_map(admin.url, project)
    users = []
    for _ in range(3):
        email = f"busy-{uuid.uuid4().hex[:8]}@rel.test"
        _, token = ls_server.create_user(email)
        users.append((email, LabelStudioClient(Connection(url=ls_server.url, api_key=token, source="test"))))
    env = {"LABEL_STUDIO_URL": ls_server.url, "LABEL_STUDIO_API_KEY": ls_server.api_key}
    ops: Counter[str] = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def annotator(seed: int, user: LabelStudioClient) -> None:
        rng = random.Random(seed)
        mine: dict[str, int] = {}
        while not stop.is_set():
            d = rng.choice(docs)
            phrases = PHRASES[d.meta["template"]]
            chosen = [p for p in phrases if rng.random() < 0.7] or phrases[:1]
            try:
                if d.id in mine:
                    user.update_annotation(mine[d.id], result=label_result(d, chosen, prefix=f"u{rng.random():.6f}"))
                    kind = "annotation updated"
                else:
                    mine[d.id] = int(user.create_annotation(tasks[d.id], label_result(d, chosen))["id"])
                    kind = "annotation created"
            except LabelStudioError:  # Label Studio's own trouble under load, not ours: the check reads its state
                with lock:
                    ops["annotator request failed"] += 1
                continue
            with lock:
                ops[kind] += 1
            time.sleep(rng.uniform(0.05, 0.3))

    def loop(name: str, args: list[str], check=None) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            done = run_cli(*args, env=env)
            with lock:
                ops[name] += 1
                if done.returncode != 0:
                    failures.append(f"{name}: {done.stderr.strip()[-300:]}")
            if check is not None and done.returncode == 0:
                check(n)

    read_back = Counter()

    def check_export(n: int) -> None:
        for row in read_jsonl(tmp_path / "out"):  # Span.of re-checks text[start:end] == span.text
            read_back["documents"] += 1
            read_back["spans"] += len(row.spans)

    secret = secrets.token_urlsafe(16)
    config = app_config(db, WEBHOOK_SECRET=secret, LABEL_STUDIO_URL=ls_server.url,
                        LABEL_STUDIO_API_KEY=ls_server.api_key, TEST_SEEN=[])
    with serve_app(config) as app_url:
        register_webhook(admin, project, f"{app_url}/hooks/labelstudio", secret)
        workers = [threading.Thread(target=annotator, args=(i, u)) for i, (_, u) in enumerate(users)]
        workers.append(threading.Thread(target=loop, args=("pull", ["pull", "--db", str(db), "--project",
                                                                      str(project)])))
        workers.append(threading.Thread(target=loop, args=(
            "export", ["export", "--db", str(db), "--format", "jsonl", "--source", f"annotator:{users[0][0]}",
                       "--out", str(tmp_path / "out")], check_export)))
        for w in workers:
            w.start()
        time.sleep(SECONDS)
        stop.set()
        for w in workers:
            w.join(timeout=300)
        time.sleep(1.0)  # the last webhook deliveries
        hooks = Counter(s for _, p, s in config["TEST_SEEN"] if p == "/hooks/labelstudio")
    in_ls = ls_annotations(admin, project)
    before_final = check_exactly_once(db, in_ls)
    done = run_cli("pull", "--db", str(db), "--project", str(project), env=env)
    assert done.returncode == 0, done.stderr
    assert not failures, failures[:5]
    assert hooks and set(hooks) == {200}, f"webhook answers: {dict(hooks)}"
    made = ops["annotation created"]
    assert made >= 30 and len(in_ls) >= made
    checked, missing, doubled = check_exactly_once(db, in_ls)
    assert (missing, doubled) == (0, 0), f"{missing} missing, {doubled} stored twice"
    assert integrity(db) == "ok"
    assert read_back["documents"] > 0
    record("concurrency: pull loop + webhooks + export loop", operations=sum(ops.values()) + sum(hooks.values()) + 1,
           faults=0, checked=checked + read_back["spans"], lost=missing, seconds=SECONDS,
           **{k.replace(" ", "_"): v for k, v in ops.items()}, webhook_deliveries=sum(hooks.values()),
           missing_before_final_pull=before_final[1], export_spans_read_back=read_back["spans"])
