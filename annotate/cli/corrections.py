"""Text output of ``annotate stats --corrections`` (the data comes from ``Store.correction_stats``)."""

from __future__ import annotations

from typing import Any

import click

from annotate.cli.options import table


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def print_corrections(rows: list[dict[str, Any]]) -> None:
    """Print per model version how annotators treated its pre-annotations, then a blank line."""
    if not rows:
        click.echo("corrections: none yet (run `annotate push`, annotate, then `annotate pull`)\n")
        return
    click.echo("pre-annotation corrections (shares of predicted spans):")
    click.echo(table(
        [[r["model_version"], r["annotations"], r["predicted"], f"{r['accepted']} ({_pct(r['accepted_share'])})",
          f"{r['edited']} ({_pct(r['edited_share'])})", f"{r['deleted']} ({_pct(r['deleted_share'])})", r["added"]]
         for r in rows],
        ["model version", "annotations", "predicted", "accepted", "edited", "deleted", "added"],
    ))
    click.echo("")
