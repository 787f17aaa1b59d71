"""Pull every annotator's annotations from Label Studio into the store, incrementally.

One code path for ``annotate pull`` (a project export) and for webhook events
(:func:`apply_annotation_event`): regions are validated in
:func:`annotate.labelstudio.tasks.parse_annotation`, bad ones quarantined, the rest saved
with ``save_annotations`` (an updated annotation supersedes the current one and keeps it
as history; identical ones change nothing). Only annotations that are new or whose
``updated_at`` is newer than the stored version's are parsed, so pulling twice changes
nothing and a late webhook of an older save never replaces a newer version. Annotations that
disappeared from Label Studio are marked deleted, never erased.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from annotate.bulk import gc_paused
from annotate.errors import ConfigError, InputError
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.settings import Connection
from annotate.labelstudio.tasks import (
    ParsedAnnotation,
    annotator_of,
    json_safe,
    parse_annotation,
    parse_time,
    sql_int,
)
from annotate.models import Annotation
from annotate.store.db import now_iso
from annotate.store.quarantine import QuarantineRecord

CREATED, UPDATED, DELETED = "ANNOTATION_CREATED", "ANNOTATION_UPDATED", "ANNOTATIONS_DELETED"
BULK_CREATED = "ANNOTATIONS_CREATED"
CURSOR_MARGIN = timedelta(seconds=1)  # for transactions committed out of order
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class PullResult:
    """What a pull (or one webhook event) did, in counts."""

    url: str
    project: int
    tasks: int = 0
    annotations: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    deleted: int = 0
    cancelled: int = 0
    quarantined: int = 0
    unknown_tasks: int = 0
    annotators: list[str] = field(default_factory=list)
    cursor: str | None = None
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return dict(self.__dict__)


def remembered_project(store: Any, url: str, project: int | None) -> int:
    """Return ``project`` or the project remembered for ``url``; ``ConfigError`` when none."""
    if project is not None:
        return project
    known = store.ls_project(url)
    if known is None:
        raise ConfigError(f"nothing was pushed to {url} from {store.path}: run `annotate push` or pass --project")
    return int(known.project)


def pull(store: Any, client: LabelStudioClient, *, project: int | None = None, full: bool = False) -> PullResult:
    """Fetch a project's annotations by all annotators and store what changed since the last pull.

    The first pull (or ``full``) reads the whole project export and marks every stored
    annotation that Label Studio no longer has as deleted. Later pulls list only the tasks
    whose ``updated_at`` (server clock) moved past the cursor, less a safety margin (a
    cheap listing of ids), export just those, and check deletions within those tasks.
    Annotations seen before with the same ``updated_at`` are skipped, so the margin never
    stores anything twice.
    """
    pid = remembered_project(store, client.url, project)
    known_project = store.ls_project(client.url, pid)
    cursor = None if full or known_project is None else known_project.meta.get("task_cursor")
    if cursor:
        since = parse_time(cursor)
        assert since is not None
        after = (since - CURSOR_MARGIN).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        changed = [int(t["id"]) for t in client.iter_tasks(pid, page_size=1000, updated_after=after,
                                                             include="id,updated_at")]
        with gc_paused():  # the export's JSON is thousands of small objects that all live on
            tasks = client.export_tasks(pid, changed) if changed else []
    else:
        with gc_paused():
            tasks = client.export(pid)
    emails = client.users()
    stamps = [str(t.get("updated_at")) for t in tasks if t.get("updated_at")]
    new_cursor = max([*stamps, *([cursor] if cursor else [])], key=lambda v: parse_time(v) or _EPOCH, default=None)
    with store.transaction():
        if known_project is None:
            store.save_ls_project(client.url, pid, None)
        result = ingest_tasks(store, client.url, pid, tasks, emails, full=not cursor, task_deletions=True)
        store.update_ls_project(client.url, pid, last_pull_at=now_iso(), cursor=result.cursor,
                                task_cursor=new_cursor)
    return result


def _email_cache(client: LabelStudioClient) -> dict[int, str]:
    cache: dict[int, str] | None = getattr(client, "_annotate_emails", None)
    if cache is None:
        cache = client.users()
        client._annotate_emails = cache  # type: ignore[attr-defined]
    return cache


def _event_id(value: Any, what: str) -> int:
    """Return a Label Studio id from a webhook event, or raise ``InputError`` naming the field."""
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    checked = sql_int(value)
    if checked is None or checked < 0:
        raise InputError(f"webhook event: {what} id {value!r} is not a valid id")
    return checked


def apply_annotation_event(
    store: Any, event: Mapping[str, Any], client: LabelStudioClient | Connection
) -> PullResult:
    """Ingest one Label Studio webhook payload through the same validation as ``pull``.

    ``client`` (or a ``Connection``) is used only to look up annotator emails and, for bulk
    events, task data; the event itself is never re-fetched.

    ``ANNOTATION_CREATED``/``ANNOTATION_UPDATED`` carry ``annotation``, ``task`` and
    ``project``; ``ANNOTATIONS_CREATED`` carries ``annotations`` (each with its ``task`` id,
    fetched for its data); ``ANNOTATIONS_DELETED`` carries ``annotations`` (ids) and ``project``.
    """
    if isinstance(client, Connection):
        client = LabelStudioClient(client)
    action = event.get("action")
    project = event.get("project")
    pid = _event_id(project.get("id") if isinstance(project, Mapping) else project or 0, "project")
    listed = event.get("annotations") or []
    if not isinstance(listed, list):
        raise InputError(f"webhook {action}: 'annotations' is not a list")
    if not pid:
        first: Any = event.get("annotation") or next(iter(listed), {})
        pid = _event_id(first.get("project") or 0, "project") if isinstance(first, Mapping) else 0
    result = PullResult(client.url, pid)
    if action == DELETED:
        ids = {_event_id(a.get("id") if isinstance(a, Mapping) else a, "annotation") for a in listed}
        known = store.ls_known_annotations(client.url, pid)
        rows = [k.row_id for i, k in known.items() if i in ids and k.status == "current"]
        result.deleted = store.mark_deleted(rows) if rows else 0
        return result
    if action not in (CREATED, UPDATED, BULK_CREATED):
        result.problems.append(f"ignored event {action!r}")
        return result
    single = event.get("annotation") or {}
    if not isinstance(single, Mapping) or not all(isinstance(a, Mapping) for a in listed):
        raise InputError(f"webhook {action}: an annotation is not an object")
    annotations = [dict(a) for a in listed] if action == BULK_CREATED else [dict(single)]
    by_task: dict[int, dict[str, Any]] = {}
    for annotation in annotations:
        raw_task = event.get("task") or {}
        if not isinstance(raw_task, Mapping):
            raise InputError(f"webhook {action}: 'task' is not an object")
        task = dict(raw_task) if action != BULK_CREATED else {}
        tid = task.get("id") or annotation.get("task")
        if isinstance(tid, Mapping):
            tid = tid.get("id")
        if tid is None:
            result.problems.append(f"annotation {annotation.get('id')}: no task in the event")
            continue
        tid = _event_id(tid, "task")
        if int(tid) not in by_task:
            if "data" not in task:
                task = client.get_task(int(tid)) or {"id": tid}
            by_task[int(tid)] = {**task, "id": int(tid), "annotations": []}
        by_task[int(tid)]["annotations"].append(annotation)
    emails = _email_cache(client)
    if any(isinstance(a.get("completed_by"), int) and a["completed_by"] not in emails for a in annotations):
        emails.update(client.users())
    with store.transaction():
        # Label Studio never reuses an annotation id: an event for one it deleted arrived late
        return ingest_tasks(store, client.url, pid, list(by_task.values()), emails, full=False,
                            revive_deleted=False)


@gc_paused()  # parsing builds tens of thousands of spans that all survive
def ingest_tasks(
    store: Any, url: str, project: int, tasks: Iterable[Mapping[str, Any]], emails: Mapping[int, str],
    *, full: bool, task_deletions: bool = False, revive_deleted: bool = True,
) -> PullResult:
    """Store the new and changed annotations of ``tasks`` (Label Studio task JSON with
    ``annotations``). Mark stored annotations deleted that Label Studio no longer has: with
    ``full`` any of the project's, with ``task_deletions`` those of the given tasks.

    ``revive_deleted=False`` (webhook events) ignores annotations whose stored version is
    marked deleted: Label Studio never reuses an id, so such an event is a late delivery of a
    save made before the deletion. A pull lists what Label Studio has now, so it revives."""
    result = PullResult(url, project)
    tasks = list(tasks)
    result.tasks = len(tasks)
    tasks, rejected, rejected_ids = _valid_tasks(tasks, emails)  # malformed tasks go to quarantine
    task_ids = [int(t["id"]) for t in tasks]
    mapped = store.ls_documents_of_tasks(url, task_ids)
    claimed = {t: str((tk.get("data") or {}).get("doc_id") or "") for t, tk in zip(task_ids, tasks, strict=True)}
    existing = store.documents_exist([d for d in claimed.values() if d])
    pred_rows = []  # (task, model version, prediction id) as Label Studio reports them
    for tid, task in zip(task_ids, tasks, strict=True):
        shown = [p for p in task.get("predictions") or [] if isinstance(p, Mapping)]
        shown += [a["prediction"] for a in task.get("annotations") or []
                  if isinstance(a, Mapping) and isinstance(a.get("prediction"), Mapping)]
        for p in shown:
            if p.get("model_version") and sql_int(p.get("id")) is not None:
                pred_rows.append((tid, str(p["model_version"]), int(p["id"])))
    store.record_ls_predictions(url, [r for r in pred_rows if r[0] in mapped])
    known = store.ls_known_annotations(url, project)
    present: set[int] = set(rejected_ids)  # annotations of quarantined tasks are not deletions
    todo: list[tuple[int, str, Mapping[str, Any]]] = []
    cursor = None
    for tid, task in zip(task_ids, tasks, strict=True):
        doc_id = mapped.get(tid) or (claimed[tid] if claimed[tid] in existing else None)
        anns = [a for a in task.get("annotations") or [] if isinstance(a, Mapping)]
        if doc_id is None:
            if anns:
                result.unknown_tasks += 1
                result.problems.append(f"task {tid}: no document of this store (data.doc_id {claimed[tid]!r})")
            continue
        newest: dict[Any, Mapping[str, Any]] = {}
        for ann in anns:
            if isinstance(ann.get("id"), int):
                present.add(int(ann["id"]))
            if (problem := _annotation_problem(ann)) is not None:
                rejected.append(_rejected(f"task {tid} annotation {ann.get('id')!r:.40}", problem, ann, emails))
                continue
            stamp = ann.get("updated_at") or ann.get("created_at") or ""
            cursor = max(cursor or "", str(stamp)) or None
            who = ann.get("completed_by")
            key = who.get("id") if isinstance(who, Mapping) else who
            if key not in newest or str(stamp) >= str(newest[key].get("updated_at") or ""):
                newest[key] = ann
        for ann in newest.values():
            result.annotations += 1
            old = known.get(ann.get("id"))  # type: ignore[arg-type]
            stamp = parse_time(ann.get("updated_at"))
            if old is not None and old.updated_at == (stamp.isoformat() if stamp else None):
                result.unchanged += 1
                continue
            if _is_stale(old, stamp):  # a late event of an older save: keep the newer stored version
                result.unchanged += 1
                continue
            if not revive_deleted and old is not None and old.status == "deleted":
                result.unchanged += 1
                result.problems.append(f"annotation {ann.get('id')}: event after its deletion ignored")
                continue
            todo.append((tid, doc_id, ann))
    result.cursor = cursor
    parsed = _parse_all(store, url, project, todo, emails)
    records: list[QuarantineRecord] = [*rejected, *(r for p in parsed for r in p.quarantined)]
    if records:  # an annotation re-read with the same regions does not quarantine them twice
        seen = {(r.ref, r.reason) for r in store.quarantined("pull")}
        records = [r for r in records if (r.ref, r.reason) not in seen]
    annotations: list[Annotation] = [p.annotation for p in parsed]
    for outcome in store.save_annotations(annotations, check=False):  # parse_annotation checked every span
        setattr(result, outcome.outcome, getattr(result, outcome.outcome) + 1)
    result.quarantined = store.quarantine(records)
    result.cancelled = sum(1 for a in annotations if a.meta.get("was_cancelled"))
    result.annotators = sorted({a.source for a in annotations})
    if full or task_deletions:
        listed = set(task_ids)
        gone = [k.row_id for i, k in known.items() if i not in present and k.status == "current"
                and (full or k.task in listed)]
        result.deleted = store.mark_deleted(gone) if gone else 0
    return result


def _is_stale(old: Any, stamp: datetime | None) -> bool:
    """Return whether a payload saved at ``stamp`` (LS ``updated_at``) is older than the stored
    current version ``old`` (a ``KnownAnnotation``), e.g. a webhook delivered out of order.

    Only a ``current`` row still carries Label Studio's ``updated_at`` (superseding or
    deleting a row stamps it with our clock); without both times nothing is skipped."""
    if old is None or old.status != "current" or stamp is None:
        return False
    stored = parse_time(old.updated_at)
    return stored is not None and stamp < stored


def _parse_all(
    store: Any, url: str, project: int, todo: list[tuple[int, str, Mapping[str, Any]]], emails: Mapping[int, str]
) -> list[ParsedAnnotation]:
    """Parse annotations against the prediction each one started from (batched store reads)."""
    if not todo:
        return []
    parents = [p for _, _, a in todo if (p := sql_int(a.get("parent_prediction"))) is not None]
    by_prediction = store.ls_prediction_versions(url, parents)
    task_versions = store.ls_task_versions(url, [t for t, _, _ in todo])
    proj = store.ls_project(url, project)
    active = proj.meta.get("model_version") if proj else None
    versions: list[str | None] = []
    for tid, _doc, ann in todo:
        viewed = ann.get("prediction")  # what Label Studio showed the annotator
        mv = viewed.get("model_version") if isinstance(viewed, Mapping) else None
        mv = mv if isinstance(mv, str) else None
        mv = mv or by_prediction.get(sql_int(ann.get("parent_prediction")))  # type: ignore[arg-type]
        pushed = task_versions.get(tid, [])
        if mv is None and pushed:
            mv = active if active in pushed else pushed[-1]
        versions.append(mv)
    predicted: dict[tuple[str, str], list[Any]] = {}
    for mv in {v for v in versions if v}:
        wanted = [d for (_, d, _), v in zip(todo, versions, strict=True) if v == mv]
        for pred in store.annotations(kind="prediction", source=mv, document_ids=wanted):
            predicted[(pred.document_id, mv)] = pred.spans
    docs = {d.id: d for d in store.documents(ids=sorted({d for _, d, _ in todo}), current_only=False)}
    out = []
    for (tid, doc_id, ann), mv in zip(todo, versions, strict=True):
        out.append(
            parse_annotation(
                ann, docs[doc_id], url=url, project=project, task=tid, emails=emails, model_version=mv,
                predicted=predicted.get((doc_id, mv), []) if mv else [],
            )
        )
    return out


def _rejected(ref: str, reason: str, payload: Any, emails: Mapping[int, str]) -> QuarantineRecord:
    """Return the quarantine record of a malformed task or annotation (payload made JSON-safe)."""
    who = annotator_of(payload, emails)[1] if isinstance(payload, Mapping) else None
    return QuarantineRecord(origin="pull", ref=ref, reason=reason, payload=json_safe(payload), annotator=who)


def _valid_tasks(
    tasks: list[Any], emails: Mapping[int, str]
) -> tuple[list[Mapping[str, Any]], list[QuarantineRecord], set[int]]:
    """Split off malformed tasks (not an object, ``id`` not a 64-bit integer, ``data`` or
    ``annotations`` of the wrong type) and annotations that are not objects, as quarantine
    records. Return ``(good tasks, records, ids of the annotations of rejected tasks)``; the
    good tasks' ``predictions`` are ``[]`` when not a list."""
    good: list[Mapping[str, Any]] = []
    records: list[QuarantineRecord] = []
    ids: set[int] = set()
    for task in tasks:
        if not isinstance(task, Mapping):
            records.append(_rejected(f"task {task!r:.40}", f"task is a {type(task).__name__}, not an object",
                                     task, emails))
            continue
        tid, data, anns = task.get("id"), task.get("data"), task.get("annotations")
        if isinstance(tid, str):  # int(tid) is what the rest of the pull uses
            with contextlib.suppress(ValueError):
                tid = int(tid)
        problem = None
        if sql_int(tid) is None:
            problem = f"task id {tid!r:.40} is not a 64-bit integer"
        elif data is not None and not isinstance(data, Mapping):
            problem = f"data is a {type(data).__name__}, not an object"
        elif anns is not None and not isinstance(anns, list | tuple):
            problem = f"annotations is a {type(anns).__name__}, not a list"
        if problem is not None:
            records.append(_rejected(f"task {tid!r:.40}", problem, task, emails))
            if isinstance(anns, list | tuple):
                ids.update(i for a in anns if isinstance(a, Mapping) and (i := sql_int(a.get("id"))) is not None)
            continue
        for ann in anns or []:
            if not isinstance(ann, Mapping):
                records.append(_rejected(f"task {tid} annotation ?", f"annotation is a {type(ann).__name__}, "
                                         "not an object", ann, emails))
        preds = task.get("predictions")
        good.append({**task, "id": tid, "predictions": preds if isinstance(preds, list | tuple) else []})
    return good, records, ids


def _annotation_problem(ann: Mapping[str, Any]) -> str | None:
    """Return why an annotation cannot be stored (id, author or result of the wrong type), or ``None``."""
    ann_id, who, result = ann.get("id"), ann.get("completed_by"), ann.get("result")
    key = who.get("id") if isinstance(who, Mapping) else who
    if ann_id is not None and sql_int(ann_id) is None:
        return f"annotation id {ann_id!r:.40} is not a 64-bit integer"
    if key is not None and (not isinstance(key, int) or isinstance(key, bool)):
        return f"completed_by {who!r:.60} is not a user id"
    if result is not None and not isinstance(result, list | tuple):
        return f"result is a {type(result).__name__}, not a list of regions"
    return None
