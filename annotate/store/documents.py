"""Documents in the store: add with versioning, look up, iterate in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from annotate.models import Document, QualityFlag
from annotate.store.db import Database, chunks, dumps, loads, now_iso

AddOutcome = Literal["added", "unchanged", "new_version"]

# a document is current unless a newer version of the same source points back at it
_CURRENT = "id NOT IN (SELECT previous_id FROM documents WHERE previous_id IS NOT NULL)"
_COLUMNS = (
    "id, text, title, source, source_key, published, script, meta, flags, version, previous_id"
)


@dataclass(frozen=True)
class AddResult:
    """What adding one document did: ``added``, ``unchanged`` or ``new_version``."""

    document: Document
    outcome: AddOutcome


def _row_to_document(row: Sequence[object]) -> Document:
    (id_, text, title, source, _key, published, script, meta, flags, version, previous) = row
    return Document.model_construct(
        id=id_,
        text=text,
        title=title,
        source=source,
        published=published,
        script=script,
        meta=loads(meta, {}),  # type: ignore[arg-type]
        flags=[QualityFlag.model_construct(**f) for f in loads(flags, [])],  # type: ignore[arg-type]
        version=version,
        previous_id=previous,
    )


class DocumentsMixin:
    """Store methods for the ``documents`` table."""

    database: Database

    def add_documents(self, docs: Iterable[tuple[Document, str | None]]) -> list[AddResult]:
        """Add documents with their source keys; same text is unchanged, changed text a new version.

        A source key names where a document came from (a path, or path and line). When a
        key already maps to a different text, the new document gets ``version + 1`` and
        ``previous_id`` pointing at the latest old version; the old one stays.
        """
        items = list(docs)
        if not items:
            return []
        db = self.database
        results: list[AddResult] = []
        with db.transaction():
            ids = [d.id for d, _ in items]
            existing = self._existing_ids(ids)
            keys = sorted({k for _, k in items if k})
            latest = self._latest_by_key(keys)
            rows = []
            created = now_iso()
            for doc, key in items:
                if doc.id in existing:
                    results.append(AddResult(doc, "unchanged"))
                    continue
                outcome: AddOutcome = "added"
                if key and key in latest:
                    prev_id, prev_version = latest[key]
                    doc = doc.model_copy(update={"version": prev_version + 1, "previous_id": prev_id})
                    outcome = "new_version"
                existing.add(doc.id)
                if key:
                    latest[key] = (doc.id, doc.version)
                rows.append(
                    (
                        doc.id, doc.text, doc.title, doc.source, key, doc.published, doc.script,
                        dumps(doc.meta), dumps([f.model_dump() for f in doc.flags]), doc.version,
                        doc.previous_id, len(doc.text), created,
                    )
                )
                results.append(AddResult(doc, outcome))
            db.executemany(
                f"INSERT INTO documents ({_COLUMNS}, chars, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return results

    def _existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.database.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
            )
        return found

    def _latest_by_key(self, keys: Sequence[str]) -> dict[str, tuple[str, int]]:
        latest: dict[str, tuple[str, int]] = {}
        for chunk in chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, id_, version in self.database.execute(
                f"SELECT source_key, id, version FROM documents WHERE source_key IN ({marks}) "
                "ORDER BY version",
                chunk,
            ):
                latest[key] = (id_, version)
        return latest

    def get_document(self, document_id: str) -> Document | None:
        """Return the document with this id, or ``None``."""
        row = self.database.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return _row_to_document(row) if row else None

    def find_document_by_text(self, text: str) -> Document | None:
        """Return the stored document whose text is exactly ``text``, or ``None``."""
        from annotate.models import document_id

        return self.get_document(document_id(text))

    def documents(
        self, ids: Sequence[str] | None = None, *, current_only: bool = True, batch: int = 500
    ) -> Iterator[Document]:
        """Yield documents ordered by id, streaming in batches.

        ``current_only`` skips documents that a newer version of the same source replaced.
        """
        where = ["1=1"]
        if current_only:
            where.append(_CURRENT)
        if ids is not None:
            for chunk in chunks(sorted(set(ids)), batch):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT {_COLUMNS} FROM documents WHERE {' AND '.join(where)} AND id IN ({marks}) ORDER BY id"
                for row in self.database.execute(sql, chunk).fetchall():
                    yield _row_to_document(row)
            return
        last = ""
        while True:
            rows = self.database.execute(
                f"SELECT {_COLUMNS} FROM documents WHERE {' AND '.join(where)} AND id > ? "
                f"ORDER BY id LIMIT {batch}",
                (last,),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_document(row)
            last = rows[-1][0]

    def document_ids(self, *, current_only: bool = True) -> list[str]:
        """Return the ids of stored documents, ordered."""
        sql = "SELECT id FROM documents"
        if current_only:
            sql += f" WHERE {_CURRENT}"
        return [r[0] for r in self.database.execute(sql + " ORDER BY id")]

    def count_documents(self, *, current_only: bool = True) -> int:
        """Return how many documents are stored."""
        sql = "SELECT COUNT(*) FROM documents"
        if current_only:
            sql += f" WHERE {_CURRENT}"
        return int(self.database.execute(sql).fetchone()[0])

    def document_summary(self) -> tuple[int, int, dict[str, int], dict[str, int]]:
        """Return ``(documents, characters, per script, documents per quality flag)`` of current documents.

        Aggregated in SQL: no document text is read.
        """
        docs, chars = self.database.execute(
            f"SELECT COUNT(*), COALESCE(SUM(chars), 0) FROM documents WHERE {_CURRENT}"
        ).fetchone()
        scripts = dict(self.database.execute(
            f"SELECT script, COUNT(*) FROM documents WHERE {_CURRENT} GROUP BY script ORDER BY script"
        ).fetchall())
        flags = dict(self.database.execute(
            "SELECT json_extract(f.value, '$.kind') AS kind, COUNT(*) FROM documents d, json_each(d.flags) f "
            f"WHERE {_CURRENT.replace('id NOT IN', 'd.id NOT IN')} GROUP BY kind ORDER BY kind"
        ).fetchall())
        return int(docs), int(chars), scripts, flags

    def flagged_documents(self) -> list[Document]:
        """Return the current documents that carry quality flags."""
        rows = self.database.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE flags != '[]' AND {_CURRENT} ORDER BY id"
        ).fetchall()
        return [_row_to_document(r) for r in rows]
