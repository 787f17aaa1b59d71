"""Dashboard pages: overview, agreement (heat map, per-label bars, hardest documents), accuracy."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import Blueprint, render_template

from annotate.schema import LABEL_NAMES
from annotate.stats import store_stats
from annotate.web import charts, get_store
from annotate.web.data import accuracy_data, agreement_data

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def overview() -> Any:
    """Show documents, annotation progress per annotator, spans per label per source, flags."""
    store = get_store()
    stats = store_stats(store)
    total = stats["documents"]["current"] or 0
    progress: list[dict[str, Any]] = [
        {"annotator": name, "documents": n, "share": (n / total) if total else None}
        for name, n in store.sources("annotation")
    ]
    per_source: dict[str, Counter[str]] = {}
    for row in stats["spans"]:
        per_source.setdefault(f"{row['kind']}:{row['source']}", Counter())[row["label"]] = row["spans"]
    sources = sorted(per_source)
    top = max((max(c.values(), default=0) for c in per_source.values()), default=0) or 1
    span_chart = charts.grouped_bars(
        list(LABEL_NAMES),
        {src: [per_source[src].get(l, 0) / top for l in LABEL_NAMES] for src in sources},
        title=f"Spans per label per source (scaled to the largest count, {top})",
        width=max(720, 80 * len(LABEL_NAMES)),
    ) if sources else ""
    progress_chart = charts.bar_chart(
        {p["annotator"]: p["share"] for p in progress}, title="Share of documents annotated", max_value=1.0
    ) if progress else ""
    flagged = store.flagged_documents()
    return render_template(
        "overview.html", stats=stats, progress=progress, progress_chart=progress_chart,
        span_chart=span_chart, per_source=per_source, sources=sources, labels=LABEL_NAMES, flagged=flagged,
    )


@bp.get("/agreement")
def agreement() -> Any:
    """Show the annotator x annotator heat map, per-label bars per statistic, the hardest documents."""
    report = agreement_data(get_store())
    if report is None or not report.annotators:
        return render_template("agreement.html", report=None)
    names = report.annotators
    matrix = [[report.span_f1.matrix_strict.get(a, {}).get(b) for b in names] for a in names]
    heat = charts.heatmap(names, names, matrix, title="Pairwise span F1 (strict)")
    heat_partial = charts.heatmap(
        names, names, [[report.span_f1.matrix_partial.get(a, {}).get(b) for b in names] for a in names],
        title="Pairwise span F1 (partial overlap)",
    )
    labels = [l for l in report.labels]
    per_label = charts.grouped_bars(
        labels,
        {
            "span F1 strict": [report.span_f1.labels[l].strict.value if l in report.span_f1.labels else None for l in labels],
            "span F1 partial": [report.span_f1.labels[l].partial.value if l in report.span_f1.labels else None for l in labels],
            "alpha_u": [report.unitizing_alpha.labels[l].value if l in report.unitizing_alpha.labels else None for l in labels],
        },
        title="Agreement per label",
        width=max(720, 90 * len(labels)),
    )
    return render_template(
        "agreement.html", report=report, heat=heat, heat_partial=heat_partial, per_label=per_label,
        hardest=report.per_document[:20],
    )


@bp.get("/accuracy")
def accuracy() -> Any:
    """Show per-label F1 per model version over time, the confusion table and correction rates."""
    data = accuracy_data(get_store())
    chart = ""
    if data["by_version"]:
        versions = list(data["by_version"])
        series = {
            label: [data["by_version"][v].get(label) for v in versions]
            for label in LABEL_NAMES if any(label in f1 for f1 in data["by_version"].values())
        }
        if len(versions) > 1:
            chart = charts.line_chart(versions, series, title="Strict F1 per label per model version")
        else:  # one version: a line has no length, so show each label's bar
            labels = list(series)
            chart = charts.grouped_bars(
                labels, {versions[0]: [series[l][0] for l in labels]},
                title="Strict F1 per label per model version", width=max(720, 72 * len(labels)),
            )
    return render_template("accuracy.html", data=data, chart=chart)
