"""``annotate demo``: the main job in one command, optionally with simulated annotators."""

from __future__ import annotations

import click

from annotate.cli.options import common_options, echo_json, open_store


@click.command()
@click.option("--simulate", is_flag=True, help="Add two simulated annotators' corrections and pull them.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the simulated corrections.")
@common_options()
def demo(simulate: bool, seed: int, db_path: str, as_json: bool) -> None:
    """Ingest the sample corpus, pre-annotate, start Label Studio, push; print URL and login.

    With --simulate, two simulated annotators (real Label Studio users) correct the
    pre-annotations through the server's API (boundary shifts, wrong labels, missed and
    extra spans; seeded), and their work is pulled into the store. Running it again
    changes nothing. Uses LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY when both are set,
    else starts the local server (`annotate studio start`).

    Example:

        annotate demo --simulate && annotate stats --corrections
    """
    from annotate.labelstudio.demo import run_demo

    store = open_store(db_path)
    try:
        result = run_demo(store, simulate=simulate, seed=seed,
                          say=(lambda m: None) if as_json else (lambda m: click.echo(m, err=True)))
    finally:
        store.close()
    if as_json:
        echo_json(result.as_dict())
        return
    push = result.push
    click.echo(f"{result.documents} documents pre-annotated by {result.model_version}; "
               f"{push['tasks_created']} tasks created, {push['tasks_existing']} already there.")
    if simulate:
        sim, pulled = result.simulation, result.pull
        for email, made in sim["annotators"].items():
            click.echo(f"simulated {email}: {made} annotations, {sim['skipped'][email]} skipped")
        click.echo(f"pulled: {pulled['added']} added, {pulled['replaced']} replaced, "
                   f"{pulled['quarantined']} regions quarantined")
        from annotate.cli.corrections import print_corrections

        print_corrections(result.corrections)
    click.echo(f"Open {result.project_url} and log in {result.login}.")
