"""Run every extractor family over a text and return one consistent, scored span list.

Offsets are code points of the text given to ``Pipeline.predict`` (the stored document
text). Steps for one text:

1. Convert with OpenCC ``t2s`` when that changes anything (traditional or mixed text;
   it costs about 2% of segmentation), keeping an alignment from converted to original
   offsets. t2s keeps the length in every dictionary entry shipped today, so the
   alignment is the identity; if a conversion ever changes the length, a per-line
   difflib alignment maps offsets back. Span texts are always the original characters.
2. Segment once (``annotate.extract.segment.tokens``).
3. Run the early families (entities, figures, dates), resolve overlaps among them, then
   the late family (actions), which sees the resolved spans (actors, names).
4. Overlap resolution among the flat (non-ACTION) labels: the longest span wins; equal
   lengths go to the most specific label, ``SPECIFICITY`` below: figures with a
   distinctive unit (MONEY, PERCENT) over DATE (a year is a date, not a count of 年) over
   QUANTITY, then POLICY (a name containing places and bodies) over GOV over ORG over
   PER over LOC (place names occur inside every other name); then the earlier span.
5. Every span gets ``attrs["score"]`` (the extractor's own, else ``DEFAULT_SCORES``).

A family that raises on damaged text is logged and skipped; spans that do not fit the
text are dropped. The result is sorted (``sort_spans``) and satisfies ``span_problems``
with ``OVERLAPPING_LABELS``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
import logging
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from annotate import __version__
from annotate.extract.align import Alignment, t2s
from annotate.models import Annotation, Document, Span, sort_spans
from annotate.schema import LABEL_NAMES, OVERLAPPING_LABELS, SCHEMA_VERSION

log = logging.getLogger(__name__)


Token = tuple[str, int, int]
Tokenizer = Callable[[str], list[Token]]
ExtractFn = Callable[[str, list[Token], list[Span]], list[Span]]

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"
SOURCE_DIR = Path(__file__).resolve().parent

# Equal-length overlaps go to the label listed first (see the module docstring).
SPECIFICITY: tuple[str, ...] = (
    "MONEY", "PERCENT", "DATE", "QUANTITY", "POLICY", "GOV", "ORG", "PER", "LOC",
)
DEFAULT_SCORES: dict[str, float] = {
    "MONEY": 0.95, "PERCENT": 0.95, "QUANTITY": 0.85, "DATE": 0.9, "POLICY": 0.75,
    "GOV": 0.8, "ORG": 0.7, "PER": 0.7, "LOC": 0.8, "ACTION": 0.6,
}


@dataclass(frozen=True)
class Extractor:
    """One family: ``run(text, toks, found) -> spans``; ``late`` ones run after overlap resolution.

    ``found`` holds the spans resolved so far (empty for early families).
    """

    run: ExtractFn
    late: bool = False

    @property
    def name(self) -> str:
        """Return ``module:qualname`` of the function (part of the model version)."""
        fn = self.run
        return f"{getattr(fn, '__module__', '?')}:{getattr(fn, '__qualname__', type(fn).__name__)}"


def _entities(text: str, toks: list[Token], found: list[Span]) -> list[Span]:
    from annotate.extract.entities import extract_entities

    return extract_entities(text, toks)


def _figures(text: str, toks: list[Token], found: list[Span]) -> list[Span]:
    from annotate.extract.figures import extract_figures

    return extract_figures(text)


def _dates(text: str, toks: list[Token], found: list[Span]) -> list[Span]:
    from annotate.extract.dates import extract_dates

    return extract_dates(text)


def _actions(text: str, toks: list[Token], found: list[Span]) -> list[Span]:
    from annotate.extract.actions import extract_actions

    return extract_actions(text, toks, found)


# family -> (module that must exist, extractor)
EXTRACTORS: dict[str, tuple[str, Extractor]] = {
    "entities": ("annotate.extract.entities", Extractor(_entities)),
    "figures": ("annotate.extract.figures", Extractor(_figures)),
    "dates": ("annotate.extract.dates", Extractor(_dates)),
    "actions": ("annotate.extract.actions", Extractor(_actions, late=True)),
}


def default_extractors() -> dict[str, Extractor]:
    """Return the registry's families whose module is installed (all of them in a release)."""
    return {
        name: ext for name, (module, ext) in EXTRACTORS.items() if importlib.util.find_spec(module) is not None
    }


def default_tokenizer() -> Tokenizer:
    """Return ``annotate.extract.segment.tokens``, the one jieba tokenizer of the package."""
    from annotate.extract.segment import tokens

    return tokens  # type: ignore[no-any-return]


def resolve_overlaps(spans: Sequence[Span]) -> list[Span]:
    """Keep non-overlapping flat spans: longest first, then ``SPECIFICITY``, then earliest.

    Spans are sorted once by start; only clusters of mutually overlapping spans (rare:
    where two families disagree) go through the greedy choice. Returns spans by start.
    """
    ordered = sorted(spans, key=_by_start)
    kept: list[Span] = []
    cluster: list[Span] = []
    reach = -1
    for span in ordered:
        if span.start >= reach:  # no overlap with the cluster so far: settle it
            if len(cluster) == 1:
                kept.append(cluster[0])
            elif cluster:
                kept.extend(_greedy(cluster))
            cluster = [span]
            reach = span.end
        else:
            cluster.append(span)
            reach = max(reach, span.end)
    if len(cluster) == 1:
        kept.append(cluster[0])
    elif cluster:
        kept.extend(_greedy(cluster))
    return kept


def _by_start(span: Span) -> tuple[int, int]:
    return (span.start, span.end)


_RANK = {label: i for i, label in enumerate(SPECIFICITY)}


def _greedy(cluster: list[Span]) -> list[Span]:
    """Resolve one cluster of overlapping spans; return the kept ones by start."""
    worst = len(SPECIFICITY)
    order = sorted(cluster, key=lambda s: (s.start - s.end, _RANK.get(s.label, worst), s.start))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Span] = []
    for span in order:
        k = bisect_right(starts, span.start)
        if k > 0 and ends[k - 1] > span.start:
            continue
        if k < len(starts) and starts[k] < span.end:
            continue
        starts.insert(k, span.start)
        ends.insert(k, span.end)
        kept.append(span)
    return sorted(kept, key=_by_start)


def _fits(text: str, span: Span) -> bool:
    return (
        0 <= span.start < span.end <= len(text)
        and text[span.start : span.end] == span.text
        and span.label in LABEL_NAMES
    )


@dataclass
class Pipeline:
    """The extractor configuration and its ``model_version``; ``predict`` runs it on a text."""

    extractors: Mapping[str, Extractor] = field(default_factory=default_extractors)
    tokenizer: Tokenizer | None = None
    labels: tuple[str, ...] = LABEL_NAMES
    data_dir: Path = DATA_DIR
    source_dir: Path = SOURCE_DIR

    def __post_init__(self) -> None:
        self._early = [(n, e) for n, e in self.extractors.items() if not e.late]
        self._late = [(n, e) for n, e in self.extractors.items() if e.late]
        self._labels = frozenset(self.labels)

    @property
    def tokens(self) -> Tokenizer:
        """Return the tokenizer (the package's jieba tokenizer unless one was given)."""
        if self.tokenizer is None:
            self.tokenizer = default_tokenizer()
        return self.tokenizer

    def config(self) -> dict[str, Any]:
        """Return the extractor configuration that the model version hashes."""
        return {
            "schema": SCHEMA_VERSION,
            "extractors": [[n, e.name, e.late] for n, e in self.extractors.items()],
            "labels": sorted(self._labels),
            "specificity": list(SPECIFICITY),
            "scores": DEFAULT_SCORES,
        }

    @cached_property
    def model_version(self) -> str:
        """Return ``<package version>+<10 hex digits>``: a hash of config, data files and sources."""
        digest = hashlib.sha256(json.dumps(self.config(), sort_keys=True).encode())
        for folder, pattern in ((self.data_dir, "*"), (self.source_dir, "*.py")):
            if not folder.is_dir():
                continue
            for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
        for _, ext in self.extractors.items():
            digest.update(_source_of(ext.run).encode())
        return f"{__version__}+{digest.hexdigest()[:10]}"

    def warm_up(self) -> None:
        """Load dictionaries and models now (before forking workers, so they share them)."""
        self.predict("广东省工业和信息化厅于2021年9月出台14项政策，投入约3.5亿元。")

    def predict(self, text: str) -> list[Span]:
        """Return the sorted, scored, consistent spans of ``text`` (offsets into ``text``)."""
        if not text or not text.strip():
            return []
        work, align = text, None
        converted = t2s(text)
        if converted != text:
            align = Alignment.build(text, converted)
            work = align.converted
        try:
            toks = self.tokens(work)
        except Exception as exc:  # damaged text must not stop a batch
            log.warning("segmentation failed (%s: %s); no spans for this text", type(exc).__name__, exc)
            return []
        found: list[Span] = []
        for name, ext in self._early:
            found.extend(self._run(name, ext, work, toks, []))
        # late families see every resolved span (actors, names), whatever labels are selected
        resolved = resolve_overlaps([s for s in found if s.label not in OVERLAPPING_LABELS])
        late: list[Span] = []
        for name, ext in self._late:
            late.extend(s for s in self._run(name, ext, work, toks, resolved) if s.label in self._labels)
        spans = [*(s for s in resolved if s.label in self._labels), *late]
        if align is not None:
            spans = _map_back(spans, resolved, align)
        return sort_spans(_scored(s) for s in spans)

    def _run(self, name: str, ext: Extractor, text: str, toks: list[Token], found: list[Span]) -> list[Span]:
        try:
            spans = ext.run(text, toks, found)
        except Exception as exc:  # damaged text must not stop a batch
            log.warning("extractor %s failed (%s: %s); its spans are skipped", name, type(exc).__name__, exc)
            return []
        good = [s for s in spans if _fits(text, s)]
        if len(good) != len(spans):
            log.warning("extractor %s returned %d spans that do not fit the text", name, len(spans) - len(good))
        return good

    def predict_document(self, doc: Document) -> Annotation:
        """Return the prediction for ``doc``: ``kind="prediction"``, ``source=model_version``."""
        return Annotation(
            document_id=doc.id,
            kind="prediction",
            source=self.model_version,
            spans=self.predict(doc.text),
            meta={"schema_version": SCHEMA_VERSION},
        )


def _scored(span: Span) -> Span:
    if "score" in span.attrs:
        return span
    # the span was checked by _fits already: copy it without validating again
    return Span.trusted(
        span.start, span.end, span.label, span.text, {**span.attrs, "score": DEFAULT_SCORES.get(span.label, 0.5)}
    )


def _map_back(spans: list[Span], flat: list[Span], align: Alignment) -> list[Span]:
    """Move spans from the converted text to the original; actor names become original text."""
    original = align.original
    by_text: dict[str, list[Span]] = {}
    for s in flat:
        by_text.setdefault(s.text, []).append(s)
    out: list[Span] = []
    for span in spans:
        start, end = align.span(span.start, span.end)
        attrs = span.attrs
        if "actor" not in attrs and (start, end) == (span.start, span.end) and original[start:end] == span.text:
            out.append(span)  # nothing converted inside (digits, dates, Latin names)
            continue
        actor = attrs.get("actor")
        if actor is not None and actor in by_text:
            before = [s for s in by_text[actor] if s.end <= span.start] or by_text[actor]
            a0, a1 = align.span(before[-1].start, before[-1].end)
            attrs = {**attrs, "actor": original[a0:a1]}
        out.append(Span(start=start, end=end, label=span.label, text=original[start:end], attrs=attrs))
    return out


def _source_of(fn: Callable[..., Any]) -> str:
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        return getattr(fn, "__qualname__", repr(type(fn)))


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """Return the shared pipeline with the default extractors (created on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def predict_text(text: str) -> list[Span]:
    """Return the spans the default pipeline finds in ``text``."""
    return default_pipeline().predict(text)

