"""``annotate preannotate``: save the pipeline's predictions for the store's documents."""

from __future__ import annotations

import sys

import click

from annotate.cli.options import common_options, echo_json, open_store, show_progress, table
from annotate.extract.pipeline import Pipeline
from annotate.preannotate import preannotate as run_preannotate


@click.command()
@common_options()
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes.")
def preannotate(db_path: str, as_json: bool, workers: int) -> None:
    """Pre-annotate every document in the store with the current model version.

    Predictions are saved as kind "prediction" with source = the model version (the
    package version plus a hash of the extractor configuration, dictionaries and
    sources), in one transaction. Running the same version again changes nothing.

    Example:

        annotate preannotate --db corpus.db --workers 2
    """
    store = open_store(db_path)
    try:
        pipeline = Pipeline()
        total = store.count_documents()
        if show_progress(as_json):
            with click.progressbar(length=total, label="Pre-annotating", file=sys.stderr) as bar:
                summary = run_preannotate(store, pipeline, workers=workers, progress=bar.update)
        else:
            summary = run_preannotate(store, pipeline, workers=workers)
    finally:
        store.close()
    if as_json:
        echo_json(summary.as_dict())
        return
    click.echo(
        f"Model {summary.model_version}: {summary.documents} documents "
        f"({summary.added} added, {summary.replaced} replaced, {summary.unchanged} unchanged), "
        f"{summary.spans} spans in {summary.seconds:.1f}s"
    )
    if summary.labels:
        click.echo(table([[label, n] for label, n in sorted(summary.labels.items())], ["label", "spans"]))
