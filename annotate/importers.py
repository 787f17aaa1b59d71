"""Read annotations made elsewhere: our predict JSONL, doccano JSONL, Label Studio JSON export.

Each record becomes a document (matched to a stored one by its exact text, whose hash is
the document id, or added) and one annotation per annotator. Offsets end up as code points
of the text: doccano and our format already count code points; Label Studio counts UTF-16
code units, converted by ``annotate.labelstudio.offsets``. A span that does not fit (bad
offsets, text that differs, a label outside the schema, a flat span overlapping an earlier
one) or a record that cannot be read goes to quarantine with its line and reason; the rest
of the record is kept. Formats are a registry; each record's format is detected from its
keys unless one is forced.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotate.errors import InputError
from annotate.labelstudio.offsets import OffsetError, ls_index
from annotate.labelstudio.tasks import annotator_of
from annotate.models import Annotation, Document, Span, sort_spans
from annotate.schema import LABELS_BY_NAME, OVERLAPPING_LABELS
from annotate.store.quarantine import QuarantineRecord

ORIGIN = "import"


@dataclass
class Candidate:
    """One span as a record states it, offsets already in code points (``None`` when unreadable)."""

    start: Any
    end: Any
    label: Any
    text: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    raw: Any = None
    problem: str | None = None


@dataclass
class RawAnnotation:
    """One annotator's spans of one text, as read from a record."""

    text: str | None
    doc_id: str | None
    annotator: str | None
    spans: list[Candidate]


Parser = Callable[[Mapping[str, Any], int], list[RawAnnotation]]


def _text_of(record: Mapping[str, Any]) -> str | None:
    text = record.get("text")
    return text if isinstance(text, str) else None


def _who(record: Mapping[str, Any]) -> str | None:
    for key in ("annotator", "user"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def parse_annotate(record: Mapping[str, Any], lineno: int) -> list[RawAnnotation]:
    """Parse ``{"id"?, "text", "spans": [{"start", "end", "label", "text"?, "attrs"?}], "annotator"?}``."""
    spans = record.get("spans")
    if not isinstance(spans, list):
        raise InputError('"spans" must be a list')
    out = []
    for s in spans:
        if not isinstance(s, Mapping):
            out.append(Candidate(None, None, None, raw=s, problem="span is not an object"))
            continue
        raw_attrs = s.get("attrs")
        attrs = dict(raw_attrs) if isinstance(raw_attrs, Mapping) else {}
        out.append(Candidate(s.get("start"), s.get("end"), s.get("label"), s.get("text"), attrs, s))
    doc_id = record.get("id") if isinstance(record.get("id"), str) else None
    return [RawAnnotation(_text_of(record), doc_id, _who(record), out)]


def parse_doccano(record: Mapping[str, Any], lineno: int) -> list[RawAnnotation]:
    """Parse doccano: ``{"text", "label": [[start, end, label], ...]}`` (or ``labels``, or ``entities``)."""
    out = []
    items = record.get("label", record.get("labels"))
    if items is None and isinstance(record.get("entities"), list):
        for e in record["entities"]:
            if not isinstance(e, Mapping):
                out.append(Candidate(None, None, None, raw=e, problem="entity is not an object"))
                continue
            out.append(Candidate(e.get("start_offset"), e.get("end_offset"), e.get("label"), raw=e))
    elif isinstance(items, list):
        for item in items:
            if isinstance(item, list | tuple) and len(item) == 3:
                out.append(Candidate(item[0], item[1], item[2], raw=item))
            else:
                out.append(Candidate(None, None, None, raw=item, problem="expected [start, end, label]"))
    else:
        raise InputError('"label" must be a list of [start, end, label]')
    return [RawAnnotation(_text_of(record), None, _who(record), out)]


def parse_label_studio(record: Mapping[str, Any], lineno: int) -> list[RawAnnotation]:
    """Parse one Label Studio task of a JSON export: ``data.text`` and ``annotations[].result[]``."""
    data = record.get("data")
    if not isinstance(data, Mapping):
        raise InputError('"data" must be an object')
    text = data.get("text")
    if not isinstance(text, str):
        text = next((v for v in data.values() if isinstance(v, str)), None)
    if text is None:
        raise InputError("task data has no text")
    index = ls_index(text)
    doc_id = data.get("doc_id") if isinstance(data.get("doc_id"), str) else None
    out = []
    for ann in record.get("annotations") or []:
        if not isinstance(ann, Mapping) or ann.get("was_cancelled"):
            continue
        _, who = annotator_of(ann, {})
        spans = []
        for region in ann.get("result") or []:
            if not isinstance(region, Mapping) or region.get("type") != "labels":
                continue
            value = region.get("value") or {}
            labels = value.get("labels") or []
            if len(labels) != 1:
                spans.append(Candidate(None, None, None, raw=region, problem=f"expected one label, got {labels!r}"))
                continue
            u_start, u_end = value.get("start"), value.get("end")
            try:
                start, end = index.span_from_ls(int(u_start), int(u_end))  # type: ignore[arg-type]
            except (OffsetError, TypeError, ValueError) as exc:
                spans.append(Candidate(u_start, u_end, labels[0], raw=region, problem=f"Label Studio offsets: {exc}"))
                continue
            spans.append(Candidate(start, end, labels[0], value.get("text"), raw=region))
        out.append(RawAnnotation(text, doc_id, None if who == "unknown" else who, spans))
    return out


FORMATS: dict[str, Parser] = {
    "annotate": parse_annotate,
    "doccano": parse_doccano,
    "label-studio": parse_label_studio,
}


def detect(record: Mapping[str, Any]) -> str | None:
    """Return the format a record's keys say it is in, or ``None``."""
    if "data" in record and ("annotations" in record or "predictions" in record):
        return "label-studio"
    if "spans" in record:
        return "annotate"
    if any(k in record for k in ("label", "labels", "entities")):
        return "doccano"
    return None


def _check(text: str, cands: list[Candidate]) -> tuple[list[Span], list[tuple[Candidate, str]]]:
    """Validate candidates against ``text``; return kept spans and (candidate, reason) rejects."""
    kept: list[Span] = []
    bad: list[tuple[Candidate, str]] = []
    flat: list[Span] = []
    for c in cands:
        where = f"{c.label} [{c.start}, {c.end})"
        if c.problem:
            bad.append((c, c.problem))
            continue
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (c.start, c.end)):
            bad.append((c, f"{where}: offsets must be integers"))
            continue
        if not 0 <= c.start < c.end <= len(text):
            bad.append((c, f"{where}: outside a text of {len(text)} characters or empty"))
            continue
        if not isinstance(c.label, str) or c.label not in LABELS_BY_NAME:
            bad.append((c, f"{where}: label {c.label!r} is not in the schema"))
            continue
        found = text[c.start : c.end]
        if c.text is not None and c.text != found:
            bad.append((c, f"{where}: says {c.text!r} but the text has {found!r}"))
            continue
        attrs = {k: v for k, v in c.attrs.items() if k not in ("provenance", "score")}
        span = Span(start=c.start, end=c.end, label=c.label, text=found, attrs=attrs)
        if span.label not in OVERLAPPING_LABELS:
            clash = next((k for k in flat if k.overlaps(span)), None)
            if clash is not None:
                bad.append((c, f"{where} overlaps {clash.label} [{clash.start}, {clash.end})"))
                continue
            flat.append(span)
        kept.append(span)
    return sort_spans(kept), bad


@dataclass
class ImportBatch:
    """What a file held: documents (new or matching stored ones), annotations, and quarantined input."""

    format: str
    records: int = 0
    documents: dict[str, Document] = field(default_factory=dict)
    annotations: dict[tuple[str, str], Annotation] = field(default_factory=dict)
    quarantined: list[QuarantineRecord] = field(default_factory=list)
    rejected_spans: int = 0


def _records(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """Yield ``(line or position, parsed JSON or None, error)`` from a JSON array or JSON Lines file."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    if raw.lstrip().startswith("["):
        try:
            items = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON: {exc}") from exc
        for i, item in enumerate(items, 1):
            yield i, item, None
        return
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield lineno, None, f"not valid JSON: {exc.msg} at column {exc.colno}"


def read_annotations(
    path: str | Path,
    *,
    fmt: str | None = None,
    annotator: str | None = None,
    known: Callable[[str], Document | None] = lambda _id: None,
) -> ImportBatch:
    """Read a file of annotations into an ``ImportBatch`` (nothing is stored).

    ``fmt`` forces a format of ``FORMATS``; otherwise each record's is detected. A record's
    own annotator (``annotator``/``user`` field, Label Studio's ``completed_by``) wins over
    ``annotator``. ``known`` looks up a stored document for records that give an ``id`` but
    no text. A later record of the same document and annotator replaces an earlier one.
    """
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    batch = ImportBatch(format=fmt or "auto")
    seen: set[str] = set()
    for lineno, record, error in _records(path):
        ref = f"{path.name}:{lineno}"

        def reject(reason: str, payload: Any, who: str | None = None, ref: str = ref) -> None:
            batch.quarantined.append(QuarantineRecord(ORIGIN, ref, reason, payload, who or annotator))

        batch.records += 1
        if error is not None:
            reject(f"line {lineno}: {error}", None)
            continue
        if not isinstance(record, Mapping):
            reject(f"line {lineno}: a record must be a JSON object", record)
            continue
        name = fmt or detect(record)
        if name is None:
            reject(f"line {lineno}: unknown format (no spans, label, entities or annotations)", record)
            continue
        seen.add(name)
        try:
            raws = FORMATS[name](record, lineno)
        except InputError as exc:
            reject(f"line {lineno}: {exc}", record)
            continue
        for raw in raws:
            who = raw.annotator or annotator
            if not who:
                reject(f"line {lineno}: no annotator (give --annotator or an annotator field)", record)
                continue
            doc = None
            if raw.text is not None:
                doc = Document.from_text(raw.text, source=f"import:{path.name}")
            elif raw.doc_id is not None:
                doc = known(raw.doc_id)
            if doc is None:
                reject(f"line {lineno}: no text, and no stored document {raw.doc_id!r}", record, who)
                continue
            spans, bad = _check(doc.text, raw.spans)
            for cand, reason in bad:
                reject(f"line {lineno}: {reason}", cand.raw, who)
            batch.rejected_spans += len(bad)
            batch.documents.setdefault(doc.id, doc)
            batch.annotations[(doc.id, who)] = Annotation(
                document_id=doc.id, kind="annotation", source=who, spans=spans,
                meta={"imported_from": path.name, "format": name},
            )
    if fmt is None and len(seen) == 1:
        batch.format = seen.pop()
    elif fmt is None and seen:
        batch.format = "mixed: " + ", ".join(sorted(seen))
    return batch
