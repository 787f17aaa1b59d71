"""``annotate evaluate``: score predictions against gold, keep the history, write a report."""

from __future__ import annotations

from pathlib import Path

import click

from annotate.cli.options import common_options, echo_json, open_store, table
from annotate.errors import InputError
from annotate.evaluation.scoring import SCHEMES, EvaluationResult


def _labels(names: str | None) -> tuple[str, ...]:
    from annotate.schema import select_labels

    try:
        return select_labels(names)
    except KeyError as exc:
        raise InputError(f"--labels: {exc.args[0]}") from None


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_result(result: EvaluationResult, run_id: int | None) -> None:
    click.echo(f"{result.model_version or 'predictions'} against {result.gold_source or 'gold'}: "
               f"{result.documents} documents")
    for note in result.notes:
        click.echo(f"Note: {note}")
    rows: list[list[object]] = [[s, _f(result.micro[s].precision), _f(result.micro[s].recall), _f(result.micro[s].f1),
             _f(result.macro[s].f1)] for s in SCHEMES]
    click.echo(table(rows, ["scheme", "micro P", "micro R", "micro F1", "macro F1"]))
    click.echo("")
    rows = [
        [label, ls.support, ls.predicted, _f(ls.schemes["strict"].precision), _f(ls.schemes["strict"].recall),
         _f(ls.schemes["strict"].f1), _f(ls.schemes["partial"].f1)]
        for label, ls in result.per_label.items()
    ]
    click.echo(table(rows, ["label", "gold", "pred", "strict P", "strict R", "strict F1", "partial F1"]))
    va = result.value_accuracy
    click.echo(f"\nFigure value accuracy: {_f(va.accuracy)} ({va.equal} of {va.matched} matched figures)")
    if run_id is not None:
        click.echo(f"Saved as evaluation run {run_id} (see annotate evaluate --history).")


@click.command("evaluate")
@click.option("--model-version", default=None, help="Model version to score (default: the latest predictions).")
@click.option("--gold", "gold_path", type=click.Path(dir_okay=False, path_type=Path), help="Gold JSONL (files mode).")
@click.option("--pred", "pred_path", type=click.Path(dir_okay=False, path_type=Path), help="Predictions JSONL (files mode).")
@click.option("--labels", default=None, help="Comma-separated labels to score (default all).")
@click.option("--history", "show_history", is_flag=True, help="Show saved runs across model versions.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write an HTML (.html) or Markdown (.md) report.")
@click.option("--worst", type=int, default=20, show_default=True, help="How many worst errors to keep.")
@common_options()
def evaluate(
    model_version: str | None, gold_path: Path | None, pred_path: Path | None, labels: str | None,
    show_history: bool, report_path: Path | None, worst: int, db_path: str, as_json: bool,
) -> None:
    """Score predictions against gold (strict, exact, partial, type), per label and overall.

    From the store, a model version's predictions are scored against the gold layer and
    the run is saved; --history shows how F1 changed across versions. From files, both
    are JSONL in the `annotate predict` format, matched by id or text.

    Example:

    \b
        annotate evaluate --report report.html
        annotate evaluate --history
        annotate evaluate --gold gold.jsonl --pred pred.jsonl --json
    """
    from annotate.evaluation.history import f1_by_version, history, save_run
    from annotate.evaluation.inputs import StorePairs, file_pairs
    from annotate.evaluation.report import write_report
    from annotate.evaluation.scoring import evaluate_pairs

    chosen = _labels(labels)
    if show_history:
        with open_store(db_path, create=False) as store:
            runs = history(store, model_version)
        if as_json:
            echo_json([r.model_dump() for r in runs])
            return
        if not runs:
            click.echo("No evaluation runs saved yet (run annotate evaluate first).")
            return
        shown = [label for label in chosen if any(label in r.label_f1.get("strict", {}) for r in runs)]
        rows = [[r.id, r.created_at[:16].replace("T", " "), r.model_version, r.gold_source, r.documents,
                 _f(r.micro_f1.get("strict")), _f(r.micro_f1.get("partial")),
                 *(_f(r.label_f1.get("strict", {}).get(label)) for label in shown)] for r in runs]
        click.echo(table(rows, ["run", "date (UTC)", "model version", "gold", "docs", "strict F1", "partial F1", *shown]))
        if len({r.gold_source for r in runs}) > 1:
            click.echo("Runs scored against different gold are not comparable with each other.")
        return
    if (gold_path is None) != (pred_path is None):
        raise InputError("give both --gold and --pred (files mode), or neither (store mode)")
    run_id = None
    if gold_path is not None and pred_path is not None:
        pairs, notes = file_pairs(gold_path, pred_path)
        result = evaluate_pairs(pairs, chosen, worst=worst, model_version=pred_path.name,
                                gold_source=gold_path.name, notes=notes)
        chart = None
    else:
        with open_store(db_path, create=False) as store:
            version = model_version or store.latest_model_version()
            if version is None:
                raise InputError(f"{db_path}: no predictions to evaluate (run annotate preannotate first)")
            pairs_iter = StorePairs(store, version)
            result = evaluate_pairs(pairs_iter, chosen, worst=worst, model_version=version)
            if result.documents == 0:
                raise InputError(f"{db_path}: no gold annotations to evaluate against (run annotate adjudicate)")
            result.gold_source = ",".join(sorted(pairs_iter.gold_sources))
            if pairs_iter.without_prediction:
                result.notes.append(
                    f"{pairs_iter.without_prediction} gold documents have no prediction from {version} "
                    "(scored as predicting nothing)"
                )
            run_id = save_run(store, result)
            chart = f1_by_version(history(store))
    if report_path is not None:
        write_report(report_path, result, chart)
    if as_json:
        echo_json({**result.model_dump(), "run_id": run_id, "report": str(report_path) if report_path else None})
        return
    _print_result(result, run_id)
    if report_path is not None:
        click.echo(f"Report: {report_path}")
