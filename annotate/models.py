"""The data model used end to end: documents, spans and annotations.

Offsets everywhere are half-open ``[start, end)`` indices in Python characters (Unicode
code points) of the stored, cleaned ``Document.text``. The invariant
``document.text[span.start:span.end] == span.text`` holds for every span of every
annotation. Whatever unit a Label Studio server counts (code points since 1.4, UTF-16
code units before), the conversion lives only in ``annotate.labelstudio.offsets``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Script = Literal["zh-Hans", "zh-Hant", "unknown"]
AnnotationKind = Literal["prediction", "annotation", "gold"]
AnnotationStatus = Literal["current", "superseded", "deleted"]

ANNOTATION_KINDS: tuple[str, ...] = ("prediction", "annotation", "gold")


class SpanError(ValueError):
    """A span that does not fit the text it claims to annotate."""


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def document_id(text: str) -> str:
    """Return the stable id of a cleaned document text: 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Span(BaseModel):
    """One labelled region: ``text == document.text[start:end]`` in code points.

    ``attrs`` holds what a label carries beyond its extent: normalised figure values
    (``value``, ``unit``, ``qualifier``, ``low``, ``high``), an action's ``actor``, a
    prediction ``score``, and where it came from (``origin``).
    """

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=1)
    label: str = Field(min_length=1)
    text: str
    attrs: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_extent(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be greater than start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span text {self.text!r} has {len(self.text)} characters but "
                f"[{self.start}, {self.end}) covers {self.end - self.start}"
            )
        return self

    @classmethod
    def trusted(cls, start: int, end: int, label: str, text: str, attrs: dict[str, Any]) -> Span:
        """Make a span WITHOUT validation, for rows the store validated when they were written.

        About ten times cheaper than ``model_construct``; the store reads hundreds of
        thousands of spans for agreement and export.
        """
        span = _new(cls)
        _set(span, "__dict__", {"start": start, "end": end, "label": label, "text": text, "attrs": attrs})
        _set(span, "__pydantic_fields_set__", {"start", "end", "label", "text", "attrs"})
        _set(span, "__pydantic_extra__", None)
        _set(span, "__pydantic_private__", None)
        return span

    @classmethod
    def of(cls, text: str, start: int, end: int, label: str, **attrs: Any) -> Span:
        """Make a span of ``text[start:end]``, checking the offsets against ``text``."""
        if not 0 <= start < end <= len(text):
            raise SpanError(f"offsets [{start}, {end}) outside a text of {len(text)} characters")
        return cls(start=start, end=end, label=label, text=text[start:end], attrs=attrs)

    def check(self, text: str) -> None:
        """Raise ``SpanError`` unless this span fits ``text`` exactly."""
        if self.end > len(text):
            raise SpanError(
                f"{self.label} [{self.start}, {self.end}) ends past the text ({len(text)} characters)"
            )
        found = text[self.start : self.end]
        if found != self.text:
            raise SpanError(
                f"{self.label} [{self.start}, {self.end}) says {self.text!r} but the text has {found!r}"
            )

    @property
    def key(self) -> tuple[int, int, str]:
        """Return ``(start, end, label)``, the identity used for strict matching."""
        return (self.start, self.end, self.label)

    def overlaps(self, other: Span) -> bool:
        """Return whether the two half-open extents share at least one character."""
        return self.start < other.end and other.start < self.end

    def with_attrs(self, **attrs: Any) -> Span:
        """Return a copy with ``attrs`` updated."""
        return self.model_copy(update={"attrs": {**self.attrs, **attrs}})


_new = object.__new__
_set = object.__setattr__


def sort_spans(spans: Iterable[Span]) -> list[Span]:
    """Return spans ordered by start, then longest first, then label."""
    return sorted(spans, key=lambda s: (s.start, -s.end, s.label))


class QualityFlag(BaseModel):
    """A problem found in a document's text: what, how many, and where first."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["replacement_char", "control_char", "mojibake", "empty"]
    count: int = Field(ge=1)
    first: int = Field(ge=0, description="code-point offset of the first occurrence")
    sample: str = ""


class Document(BaseModel):
    """A cleaned document: ``id`` is the hash of ``text``; all offsets refer to ``text``."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    script: Script = "unknown"
    meta: dict[str, Any] = Field(default_factory=dict)
    flags: list[QualityFlag] = Field(default_factory=list)
    version: int = 1
    previous_id: str | None = None

    @classmethod
    def from_text(cls, text: str, **fields: Any) -> Document:
        """Make a document whose id is derived from ``text``."""
        return cls(id=document_id(text), text=text, **fields)

    @model_validator(mode="after")
    def _check_id(self) -> Document:
        if not self.id:
            raise ValueError("document id must not be empty")
        return self


class LabelStudioRef(BaseModel):
    """Where an annotation came from in Label Studio (all ids are Label Studio's)."""

    url: str | None = None
    project: int | None = None
    task: int | None = None
    annotation: int | None = None
    prediction: int | None = None


class Annotation(BaseModel):
    """The spans one source gave one document.

    ``source`` is a model version for predictions, an annotator for annotations, and
    the adjudication strategy or adjudicator for gold.
    """

    document_id: str
    kind: AnnotationKind
    source: str = Field(min_length=1)
    spans: list[Span] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime | None = None
    status: AnnotationStatus = "current"
    revision: int = 1
    ls: LabelStudioRef | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    id: int | None = None

    def check(self, text: str) -> None:
        """Raise ``SpanError`` for the first span that does not fit ``text``."""
        for span in self.spans:
            span.check(text)


def span_problems(text: str, spans: Sequence[Span], overlap_ok: Iterable[str] = ()) -> list[str]:
    """Return a reason for every span that breaks the invariants, empty when all hold.

    Checks each span against ``text`` and that no two spans overlap unless one of them
    has a label in ``overlap_ok`` (labels allowed to overlap, such as ACTION).
    """
    problems: list[str] = []
    allowed = set(overlap_ok)
    for span in spans:
        try:
            span.check(text)
        except SpanError as exc:
            problems.append(str(exc))
    flat = sorted((s for s in spans if s.label not in allowed), key=lambda s: (s.start, s.end))
    reach: Span | None = None  # the span reaching furthest right so far
    for span in flat:
        if reach is not None and span.start < reach.end:
            problems.append(
                f"{reach.label} [{reach.start}, {reach.end}) overlaps "
                f"{span.label} [{span.start}, {span.end})"
            )
        if reach is None or span.end > reach.end:
            reach = span
    return problems
