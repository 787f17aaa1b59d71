"""``annotate conflicts``: every place the annotators disagree, and a Label Studio review round trip."""

from __future__ import annotations

import click

from annotate.adjudication import find_conflicts, group_versions
from annotate.cli.options import common_options, echo_json, open_store, table


@click.command()
@click.option("--annotator", "annotators", multiple=True, help="Only these annotators' versions (repeatable).")
@click.option("--label", "labels", help="Only conflicts involving these comma-separated labels.")
@click.option("--limit", type=int, default=50, show_default=True, help="How many conflicts to print (0: all).")
@click.option("--push-review", is_flag=True,
              help="Send the conflicting documents to a new Label Studio review project, "
                   "each annotator's version as a prediction.")
@click.option("--title", default="annotate: review conflicts", show_default=True, help="Review project title.")
@click.option("--pull-review", "pull_project", type=int, metavar="PROJECT",
              help="Pull review project PROJECT: the reviewers' annotations become gold.")
@common_options()
def conflicts(
    annotators: tuple[str, ...], labels: str | None, limit: int, push_review: bool, title: str,
    pull_project: int | None, db_path: str, as_json: bool,
) -> None:
    """List every disputed region with context; optionally review them in Label Studio.

    A region is disputed when the annotators of a document marked different spans there:
    a different label, different boundaries, or marked by some and not by others.

    Example:

    \b
        annotate conflicts --limit 20
        annotate conflicts --push-review && annotate conflicts --pull-review 7
    """
    store = open_store(db_path, create=False)
    try:
        if pull_project is not None:
            from annotate.adjudication.review import pull_review
            from annotate.labelstudio.client import LabelStudioClient
            from annotate.labelstudio.settings import load_connection

            pulled = pull_review(store, LabelStudioClient(load_connection()), pull_project)
            if as_json:
                echo_json(pulled.__dict__)
            else:
                click.echo(
                    f"review project {pulled.project}: {pulled.gold_documents} documents written as gold "
                    f"({pulled.gold_spans} spans) by {', '.join(pulled.reviewers) or 'nobody'}; "
                    f"{pulled.not_reviewed} not reviewed yet, {pulled.quarantined} regions quarantined"
                )
            return
        chosen = {a.strip() for item in annotators for a in item.split(",") if a.strip()}
        wanted = {x.strip().upper() for x in labels.split(",")} if labels else None
        anns = [a for a in store.annotations(kind="annotation") if not chosen or a.source in chosen]
        versions = {d: v for d, v in group_versions(anns).items() if len(v) >= 2}
        docs = {d.id: d for d in store.documents(sorted(versions), current_only=False)}
        found = []
        for doc_id in sorted(versions):
            for c in find_conflicts(doc_id, docs[doc_id].text, versions[doc_id]):
                if wanted is None or any(v[2] in wanted for spans in c.versions.values() for v in spans):
                    found.append(c)
        pushed = None
        if push_review and found:
            from annotate.adjudication.review import push_review as push
            from annotate.labelstudio.client import LabelStudioClient
            from annotate.labelstudio.settings import load_connection

            ids = sorted({c.document_id for c in found})
            pushed = push(
                store, LabelStudioClient(load_connection()), [docs[i] for i in ids],
                {i: versions[i] for i in ids}, title=title,
            )
    finally:
        store.close()
    if as_json:
        data = {
            "documents": len(versions),
            "conflicting_documents": len({c.document_id for c in found}),
            "conflicts": [c.model_dump(mode="json") for c in found],
        }
        if pushed is not None:
            data["review_project"] = pushed.__dict__
        echo_json(data)
        return
    click.echo(
        f"{len(found)} disputed regions in {len({c.document_id for c in found})} of {len(versions)} "
        "documents annotated by two or more annotators"
    )
    shown = found if limit == 0 else found[:limit]
    if shown:
        rows = []
        for c in shown:
            versions_text = "; ".join(
                f"{name}: " + (", ".join(f"{v[2]}[{v[0]},{v[1]}){v[3]}" for v in spans) or "nothing")
                for name, spans in c.versions.items()
            )
            rows.append([c.document_id, c.layer, "+".join(c.kinds), c.context, versions_text])
        click.echo(table(rows, ["document", "layer", "what", "context", "versions"]))
    if len(shown) < len(found):
        click.echo(f"… {len(found) - len(shown)} more (use --limit 0 or --json)")
    if push_review and pushed is None:
        click.echo("nothing to review: no conflicts")
    elif pushed is not None:
        click.echo(
            f"review project {pushed.project} on {pushed.url}: {pushed.tasks} documents; "
            f"when reviewed, run `annotate conflicts --pull-review {pushed.project}`"
        )
