"""``annotate studio start|stop|status``: a local Label Studio for people who have none."""

from __future__ import annotations

from dataclasses import asdict

import click

from annotate.cli.hooks import connect, disconnect
from annotate.cli.options import echo_json
from annotate.labelstudio import server


def _say(message: str) -> None:
    click.echo(message, err=True)


def _describe(info: server.ServerInfo) -> list[str]:
    return [
        f"Label Studio is running at {info.url} (pid {info.pid}).",
        f"Log in as {info.email}; the password is the \"password\" entry of {info.config_path} "
        "(readable only by you).",
        f"Data: {info.data_dir}   Log: {info.log_file}",
        "Stop it with: annotate studio stop",
    ]


def _as_json(info: server.ServerInfo | None) -> dict[str, object]:
    if info is None:
        return {"running": False}
    return {"running": True, **{k: str(v) if not isinstance(v, int | bool) else v for k, v in asdict(info).items()}}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def studio() -> None:
    """Run a local Label Studio: installed on first use in its own venv, bound to 127.0.0.1.

    The admin login and API token are generated once and kept in $ANNOTATE_HOME/studio.json
    or ~/.config/annotate/studio.json (mode 0600); the token is never printed. `annotate push`
    and `pull` use that file unless LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY are set.

    Example:

        annotate studio start && annotate push && annotate studio status
    """


@studio.command()
def install() -> None:
    """Install Label Studio into its own virtualenv if it is not there yet (idempotent).

    Example:

        annotate studio install
    """
    venv = server.install(progress=_say)
    click.echo(f"Label Studio {server.installed_version(venv)} installed in {venv}")


@studio.command()
@click.option("--port", type=int, default=None, help="Port on 127.0.0.1 (default: last one used, else a free one).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Label Studio's data folder (default: $ANNOTATE_HOME/label-studio or "
                   "~/.local/share/annotate/label-studio).")
@click.option("--timeout", type=float, default=server.START_TIMEOUT, show_default=True,
              help="Seconds to wait until the server answers.")
def start(port: int | None, data_dir: str | None, timeout: float) -> None:
    """Install (first time), start and wait for the local Label Studio; print URL and login.

    Example:

        annotate studio start --port 8080
    """
    running = server.status()
    info = server.start(port=port, data_dir=data_dir, timeout=timeout, progress=_say)
    if running is not None:
        click.echo("Label Studio is already running.")
    for line in _describe(info):
        click.echo(line)


@studio.command()
def stop() -> None:
    """Stop the local Label Studio (SIGTERM, then SIGKILL); nothing to do if it is not running.

    Example:

        annotate studio stop
    """
    info = server.stop()
    if info is None:
        click.echo("Label Studio is not running.")
    else:
        click.echo(f"Stopped Label Studio at {info.url} (pid {info.pid}).")


@studio.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(as_json: bool) -> None:
    """Show whether the local Label Studio runs, where, and how to log in (exit 1 if not running).

    Example:

        annotate studio status --json
    """
    info = server.status()
    if as_json:
        echo_json(_as_json(info))
    elif info is None:
        click.echo("Label Studio is not running (start it with: annotate studio start).")
    else:
        lines = _describe(info)
        if not info.answering:
            lines[0] = f"Label Studio is starting at {info.url} (pid {info.pid}) but does not answer yet."
        for line in lines:
            click.echo(line)
    if info is None:
        raise click.exceptions.Exit(1)


studio.add_command(connect)
studio.add_command(disconnect)
