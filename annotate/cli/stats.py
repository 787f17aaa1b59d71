"""``annotate stats``: what the store holds."""

from __future__ import annotations

import click

from annotate.cli.options import common_options, echo_json, open_store, table
from annotate.stats import store_stats


@click.command()
@click.option("--corrections", is_flag=True,
              help="Also show, per model version, pre-annotated spans accepted/edited/deleted and spans added.")
@common_options()
def stats(db_path: str, as_json: bool, corrections: bool = False) -> None:
    """Show documents, scripts, quality flags and spans per label per source.

    Example:

        annotate stats --db annotate.db --json
    """
    store = open_store(db_path, create=False)
    try:
        data = store_stats(store)
        if corrections:
            data["corrections"] = [c.as_dict() for c in store.correction_stats()]
    finally:
        store.close()
    if as_json:
        echo_json(data)
        return
    if corrections:
        from annotate.cli.corrections import print_corrections

        print_corrections(data["corrections"])
    docs = data["documents"]
    click.echo(f"documents: {docs['current']} current, {docs['all']} stored counting older versions, "
        f"{docs['characters']} characters")
    click.echo("scripts: " + ", ".join(f"{k} {v}" for k, v in data["scripts"].items()))
    flags = data["quality_flags"]
    click.echo("quality flags: " + (", ".join(f"{k} {v}" for k, v in flags.items()) or "none"))
    click.echo(f"quarantined records: {data['quarantined']}")
    click.echo("rows: " + ", ".join(f"{name} {n}" for name, n in data["tables"].items() if n))
    rows = [[r["kind"], r["source"], r["label"], r["spans"]] for r in data["spans"]]
    if rows:
        click.echo("")
        click.echo(table(rows, ["kind", "source", "label", "spans"]))
    else:
        click.echo("spans: none yet (run `annotate preannotate`)")
