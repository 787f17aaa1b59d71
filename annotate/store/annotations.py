"""Annotations and their spans: save with history, read back in batches.

There is at most one ``current`` annotation per (document, kind, source). Saving a new
version marks the old one ``superseded`` (kept, as history) and bumps ``revision``;
saving identical spans again changes nothing. Deleting marks, never erases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from annotate.bulk import gc_paused
from annotate.errors import InputError
from annotate.models import Annotation, LabelStudioRef, Span, SpanError
from annotate.store.db import Database, chunks, dumps, loads, now_iso

SaveOutcome = Literal["added", "unchanged", "replaced"]

_ANN_COLUMNS = (
    "id, document_id, kind, source, status, revision, created_at, updated_at, "
    "ls_url, ls_project, ls_task, ls_annotation, ls_prediction, meta"
)


@dataclass(frozen=True)
class SaveResult:
    """What saving one annotation did, and the row id of its current version."""

    annotation_id: int
    outcome: SaveOutcome


def _span_signature(spans: Iterable[Span]) -> list[tuple[int, int, str, str]]:
    return sorted((s.start, s.end, s.label, dumps(s.attrs)) for s in spans)


def _json(ann: Annotation, value: object) -> str:
    """Serialise a JSON column of ``ann``; NaN or infinity raises ``InputError`` naming it."""
    try:
        return dumps(value)
    except ValueError as exc:
        raise InputError(f"document {ann.document_id}, {ann.kind} by {ann.source}: {exc}") from exc


class AnnotationsMixin:
    """Store methods for the ``annotations`` and ``spans`` tables."""

    database: Database

    def save_annotations(
        self, annotations: Sequence[Annotation], *, check: bool = True
    ) -> list[SaveResult]:
        """Save annotations in one transaction; identical ones are left unchanged.

        Every span is checked against its document's stored text (``check``); one that
        does not fit raises ``InputError`` naming the document and nothing is written.
        """
        if not annotations:
            return []
        db = self.database
        with db.transaction():
            texts = self._texts({a.document_id for a in annotations})
            for ann in annotations:
                if ann.document_id not in texts:
                    raise InputError(f"annotation from {ann.source}: no document {ann.document_id}")
                if check:
                    try:
                        ann.check(texts[ann.document_id])
                    except SpanError as exc:
                        raise InputError(
                            f"document {ann.document_id}, {ann.kind} by {ann.source}: {exc}"
                        ) from exc
            current = self._current_rows(annotations)
            old_spans = self._spans_by_annotation([row[0] for row in current.values()])
            next_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM annotations").fetchone()[0]) + 1
            results: list[SaveResult] = []
            superseded: list[tuple[str, int]] = []
            ann_rows: list[tuple[object, ...]] = []
            span_rows: list[tuple[object, ...]] = []
            stamp = now_iso()
            for ann in annotations:
                key = (ann.document_id, ann.kind, ann.source)
                meta, attrs = _json(ann, ann.meta), [_json(ann, s.attrs) for s in ann.spans]
                revision = 1
                if key in current:
                    old_id, old_rev, old_status_meta = current[key]
                    same_spans = _span_signature(old_spans.get(old_id, [])) == _span_signature(ann.spans)
                    if same_spans and old_status_meta == meta:
                        results.append(SaveResult(old_id, "unchanged"))
                        continue
                    superseded.append((stamp, old_id))
                    revision = old_rev + 1
                    del current[key]
                ann_id = next_id
                next_id += 1
                ls = ann.ls or LabelStudioRef()
                ann_rows.append(
                    (
                        ann_id, ann.document_id, ann.kind, ann.source, ann.status, revision,
                        ann.created_at.isoformat(), ann.updated_at.isoformat() if ann.updated_at else None,
                        ls.url, ls.project, ls.task, ls.annotation, ls.prediction, meta,
                    )
                )
                span_rows.extend(
                    (ann_id, ann.document_id, s.start, s.end, s.label, s.text, a)
                    for s, a in zip(ann.spans, attrs, strict=True)
                )
                if ann.status == "current":
                    current[key] = (ann_id, revision, meta)
                results.append(SaveResult(ann_id, "replaced" if revision > 1 else "added"))
            db.executemany(
                "UPDATE annotations SET status = 'superseded', updated_at = ? WHERE id = ?", superseded
            )
            db.executemany(
                f"INSERT INTO annotations ({_ANN_COLUMNS}) VALUES ({','.join('?' * 14)})", ann_rows
            )
            db.executemany(
                'INSERT INTO spans (annotation_id, document_id, start, "end", label, text, attrs) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                span_rows,
            )
        return results

    def _texts(self, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in chunks(sorted(ids)):
            marks = ",".join("?" * len(chunk))
            out.update(self.database.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk))
        return out

    def _current_rows(
        self, annotations: Sequence[Annotation]
    ) -> dict[tuple[str, str, str], tuple[int, int, str]]:
        by_kind_source: dict[tuple[str, str], set[str]] = {}
        for a in annotations:
            by_kind_source.setdefault((a.kind, a.source), set()).add(a.document_id)
        found: dict[tuple[str, str, str], tuple[int, int, str]] = {}
        for (kind, source), docs in by_kind_source.items():
            for chunk in chunks(sorted(docs)):
                marks = ",".join("?" * len(chunk))
                for id_, doc, rev, meta in self.database.execute(
                    "SELECT id, document_id, revision, meta FROM annotations WHERE kind = ? AND source = ? "
                    f"AND status = 'current' AND document_id IN ({marks})",
                    (kind, source, *chunk),
                ):
                    found[(doc, kind, source)] = (id_, rev, meta)
        return found

    @gc_paused()  # tens of thousands of spans that all survive
    def _spans_by_annotation(self, ids: Sequence[int]) -> dict[int, list[Span]]:
        spans: dict[int, list[Span]] = {}
        for chunk in chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for ann_id, start, end, label, text, attrs in self.database.execute(
                f'SELECT annotation_id, start, "end", label, text, attrs FROM spans '
                f"WHERE annotation_id IN ({marks}) ORDER BY annotation_id, start, \"end\", id",
                chunk,
            ):
                spans.setdefault(ann_id, []).append(Span.trusted(start, end, label, text, loads(attrs, {})))
        return spans

    def annotations(
        self,
        *,
        kind: str | None = None,
        source: str | None = None,
        document_ids: Sequence[str] | None = None,
        status: str | None = "current",
        cancelled: bool = False,
        batch: int = 500,
    ) -> Iterator[Annotation]:
        """Yield annotations with their spans, ordered by document then row id, in batches.

        Skipped or cancelled tasks (``meta.was_cancelled``) are recorded as annotations without
        spans; they are left out unless ``cancelled`` is true, so that agreement, adjudication
        and export never read a skip as "marked nothing".
        """
        where, params = ["1=1"], []
        if not cancelled:
            where.append("COALESCE(json_extract(meta, '$.was_cancelled'), 0) = 0")
        for column, value in (("kind", kind), ("source", source), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if document_ids is not None:
            docs = sorted(set(document_ids))
            for chunk in chunks(docs, batch):
                marks = ",".join("?" * len(chunk))
                yield from self._annotation_batch(
                    " AND ".join([*where, f"document_id IN ({marks})"]), [*params, *chunk]
                )
            return
        last = (" ", 0)
        while True:
            rows = self.database.execute(
                f"SELECT {_ANN_COLUMNS} FROM annotations WHERE {' AND '.join(where)} "
                f"AND (document_id, id) > (?, ?) ORDER BY document_id, id LIMIT {batch}",
                [*params, *last],
            ).fetchall()
            if not rows:
                return
            yield from self._build(rows)
            last = (rows[-1][1], rows[-1][0])

    def _annotation_batch(self, where: str, params: list[object]) -> Iterator[Annotation]:
        rows = self.database.execute(
            f"SELECT {_ANN_COLUMNS} FROM annotations WHERE {where} ORDER BY document_id, id", params
        ).fetchall()
        yield from self._build(rows)

    def _build(self, rows: list[tuple]) -> Iterator[Annotation]:  # type: ignore[type-arg]
        with gc_paused():
            built = list(self._construct(rows))
        yield from built

    def _construct(self, rows: list[tuple]) -> Iterator[Annotation]:  # type: ignore[type-arg]
        spans = self._spans_by_annotation([r[0] for r in rows])
        for (id_, doc, kind, source, status, rev, created, updated, url, project, task, ann, pred, meta) in rows:
            ls = None
            if any(v is not None for v in (url, project, task, ann, pred)):
                ls = LabelStudioRef(url=url, project=project, task=task, annotation=ann, prediction=pred)
            yield Annotation.model_construct(
                id=id_, document_id=doc, kind=kind, source=source, status=status, revision=rev,
                created_at=datetime.fromisoformat(created),
                updated_at=datetime.fromisoformat(updated) if updated else None,
                ls=ls, meta=loads(meta, {}), spans=spans.get(id_, []),
            )

    def annotation_layers(self) -> dict[str, list[str]]:
        """Return each document's current layers as ``kind:source`` names (no spans are read)."""
        layers: dict[str, list[str]] = {}
        for doc, kind, source in self.database.execute(
            "SELECT document_id, kind, source FROM annotations WHERE status = 'current' "
            "AND COALESCE(json_extract(meta, '$.was_cancelled'), 0) = 0 ORDER BY document_id, id"
        ):
            layers.setdefault(doc, []).append(f"{kind}:{source}")
        return layers

    def annotation_history(self, document_id: str, kind: str, source: str) -> list[Annotation]:
        """Return every version of one source's annotation of a document, oldest first."""
        rows = self.database.execute(
            f"SELECT {_ANN_COLUMNS} FROM annotations WHERE document_id = ? AND kind = ? AND source = ? "
            "ORDER BY revision, id",
            (document_id, kind, source),
        ).fetchall()
        return list(self._build(rows))

    def mark_deleted(self, annotation_ids: Sequence[int]) -> int:
        """Mark annotations deleted (kept as history); return how many changed."""
        with self.database.transaction():
            cur = self.database.executemany(
                "UPDATE annotations SET status = 'deleted', updated_at = ? WHERE id = ? AND status != 'deleted'",
                [(now_iso(), i) for i in annotation_ids],
            )
        return cur.rowcount

    def sources(self, kind: str) -> list[tuple[str, int]]:
        """Return ``(source, documents)`` for each source of current annotations of ``kind``."""
        return [
            (r[0], r[1])
            for r in self.database.execute(
                "SELECT source, COUNT(DISTINCT document_id) FROM annotations "
                "WHERE kind = ? AND status = 'current' GROUP BY source ORDER BY source",
                (kind,),
            )
        ]

    def latest_model_version(self) -> str | None:
        """Return the model version of the most recently saved prediction, or ``None``."""
        row = self.database.execute(
            "SELECT source FROM annotations WHERE kind = 'prediction' ORDER BY created_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def span_counts(self) -> list[tuple[str, str, str, int]]:
        """Return ``(kind, source, label, spans)`` over current annotations."""
        return list(
            self.database.execute(
                "SELECT a.kind, a.source, s.label, COUNT(*) FROM spans s JOIN annotations a "
                "ON a.id = s.annotation_id WHERE a.status = 'current' "
                "GROUP BY a.kind, a.source, s.label ORDER BY a.kind, a.source, s.label"
            )
        )
