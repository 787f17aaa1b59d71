"""Save store-based evaluation runs and read back how accuracy changed across model versions."""

from __future__ import annotations

from pydantic import BaseModel

from annotate.evaluation.scoring import SCHEMES, EvaluationResult
from annotate.store import Store


class RunSummary(BaseModel):
    """One saved run: model version, when, on how many documents, F1 per scheme and per label."""

    id: int
    model_version: str
    gold_source: str
    created_at: str
    documents: int
    micro_f1: dict[str, float | None]
    macro_f1: dict[str, float | None]
    label_f1: dict[str, dict[str, float | None]]  # scheme -> label -> F1
    value_accuracy: float | None = None
    confusion: dict[str, dict[str, int]] = {}  # gold label -> predicted label -> count


def save_run(store: Store, result: EvaluationResult) -> int:
    """Save a result (its model version and gold source must be set); return the run id."""
    rows: list[tuple[str, str, float | None, float | None, float | None, int | None, int | None]] = []
    for label, scores in result.per_label.items():
        for scheme, c in scores.schemes.items():
            rows.append((label, scheme, c.precision, c.recall, c.f1, scores.support, scores.predicted))
    for scheme in SCHEMES:
        m = result.micro[scheme]
        rows.append(("micro", scheme, m.precision, m.recall, m.f1, m.possible, m.actual))
        a = result.macro[scheme]
        rows.append(("macro", scheme, a.precision, a.recall, a.f1, None, None))
    summary = {
        "labels": result.labels,
        "value_accuracy": result.value_accuracy.model_dump(),
        "micro": {s: {"precision": c.precision, "recall": c.recall, "f1": c.f1} for s, c in result.micro.items()},
        "confusion": result.confusion,
        "notes": result.notes,
    }
    return store.save_eval_run(
        result.model_version or "unknown", result.gold_source or "gold", result.documents, summary, rows
    )


def history(store: Store, model_version: str | None = None) -> list[RunSummary]:
    """Return every saved run (oldest first) with its F1 figures."""
    runs = store.eval_runs(model_version)
    scores = store.eval_scores([r.id for r in runs])
    by_run: dict[int, list] = {}  # type: ignore[type-arg]
    for s in scores:
        by_run.setdefault(s.run_id, []).append(s)
    out = []
    for run in runs:
        micro: dict[str, float | None] = {}
        macro: dict[str, float | None] = {}
        labels: dict[str, dict[str, float | None]] = {scheme: {} for scheme in SCHEMES}
        for s in by_run.get(run.id, []):
            if s.label == "micro":
                micro[s.scheme] = s.f1
            elif s.label == "macro":
                macro[s.scheme] = s.f1
            else:
                labels.setdefault(s.scheme, {})[s.label] = s.f1
        out.append(
            RunSummary(
                id=run.id, model_version=run.model_version, gold_source=run.gold_source,
                created_at=run.created_at, documents=run.documents, micro_f1=micro, macro_f1=macro,
                label_f1=labels, value_accuracy=run.summary.get("value_accuracy", {}).get("accuracy"),
                confusion=run.summary.get("confusion", {}),
            )
        )
    return out


def f1_by_version(runs: list[RunSummary], scheme: str = "strict") -> dict[str, dict[str, float | None]]:
    """Return ``{model version: {label: F1}}`` from each version's latest run, versions oldest first."""
    latest: dict[str, RunSummary] = {}
    for run in runs:  # oldest first, so later runs replace earlier ones
        latest.pop(run.model_version, None)
        latest[run.model_version] = run
    return {version: dict(run.label_f1.get(scheme, {})) for version, run in latest.items()}
