"""``annotate ingest``: files and folders become clean documents in the store."""

from __future__ import annotations

import sys

import click

from annotate.cli.options import common_options, echo_json, open_store, show_progress
from annotate.ingest import IngestSummary, ingest_paths


@click.command()
@click.argument("paths", nargs=-1, required=True)
@common_options()
def ingest(paths: tuple[str, ...], db_path: str, as_json: bool) -> None:
    """Ingest .txt, .md, .html and .jsonl files (folders recursively) into the store.

    Text is decoded (UTF-8, GB18030/GBK, Big5), front matter and HTML are cleaned away,
    and each document gets a stable id from its text. Re-ingesting the same file changes
    nothing; a changed file becomes a new version and the old one stays. Inputs that
    cannot be read are listed (and kept in quarantine) while the rest is stored; the exit
    status is then 1.

    Example:

        annotate ingest annotate/sample_corpus news/2024/ extra.jsonl
    """
    store = open_store(db_path)
    bar = show_progress(as_json)
    seen = 0

    def tick(name: str) -> None:
        nonlocal seen
        seen += 1
        if bar:
            click.echo(f"\r  ingested {seen} documents", nl=False, err=True)

    try:
        summary = ingest_paths(store, paths, on_document=tick)
    finally:
        store.close()
    if bar:
        click.echo("", err=True)
    if as_json:
        echo_json(summary.as_dict())
    else:
        print_summary(summary)
    if summary.failed:
        sys.exit(1)


def print_summary(summary: IngestSummary) -> None:
    """Print the ingest summary for people: counts, then each flagged and failed input."""
    click.echo(
        f"documents: {summary.added} added, {summary.unchanged} unchanged, "
        f"{summary.new_versions} new versions, {len(summary.flagged)} flagged, "
        f"{len(summary.failed)} failed"
    )
    for source, doc_id, flags in summary.flagged:
        described = ", ".join(f"{f.kind} x{f.count} at {f.first} ({f.sample!r})" for f in flags)
        click.echo(f"flagged {source} [{doc_id}]: {described}")
    for ref, reason in summary.failed:
        click.echo(f"failed {ref}: {reason}", err=True)
