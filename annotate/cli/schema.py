"""``annotate schema``: show the labels; ``--write`` regenerates the label config and guidelines."""

from __future__ import annotations

from pathlib import Path

import click

from annotate.cli.options import echo_json, table
from annotate.labelstudio.config import guidelines_markdown, label_config
from annotate.schema import LABELS, SCHEMA_VERSION

# Generated files, relative to the project root (``--root``), and their generators.
GENERATED = {
    Path("label_configs") / "policy_news.xml": label_config,
    Path("docs") / "guidelines.md": guidelines_markdown,
}


def write_generated(root: Path) -> list[tuple[Path, bool]]:
    """Write every generated file under ``root``; return ``(path, changed)`` pairs."""
    results = []
    for rel, generate in GENERATED.items():
        path = root / rel
        text = generate()
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        results.append((path, changed))
    return results


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-w", "--write", is_flag=True,
              help="Regenerate label_configs/policy_news.xml and docs/guidelines.md from the schema.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Project root the generated files are written under.")
@click.option("--json", "as_json", is_flag=True, help="Print the labels as JSON.")
def schema(write: bool, root: Path, as_json: bool) -> None:
    """Show the label schema (names, colours, hotkeys); --write regenerates the files made from it.

    Example:

        annotate schema --write
    """
    if as_json:
        echo_json({
            "schema_version": SCHEMA_VERSION,
            "labels": [
                {"name": l.name, "zh": l.zh, "en": l.en, "colour": l.colour, "hotkey": l.hotkey,
                 "family": l.family, "may_overlap": l.may_overlap, "attrs": list(l.attrs),
                 "definition": l.definition}
                for l in LABELS
            ],
        })
    else:
        rows = [[l.name, l.zh, l.en, l.family, l.hotkey, l.colour, "yes" if l.may_overlap else ""]
                for l in LABELS]
        click.echo(f"schema version {SCHEMA_VERSION}")
        click.echo(table(rows, ["label", "中文", "English", "family", "hotkey", "colour", "overlaps"]))
    if write:
        for path, changed in write_generated(root):
            click.echo(f"{'wrote' if changed else 'unchanged'} {path}", err=as_json)
