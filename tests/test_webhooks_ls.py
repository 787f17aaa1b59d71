"""The webhook receiver against a REAL Label Studio: annotations made there appear in SQLite live.

Label Studio calls our app (waitress on a free loopback port) for ANNOTATION_CREATED,
ANNOTATION_UPDATED and ANNOTATIONS_DELETED with the shared secret header; the receiver
stores them through ``apply_annotation_event`` (the code of ``annotate pull``).
"""

from __future__ import annotations

import secrets
import uuid

import httpx
import pytest
from live_app import app_config, serve_app, wait_for

from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.push import push
from annotate.labelstudio.settings import Connection
from annotate.labelstudio.tasks import annotation_result
from annotate.labelstudio.webhooks import SECRET_HEADER, WEBHOOK_ACTIONS, find_webhooks, register_webhook
from annotate.models import Document, Span
from annotate.store import Store

pytestmark = pytest.mark.labelstudio

TEXTS = [
    "𠮷野家😀在广州市天河区开店，广东省商务厅厅长张明表示投资3亿元。",
    "深圳市人民政府印发《深圳市促进消费若干措施》，2024年3月1日起施行。",
    "佛山市工业和信息化局发布数据，制造业增加值增长5.2%。",
]


@pytest.fixture
def pushed(ls_server, tmp_path):
    """A store with three documents pushed to a new project; yields (db path, project, {doc: task}, docs)."""
    db = tmp_path / "hooks.db"
    docs = [Document.from_text(t, title=f"hook {i}", source=f"hook{i}.txt") for i, t in enumerate(TEXTS)]
    admin = LabelStudioClient(ls_server.connection)
    with Store(db) as store:
        store.add_documents([(d, None) for d in docs])
        result = push(store, admin, title=f"webhooks {uuid.uuid4().hex[:8]}")
        tasks = store.ls_task_map(ls_server.url, result.project)
    assert set(tasks) == {d.id for d in docs}
    return db, result.project, tasks, {d.id: d for d in docs}


def current(db, doc_id, source):
    with Store(db) as store:
        return [a for a in store.annotations(kind="annotation", source=source, document_ids=[doc_id])]


def history(db, doc_id, source):
    with Store(db) as store:
        return store.annotation_history(doc_id, "annotation", source)


def test_annotations_made_in_label_studio_reach_sqlite_through_the_webhook(ls_server, pushed):
    db, project, tasks, docs = pushed
    secret = secrets.token_urlsafe(16)
    config = app_config(db, WEBHOOK_SECRET=secret, LABEL_STUDIO_URL=ls_server.url,
                        LABEL_STUDIO_API_KEY=ls_server.api_key)
    with serve_app(config) as app_url:
        hook_url = f"{app_url}/hooks/labelstudio"
        hook_id = register_webhook(ls_server.client(), project, hook_url, secret)
        assert register_webhook(ls_server.client(), project, hook_url, secret) == hook_id  # idempotent
        (hook,) = find_webhooks(ls_server.client(), project, hook_url)
        assert hook.id == hook_id and hook.send_payload and hook.headers == {SECRET_HEADER: secret}
        assert sorted(hook.actions) == sorted(WEBHOOK_ACTIONS)

        email = f"hook-{uuid.uuid4().hex[:8]}@annotate.test"
        _, token = ls_server.create_user(email)
        annotator = LabelStudioClient(Connection(url=ls_server.url, api_key=token, source="test"))
        doc = docs[next(d for d in tasks if docs[d].text.startswith("𠮷"))]
        task = tasks[doc.id]
        text = doc.text
        loc = Span.of(text, text.index("广州市"), text.index("广州市") + 3, "LOC")
        per = Span.of(text, text.index("张明"), text.index("张明") + 2, "PER")

        created = annotator.create_annotation(task, annotation_result(text, [(loc, "r1", "manual")]), lead_time=12.5)
        (row,) = wait_for(lambda: current(db, doc.id, email), what="the created annotation in SQLite")
        assert [(s.start, s.end, s.label, s.text) for s in row.spans] == [(loc.start, loc.end, "LOC", "广州市")]
        assert row.ls is not None and row.ls.annotation == created["id"] and row.ls.task == task
        assert row.ls.project == project and row.meta["lead_time"] == 12.5

        annotator.update_annotation(
            created["id"], result=annotation_result(text, [(loc, "r1", "manual"), (per, "r2", "manual")])
        )
        (row,) = wait_for(lambda: [a for a in current(db, doc.id, email) if len(a.spans) == 2],
                          what="the updated annotation in SQLite")
        assert [s.label for s in row.spans] == ["LOC", "PER"]
        versions = history(db, doc.id, email)
        assert len(versions) == 2 and [len(v.spans) for v in versions] == [1, 2]
        assert versions[0].status != "current" and versions[1].status == "current"

        annotator.delete_annotation(created["id"])
        wait_for(lambda: not current(db, doc.id, email), what="the deleted annotation to leave the current layer")
        versions = history(db, doc.id, email)
        assert [v.status for v in versions][-1] == "deleted" and len(versions) == 2  # kept, not erased

        # Label Studio's own admin token is not the webhook secret: nothing gets in without it
        before = [(a.id, a.status) for a in history(db, doc.id, email)]
        event = {"action": "ANNOTATION_CREATED", "project": {"id": project},
                 "task": {"id": task, "data": {"text": text, "doc_id": doc.id}},
                 "annotation": {**created, "id": created["id"] + 1000}}
        for headers in ({}, {SECRET_HEADER: "wrong"}, {"Authorization": f"Token {ls_server.api_key}"}):
            assert httpx.post(hook_url, json=event, headers=headers, timeout=10).status_code == 401
        assert [(a.id, a.status) for a in history(db, doc.id, email)] == before
        with Store(db) as store:
            assert not [a for a in store.annotations(kind="annotation", status=None) if a.ls and
                        a.ls.annotation == created["id"] + 1000]


def test_a_webhook_with_the_wrong_secret_changes_nothing(ls_server, pushed):
    db, project, tasks, docs = pushed
    seen: list[tuple[str, str, int]] = []
    config = app_config(db, WEBHOOK_SECRET="the-right-one", LABEL_STUDIO_URL=ls_server.url,
                        LABEL_STUDIO_API_KEY=ls_server.api_key, TEST_SEEN=seen)
    with serve_app(config) as app_url:
        register_webhook(ls_server.client(), project, f"{app_url}/hooks/labelstudio", "a-wrong-one")
        email = f"hook-{uuid.uuid4().hex[:8]}@annotate.test"
        _, token = ls_server.create_user(email)
        annotator = LabelStudioClient(Connection(url=ls_server.url, api_key=token, source="test"))
        doc = next(iter(docs.values()))
        span = Span.of(doc.text, 0, 3, "GOV")
        annotator.create_annotation(tasks[doc.id], annotation_result(doc.text, [(span, "w1", "manual")]))
        wait_for(lambda: ("POST", "/hooks/labelstudio", 401) in seen, what="Label Studio's refused call")
        with Store(db) as store:
            assert list(store.annotations(kind="annotation", status=None)) == []


def test_register_webhook_needs_a_project_and_an_http_url(ls_server):
    from annotate.errors import ConfigError

    with pytest.raises(ConfigError):
        register_webhook(ls_server.client(), None, "http://127.0.0.1:9/hooks/labelstudio", "s")
    with pytest.raises(ConfigError):
        register_webhook(ls_server.client(), 1, "ftp://127.0.0.1/hooks", "s")


def test_studio_connect_registers_both_hooks_once_and_keeps_secrets_private(ls_env, pushed, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from annotate.cli.hooks import hooks
    from annotate.labelstudio.webhooks import ensure_secret, stored_secret

    db, project, tasks, docs = pushed
    monkeypatch.setenv("ANNOTATE_HOME", str(tmp_path / "home"))
    config_file = tmp_path / "home" / "studio.json"
    # `annotate serve` reads the same secrets (generated on first use, then kept)
    hook_secret, ml_secret = ensure_secret("webhook_secret"), ensure_secret("ml_secret")
    assert oct(config_file.stat().st_mode & 0o777) == "0o600"
    config = app_config(db, WEBHOOK_SECRET=hook_secret, ML_SECRET=ml_secret, LABEL_STUDIO_URL=ls_env.url,
                        LABEL_STUDIO_API_KEY=ls_env.api_key)
    runner = CliRunner()
    with serve_app(config) as app_url:
        first = runner.invoke(hooks, ["connect", "--serve-url", app_url, "--db", str(db), "--json"])
        assert first.exit_code == 0, first.output
        assert hook_secret not in first.output and ml_secret not in first.output
        again = runner.invoke(hooks, ["connect", "--serve-url", app_url + "/", "--db", str(db), "--json"])
        assert again.exit_code == 0, again.output
        import json

        a, b = json.loads(first.output), json.loads(again.output)
        assert a["project"] == project and (a["webhook_id"], a["ml_backend_id"]) == (b["webhook_id"], b["ml_backend_id"])
        assert stored_secret("webhook_secret") == hook_secret  # kept, not regenerated
        sdk = ls_env.client()
        assert len(find_webhooks(sdk, project, f"{app_url}/hooks/labelstudio")) == 1
        assert [m.id for m in sdk.ml.list(project=project)] == [a["ml_backend_id"]]

        email = f"hook-{uuid.uuid4().hex[:8]}@annotate.test"
        _, token = ls_env.create_user(email)
        doc = next(iter(docs.values()))
        span = Span.of(doc.text, 0, 2, "LOC")
        LabelStudioClient(Connection(url=ls_env.url, api_key=token, source="test")).create_annotation(
            tasks[doc.id], annotation_result(doc.text, [(span, "c1", "manual")]))
        wait_for(lambda: current(db, doc.id, email), what="the annotation made after `studio connect`")

        out = runner.invoke(hooks, ["disconnect", "--serve-url", app_url, "--db", str(db)])
        assert out.exit_code == 0, out.output
        assert "removed 1 webhook(s) and 1 ML backend(s)" in out.output
        assert find_webhooks(sdk, project, f"{app_url}/hooks/labelstudio") == [] and sdk.ml.list(project=project) == []


def test_studio_connect_says_when_annotate_serve_is_not_running(ls_env, pushed, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from annotate.cli.hooks import hooks

    db, project, _, _ = pushed
    monkeypatch.setenv("ANNOTATE_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(hooks, ["connect", "--serve-url", "http://127.0.0.1:9", "--project", str(project),
                                        "--no-webhook", "--db", str(db)])
    assert result.exit_code != 0
    assert "does not answer at http://127.0.0.1:9" in str(result.exception) + result.output
