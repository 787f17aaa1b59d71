"""Adjudication view: the conflicts list, and per conflict pick, accept, reject or fix a span.

Every decision goes through ``Store.decide`` (the same code the library uses), which
writes the new gold annotation and logs who decided what and when in ``gold_decisions``.
State changes are POSTs with a CSRF token, refused in read-only mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for

from annotate.adjudication.conflicts import Conflict, find_conflicts
from annotate.adjudication.strategies import layer
from annotate.errors import AnnotateError
from annotate.models import Document, Span
from annotate.schema import LABEL_NAMES, LABELS, is_label
from annotate.store import Store
from annotate.web import get_store
from annotate.web.auth import writable

bp = Blueprint("adjudication", __name__, url_prefix="/adjudicate")


@dataclass(frozen=True)
class ConflictRow:
    """One line of the conflicts list: a document, how many disputed regions, of which kinds, by whom."""

    doc: Document
    conflicts: int
    annotators: list[str]
    kinds: list[str]
    touched: bool


def versions_of(store: Store, document_ids: Iterable[str] | None = None) -> dict[str, dict[str, list[Span]]]:
    """Return each document's annotators' current spans: ``{document: {annotator: spans}}``."""
    out: dict[str, dict[str, list[Span]]] = {}
    ids = list(document_ids) if document_ids is not None else None
    for ann in store.annotations(kind="annotation", document_ids=ids):
        out.setdefault(ann.document_id, {})[ann.source] = list(ann.spans)
    return {doc: v for doc, v in out.items() if len(v) >= 2}


def document_conflicts(store: Store, doc: Document) -> list[Conflict]:
    """Return the disputed regions of one document (empty with fewer than two annotators)."""
    versions = versions_of(store, [doc.id]).get(doc.id, {})
    return find_conflicts(doc.id, doc.text, versions) if versions else []


def adjudicator() -> str:
    """Return who is deciding: the name given in the form (remembered), else the configured default."""
    name = (request.form.get("adjudicator") or session.get("adjudicator") or current_app.config["ADJUDICATOR"]).strip()
    session["adjudicator"] = name
    return name


@bp.get("/")
def index() -> Any:
    """List documents with disputed regions, most conflicts first."""
    store = get_store()
    versions = versions_of(store)
    docs = {d.id: d for d in store.documents(sorted(versions), current_only=False)}
    decided = {d.document_id for d in store.gold_decisions(sorted(versions))}
    rows: list[ConflictRow] = []
    for doc_id, by_annotator in versions.items():
        doc = docs.get(doc_id)
        if doc is None:
            continue
        conflicts = find_conflicts(doc_id, doc.text, by_annotator)
        if conflicts:
            rows.append(ConflictRow(doc, len(conflicts), sorted(by_annotator),
                                    sorted({k for c in conflicts for k in c.kinds}), doc_id in decided))
    rows.sort(key=lambda r: (-r.conflicts, r.doc.id))
    return render_template("adjudicate_list.html", rows=rows)


@bp.get("/<document_id>")
def document(document_id: str) -> Any:
    """Show a document's conflicts with each annotator's version and the current gold."""
    store = get_store()
    doc = store.get_document(document_id)
    if doc is None:
        abort(404, description=f"no document {document_id}")
    conflicts = document_conflicts(store, doc)
    gold = store.gold_layer([document_id]).get(document_id)
    gold_spans = list(gold.spans) if gold else []
    decisions = store.gold_decisions([document_id])
    items = []
    for c in conflicts:
        in_region = [s for s in gold_spans if s.start < c.end and c.start < s.end]
        resolved = any(
            d.span and d.span.get("start", -1) < c.end and c.start < d.span.get("end", -1) for d in decisions
        )
        items.append({"conflict": c, "gold": in_region, "resolved": resolved})
    return render_template(
        "adjudicate_doc.html", doc=doc, items=items, labels=LABELS, label_names=LABEL_NAMES,
        decisions=decisions[-20:], adjudicator=session.get("adjudicator") or current_app.config["ADJUDICATOR"],
    )


def _span_from_form(doc: Document, prefix: str = "") -> Span:
    try:
        start, end = int(request.form[f"{prefix}start"]), int(request.form[f"{prefix}end"])
    except (KeyError, ValueError):
        abort(400, description="start and end must be whole numbers")
    label = request.form.get(f"{prefix}label", "")
    if not is_label(label):
        abort(400, description=f"unknown label {label!r}")
    if not 0 <= start < end <= len(doc.text):
        abort(400, description=f"offsets [{start}, {end}) outside the text ({len(doc.text)} characters)")
    return Span.of(doc.text, start, end, label)


@bp.post("/decide")
@writable
def decide() -> Any:
    """Apply one decision (``pick`` a version, ``accept``, ``reject`` or ``edit`` a span) to gold."""
    store = get_store()
    doc = store.get_document(request.form.get("document", ""))
    if doc is None:
        abort(400, description="unknown document")
    action = request.form.get("action", "")
    who = adjudicator()
    if not who:
        abort(400, description="say who decides (adjudicator name)")
    try:
        with store.transaction():
            if action == "pick-version":
                _pick_version(store, doc, who)
            elif action == "accept":
                store.decide(doc.id, "accept", _span_from_form(doc), who)
            elif action == "reject":
                store.decide(doc.id, "reject", _span_from_form(doc), who)
            elif action == "edit":
                store.decide(doc.id, "edit", _span_from_form(doc), who, previous=_span_from_form(doc, "prev_"))
            else:
                abort(400, description=f"unknown action {action!r}")
    except AnnotateError as exc:
        abort(400, description=str(exc))
    target = request.form.get("next_conflict", "")
    return redirect(url_for("adjudication.document", document_id=doc.id) + (f"#c{target}" if target.isdigit() else ""))


def _pick_version(store: Store, doc: Document, who: str) -> None:
    """Make gold in a conflict's region equal one annotator's spans there."""
    conflicts = document_conflicts(store, doc)
    try:
        conflict = conflicts[int(request.form["conflict"])]
    except (KeyError, ValueError, IndexError):
        abort(400, description="unknown conflict")
    annotator = request.form.get("annotator", "")
    if annotator not in conflict.versions:
        abort(400, description=f"annotator {annotator!r} has no version of this conflict")
    chosen = [Span.of(doc.text, s, e, label) for s, e, label, _ in conflict.versions[annotator]]
    gold = store.gold_layer([doc.id]).get(doc.id)
    chosen_keys = {s.key for s in chosen}
    for span in (gold.spans if gold else []):
        overlaps = span.start < conflict.end and conflict.start < span.end
        if overlaps and span.key not in chosen_keys and layer(span.label) == conflict.layer:
            store.decide(doc.id, "reject", span, who)
    for span in chosen:
        store.decide(doc.id, "pick", span.with_attrs(provenance={"picked_from": annotator}), who)
