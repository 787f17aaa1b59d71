"""What the store remembers about Label Studio: projects, the doc <-> task map, pushed
predictions, the pull cursor, and the pre-annotation correction statistics.

Label Studio ids (project, task, prediction, annotation) are Label Studio's integers,
always qualified by the server URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotate.store.db import Database, chunks, dumps, loads, now_iso


@dataclass(frozen=True)
class LsProject:
    """A Label Studio project we push to: where, which, and our notes (model version, cursor)."""

    url: str
    project: int
    title: str | None
    created_at: str
    last_pull_at: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KnownAnnotation:
    """A pulled Label Studio annotation as stored: our row id, status and LS ``updated_at``."""

    row_id: int
    document_id: str
    source: str
    status: str
    updated_at: str | None
    task: int | None


@dataclass(frozen=True)
class CorrectionStats:
    """How annotators treated one model version's pre-annotations (counts of spans)."""

    model_version: str
    annotations: int
    predicted: int
    accepted: int
    edited: int
    deleted: int
    added: int

    def share(self, count: int) -> float | None:
        """Return ``count`` as a share of the predicted spans (``None`` when none)."""
        return count / self.predicted if self.predicted else None

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and shares as JSON-ready data."""
        return {
            "model_version": self.model_version,
            "annotations": self.annotations,
            "predicted": self.predicted,
            "accepted": self.accepted,
            "edited": self.edited,
            "deleted": self.deleted,
            "added": self.added,
            "accepted_share": self.share(self.accepted),
            "edited_share": self.share(self.edited),
            "deleted_share": self.share(self.deleted),
        }


class LabelStudioMixin:
    """Store methods for ``ls_projects``, ``ls_tasks``, ``ls_predictions`` and LS annotation rows."""

    database: Database

    # ---------------------------------------------------------------- projects

    def ls_projects(self, url: str | None = None) -> list[LsProject]:
        """Return the remembered projects (of one server when ``url`` is given), oldest first."""
        sql = "SELECT url, project, title, created_at, last_pull_at, meta FROM ls_projects"
        params: tuple[Any, ...] = ()
        if url is not None:
            sql += " WHERE url = ?"
            params = (url,)
        return [
            LsProject(u, p, t, c, lp, loads(m, {}))
            for u, p, t, c, lp, m in self.database.execute(sql + " ORDER BY id", params)
        ]

    def ls_project(self, url: str, project: int | None = None) -> LsProject | None:
        """Return a remembered project: ``project`` on ``url``, or the latest one there."""
        found = [p for p in self.ls_projects(url) if project is None or p.project == project]
        return found[-1] if found else None

    def save_ls_project(
        self, url: str, project: int, title: str | None, *, label_config_hash: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> LsProject:
        """Remember a project (insert, or update title/config hash and merge ``meta``)."""
        with self.database.transaction():
            old = self.ls_project(url, project)
            merged = {**(old.meta if old else {}), **(meta or {})}
            self.database.execute(
                "INSERT INTO ls_projects (url, project, title, label_config_hash, created_at, meta) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url, project) DO UPDATE SET title = excluded.title, "
                "label_config_hash = COALESCE(excluded.label_config_hash, label_config_hash), "
                "meta = excluded.meta",
                (url, project, title, label_config_hash, now_iso(), dumps(merged)),
            )
        result = self.ls_project(url, project)
        assert result is not None
        return result

    def update_ls_project(self, url: str, project: int, *, last_pull_at: str | None = None, **meta: Any) -> None:
        """Merge ``meta`` into a remembered project's notes; set ``last_pull_at`` when given."""
        with self.database.transaction():
            old = self.ls_project(url, project)
            if old is None:
                return
            self.database.execute(
                "UPDATE ls_projects SET meta = ?, last_pull_at = COALESCE(?, last_pull_at) "
                "WHERE url = ? AND project = ?",
                (dumps({**old.meta, **meta}), last_pull_at, url, project),
            )

    # ---------------------------------------------------------------- tasks

    def ls_task_map(self, url: str, project: int) -> dict[str, int]:
        """Return ``{document id: task id}`` for a project."""
        return dict(
            self.database.execute(
                "SELECT document_id, task FROM ls_tasks WHERE url = ? AND project = ?", (url, project)
            )
        )

    def record_ls_tasks(self, url: str, project: int, pairs: Iterable[tuple[str, int]]) -> int:
        """Remember ``(document id, task id)`` pairs; already known pairs are kept. Return how many new."""
        rows = [(url, project, task, doc, now_iso()) for doc, task in pairs]
        if not rows:
            return 0
        with self.database.transaction():
            before = self.database.conn.total_changes
            self.database.executemany(
                "INSERT OR IGNORE INTO ls_tasks (url, project, task, document_id, pushed_at) VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            return self.database.conn.total_changes - before

    def ls_documents_of_tasks(self, url: str, tasks: Sequence[int]) -> dict[int, str]:
        """Return ``{task id: document id}`` for the given tasks of a server."""
        out: dict[int, str] = {}
        for chunk in chunks(list(tasks)):
            marks = ",".join("?" * len(chunk))
            out.update(
                self.database.execute(
                    f"SELECT task, document_id FROM ls_tasks WHERE url = ? AND task IN ({marks})", (url, *chunk)
                )
            )
        return out

    # ---------------------------------------------------------------- predictions

    def ls_pushed_predictions(self, url: str, model_version: str) -> set[int]:
        """Return the task ids that already have ``model_version``'s prediction on ``url``."""
        return {
            r[0]
            for r in self.database.execute(
                "SELECT task FROM ls_predictions WHERE url = ? AND model_version = ?", (url, model_version)
            )
        }

    def record_ls_predictions(self, url: str, rows: Iterable[tuple[int, str, int | None]]) -> None:
        """Remember ``(task, model version, prediction id or None)``; a known id is never lost."""
        data = [(url, task, mv, pid, now_iso()) for task, mv, pid in rows]
        if data:
            with self.database.transaction():
                self.database.executemany(
                    "INSERT INTO ls_predictions (url, task, model_version, prediction, pushed_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url, task, model_version) DO UPDATE SET "
                    "prediction = COALESCE(excluded.prediction, prediction)",
                    data,
                )

    def ls_prediction_versions(self, url: str, predictions: Sequence[int]) -> dict[int, str]:
        """Return ``{prediction id: model version}`` for predictions we know on ``url``."""
        out: dict[int, str] = {}
        for chunk in chunks(list(predictions)):
            marks = ",".join("?" * len(chunk))
            out.update(
                self.database.execute(
                    f"SELECT prediction, model_version FROM ls_predictions WHERE url = ? AND prediction IN ({marks})",
                    (url, *chunk),
                )
            )
        return out

    def ls_task_versions(self, url: str, tasks: Sequence[int]) -> dict[int, list[str]]:
        """Return ``{task: [model versions pushed, oldest first]}``."""
        out: dict[int, list[str]] = {}
        for chunk in chunks(list(tasks)):
            marks = ",".join("?" * len(chunk))
            for task, mv in self.database.execute(
                f"SELECT task, model_version FROM ls_predictions WHERE url = ? AND task IN ({marks}) "
                "ORDER BY pushed_at, rowid",
                (url, *chunk),
            ):
                out.setdefault(task, []).append(mv)
        return out

    # ---------------------------------------------------------------- pulled annotations

    def ls_known_annotations(self, url: str, project: int) -> dict[int, KnownAnnotation]:
        """Return ``{LS annotation id: newest stored row}`` for a project's pulled annotations."""
        known: dict[int, KnownAnnotation] = {}
        for row_id, ann, doc, source, status, updated, task in self.database.execute(
            "SELECT id, ls_annotation, document_id, source, status, updated_at, ls_task FROM annotations "
            "WHERE kind = 'annotation' AND ls_url = ? AND ls_project = ? AND ls_annotation IS NOT NULL "
            "ORDER BY id",
            (url, project),
        ):
            known[ann] = KnownAnnotation(row_id, doc, source, status, updated, task)
        return known

    def documents_exist(self, ids: Sequence[str]) -> set[str]:
        """Return which of ``ids`` are stored documents."""
        found: set[str] = set()
        for chunk in chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.database.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def documents_with_annotation(self, kind: str, source: str) -> set[str]:
        """Return the ids of documents with a current annotation of ``kind`` by ``source``."""
        return {
            r[0]
            for r in self.database.execute(
                "SELECT document_id FROM annotations WHERE kind = ? AND source = ? AND status = 'current'",
                (kind, source),
            )
        }

    # ---------------------------------------------------------------- statistics

    def correction_stats(self) -> list[CorrectionStats]:
        """Return, per model version, how annotators treated its pre-annotated spans.

        Over current, not cancelled annotations that record the ``model_version`` they
        started from: ``accepted`` spans kept unchanged, ``edited`` (boundary or label
        changed), ``deleted`` (predicted spans with no kept or edited counterpart) and
        ``added`` (drawn by hand). ``predicted`` counts that version's spans on the same
        documents, once per annotation.
        """
        rows = self.database.execute(
            """
            WITH ann AS (
                SELECT a.id, a.document_id, json_extract(a.meta, '$.model_version') AS mv
                FROM annotations a
                WHERE a.kind = 'annotation' AND a.status = 'current'
                  AND json_extract(a.meta, '$.model_version') IS NOT NULL
                  AND COALESCE(json_extract(a.meta, '$.was_cancelled'), 0) = 0
            ),
            origins AS (
                SELECT ann.id,
                    SUM(json_extract(s.attrs, '$.origin') = 'prediction') AS accepted,
                    SUM(json_extract(s.attrs, '$.origin') = 'prediction-changed') AS edited,
                    SUM(COALESCE(json_extract(s.attrs, '$.origin'), 'manual') = 'manual') AS added
                FROM ann JOIN spans s ON s.annotation_id = ann.id GROUP BY ann.id
            ),
            predicted AS (
                SELECT ann.id, COUNT(s.id) AS n
                FROM ann JOIN annotations p ON p.document_id = ann.document_id AND p.kind = 'prediction'
                    AND p.source = ann.mv AND p.status = 'current'
                JOIN spans s ON s.annotation_id = p.id GROUP BY ann.id
            )
            SELECT ann.mv, ann.id, COALESCE(predicted.n, 0), COALESCE(o.accepted, 0),
                   COALESCE(o.edited, 0), COALESCE(o.added, 0)
            FROM ann LEFT JOIN origins o ON o.id = ann.id LEFT JOIN predicted ON predicted.id = ann.id
            """
        ).fetchall()
        totals: dict[str, list[int]] = {}
        for mv, _id, predicted, accepted, edited, added in rows:
            t = totals.setdefault(mv, [0, 0, 0, 0, 0, 0])
            t[0] += 1
            t[1] += predicted
            t[2] += accepted
            t[3] += edited
            t[4] += max(predicted - accepted - edited, 0)
            t[5] += added
        return [CorrectionStats(mv, *t) for mv, t in sorted(totals.items())]
