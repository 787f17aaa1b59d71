"""Read-only queries the exporters need before streaming: which documents, and how nested ACTION gets."""

from __future__ import annotations

from annotate.store.db import Database


class ExportsMixin:
    """Store methods that answer export planning questions in one SQL query each."""

    database: Database

    def annotated_document_ids(self, kind: str, source: str | None = None) -> list[str]:
        """Return the ids of documents with a current annotation of ``kind`` (and ``source``), ordered."""
        sql = "SELECT DISTINCT document_id FROM annotations WHERE kind = ? AND status = 'current'"
        params: list[str] = [kind]
        if source is not None:
            sql += " AND source = ?"
            params.append(source)
        return [r[0] for r in self.database.execute(sql + " ORDER BY document_id", params)]

    def max_span_nesting(self, label: str, kind: str, source: str | None = None) -> int:
        """Return the most spans of ``label`` covering one character in one current annotation.

        Counts, for each span, the spans of the same annotation and label that cover its
        first character (the deepest point is always some span's start).
        """
        where = "a.kind = ? AND a.status = 'current'" + (" AND a.source = ?" if source is not None else "")
        params: list[str] = [kind, *([source] if source is not None else []), label, label]
        row = self.database.execute(
            "SELECT MAX(depth) FROM ("
            "  SELECT x.id, COUNT(*) AS depth FROM annotations a"
            "  JOIN spans x ON x.annotation_id = a.id"
            "  JOIN spans y ON y.annotation_id = a.id AND y.start <= x.start AND y.\"end\" > x.start"
            f"  WHERE {where} AND x.label = ? AND y.label = ? GROUP BY x.id)",
            params,
        ).fetchone()
        return int(row[0] or 0)
