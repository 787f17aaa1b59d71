"""Ingest: files become clean documents with stable ids in the store.

``load_path`` reads without storing (for tools and tests); ``ingest_paths`` stores a whole
batch in one transaction: documents, new versions, and failures kept in quarantine.
Offsets anywhere in the project refer to the cleaned text made here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotate.errors import InputError
from annotate.ingest.quality import quality_flags
from annotate.ingest.readers import Failure, RawDocument, find_files, read_path
from annotate.ingest.script import detect_script
from annotate.models import Document, QualityFlag
from annotate.store import QuarantineRecord, Store

__all__ = ["IngestSummary", "ingest_paths", "iter_documents", "load_path", "to_document"]

BATCH = 500


def to_document(raw: RawDocument) -> Document:
    """Make a ``Document`` from a raw one: id from the text, script and quality flags detected."""
    return Document.from_text(
        raw.text,
        title=raw.title,
        source=raw.source,
        published=raw.published,
        script=detect_script(raw.text),
        meta=raw.meta,
        flags=quality_flags(raw.text),
    )


def iter_documents(paths: Iterable[str]) -> Iterator[tuple[Document, str] | Failure]:
    """Yield ``(document, source_key)`` for every readable input and a ``Failure`` for the rest."""
    for found in find_files(list(paths)):
        if isinstance(found, Failure):
            yield found
            continue
        path, name = found
        for item in read_path(path, name):
            yield item if isinstance(item, Failure) else (to_document(item), item.source_key)


def load_path(path: str | Path) -> list[Document]:
    """Return the documents in a file or folder without storing them; raise on the first failure."""
    docs: list[Document] = []
    for item in iter_documents([str(path)]):
        if isinstance(item, Failure):
            raise InputError(f"{item.ref}: {item.reason}")
        docs.append(item[0])
    return docs


@dataclass
class IngestSummary:
    """What an ingest did: counts, the flagged documents and the failures with reasons."""

    added: int = 0
    unchanged: int = 0
    new_versions: int = 0
    flagged: list[tuple[str, str, list[QualityFlag]]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Return the summary as JSON-ready data."""
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "new_versions": self.new_versions,
            "flagged": [
                {"source": src, "document": doc, "flags": [f.model_dump() for f in flags]}
                for src, doc, flags in self.flagged
            ],
            "failed": [{"source": ref, "reason": reason} for ref, reason in self.failed],
        }


def ingest_paths(
    store: Store,
    paths: Iterable[str],
    *,
    on_document: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest files and folders into ``store`` as one transaction and return the summary.

    Unreadable inputs do not stop the batch: each is recorded in the summary and in the
    quarantine table (origin ``ingest``) with its reason. ``on_document`` is called with
    each input's name (for progress bars).
    """
    summary = IngestSummary()
    batch: list[tuple[Document, str]] = []
    failures: list[QuarantineRecord] = []

    def flush() -> None:
        for result in store.add_documents(batch):
            doc = result.document
            summary.document_ids.append(doc.id)
            if result.outcome == "added":
                summary.added += 1
            elif result.outcome == "unchanged":
                summary.unchanged += 1
            else:
                summary.new_versions += 1
            if doc.flags and result.outcome != "unchanged":
                summary.flagged.append((doc.source or doc.id, doc.id, doc.flags))
        batch.clear()

    with store.transaction():
        for item in iter_documents(paths):
            if isinstance(item, Failure):
                summary.failed.append((item.ref, item.reason))
                failures.append(QuarantineRecord("ingest", item.ref, item.reason, item.payload))
            else:
                batch.append(item)
                if on_document:
                    on_document(item[0].source or "")
                if len(batch) >= BATCH:
                    flush()
        flush()
        store.quarantine(failures)
    return summary
