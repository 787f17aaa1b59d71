"""The gold layer: one current gold annotation per document, and a log of every decision about it.

Gold annotations are ``kind="gold"``; their ``source`` is the adjudication strategy that
made them (``majority``, ``annotator:NAME``, ``union-review``) or, after a hand edit, the
person who decided (``meta["hand_edited"]`` is then true). Saving gold for a document
supersedes whatever gold it had before, whatever its source, so the current gold of a
document is always one annotation. Every save and every hand decision adds a row to
``gold_decisions`` (who, when, action, span, previous span, strategy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from annotate.errors import InputError
from annotate.models import Annotation, Span, sort_spans
from annotate.schema import OVERLAPPING_LABELS
from annotate.store.annotations import SaveResult
from annotate.store.db import Database, chunks, dumps, loads, now_iso

Decision = Literal["accept", "reject", "pick", "edit"]
DECISIONS: tuple[str, ...] = ("accept", "reject", "pick", "edit")


@dataclass(frozen=True)
class GoldDecision:
    """One row of the decision log."""

    id: int
    document_id: str
    action: str
    span: dict[str, Any] | None
    previous: dict[str, Any] | None
    strategy: str | None
    decided_by: str
    decided_at: str
    meta: dict[str, Any]


def _span_json(span: Span | None) -> str | None:
    if span is None:
        return None
    return dumps({"start": span.start, "end": span.end, "label": span.label, "text": span.text, "attrs": span.attrs})


def _layer(label: str) -> str:
    return label if label in OVERLAPPING_LABELS else "flat"


class GoldMixin:
    """Store methods for the gold layer and the ``gold_decisions`` log."""

    database: Database

    def save_gold(
        self,
        annotations: Sequence[Annotation],
        *,
        decided_by: str,
        action: str = "adjudicate",
        strategy: str | None = None,
    ) -> list[SaveResult]:
        """Save gold annotations (one per document), superseding any other current gold of those documents.

        Logs one ``gold_decisions`` row per document whose gold changed.
        """
        if not annotations:
            return []
        for ann in annotations:
            if ann.kind != "gold":
                raise InputError(f"document {ann.document_id}: {ann.kind} by {ann.source} is not gold")
        db = self.database
        stamp = now_iso()
        with db.transaction():
            rows = [(stamp, a.document_id, a.source) for a in annotations]
            db.executemany(
                "UPDATE annotations SET status = 'superseded', updated_at = ? WHERE kind = 'gold' "
                "AND status = 'current' AND document_id = ? AND source != ?",
                rows,
            )
            results = self.save_annotations(annotations)  # type: ignore[attr-defined]
            log = [
                (
                    a.document_id, action, None, None, strategy or a.meta.get("strategy"), decided_by, stamp,
                    dumps({"spans": len(a.spans), "source": a.source}),
                )
                for a, r in zip(annotations, results, strict=True)
                if r.outcome != "unchanged"
            ]
            self._log(log)
        return list(results)

    def _log(self, rows: Sequence[tuple[object, ...]]) -> None:
        self.database.executemany(
            "INSERT INTO gold_decisions (document_id, action, span, previous, strategy, decided_by, "
            "decided_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def gold_layer(self, document_ids: Sequence[str] | None = None) -> dict[str, Annotation]:
        """Return the current gold annotation of each document that has one."""
        return {
            a.document_id: a
            for a in self.annotations(kind="gold", document_ids=document_ids)  # type: ignore[attr-defined]
        }

    def hand_edited(self) -> set[str]:
        """Return the ids of documents whose current gold was edited by hand."""
        return {
            r[0]
            for r in self.database.execute(
                "SELECT document_id FROM annotations WHERE kind = 'gold' AND status = 'current' "
                "AND json_extract(meta, '$.hand_edited') = 1"
            )
        }

    def gold_decisions(self, document_ids: Sequence[str] | None = None) -> list[GoldDecision]:
        """Return the decision log, oldest first, optionally for some documents."""
        sql = (
            "SELECT id, document_id, action, span, previous, strategy, decided_by, decided_at, meta "
            "FROM gold_decisions"
        )
        rows: list[tuple[Any, ...]] = []
        if document_ids is None:
            rows = self.database.execute(sql + " ORDER BY id").fetchall()
        else:
            for chunk in chunks(sorted(set(document_ids))):
                marks = ",".join("?" * len(chunk))
                rows += self.database.execute(f"{sql} WHERE document_id IN ({marks})", chunk).fetchall()
            rows.sort()
        return [
            GoldDecision(i, d, a, loads(s), loads(p), st, by, at, loads(m, {}))
            for i, d, a, s, p, st, by, at, m in rows
        ]

    def decide(
        self,
        document_id: str,
        action: Decision,
        span: Span,
        decided_by: str,
        previous: Span | None = None,
    ) -> Annotation:
        """Apply one hand decision to a document's gold and log it; return the new gold annotation.

        ``accept``: put ``span`` into gold (clearing its disputed flag). ``reject``: remove the
        gold span with ``span``'s start, end and label. ``pick``: put ``span`` in, removing
        ``previous`` and any gold span of the same layer it overlaps (choosing one version of a
        disputed region). ``edit``: replace ``previous`` by ``span``. The new gold's source is
        ``decided_by`` and it is marked hand-edited, so ``adjudicate`` leaves it alone.
        """
        if action not in DECISIONS:
            raise InputError(f"document {document_id}: unknown decision {action!r}; use {', '.join(DECISIONS)}")
        if not decided_by:
            raise InputError(f"document {document_id}: a decision needs the name of who decided")
        with self.database.transaction():
            current = self.gold_layer([document_id]).get(document_id)
            spans = list(current.spans) if current else []
            strategy = (current.meta.get("strategy") if current else None) or (current.source if current else None)
            keys = {s.key for s in spans}
            if action == "reject":
                if span.key not in keys:
                    raise InputError(f"document {document_id}: gold has no {span.label} [{span.start}, {span.end})")
                spans = [s for s in spans if s.key != span.key]
            else:
                if action == "edit" and (previous is None or previous.key not in keys):
                    raise InputError(f"document {document_id}: edit needs the gold span it replaces")
                drop = {previous.key} if previous is not None else set()
                if action == "pick":
                    drop |= {
                        s.key for s in spans if _layer(s.label) == _layer(span.label) and s.overlaps(span)
                    }
                drop.add(span.key)
                spans = [s for s in spans if s.key not in drop]
                provenance = dict(span.attrs.get("provenance") or {})
                provenance.update({"decided_by": decided_by, "disputed": False})
                provenance.setdefault("strategy", "hand")
                spans.append(span.with_attrs(provenance=provenance))
            gold = Annotation(
                document_id=document_id, kind="gold", source=decided_by, spans=sort_spans(spans),
                meta={"hand_edited": True, "strategy": strategy},
            )
            stamp = now_iso()
            self.database.execute(
                "UPDATE annotations SET status = 'superseded', updated_at = ? WHERE kind = 'gold' "
                "AND status = 'current' AND document_id = ? AND source != ?",
                (stamp, document_id, decided_by),
            )
            self.save_annotations([gold])  # type: ignore[attr-defined]
            self._log([
                (document_id, action, _span_json(span), _span_json(previous), strategy, decided_by, stamp, "{}")
            ])
        return self.gold_layer([document_id])[document_id]
