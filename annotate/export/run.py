"""Stream the store into one exporter: select, split, write, count, and write the dataset card.

Two streaming passes: the first reads only the selected documents' texts and keeps each
one's id, length and duplicate key (to assign splits; one SQL query gives how deeply
ACTION spans nest, hence the ACTION tag layers); the second reads documents with their
spans and writes. The store is only read.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from annotate.errors import InputError
from annotate.export.base import ExportOptions, ExportRecord
from annotate.export.bio import Scheme
from annotate.export.card import CardInfo, write_card
from annotate.export.select import annotated_documents, parse_source
from annotate.export.splits import SPLIT_NAMES, assign, group_key, parse_split
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


SUFFIXES = (".jsonl", ".conll", ".action.conll", ".json", ".spacy")
EXTRA_FILES = ("labels.json", "dataset_info.json")


def remove_previous(out: Path) -> None:
    """Delete the files an earlier export wrote into ``out`` (split files, label lists, spaCy shards).

    Only names exports use are touched (``all``/``train``/``validation``/``test`` with an
    export suffix, ``labels.json``, ``dataset_info.json``, shard folders of ``.spacy``
    files), so a re-run with other splits leaves no stale split behind.
    """
    names = {n for names in SPLIT_NAMES.values() for n in names}
    for name in names:
        for suffix in SUFFIXES:
            (out / f"{name}{suffix}").unlink(missing_ok=True)
        shards = out / name
        if shards.is_dir() and all(p.suffix == ".spacy" for p in shards.iterdir()):
            for p in shards.iterdir():
                p.unlink()
            shards.rmdir()
    for extra in EXTRA_FILES:
        (out / extra).unlink(missing_ok=True)


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
    lengths: dict[str, int] = {}
    for doc in store.documents(ids=store.annotated_document_ids(spec.kind, spec.source)):
        keys.append((doc.id, group_key(doc.text)))
        lengths[doc.id] = len(doc.text)
    depth = 0
    for label in chosen:
        if label in OVERLAPPING_LABELS:
            depth = max(depth, 1, store.max_span_nesting(label, spec.kind, spec.source))
    assignment = assign(keys, plan)
    del keys
    options = ExportOptions(
        labels=chosen, splits=plan.names, scheme=scheme, separate_layers=separate_layers,
        action_layers=depth, extra={"kind": spec.kind, "source": spec.source},
    )
    out.mkdir(parents=True, exist_ok=True)
    remove_previous(out)
    exporter = EXPORTERS[fmt](out, options)
    docs = dict.fromkeys(plan.names, 0)
    counts = {name: dict.fromkeys(chosen, 0) for name in plan.names}
    try:
        for doc, spans in annotated_documents(store, spec, chosen, ids=sorted(assignment)):
            name = assignment[doc.id]
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
        lengths,
    )
    return ExportResult(
        format=fmt, out=str(out), source=spec.spec, labels=list(chosen), splits=docs, spans=counts,
        files=sorted([*(p.relative_to(out).as_posix() for p in files), card.name]),
        action_layers=depth,
    )
