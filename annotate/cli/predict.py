"""``annotate predict``: run the extractors over JSON Lines (no database)."""

from __future__ import annotations

from typing import BinaryIO

import click

from annotate.extract.jsonl import predict_lines
from annotate.extract.pipeline import Pipeline


@click.command()
@click.argument("input_file", metavar="[IN.jsonl]", required=False, type=click.File("rb"), default="-")
@click.option("-o", "--output", "output_file", type=click.File("wb"), default="-", metavar="OUT.jsonl",
              help="Where to write the predictions (default: stdout).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes.")
@click.pass_context
def predict(ctx: click.Context, input_file: BinaryIO, output_file: BinaryIO, workers: int) -> None:
    """Pre-annotate JSON Lines: each {"id", "text"} line gets its "spans".

    Reads IN.jsonl (default stdin) and writes each object with "spans": [{"start",
    "end", "label", "text", "attrs"}] added (code-point offsets into "text") to
    OUT.jsonl (default stdout), streaming in input order. A broken line is reported on
    stderr with its line number and skipped; the exit status is then 1.

    Example:

        annotate predict articles.jsonl -o predictions.jsonl --workers 2
    """
    pipeline = Pipeline()
    errors = lines = 0
    for result in predict_lines(input_file, pipeline, workers=workers):
        if result.error is not None:
            errors += 1
            click.echo(f"Error: {result.error}", err=True)
            continue
        assert result.output is not None
        output_file.write(result.output)
        lines += 1
    output_file.flush()
    if errors:
        click.echo(f"Error: {errors} of {lines + errors} lines could not be read (skipped)", err=True)
        ctx.exit(1)
