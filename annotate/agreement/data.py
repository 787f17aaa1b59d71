"""Lay every annotator's spans over the documents' characters as one continuum of numpy arrays.

Document ``d`` occupies the half-open range ``[offsets[d], offsets[d + 1])`` of the continuum,
so a span ``[start, end)`` (code points of the document text) becomes
``[offsets[d] + start, offsets[d] + end)``. All statistics work on these integer arrays;
nothing here builds a per-character Python list, and memory is linear in the number of spans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import numpy as np

from annotate.models import Annotation
from annotate.schema import LABEL_NAMES, OVERLAPPING_LABELS

OUTSIDE = "O"
MISSING = -1  # the code of a character whose document the annotator did not annotate


@dataclass(frozen=True)
class SpanArrays:
    """Spans as parallel int64 arrays in continuum coordinates (``label`` indexes ``labels``)."""

    rater: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    src: np.ndarray  # position of the span object in ``Continuum.objects``

    def __len__(self) -> int:
        return int(self.start.shape[0])

    def select(self, mask: np.ndarray) -> SpanArrays:
        """Return the spans where ``mask`` is true."""
        return SpanArrays(
            self.rater[mask], self.doc[mask], self.start[mask], self.end[mask], self.label[mask], self.src[mask]
        )


@dataclass(frozen=True)
class Continuum:
    """The documents two or more annotators annotated, laid end to end, with everyone's spans.

    ``covered[r, d]`` says whether annotator ``r`` annotated document ``d`` (an annotator who
    did not is *missing* there, which is not the same as marking nothing). ``objects`` are the
    span models, ``spans.src`` points into it (for attributes such as figure values).
    """

    doc_ids: tuple[str, ...]
    offsets: np.ndarray
    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    covered: np.ndarray
    spans: SpanArrays
    objects: list[Any] = field(default_factory=list)

    @property
    def length(self) -> int:
        """Return the number of characters in the continuum."""
        return int(self.offsets[-1])

    @property
    def raters(self) -> int:
        """Return the number of annotators."""
        return len(self.annotators)

    def label_code(self, name: str) -> int:
        """Return the index of label ``name`` in ``labels``."""
        return self.labels.index(name)

    def pair_docs(self, a: int, b: int) -> np.ndarray:
        """Return a boolean mask over documents annotated by both ``a`` and ``b``."""
        return self.covered[a] & self.covered[b]

    def complete_docs(self) -> np.ndarray:
        """Return a boolean mask over documents annotated by every annotator."""
        return np.asarray(self.covered.all(axis=0))


def build_continuum(
    lengths: Mapping[str, int],
    annotations: Iterable[Annotation],
    *,
    labels: Sequence[str] | None = None,
    annotators: Sequence[str] | None = None,
    min_annotators: int = 2,
) -> Continuum:
    """Collect annotations into a ``Continuum`` of the documents ``min_annotators`` or more annotated.

    ``lengths`` maps document ids to their text length in code points. Only spans with a
    label in ``labels`` (default: every schema label plus any other label found) and only
    annotations by ``annotators`` (default: everyone) count. Identical spans given twice by
    one annotator count once.
    """
    wanted_raters = set(annotators) if annotators is not None else None
    by_doc: dict[str, dict[str, list[Any]]] = {}
    for ann in annotations:
        if wanted_raters is not None and ann.source not in wanted_raters:
            continue
        if ann.document_id not in lengths:
            continue
        by_doc.setdefault(ann.document_id, {})[ann.source] = ann.spans
    doc_ids = tuple(sorted(d for d, v in by_doc.items() if len(v) >= min_annotators))
    names = sorted({r for d in doc_ids for r in by_doc[d]} | (set(annotators) if annotators else set()))
    rater_index = {name: i for i, name in enumerate(names)}
    label_names = tuple(labels) if labels is not None else tuple(LABEL_NAMES)
    label_index = {name: i for i, name in enumerate(label_names)}
    offsets = np.zeros(len(doc_ids) + 1, dtype=np.int64)
    if doc_ids:
        offsets[1:] = np.cumsum([lengths[d] for d in doc_ids])
    covered = np.zeros((len(names), len(doc_ids)), dtype=bool)
    raters: list[int] = []
    docs: list[int] = []
    counts: list[int] = []
    objects: list[Any] = []
    get_start, get_end, get_label = attrgetter("start"), attrgetter("end"), attrgetter("label")
    for d, doc_id in enumerate(doc_ids):
        for name, spans in by_doc[doc_id].items():
            raters.append(rater_index[name])
            docs.append(d)
            counts.append(len(spans))
            objects.extend(spans)
    starts = list(map(get_start, objects))
    ends = list(map(get_end, objects))
    label_strs = list(map(get_label, objects))
    rater_arr = np.asarray(raters, dtype=np.int64)
    doc_per_ann = np.asarray(docs, dtype=np.int64)
    if rater_arr.shape[0]:
        covered[rater_arr, doc_per_ann] = True
    if labels is None:
        extra = sorted(set(label_strs) - set(label_names))
        if extra:  # labels outside the schema get codes after it
            label_names = label_names + tuple(extra)
            label_index = {name: i for i, name in enumerate(label_names)}
    lookup = defaultdict(lambda: -1, label_index)
    code_arr = np.fromiter(map(lookup.__getitem__, label_strs), dtype=np.int64, count=len(label_strs))
    doc_arr = np.repeat(doc_per_ann, counts)
    shift = offsets[doc_arr] if doc_arr.shape[0] else np.zeros(0, dtype=np.int64)
    start_arr = np.asarray(starts, dtype=np.int64) + shift
    end_arr = np.asarray(ends, dtype=np.int64) + shift
    keep = code_arr >= 0  # labels not selected
    arrays = SpanArrays(
        np.repeat(rater_arr, counts)[keep], doc_arr[keep], start_arr[keep], end_arr[keep], code_arr[keep],
        np.flatnonzero(keep),
    )
    arrays = _dedupe(arrays, len(label_names), int(offsets[-1]))
    return Continuum(doc_ids, offsets, tuple(names), label_names, covered, arrays, objects)


def _dedupe(spans: SpanArrays, n_labels: int, length: int) -> SpanArrays:
    """Drop repeated identical spans of one annotator; sort by (rater, label, start, end)."""
    if len(spans) == 0:
        return spans
    order = np.lexsort((spans.end, spans.start, spans.label, spans.rater))
    s = SpanArrays(*(a[order] for a in (spans.rater, spans.doc, spans.start, spans.end, spans.label, spans.src)))
    same = (
        (s.rater[1:] == s.rater[:-1])
        & (s.label[1:] == s.label[:-1])
        & (s.start[1:] == s.start[:-1])
        & (s.end[1:] == s.end[:-1])
    )
    keep = np.ones(len(s), dtype=bool)
    keep[1:] = ~same
    return s.select(keep)


def layers(labels: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Return the character-level layers: ``"flat"`` (non-overlapping labels) and one per overlapping label.

    Labels allowed to overlap others (ACTION) get their own layer, in which every character
    is either that label or ``O``.
    """
    out: dict[str, tuple[str, ...]] = {}
    flat = tuple(name for name in labels if name not in OVERLAPPING_LABELS)
    if flat:
        out["flat"] = flat
    for name in labels:
        if name in OVERLAPPING_LABELS:
            out[name] = (name,)
    return out


def merge_intervals(start: np.ndarray, end: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, ...]:
    """Merge overlapping intervals within each group (touching ones stay apart); return ``(start, end, group)``.

    Input must be sorted by ``(group, start)``. Used where one annotator's spans of one label
    overlap (ACTION may), since per-character labels and alpha_u need disjoint units.
    """
    if start.shape[0] == 0:
        return start, end, group
    # running maximum of end within each group
    big = int(max(end.max(), 1)) + 1
    reach = np.maximum.accumulate(group * big * 2 + end) - group * big * 2
    new = np.ones(start.shape[0], dtype=bool)
    new[1:] = (group[1:] != group[:-1]) | (start[1:] >= reach[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], start.shape[0]) - 1
    return start[first], reach[last], group[first]
