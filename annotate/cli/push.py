"""``annotate push``: documents and pre-annotations become Label Studio tasks."""

from __future__ import annotations

import sys
from typing import Any

import click

from annotate.cli.options import common_options, echo_json, open_store, show_progress
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.push import DEFAULT_BATCH, DEFAULT_TITLE
from annotate.labelstudio.push import push as push_documents
from annotate.labelstudio.settings import load_connection


@click.command()
@click.option("--model-version", help="Model version whose predictions to push (default: the latest).")
@click.option("--project", type=int, help="Existing Label Studio project id (default: the one remembered, or a new one).")
@click.option("--title", default=DEFAULT_TITLE, show_default=True, help="Title of a new project.")
@click.option("--new-project", is_flag=True, help="Create a new project even if one is remembered.")
@click.option("--overlap", type=click.IntRange(1), help="Annotators per task (for agreement).")
@click.option("--share", type=click.FloatRange(0, 100), default=100.0, show_default=True,
              help="Percentage of tasks that get --overlap annotators.")
@click.option("--batch-size", type=click.IntRange(1, 5000), default=DEFAULT_BATCH, show_default=True,
              help="Tasks per import request.")
@common_options()
def push(model_version: str | None, project: int | None, title: str, new_project: bool, overlap: int | None,
         share: float, batch_size: int, db_path: str, as_json: bool) -> None:
    """Push every document, with a model version's pre-annotations, to Label Studio.

    One task per document; pushing again creates no duplicates, adds a new model
    version's predictions to existing tasks and new documents as new tasks. An
    interrupted push is finished by running it again. The server and token come from
    LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY or `annotate studio start`.

    Example:

        annotate push --model-version rules-0.1 --overlap 2 --share 20
    """
    store = open_store(db_path, create=False)
    client = LabelStudioClient(load_connection())
    bar: Any = None

    def tick(n: int, total: int) -> None:
        nonlocal bar
        if not show_progress(as_json):
            return
        if bar is None:
            bar = click.progressbar(length=total, label="pushing", file=sys.stderr)
            bar.__enter__()
        bar.update(n)

    try:
        result = push_documents(store, client, model_version=model_version, project=project, title=title,
                                overlap=overlap, share=share if overlap else None, batch_size=batch_size,
                                new_project=new_project, progress=tick)
    finally:
        store.close()
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        echo_json(result.as_dict())
        return
    click.echo(f"project {result.project} ({'created' if result.created_project else 'reused'}): {result.project_url}")
    click.echo(f"tasks: {result.tasks_created} created, {result.tasks_existing} already there"
               + (f" ({result.tasks_reconciled} recovered from an interrupted push)" if result.tasks_reconciled else ""))
    click.echo(f"predictions ({result.model_version or 'none'}): {result.predictions_created} created, "
               f"{result.predictions_existing} already there, {result.without_prediction} tasks without")
    if result.duplicates_in_label_studio:
        click.echo(f"warning: {len(result.duplicates_in_label_studio)} documents have several tasks in Label Studio",
                   err=True)
