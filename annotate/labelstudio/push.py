"""Push documents and pre-annotations to a Label Studio project: idempotent and resumable.

One task per document (``data.doc_id`` is our document id) with the chosen model
version's prediction inline. The doc <-> task map is written to the store as soon as
Label Studio returns each batch's task ids, so a push killed half way (or a server that
died) is finished by running it again: before importing anything, tasks that Label Studio
has but the store does not know are found by listing the project by ``doc_id``.
Predictions for a new model version are added to existing tasks in batches, recorded the
same way. Offsets go through :mod:`annotate.labelstudio.offsets` (via ``tasks``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from annotate.errors import ConfigError, InputError
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.tasks import prediction_payload, task_payload
from annotate.models import Annotation, Document

DEFAULT_TITLE = "annotate: policy news"
DEFAULT_BATCH = 250
PENDING_KEY = "labelstudio.pending_predictions"

Progress = Callable[[int, int], None]  # (documents just handled, documents to handle in all)


@dataclass
class PushResult:
    """What a push did, in counts, and where the project is."""

    url: str
    project: int
    project_url: str
    model_version: str | None
    created_project: bool = False
    tasks_created: int = 0
    tasks_existing: int = 0
    tasks_reconciled: int = 0
    predictions_created: int = 0
    predictions_existing: int = 0
    without_prediction: int = 0
    duplicates_in_label_studio: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {k: v for k, v in self.__dict__.items()}


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def ensure_project(
    store: Any, client: LabelStudioClient, *, project: int | None = None, title: str = DEFAULT_TITLE,
    labels: Sequence[str] | None = None, new_project: bool = False,
) -> tuple[int, bool]:
    """Return ``(project id, created)``: ``project``, else the one remembered for this server
    (unless ``new_project``), else a new project with our label config and instructions
    (remembered in the store)."""
    from annotate.labelstudio.config import instructions_html, label_config

    config = label_config(labels)
    config_hash = hashlib.sha256(config.encode("utf-8")).hexdigest()[:16]
    if project is not None:
        found = client.get_project(project)
        if found is None:
            raise ConfigError(f"Label Studio project {project} does not exist on {client.url}")
        store.save_ls_project(client.url, project, found.get("title"))
        return project, False
    known = None if new_project else store.ls_project(client.url)
    if known is not None:
        if client.get_project(known.project) is not None:
            return known.project, False
        raise ConfigError(
            f"Label Studio project {known.project} remembered for {client.url} no longer exists; "
            "pass --project ID or --new-project"
        )
    created = client.create_project(
        title, config, expert_instruction=instructions_html(labels), show_instruction=True,
        description="Pre-annotated by annotate; correct spans, labels and figure values.",
    )
    pid = int(created["id"])
    store.save_ls_project(client.url, pid, title, label_config_hash=config_hash)
    return pid, True


def reconcile_tasks(store: Any, client: LabelStudioClient, project: int, result: PushResult | None = None) -> int:
    """Record tasks Label Studio has but the store does not know (after a crash); return how many."""
    known = store.ls_task_map(client.url, project)
    info = client.get_project(project) or {}
    if int(info.get("task_number") or 0) <= len(known):
        return 0
    by_doc = client.task_doc_ids(project)
    firsts = {doc: min(tasks) for doc, tasks in by_doc.items() if doc not in known}
    if result is not None:
        result.duplicates_in_label_studio = {d: [t for t, _ in ts] for d, ts in by_doc.items() if len(ts) > 1}
    docs = store.documents_exist(list(firsts)) if firsts else set()
    firsts = {d: t for d, t in firsts.items() if d in docs}
    with store.transaction():
        count = int(store.record_ls_tasks(client.url, project, [(d, t) for d, (t, _) in firsts.items()]))
        store.record_ls_predictions(client.url, [(t, mv, None) for t, versions in firsts.values() for mv in versions])
    return count


def _reconcile_predictions(store: Any, client: LabelStudioClient, project: int) -> None:
    """After an interrupted prediction batch, record what Label Studio already has."""
    pending = store.get_setting(PENDING_KEY, {})
    mv = pending.get(f"{client.url}#{project}")
    if not mv:
        return
    rows = [
        (int(p["task"]), mv, int(p["id"]))
        for p in client.list_predictions(project)
        if p.get("model_version") == mv and p.get("task") is not None
    ]
    store.record_ls_predictions(client.url, rows)
    _set_pending(store, client, project, None)


def _set_pending(store: Any, client: LabelStudioClient, project: int, mv: str | None) -> None:
    pending = dict(store.get_setting(PENDING_KEY, {}))
    key = f"{client.url}#{project}"
    if mv:
        pending[key] = mv
    else:
        pending.pop(key, None)
    store.set_setting(PENDING_KEY, pending)


def push(
    store: Any,
    client: LabelStudioClient,
    *,
    model_version: str | None = None,
    project: int | None = None,
    title: str = DEFAULT_TITLE,
    document_ids: Sequence[str] | None = None,
    overlap: int | None = None,
    share: float | None = None,
    batch_size: int = DEFAULT_BATCH,
    new_project: bool = False,
    progress: Progress | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> PushResult:
    """Push documents (default: all current) with ``model_version``'s predictions (default: latest).

    ``overlap`` sets how many annotators each task gets (``maximum_annotations``) and
    ``share`` the percentage of tasks that get that overlap (``overlap_cohort_percentage``).
    ``progress(n, total)`` is called after each batch with the documents it handled and the
    number this push has to handle in all;
    ``on_batch(i)`` after batch ``i`` is recorded (tests use it to kill the server).
    """
    mv = model_version or store.latest_model_version()
    if model_version and not store.documents_with_annotation("prediction", model_version):
        raise InputError(f"no predictions of model version {model_version!r} in {store.path}")
    pid, created = ensure_project(store, client, project=project, title=title, new_project=new_project)
    result = PushResult(client.url, pid, f"{client.url}/projects/{pid}/data", mv, created_project=created)
    ids = sorted(set(document_ids)) if document_ids is not None else store.document_ids()
    task_map = store.ls_task_map(client.url, pid)
    if created:
        task_map = {}
    elif any(d not in task_map for d in ids):
        result.tasks_reconciled = reconcile_tasks(store, client, pid, result)
        task_map = store.ls_task_map(client.url, pid)
    if mv:
        _reconcile_predictions(store, client, pid)
    predicted = store.documents_with_annotation("prediction", mv) if mv else set()
    pushed = store.ls_pushed_predictions(client.url, mv) if mv else set()
    new_docs = [d for d in ids if d not in task_map]
    need_pred = [d for d in ids if d in task_map and d in predicted and task_map[d] not in pushed]
    result.tasks_existing = len(ids) - len(new_docs)
    result.predictions_existing = sum(1 for d in ids if d in task_map and task_map[d] in pushed)
    batch_no = 0
    work = len(new_docs) + len(need_pred)
    # one import in flight on a worker thread while the next batch is read and built here;
    # the store is touched only by this thread, and each batch is recorded when it returns
    pending: tuple[list[Document], dict[str, Annotation], Future[list[int]]] | None = None

    def finish() -> None:
        nonlocal batch_no
        assert pending is not None
        docs, preds, future = pending
        task_ids = future.result()
        with store.transaction():
            store.record_ls_tasks(client.url, pid, [(d.id, t) for d, t in zip(docs, task_ids, strict=True)])
            store.record_ls_predictions(
                client.url, [(t, mv, None) for d, t in zip(docs, task_ids, strict=True) if d.id in preds]
            )
        result.tasks_created += len(docs)
        result.predictions_created += sum(1 for d in docs if d.id in preds)
        result.without_prediction += sum(1 for d in docs if d.id not in preds)
        batch_no += 1
        if progress:
            progress(len(docs), work)
        if on_batch:
            on_batch(batch_no)

    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            for chunk in _chunks(new_docs, batch_size):
                docs, preds = _load(store, chunk, mv)
                payload = [task_payload(d, [preds[d.id]] if d.id in preds else []) for d in docs]
                if pending is not None:
                    finish()
                pending = (docs, preds, pool.submit(client.import_tasks, pid, payload))
            if pending is not None:
                finish()
        finally:
            if pending is not None and not pending[2].done():
                pending[2].cancel()
    for chunk in _chunks(need_pred, batch_size):
        docs, preds = _load(store, chunk, mv)
        payload = [{**prediction_payload(d, preds[d.id]), "task": task_map[d.id]} for d in docs if d.id in preds]
        _set_pending(store, client, pid, mv)
        client.import_predictions(pid, payload)
        with store.transaction():
            store.record_ls_predictions(client.url, [(p["task"], mv, None) for p in payload])
            _set_pending(store, client, pid, None)
        result.predictions_created += len(payload)
        batch_no += 1
        if progress:
            progress(len(chunk), work)
        if on_batch:
            on_batch(batch_no)
    settings: dict[str, Any] = {}
    if mv:
        settings["model_version"] = mv
    if overlap is not None:
        settings["maximum_annotations"] = overlap
        settings["overlap_cohort_percentage"] = int(round(share if share is not None else 100))
        settings["show_overlap_first"] = True
    known = store.ls_project(client.url, pid)
    wanted = {**settings}
    if known is None or any(known.meta.get(k) != v for k, v in wanted.items()) or result.tasks_created:
        if settings:
            client.update_project(pid, **settings)
        store.update_ls_project(client.url, pid, **wanted)
    return result


def _load(store: Any, ids: Sequence[str], mv: str | None) -> tuple[list[Document], dict[str, Annotation]]:
    docs = list(store.documents(ids=list(ids), current_only=False))
    preds: dict[str, Annotation] = {}
    if mv:
        preds = {a.document_id: a for a in store.annotations(kind="prediction", source=mv, document_ids=list(ids))}
    return docs, preds
