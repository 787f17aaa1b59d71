"""``annotate adjudicate``: build the gold layer from the annotators' versions."""

from __future__ import annotations

import click

from annotate.adjudication import adjudicate as run_adjudication
from annotate.cli.options import common_options, echo_json, open_store


@click.command()
@click.option("--strategy", default="majority", show_default=True,
              help="majority, annotator:NAME (trust NAME; others fill gaps only when all agree), or union-review.")
@click.option("--min-agree", type=click.IntRange(min=1), default=None,
              help="majority: annotators who must mark a span alike (default: more than half).")
@click.option("--annotator", "annotators", multiple=True, help="Only these annotators' versions (repeatable).")
@click.option("--force", is_flag=True, help="Also overwrite gold that was edited by hand.")
@common_options()
def adjudicate(
    strategy: str, min_agree: int | None, annotators: tuple[str, ...], force: bool, db_path: str, as_json: bool
) -> None:
    """Adjudicate every annotated document into gold, each span with its provenance.

    Gold edited by hand is kept unless --force. Each run is logged in the gold decisions.

    Example:

        annotate adjudicate --strategy majority --min-agree 2
    """
    chosen = {a.strip() for item in annotators for a in item.split(",") if a.strip()}
    store = open_store(db_path, create=False)
    try:
        anns = [a for a in store.annotations(kind="annotation") if not chosen or a.source in chosen]
        result = run_adjudication(
            anns, strategy, min_agree=min_agree, hand_edited=store.hand_edited(), force=force
        )
        with store.transaction():
            saved = store.save_gold(result.gold, decided_by="annotate adjudicate", strategy=result.strategy)
    finally:
        store.close()
    summary = result.summary()
    summary["changed"] = sum(1 for r in saved if r.outcome != "unchanged")
    summary["kept_documents"] = result.protected
    if as_json:
        echo_json(summary)
        return
    click.echo(
        f"{result.strategy}: {summary['gold_documents']} of {summary['documents']} documents adjudicated "
        f"({summary['changed']} changed), {summary['gold_spans']} gold spans, "
        f"{summary['disputed_spans']} disputed"
    )
    if result.protected:
        click.echo(
            f"kept {len(result.protected)} hand-edited documents (use --force to overwrite): "
            + ", ".join(result.protected[:5]) + (" …" if len(result.protected) > 5 else "")
        )
