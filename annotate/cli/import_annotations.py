"""``annotate import-annotations``: bring in annotations made with other tools."""

from __future__ import annotations

from typing import Any

import click

from annotate.cli.options import common_options, echo_json, open_store
from annotate.importers import FORMATS, read_annotations


@click.command("import-annotations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--annotator", help="Annotator name for records that do not name one.")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
    help="Force a format (default: detect each record's from its keys).",
)
@common_options()
def import_annotations(file: str, annotator: str | None, fmt: str | None, db_path: str, as_json: bool) -> None:
    """Import annotations from our predict JSONL, doccano JSONL or a Label Studio JSON export.

    Documents are matched to stored ones by exact text, or added. Bad records and spans go
    to quarantine with their line and reason; everything is written in one transaction.

    Example:

        annotate import-annotations doccano_alice.jsonl --annotator alice
    """
    store = open_store(db_path)
    try:
        batch = read_annotations(file, fmt=fmt, annotator=annotator, known=store.get_document)
        with store.transaction():
            added = store.add_documents((doc, None) for doc in batch.documents.values())
            saved = store.save_annotations(list(batch.annotations.values()))
            store.quarantine(batch.quarantined)
    finally:
        store.close()
    outcomes = {o: sum(1 for r in saved if r.outcome == o) for o in ("added", "replaced", "unchanged")}
    summary: dict[str, Any] = {
        "file": file,
        "format": batch.format,
        "records": batch.records,
        "documents_matched": sum(1 for r in added if r.outcome == "unchanged"),
        "documents_added": sum(1 for r in added if r.outcome != "unchanged"),
        "annotations": outcomes,
        "annotators": sorted({a for _, a in batch.annotations}),
        "spans": sum(len(a.spans) for a in batch.annotations.values()),
        "quarantined": len(batch.quarantined),
    }
    if as_json:
        echo_json(summary)
        return
    click.echo(
        f"{file} ({batch.format}): {batch.records} records, {summary['documents_matched']} documents matched, "
        f"{summary['documents_added']} added"
    )
    click.echo(
        f"annotations: {outcomes['added']} added, {outcomes['replaced']} replaced, {outcomes['unchanged']} unchanged "
        f"({summary['spans']} spans) by {', '.join(summary['annotators']) or 'nobody'}"
    )
    if batch.quarantined:
        click.echo(f"quarantined: {len(batch.quarantined)} (see `annotate stats`); first: {batch.quarantined[0].reason}")
