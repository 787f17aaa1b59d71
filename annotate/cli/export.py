"""``annotate export``: write a training dataset (with its card) from the store."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from annotate.cli.options import common_options, echo_json, open_store, table
from annotate.export import EXPORTERS
from annotate.export.bio import SCHEMES


def canonical_command(**opts: object) -> str:
    """Return the command line that reproduces an export (options in a fixed order)."""
    parts = ["annotate", "export", "--format", str(opts["fmt"]), "--out", str(opts["out"])]
    parts += ["--source", str(opts["source"])]
    for flag, key in (("--labels", "labels"), ("--split", "split")):
        if opts.get(key):
            parts += [flag, str(opts[key])]
    if opts.get("split"):
        parts += ["--seed", str(opts["seed"])]
    parts += ["--scheme", str(opts["scheme"])]
    if opts.get("layers"):
        parts.append("--layers")
    return shlex.join(parts)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORTERS)), required=True, help="Output format.")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Output folder (default exports/FORMAT/).",
)
@click.option(
    "--source", default="gold", show_default=True,
    help="What to export: gold, annotator:NAME or model:VERSION (model:latest for the newest).",
)
@click.option("--labels", default=None, help="Comma-separated labels to keep (default all).")
@click.option("--split", "split", default=None, help="Split by document, e.g. 80/10/10 or 90/10.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the split.")
@click.option("--scheme", type=click.Choice(SCHEMES), default="BIO", show_default=True, help="Tag scheme.")
@click.option("--layers", is_flag=True, help="conll: write ACTION tags to SPLIT.action.conll.")
@common_options()
def export(
    fmt: str, out: Path | None, source: str, labels: str | None, split: str | None, seed: int,
    scheme: str, layers: bool, db_path: str, as_json: bool,
) -> None:
    """Export annotations to jsonl, conll, hf, spacy or label-studio, with a README.md dataset card.

    Splits are by document and deterministic from --seed; exact and near duplicates always
    land in the same split. The store is only read; the same command gives the same bytes.

    Example:

    \b
        annotate export --format conll --out exports/gold-conll/ --split 80/10/10 --seed 13
        annotate export --format hf --source annotator:li --labels PER,ORG,LOC
    """
    from annotate.export.run import export_corpus
    from annotate.export.select import parse_source

    out = out or Path("exports") / fmt
    store = open_store(db_path, create=False)
    try:
        source = parse_source(source, store).spec  # model:latest -> model:VERSION, so the card reproduces
        command = canonical_command(
            fmt=fmt, out=out.as_posix(), source=source, labels=labels, split=split, seed=seed,
            scheme=scheme, layers=layers,
        )
        result = export_corpus(
            store, fmt, out, source=source, labels=labels, split=split, seed=seed,
            scheme=scheme, separate_layers=layers, command=command,  # type: ignore[arg-type]
        )
    finally:
        store.close()
    if as_json:
        echo_json(result.model_dump())
        return
    rows = [[name, n, sum(result.spans[name].values())] for name, n in result.splits.items()]
    click.echo(table(rows, ["split", "documents", "spans"]))
    click.echo(f"Wrote {len(result.files)} files to {result.out} (see README.md there).")
