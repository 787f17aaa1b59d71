"""Build Label Studio tasks and predictions from our models, and read annotations back (pure).

Offsets: our spans are code points; Label Studio's ``value.start``/``value.end`` are in the
unit :func:`annotate.labelstudio.offsets.ls_index` says (code points for Label Studio >= 1.4,
UTF-16 code units for older servers), converted only there. Result names
(``label``, ``text``, ``attrs``) come from :mod:`annotate.labelstudio.config`.

Region ids of predictions are deterministic (a hash of model version, offsets and label),
so a region an annotator kept or edited is recognised on pull by its id.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from annotate.labelstudio.config import ATTRS_NAME, FROM_NAME, TO_NAME
from annotate.labelstudio.offsets import OffsetError, ls_index
from annotate.models import Annotation, Document, LabelStudioRef, Span, sort_spans
from annotate.schema import LABELS_BY_NAME, OVERLAPPING_LABELS
from annotate.store.quarantine import QuarantineRecord

ORIGINS = ("prediction", "prediction-changed", "manual")
SHOWN_ATTRS = ("value", "unit", "qualifier", "low", "high", "actor", "score")


def task_data(doc: Document) -> dict[str, Any]:
    """Return a task's ``data``: the text and the ids needed to find the document again."""
    return {"text": doc.text, "doc_id": doc.id, "title": doc.title or "", "source": doc.source or ""}


def region_id(model_version: str, span: Span) -> str:
    """Return the stable Label Studio region id of a predicted span (10 hex digits)."""
    key = f"{model_version}\x00{span.start}\x00{span.end}\x00{span.label}"
    return "p" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:9]


def attrs_text(attrs: Mapping[str, Any]) -> str:
    """Format the attributes an annotator should see: ``value=6300000000000 unit=元``."""
    parts = []
    for key in SHOWN_ATTRS:
        value = attrs.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, float):
            value = f"{value:.4g}" if key == "score" else (int(value) if value.is_integer() else value)
        parts.append(f"{key}={value}")
    return " ".join(parts)


def parse_attrs_text(text: str) -> dict[str, Any]:
    """Parse ``key=value`` pairs written by :func:`attrs_text` (or edited by a person).

    ``value``, ``low`` and ``high`` become numbers when they are finite numbers; anything
    else (``abc``, and also ``nan``, ``inf``, ``1e999`` or 400 digits, which overflow to
    infinity and are not valid JSON) is kept as the raw string the annotator typed.
    """
    out: dict[str, Any] = {}
    for token in text.split():
        key, sep, value = token.partition("=")
        if not sep or key not in SHOWN_ATTRS or key == "score":
            continue
        if key in ("value", "low", "high"):
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                out[key] = int(number) if number.is_integer() and "." not in value else number
                continue
        out[key] = value
    return out


def prediction_result(text: str, spans: Iterable[Span], model_version: str) -> list[dict[str, Any]]:
    """Return the ``result`` regions of a prediction: a ``labels`` region per span (Label Studio
    offsets, per-region ``score``), plus an ``attrs`` textarea when the span has attributes."""
    index = ls_index(text)
    result: list[dict[str, Any]] = []
    for span in sort_spans(spans):
        start, end = index.span_to_ls(span.start, span.end)
        rid = region_id(model_version, span)
        region: dict[str, Any] = {
            "id": rid,
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "origin": "prediction",
            "value": {"start": start, "end": end, "text": span.text, "labels": [span.label]},
        }
        score = span.attrs.get("score")
        if isinstance(score, int | float):
            region["score"] = float(score)
        result.append(region)
        shown = attrs_text(span.attrs)
        if shown:
            result.append(
                {
                    "id": rid,
                    "from_name": ATTRS_NAME,
                    "to_name": TO_NAME,
                    "type": "textarea",
                    "origin": "prediction",
                    "value": {"start": start, "end": end, "text": [shown]},
                }
            )
    return result


def annotation_result(text: str, spans: Iterable[tuple[Span, str, str]]) -> list[dict[str, Any]]:
    """Return annotation ``result`` regions for ``(span, region id, origin)`` triples (Label Studio offsets)."""
    index = ls_index(text)
    out = []
    for span, rid, origin in spans:
        start, end = index.span_to_ls(span.start, span.end)
        out.append({
            "id": rid, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels", "origin": origin,
            "value": {"start": start, "end": end, "text": span.text, "labels": [span.label]},
        })
    return out


def prediction_payload(doc: Document, prediction: Annotation) -> dict[str, Any]:
    """Return one Label Studio prediction (``model_version``, ``score``, ``result``) for a task."""
    scores = [s.attrs["score"] for s in prediction.spans if isinstance(s.attrs.get("score"), int | float)]
    payload: dict[str, Any] = {
        "model_version": prediction.source,
        "result": prediction_result(doc.text, prediction.spans, prediction.source),
    }
    if scores:
        payload["score"] = round(sum(scores) / len(scores), 4)
    return payload


def task_payload(doc: Document, predictions: Sequence[Annotation] = ()) -> dict[str, Any]:
    """Return an importable task: ``data`` plus inline ``predictions``."""
    task: dict[str, Any] = {"data": task_data(doc)}
    if predictions:
        task["predictions"] = [prediction_payload(doc, p) for p in predictions]
    return task


# ---------------------------------------------------------------------------- pull


@dataclass
class ParsedAnnotation:
    """An annotation read from Label Studio: the kept spans and the quarantined regions."""

    annotation: Annotation
    quarantined: list[QuarantineRecord] = field(default_factory=list)


def parse_time(value: Any) -> datetime | None:
    """Parse Label Studio's ISO timestamps (``Z`` or offset); naive ones are taken as UTC."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def sql_int(value: Any) -> int | None:
    """Return ``value`` if it is an integer SQLite can store (64-bit, not a bool), else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
        return value
    return None


def json_safe(value: Any) -> Any:
    """Return ``value`` with non-finite floats as strings (NaN and infinity are not JSON), so a
    malformed record can still be kept in quarantine."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def annotator_of(payload: Mapping[str, Any], emails: Mapping[int, str]) -> tuple[int | None, str]:
    """Return ``(user id, email)`` of an annotation's author (``completed_by`` is an id or a dict)."""
    who = payload.get("completed_by")
    if isinstance(who, Mapping):
        uid = who.get("id") if isinstance(who.get("id"), int) and not isinstance(who.get("id"), bool) else None
        email = who.get("email") or emails.get(uid if uid is not None else -1)
    else:
        uid = who if isinstance(who, int) and not isinstance(who, bool) else None
        email = emails.get(uid) if uid is not None else None
    return uid, str(email or (f"user-{uid}" if uid is not None else "unknown"))


def _origin(
    key: tuple[int, int, str], rid: str, ls_origin: Any, by_region: Mapping[str, Span], predicted: Sequence[Span]
) -> str:
    """Decide where a region ``(start, end, label)`` came from: compare with the prediction
    (by region id, then by extent), else trust Label Studio's ``origin``."""
    if rid in by_region:
        return "prediction" if by_region[rid].key == key else "prediction-changed"
    if ls_origin in ORIGINS and ls_origin != "prediction":
        return str(ls_origin)
    if any(p.key == key for p in predicted):
        return "prediction"
    start, end, _ = key
    if ls_origin == "prediction" or any(p.start < end and start < p.end for p in predicted):
        return "prediction-changed"
    return "manual"


def parse_annotation(
    payload: Mapping[str, Any],
    doc: Document,
    *,
    url: str,
    project: int,
    task: int,
    emails: Mapping[int, str],
    model_version: str | None = None,
    predicted: Sequence[Span] = (),
) -> ParsedAnnotation:
    """Turn one Label Studio annotation into an ``Annotation`` of ``doc`` with validated spans.

    Every ``labels`` region is checked: offsets inside the text (and, in UTF-16
    mode, not inside a surrogate pair), ``value.text`` equal to the document's characters, one label of the
    schema, no overlap with an earlier kept span unless one of them may overlap (ACTION).
    A bad region becomes a ``QuarantineRecord``; the others are kept. Each kept span gets
    ``attrs.origin`` (``prediction``, ``prediction-changed`` or ``manual``) by comparison
    with ``predicted`` (the spans of ``model_version`` for this document).
    """
    ann_id = payload.get("id")
    uid, email = annotator_of(payload, emails)
    ref = f"task {task} annotation {ann_id}"
    bad: list[QuarantineRecord] = []
    candidates: list[tuple[Span, Mapping[str, Any]]] = []

    def reject(region: Any, reason: str) -> None:
        bad.append(QuarantineRecord(origin="pull", ref=ref, annotator=email, reason=reason,
                                    payload=json_safe(region)))

    result = payload.get("result")
    if result is None:
        result = []
    elif not isinstance(result, list | tuple):
        reject(result, f"result is a {type(result).__name__}, not a list of regions")
        result = []
    index = ls_index(doc.text)
    by_region = {region_id(model_version, s): s for s in predicted} if model_version else {}
    notes: dict[str, str] = {}
    for region in result:
        if isinstance(region, Mapping) and region.get("type") == "textarea":
            value = region.get("value")
            texts = (value or {}).get("text") if isinstance(value, Mapping | None) else None
            texts = [texts] if isinstance(texts, str) else texts or []
            if not isinstance(value, Mapping | None) or not isinstance(texts, list | tuple):
                reject(region, f"region {region.get('id') or '?'} (textarea): value is not an object "
                               f"with a list of texts")
                continue
            if texts and region.get("id"):
                notes[str(region["id"])] = " ".join(str(t) for t in texts)

    for region in result:
        if not isinstance(region, Mapping):
            reject(region, f"region {region!r:.40} is a {type(region).__name__}, not an object")
            continue
        if region.get("type") != "labels":
            continue
        rid = str(region.get("id") or "")
        where = f"region {rid or '?'}"
        value = region.get("value")
        if not isinstance(value, Mapping):
            reject(region, f"{where}: value is a {type(value).__name__}, not an object")
            continue
        labels = value.get("labels")
        if not isinstance(labels, list | tuple) or len(labels) != 1:
            reject(region, f"{where}: expected one label, got {labels!r:.80}")
            continue
        name = labels[0]
        if not isinstance(name, str) or name not in LABELS_BY_NAME:
            reject(region, f"{where}: label {name!r:.80} is not in the schema")
            continue
        u_start, u_end = value.get("start"), value.get("end")
        if (not isinstance(u_start, int) or not isinstance(u_end, int)
                or isinstance(u_start, bool) or isinstance(u_end, bool)):
            reject(region, f"{where} ({name}): offsets {u_start!r}, {u_end!r} are not integers")
            continue
        try:
            start, end = index.span_from_ls(u_start, u_end)
        except OffsetError as exc:
            reject(region, f"{where} ({name}) [{u_start}, {u_end}): {exc}")
            continue
        if end <= start:
            reject(region, f"{where} ({name}): empty or reversed extent [{u_start}, {u_end})")
            continue
        found = doc.text[start:end]
        claimed = value.get("text")
        if claimed is not None and claimed != found:
            reject(region, f"{where} ({name}) [{start}, {end}): says {claimed!r} but the text has {found!r}")
            continue
        attrs: dict[str, Any] = {}
        origin = _origin((start, end, name), rid, region.get("origin"), by_region, predicted)
        if origin == "prediction" and rid in by_region:
            attrs.update({k: v for k, v in by_region[rid].attrs.items() if k != "score"})
        if rid in notes:
            attrs.update(parse_attrs_text(notes[rid]))
        allowed = set(LABELS_BY_NAME[name].attrs)
        attrs = {k: v for k, v in attrs.items() if k in allowed}
        attrs["origin"] = origin
        candidates.append((Span.trusted(start, end, name, found, attrs), region))  # checked above

    kept: list[Span] = []
    flat: list[Span] = []  # kept spans that may not overlap, in the annotator's order
    for span, region in candidates:
        if span.label not in OVERLAPPING_LABELS:
            clash = next((k for k in flat if k.overlaps(span)), None)
            if clash is not None:
                reject(
                    region,
                    f"region {region.get('id')} ({span.label} [{span.start}, {span.end})) overlaps "
                    f"{clash.label} [{clash.start}, {clash.end})",
                )
                continue
            flat.append(span)
        kept.append(span)
    cancelled = bool(payload.get("was_cancelled"))
    meta: dict[str, Any] = {"annotator_id": uid, "annotator_email": email}
    if model_version:
        meta["model_version"] = model_version
    if cancelled:
        meta["was_cancelled"] = True
    if payload.get("ground_truth"):
        meta["ground_truth"] = True
    lead = payload.get("lead_time")
    if lead is not None and not (isinstance(lead, float) and not math.isfinite(lead)):  # NaN is not JSON
        meta["lead_time"] = json_safe(lead)
    if bad:
        meta["quarantined_regions"] = len(bad)
    created = parse_time(payload.get("created_at")) or datetime.now(UTC)
    annotation = Annotation(
        document_id=doc.id,
        kind="annotation",
        source=email,
        spans=[] if cancelled else sort_spans(kept),
        created_at=created,
        updated_at=parse_time(payload.get("updated_at")),
        ls=LabelStudioRef(
            url=url, project=project, task=task, annotation=sql_int(ann_id),
            prediction=_int_or_none(payload.get("parent_prediction")),
        ),
        meta=meta,
    )
    return ParsedAnnotation(annotation, bad)


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    return sql_int(value)
