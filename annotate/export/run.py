"""Stream the store into one exporter: select, split, write, count, and write the dataset card.

Two passes over the selected documents, both streaming: the first keeps only each
document's id and duplicate key (to assign splits and count overlapping ACTION layers),
the second writes. The store is only read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from annotate.errors import InputError
from annotate.export.base import ExportOptions, ExportRecord
from annotate.export.bio import Scheme
from annotate.export.card import CardInfo, write_card
from annotate.export.select import annotated_documents, parse_source
from annotate.export.splits import assign, group_key, parse_split
from annotate.models import Span
from annotate.schema import OVERLAPPING_LABELS, select_labels
from annotate.store import Store


class ExportResult(BaseModel):
    """What an export wrote: files (relative to ``out``), documents and spans per label per split."""

    format: str
    out: str
    source: str
    labels: list[str]
    splits: dict[str, int]
    spans: dict[str, dict[str, int]]
    files: list[str]
    action_layers: int
    skipped: int = 0


def action_depth(spans: Sequence[Span]) -> int:
    """Return how many tag layers the ACTION spans of one document need (most nested at once)."""
    events = sorted(
        [(s.start, 1) for s in spans if s.label in OVERLAPPING_LABELS]
        + [(s.end, -1) for s in spans if s.label in OVERLAPPING_LABELS]
    )
    depth = best = 0
    for _, step in events:
        depth += step
        best = max(best, depth)
    return best


def export_corpus(
    store: Store,
    fmt: str,
    out: Path,
    *,
    source: str = "gold",
    labels: str | None = None,
    split: str | None = None,
    seed: int = 0,
    scheme: Scheme = "BIO",
    separate_layers: bool = False,
    command: str = "",
) -> ExportResult:
    """Export the annotations of ``source`` to ``out`` in format ``fmt``; return what was written."""
    from annotate.export import EXPORTERS

    if fmt not in EXPORTERS:
        raise InputError(f"--format {fmt!r}: choose one of {', '.join(EXPORTERS)}")
    try:
        chosen = select_labels(labels)
    except KeyError as exc:
        raise InputError(f"--labels: {exc.args[0]}") from None
    spec = parse_source(source, store)
    plan = parse_split(split, seed)
    keys: list[tuple[str, str]] = []
    depth = 0
    for doc, spans in annotated_documents(store, spec, chosen):
        keys.append((doc.id, group_key(doc.text)))
        depth = max(depth, action_depth(spans))
    if any(label in OVERLAPPING_LABELS for label in chosen):
        depth = max(depth, 1)
    assignment = assign(keys, plan)
    del keys
    options = ExportOptions(
        labels=chosen, splits=plan.names, scheme=scheme, separate_layers=separate_layers,
        action_layers=depth, extra={"kind": spec.kind, "source": spec.source},
    )
    out.mkdir(parents=True, exist_ok=True)
    exporter = EXPORTERS[fmt](out, options)
    docs = dict.fromkeys(plan.names, 0)
    counts = {name: dict.fromkeys(chosen, 0) for name in plan.names}
    skipped = 0
    try:
        for doc, spans in annotated_documents(store, spec, chosen):
            name = assignment.get(doc.id)
            if name is None:  # added after the first pass
                skipped += 1
                continue
            try:
                exporter.write(ExportRecord.of(doc, spans, name))
            except ValueError as exc:
                raise InputError(f"export {fmt}: {exc}") from None
            docs[name] += 1
            for s in spans:
                counts[name][s.label] += 1
    finally:
        files = exporter.close()
    card = write_card(
        out,
        CardInfo(
            format=fmt, source=spec, labels=chosen, plan=plan, scheme=scheme, documents=docs,
            spans=counts, command=command, files=sorted(p.relative_to(out).as_posix() for p in files),
            action_layers=depth, separate_layers=separate_layers,
        ),
        store,
    )
    return ExportResult(
        format=fmt, out=str(out), source=spec.spec, labels=list(chosen), splits=docs, spans=counts,
        files=sorted([*(p.relative_to(out).as_posix() for p in files), card.name]),
        action_layers=depth, skipped=skipped,
    )
