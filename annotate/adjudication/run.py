"""Run a strategy over many documents: annotators' annotations in, gold annotations out (no IO)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotate.adjudication.strategies import parse_strategy
from annotate.models import Annotation


@dataclass(frozen=True)
class Adjudication:
    """What a run produced: gold annotations, and the documents it left alone and why."""

    strategy: str
    gold: list[Annotation]
    protected: list[str] = field(default_factory=list)  # hand-edited gold kept
    documents: int = 0
    spans: int = 0
    disputed: int = 0

    def summary(self) -> dict[str, object]:
        """Return the counts as a dict (for ``--json`` and the printed summary)."""
        return {
            "strategy": self.strategy,
            "documents": self.documents,
            "gold_documents": len(self.gold),
            "gold_spans": self.spans,
            "disputed_spans": self.disputed,
            "kept_hand_edited": len(self.protected),
        }


def group_versions(annotations: Iterable[Annotation]) -> dict[str, dict[str, list]]:  # type: ignore[type-arg]
    """Return document id -> annotator -> spans."""
    out: dict[str, dict[str, list]] = {}  # type: ignore[type-arg]
    for ann in annotations:
        out.setdefault(ann.document_id, {})[ann.source] = list(ann.spans)
    return out


def adjudicate(
    annotations: Iterable[Annotation],
    spec: str,
    *,
    min_agree: int | None = None,
    hand_edited: Iterable[str] = (),
    force: bool = False,
) -> Adjudication:
    """Apply strategy ``spec`` to every document with annotations; skip hand-edited gold unless ``force``."""
    source, strategy, options = parse_strategy(spec)
    if min_agree is not None:
        options["min_agree"] = min_agree
    protected = set() if force else set(hand_edited)
    gold: list[Annotation] = []
    kept: list[str] = []
    spans = disputed = 0
    versions_by_doc = group_versions(annotations)
    for doc_id in sorted(versions_by_doc):
        if doc_id in protected:
            kept.append(doc_id)
            continue
        result = strategy(versions_by_doc[doc_id], **options)
        spans += len(result)
        disputed += sum(1 for s in result if s.attrs["provenance"]["disputed"])
        gold.append(
            Annotation(
                document_id=doc_id, kind="gold", source=source, spans=result,
                meta={"strategy": source, "annotators": sorted(versions_by_doc[doc_id])},
            )
        )
    return Adjudication(source, gold, kept, len(versions_by_doc), spans, disputed)
