"""Gather what the dashboard pages show, from the library functions the CLI uses too."""

from __future__ import annotations

from typing import Any

from annotate.agreement.compute import agreement_report
from annotate.agreement.report import AgreementReport
from annotate.evaluation.history import f1_by_version, history
from annotate.schema import LABEL_NAMES
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
    """Return evaluation history, per-label strict F1 per model version, the latest confusion table, corrections.

    ``history`` lists every saved ``annotate evaluate`` run, oldest first; ``by_version`` keeps
    each model version's latest run, which is what the chart draws.
    """
    runs = history(store)
    by_version = f1_by_version(runs, "strict")
    confusion = runs[-1].confusion if runs else {}
    columns = sorted({c for cells in confusion.values() for c in cells}, key=_confusion_order)
    return {
        "history": [
            {"model_version": r.model_version, "created_at": r.created_at[:16].replace("T", " "),
             "gold": r.gold_source, "documents": r.documents,
             "micro": r.micro_f1.get("strict"), "value_accuracy": r.value_accuracy}
            for r in runs
        ],
        "by_version": by_version,
        "confusion": dict(sorted(confusion.items(), key=lambda kv: _confusion_order(kv[0]))),
        "confusion_columns": columns,
        "corrections": [c.as_dict() for c in store.correction_stats()],
    }


def _confusion_order(label: str) -> tuple[int, str]:
    """Order schema labels as in the schema, then the missed/spurious rows and columns."""
    return (LABEL_NAMES.index(label), "") if label in LABEL_NAMES else (len(LABEL_NAMES), label)
