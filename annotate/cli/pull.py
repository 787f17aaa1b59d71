"""``annotate pull``: every annotator's work in Label Studio comes back into the store."""

from __future__ import annotations

import click

from annotate.cli.options import common_options, echo_json, open_store
from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.pull import pull as pull_annotations
from annotate.labelstudio.settings import load_connection


@click.command()
@click.option("--project", type=int, help="Label Studio project id (default: the one `annotate push` used).")
@click.option("--full", is_flag=True, help="Read the whole project export instead of only changed tasks.")
@common_options()
def pull(project: int | None, full: bool, db_path: str, as_json: bool) -> None:
    """Pull the annotations of all annotators that changed since the last pull.

    The first pull reads the project export; later ones only the tasks Label Studio
    changed since (--full reads everything again, e.g. after bulk deletions in the UI).

    Regions are validated (offsets, text, label, overlaps); bad ones go to quarantine and
    the rest is stored. An updated annotation replaces the current one and keeps the old
    one as history; deleted ones are marked; skipped tasks are recorded as cancelled.

    Example:

        annotate pull && annotate stats --corrections
    """
    store = open_store(db_path, create=False)
    try:
        client = LabelStudioClient(load_connection())
        result = pull_annotations(store, client, project=project, full=full)
    finally:
        store.close()
    if as_json:
        echo_json(result.as_dict())
        return
    click.echo(f"project {result.project}: {result.tasks} tasks, {result.annotations} annotations "
               f"by {len(result.annotators)} changed annotators")
    click.echo(f"stored: {result.added} added, {result.replaced} replaced (history kept), {result.unchanged} "
               f"unchanged, {result.deleted} marked deleted, {result.cancelled} skipped/cancelled")
    if result.quarantined:
        click.echo(f"quarantined regions: {result.quarantined} (see the quarantine table)", err=True)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
