"""``annotate agreement``: how much the annotators agree, by every usual statistic."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import click

from annotate.agreement import AgreementReport, agreement_report, gold_scores
from annotate.cli.options import common_options, echo_json, open_store, table
from annotate.errors import InputError
from annotate.models import Annotation
from annotate.schema import select_labels
from annotate.store import Store


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"--since {value!r}: expected a date like 2026-01-31 or 2026-01-31T12:00") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def load_annotations(
    store: Store, *, project: int | None, annotators: list[str] | None, since: datetime | None
) -> list[Annotation]:
    """Return current human annotations passing the filters."""
    out = []
    for ann in store.annotations(kind="annotation"):
        if annotators and ann.source not in annotators:
            continue
        if project is not None and (ann.ls is None or ann.ls.project != project):
            continue
        if since is not None and (ann.updated_at or ann.created_at) < since:
            continue
        out.append(ann)
    return out


def _lengths(store: Store, ids: Iterable[str]) -> dict[str, int]:
    return {d.id: len(d.text) for d in store.documents(sorted(set(ids)), current_only=False)}


def _v(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render(report: AgreementReport, *, show_docs: int) -> str:
    """Return the human-readable tables of a report."""
    lines = [
        f"agreement over {report.documents} documents ({report.characters} characters) "
        f"annotated by two or more of: {', '.join(report.annotators) or 'nobody'}"
    ]
    f1 = report.span_f1
    if len(report.annotators) >= 2:
        names = report.annotators
        lines += ["", "span F1, strict (partial overlap), annotator x annotator:"]
        rows = [
            [a] + [
                "—" if a == b else f"{_v(f1.matrix_strict[a][b])} ({_v(f1.matrix_partial[a][b])})" for b in names
            ]
            for a in names
        ]
        lines.append(table(rows, ["", *names]))
    lines.append(f"mean span F1: strict {f1.mean_strict.show()}, partial {f1.mean_partial.show()}")
    lines += ["", "per label: span F1 (mean over pairs), unitizing alpha_u, figure value agreement:"]
    rows = []
    unused = []
    for name in report.labels:
        stats = [f1.labels[name].strict, f1.labels[name].partial, report.unitizing_alpha.labels[name]]
        if all(st.value is None for st in stats) and len(report.annotators) >= 2:
            unused.append(name)
            continue
        fig = report.figure_agreement.labels.get(name)
        rows.append([name, *(st.show() for st in stats), fig.show() if fig else ""])
    if rows:
        lines.append(table(rows, ["label", "F1 strict", "F1 partial", "alpha_u", "figure values"]))
    if unused:
        lines.append(f"undefined for {', '.join(unused)}: nobody marked them")
    lines += ["", 'character level ("O" = outside; ACTION is its own layer):']
    rows = []
    for layer, pairs in report.cohen_kappa.items():
        for p in pairs:
            rows.append([layer, "Cohen's kappa", f"{p.a} / {p.b}", p.kappa.show()])
        rows.append([layer, "Fleiss' kappa", "all", report.fleiss_kappa[layer].show()])
        rows.append([layer, "Krippendorff's alpha", "all", report.krippendorff_alpha[layer].show()])
    lines.append(table(rows, ["layer", "statistic", "annotators", "value"]))
    u = report.unitizing_alpha
    lines += [
        "",
        f"unitizing alpha_u (overall, {u.documents} documents every annotator annotated): {u.overall.show()}",
        f"figure value agreement (overall): {report.figure_agreement.overall.show()}",
    ]
    if report.per_document and show_docs:
        lines += ["", f"lowest agreement first ({min(show_docs, len(report.per_document))} of {len(report.per_document)}):"]
        rows = [
            [d.document_id, ",".join(d.annotators), str(d.spans), d.span_f1.show(), d.span_f1_partial.show(),
             d.krippendorff_alpha.show()]
            for d in report.per_document[:show_docs]
        ]
        lines.append(table(rows, ["document", "annotators", "spans", "F1 strict", "F1 partial", "alpha"]))
    for note in report.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)


@click.command()
@click.option("--project", type=int, help="Only annotations pulled from this Label Studio project.")
@click.option("--label", "labels", help="Comma-separated labels (default: all).")
@click.option("--annotator", "annotators", multiple=True, help="Only these annotators (repeat or comma-separate).")
@click.option("--since", help="Only annotations made or updated since this date (ISO 8601).")
@click.option("--vs-gold", is_flag=True, help="Also score each annotator against the adjudicated gold.")
@click.option("--documents", "show_docs", type=int, default=10, show_default=True,
              help="How many of the lowest-agreement documents to list.")
@common_options()
def agreement(
    project: int | None, labels: str | None, annotators: tuple[str, ...], since: str | None, vs_gold: bool,
    show_docs: int, db_path: str, as_json: bool,
) -> None:
    """Report inter-annotator agreement: span F1, kappa, alpha, alpha_u, figure values, per document.

    Undefined statistics (one annotator, no spans, a label nobody used) print as
    undefined with the reason.

    Example:

        annotate agreement --label PER,ORG --vs-gold --json
    """
    chosen = [a.strip() for item in annotators for a in item.split(",") if a.strip()] or None
    label_names = select_labels(labels) if labels else None
    store = open_store(db_path, create=False)
    try:
        anns = load_annotations(store, project=project, annotators=chosen, since=_since(since))
        gold = list(store.gold_layer().values()) if vs_gold else []
        lengths = _lengths(store, [a.document_id for a in anns])
    finally:
        store.close()
    report = agreement_report(lengths, anns, labels=label_names, annotators=chosen)
    scores = gold_scores(lengths, anns, gold, labels=label_names, annotators=chosen) if vs_gold else []
    if as_json:
        data = report.model_dump(mode="json")
        if vs_gold:
            data["vs_gold"] = [s.model_dump(mode="json") for s in scores]
        echo_json(data)
        return
    click.echo(render(report, show_docs=show_docs))
    if vs_gold:
        click.echo("")
        if not scores:
            click.echo("vs gold: undefined (no document has both gold and an annotator's annotation)")
            return
        click.echo("each annotator against gold (all labels):")
        rows = []
        for s in scores:
            st, pa = s.strict["ALL"], s.partial["ALL"]
            rows.append([s.annotator, s.documents, st["precision"].show(), st["recall"].show(), st["f1"].show(),
                         pa["precision"].show(), pa["recall"].show(), pa["f1"].show()])
        click.echo(table(rows, ["annotator", "docs", "P", "R", "F1", "P partial", "R partial", "F1 partial"]))
