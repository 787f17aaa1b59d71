"""Choose what to export: one annotation source (gold, an annotator, a model version) and labels.

Documents come from ``store.documents()`` and annotations from ``store.annotations(...)``,
both ordered by document id, joined as they stream, so memory stays flat in corpus size.
Only documents that the chosen source annotated are exported.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from annotate.errors import InputError
from annotate.models import Annotation, Document, Span
from annotate.schema import select_labels
from annotate.store import Store

KIND_BY_PREFIX = {"annotator": "annotation", "model": "prediction"}


@dataclass(frozen=True)
class SourceSpec:
    """Which annotations to export: ``kind`` and ``source`` (``None`` means every source of ``kind``)."""

    kind: str
    source: str | None
    spec: str

    def describe(self) -> str:
        """Return a one-line description for the dataset card."""
        if self.kind == "gold":
            return "gold (the current gold annotation of each document, any adjudication source)"
        who = "annotator" if self.kind == "annotation" else "model version"
        return f"{self.kind} by {who} {self.source}"


def parse_source(spec: str, store: Store | None = None) -> SourceSpec:
    """Parse ``gold``, ``annotator:NAME`` or ``model:VERSION`` (``model:latest`` asks the store)."""
    spec = spec.strip()
    if spec == "gold":
        return SourceSpec("gold", None, spec)
    prefix, sep, name = spec.partition(":")
    if not sep or prefix not in KIND_BY_PREFIX or not name:
        raise InputError(f"--source {spec!r}: use gold, annotator:NAME or model:VERSION")
    if prefix == "model" and name == "latest":
        latest = store.latest_model_version() if store is not None else None
        if latest is None:
            raise InputError("--source model:latest: the store has no predictions")
        name = latest
    return SourceSpec(KIND_BY_PREFIX[prefix], name, f"{prefix}:{name}")


def pick_current(annotations: Sequence[Annotation]) -> Annotation:
    """Return the newest of several current annotations of one document (latest created, then id)."""
    return max(annotations, key=lambda a: (a.created_at, a.id or 0))


def filter_spans(spans: Sequence[Span], labels: Sequence[str]) -> list[Span]:
    """Return the spans whose label is in ``labels``, in (start, longest, label) order."""
    chosen = set(labels)
    return sorted((s for s in spans if s.label in chosen), key=lambda s: (s.start, -s.end, s.label))


def annotated_documents(
    store: Store, source: SourceSpec, labels: Sequence[str] | None = None, ids: Sequence[str] | None = None
) -> Iterator[tuple[Document, list[Span]]]:
    """Yield ``(document, spans)`` for each current document the source annotated, by document id.

    Several current annotations of one document (several gold sources) resolve to the
    newest. ``ids`` (sorted) limits the documents read, when known.
    """
    wanted = tuple(labels) if labels else select_labels(None)
    anns = store.annotations(kind=source.kind, source=source.source)
    docs = store.documents(ids=ids) if ids is not None else store.documents()
    doc = next(docs, None)
    for doc_id, group in groupby(anns, key=lambda a: a.document_id):
        while doc is not None and doc.id < doc_id:
            doc = next(docs, None)
        if doc is None:
            return
        if doc.id != doc_id:
            continue  # an older version of a document, replaced since
        yield doc, filter_spans(pick_current(list(group)).spans, wanted)
