"""Options shared by many commands, declared once, and output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from annotate.store import Store

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def db_option(f: F) -> F:
    """Add ``--db PATH`` (env ``ANNOTATE_DB``, default ``annotate.db``)."""
    return click.option(
        "--db",
        "db_path",
        envvar="ANNOTATE_DB",
        default="annotate.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="SQLite gold-corpus file (env ANNOTATE_DB).",
    )(f)


def json_option(f: F) -> F:
    """Add ``--json``: print the result as JSON data instead of tables."""
    return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(f)


def common_options(*, json_output: bool = True) -> Callable[[F], F]:
    """Add the shared options: ``--db`` and, where output is data, ``--json``."""

    def decorate(f: F) -> F:
        f = db_option(f)
        if json_output:
            f = json_option(f)
        return f

    return decorate


def open_store(db_path: str, *, create: bool = True) -> Store:
    """Open the store for a command (errors become one-line ``StoreError``)."""
    return Store(db_path, create=create)


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON, keeping Chinese characters readable."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str))


def show_progress(as_json: bool = False) -> bool:
    """Return whether to draw a progress bar: on a terminal and not in ``--json`` mode."""
    return not as_json and sys.stderr.isatty()


@contextmanager
def progress(
    items: Iterable[T], *, length: int | None = None, label: str = "", enabled: bool = True
) -> Iterator[Iterable[T]]:
    """Yield ``items`` wrapped in a progress bar on stderr when ``enabled``."""
    if not enabled:
        yield items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield bar


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """Format rows as a plain aligned text table (CJK characters count double width)."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
