"""Pre-annotate the store's documents: run the pipeline and save its predictions.

Each document gets ``Annotation(kind="prediction", source=pipeline.model_version)``.
All writes of one call are one transaction, saved in batches; running the same model
version again finds identical spans and changes nothing (``unchanged``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from annotate.extract.parallel import ordered_map
from annotate.extract.pipeline import Pipeline
from annotate.models import Annotation, Document
from annotate.store import Store

_PIPELINE: Pipeline | None = None  # this process's pipeline (inherited by forked workers)


@dataclass(frozen=True)
class PreannotateSummary:
    """What one run did: documents seen, annotations added/replaced/unchanged, spans per label."""

    model_version: str
    documents: int
    added: int
    replaced: int
    unchanged: int
    spans: int
    labels: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 1

    def as_dict(self) -> dict[str, object]:
        """Return the summary as JSON-ready data."""
        return {
            "model_version": self.model_version,
            "documents": self.documents,
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "spans": self.spans,
            "labels": dict(sorted(self.labels.items())),
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
        }


def _predict(doc: Document) -> Annotation:
    assert _PIPELINE is not None
    return _PIPELINE.predict_document(doc)


def _batches(items: Iterator[Annotation], size: int) -> Iterator[list[Annotation]]:
    batch: list[Annotation] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def preannotate(
    store: Store,
    pipeline: Pipeline,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    *,
    document_ids: Sequence[str] | None = None,
    batch_size: int = 200,
) -> PreannotateSummary:
    """Predict every current document (or ``document_ids``) and save the predictions.

    ``progress(n)`` is called after each saved batch with the number of documents in it.
    Everything is written in one transaction: an error leaves the store as it was.
    """
    global _PIPELINE
    started = time.perf_counter()
    _PIPELINE = pipeline
    version = pipeline.model_version
    if workers > 1:
        pipeline.warm_up()  # load dictionaries once, before the fork
    outcomes: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    documents = spans = 0
    docs = store.documents(document_ids) if document_ids is not None else store.documents()
    # documents() fetches each page whole, so no SQLite cursor is open when workers fork
    predictions = ordered_map(_predict, docs, workers, chunk_size=8)
    with store.transaction():
        for batch in _batches(predictions, batch_size):
            for result in store.save_annotations(batch):
                outcomes[result.outcome] += 1
            for ann in batch:
                spans += len(ann.spans)
                labels.update(s.label for s in ann.spans)
            documents += len(batch)
            if progress is not None:
                progress(len(batch))
    return PreannotateSummary(
        model_version=version,
        documents=documents,
        added=outcomes["added"],
        replaced=outcomes["replaced"],
        unchanged=outcomes["unchanged"],
        spans=spans,
        labels=dict(labels),
        seconds=time.perf_counter() - started,
        workers=workers,
    )
