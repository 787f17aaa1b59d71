"""The ``annotate`` group: lazy command registry, global ``--debug``, one-line errors."""

from __future__ import annotations

import importlib
import importlib.util
import signal
import traceback
from typing import Any

import click

from annotate import __version__
from annotate.errors import AnnotateError

# name -> "module:function"; each module is one file in annotate/cli/.
COMMANDS: dict[str, str] = {
    "ingest": "annotate.cli.ingest:ingest",
    "stats": "annotate.cli.stats:stats",
    "schema": "annotate.cli.schema:schema",
    "predict": "annotate.cli.predict:predict",
    "preannotate": "annotate.cli.preannotate:preannotate",
    "evaluate": "annotate.cli.evaluate:evaluate",
    "studio": "annotate.cli.studio:studio",
    "push": "annotate.cli.push:push",
    "pull": "annotate.cli.pull:pull",
    "demo": "annotate.cli.demo:demo",
    "import-annotations": "annotate.cli.import_annotations:import_annotations",
    "agreement": "annotate.cli.agreement:agreement",
    "adjudicate": "annotate.cli.adjudicate:adjudicate",
    "conflicts": "annotate.cli.conflicts:conflicts",
    "export": "annotate.cli.export:export",
    "serve": "annotate.cli.serve:serve",
}


class AnnotateGroup(click.Group):
    """A group that imports each command on first use and reports errors as one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            name for name, target in COMMANDS.items()
            if importlib.util.find_spec(target.split(":")[0]) is not None
        )

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        if importlib.util.find_spec(module_name) is None:
            return None
        return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            if ctx.meta.get("annotate.debug"):
                traceback.print_exc()
                raise click.exceptions.Exit(1) from exc
            if isinstance(exc, AnnotateError):
                raise click.ClickException(str(exc)) from exc
            message = str(exc).splitlines()[0] if str(exc) else ""
            raise click.ClickException(
                f"{type(exc).__name__}: {message} (run with --debug for the traceback)"
            ) from exc


@click.group(cls=AnnotateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotate")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Annotate Chinese news: ingest, pre-annotate, Label Studio round trip, agreement, gold, export.

    Every command that uses the store takes --db PATH (or $ANNOTATE_DB; default ./annotate.db).

    Example:

        annotate ingest annotate/sample_corpus && annotate stats
    """
    ctx.meta["annotate.debug"] = debug


def main() -> None:
    """Run the command line (the ``annotate`` console script).

    SIGPIPE gets its default action, so ``annotate stats | head`` ends quietly as other Unix
    tools do instead of reporting a broken pipe.
    """
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    cli.main(prog_name="annotate")


if __name__ == "__main__":  # pragma: no cover
    main()
