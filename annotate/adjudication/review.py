"""Review projects: disputed documents go to Label Studio with each annotator's version as a prediction.

``push_review`` creates a new Label Studio project (our label config), one task per
document, with one prediction per annotator (``model_version`` = the annotator's name), so
the reviewer switches between versions, picks one, fixes it and submits. ``pull_review``
reads the reviewers' submitted annotations back and writes them as gold: hand-edited
(``adjudicate`` will not overwrite them without ``--force``), logged in ``gold_decisions``
(action ``review``), each span with provenance (which annotators had marked it exactly).

Review projects are remembered in the store's settings (``adjudication.review_projects``),
not among the annotation projects, so ``annotate push``/``pull`` never mistake one for the
other. Offsets are converted to UTF-16 by :mod:`annotate.labelstudio.tasks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotate.errors import ConfigError
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.tasks import parse_annotation, task_payload
from annotate.models import Annotation, Document, Span, sort_spans
from annotate.store.db import now_iso

REVIEW_KEY = "adjudication.review_projects"
BATCH = 250


@dataclass
class ReviewPush:
    """A review project and the documents sent to it."""

    url: str
    project: int
    tasks: int
    documents: list[str]


@dataclass
class ReviewPull:
    """What pulling a review project wrote as gold."""

    url: str
    project: int
    tasks: int = 0
    gold_documents: int = 0
    gold_spans: int = 0
    not_reviewed: int = 0
    quarantined: int = 0
    reviewers: list[str] = field(default_factory=list)


def review_task(doc: Document, versions: Mapping[str, Sequence[Span]]) -> dict[str, Any]:
    """Return one review task: the document with each annotator's version as a prediction."""
    predictions = [
        Annotation(
            document_id=doc.id, kind="prediction", source=name,
            spans=[s.model_copy(update={"attrs": {k: v for k, v in s.attrs.items() if k != "score"}}) for s in spans],
        )
        for name, spans in sorted(versions.items())
    ]
    task = task_payload(doc, predictions)
    task["data"]["review_of"] = ", ".join(sorted(versions))
    return task


def push_review(
    store: Any,
    client: LabelStudioClient,
    documents: Sequence[Document],
    versions: Mapping[str, Mapping[str, Sequence[Span]]],
    *,
    title: str,
) -> ReviewPush:
    """Create a review project holding ``documents`` with every annotator's version as a prediction."""
    from annotate.labelstudio.config import instructions_html, label_config

    created = client.create_project(
        title, label_config(), expert_instruction=instructions_html(), show_instruction=True,
        description="Review: each annotator's version is a prediction. Pick the best, fix it, submit.",
    )
    pid = int(created["id"])
    tasks = [review_task(doc, versions[doc.id]) for doc in documents]
    task_map: dict[str, str] = {}
    for i in range(0, len(tasks), BATCH):
        chunk = tasks[i : i + BATCH]
        ids = client.import_tasks(pid, chunk)
        task_map.update({str(t): task["data"]["doc_id"] for t, task in zip(ids, chunk, strict=True)})
        _remember(store, client.url, pid, title, task_map)
    _remember(store, client.url, pid, title, task_map)
    return ReviewPush(client.url, pid, len(tasks), [d.id for d in documents])


def _remember(store: Any, url: str, project: int, title: str, task_map: dict[str, str]) -> None:
    known = dict(store.get_setting(REVIEW_KEY, {}))
    entry = dict(known.get(f"{url}#{project}", {"title": title, "created_at": now_iso()}))
    entry["tasks"] = task_map
    known[f"{url}#{project}"] = entry
    store.set_setting(REVIEW_KEY, known)


def review_projects(store: Any) -> dict[str, Any]:
    """Return the remembered review projects, keyed ``URL#PROJECT``."""
    return dict(store.get_setting(REVIEW_KEY, {}))


def _provenance(span: Span, versions: Mapping[str, Sequence[Span]], reviewer: str, project: int) -> Span:
    agreed = sorted(name for name, spans in versions.items() if any(s.key == span.key for s in spans))
    attrs = {k: v for k, v in span.attrs.items() if k != "origin"}
    attrs["provenance"] = {
        "strategy": "review", "agreed": agreed, "differed": sorted(set(versions) - set(agreed)),
        "disputed": False, "decided_by": reviewer, "ls_project": project,
    }
    return span.model_copy(update={"attrs": attrs})


def pull_review(store: Any, client: LabelStudioClient, project: int) -> ReviewPull:
    """Write the reviewers' submitted annotations of a review project as hand-edited gold."""
    entry = review_projects(store).get(f"{client.url}#{project}")
    if entry is None:
        raise ConfigError(
            f"Label Studio project {project} on {client.url} is not a review project of {store.path} "
            "(push one with `annotate conflicts --push-review`)"
        )
    task_docs: dict[str, str] = entry.get("tasks", {})
    tasks = client.export(project)
    emails = client.users()
    result = ReviewPull(client.url, project, tasks=len(tasks))
    docs = {d.id: d for d in store.documents(sorted(set(task_docs.values())), current_only=False)}
    current: dict[str, dict[str, list[Span]]] = {}
    for ann in store.annotations(kind="annotation", document_ids=list(docs)):
        current.setdefault(ann.document_id, {})[ann.source] = list(ann.spans)
    by_reviewer: dict[str, list[Annotation]] = {}
    quarantined = []
    for task in tasks:
        tid = int(task["id"])
        doc = docs.get(task_docs.get(str(tid), str((task.get("data") or {}).get("doc_id"))))
        done = [a for a in task.get("annotations") or [] if isinstance(a, Mapping) and not a.get("was_cancelled")]
        if doc is None or not done:
            result.not_reviewed += 1
            continue
        latest = max(done, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), a.get("id") or 0))
        parsed = parse_annotation(latest, doc, url=client.url, project=project, task=tid, emails=emails)
        quarantined += parsed.quarantined
        reviewer = parsed.annotation.source
        versions = current.get(doc.id, {})
        spans = sort_spans(_provenance(s, versions, reviewer, project) for s in parsed.annotation.spans)
        by_reviewer.setdefault(reviewer, []).append(
            Annotation(
                document_id=doc.id, kind="gold", source=reviewer, spans=spans,
                meta={"hand_edited": True, "strategy": "review", "ls_project": project, "ls_task": tid},
            )
        )
    with store.transaction():
        for reviewer, golds in sorted(by_reviewer.items()):
            store.save_gold(golds, decided_by=reviewer, action="review", strategy="review")
            result.gold_documents += len(golds)
            result.gold_spans += sum(len(g.spans) for g in golds)
        result.quarantined = store.quarantine(quarantined)
    result.reviewers = sorted(by_reviewer)
    return result
