"""Document list and document view: spans in label colours, switchable layers, diff of two layers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from annotate.models import Annotation
from annotate.schema import LABELS
from annotate.web import get_store
from annotate.web.render import diff_layers, layer_name, segments

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/")
def index() -> Any:
    """List documents with their scripts, flags and annotation layers."""
    store = get_store()
    return render_template("documents.html", docs=list(store.documents()), layers=store.annotation_layers())


def document_layers(document_id: str) -> dict[str, Annotation]:
    """Return the current annotations of a document by layer id (``kind:source``), sorted."""
    anns = get_store().annotations(document_ids=[document_id])
    order = {"gold": 0, "annotation": 1, "prediction": 2}
    return dict(sorted(((layer_name(a), a) for a in anns), key=lambda kv: (order[kv[1].kind], kv[0])))


@bp.get("/<document_id>")
def view(document_id: str) -> Any:
    """Show one document with one layer highlighted, or two layers in diff mode (``compare=``)."""
    store = get_store()
    doc = store.get_document(document_id)
    if doc is None:
        abort(404, description=f"no document {document_id}")
    layers = document_layers(document_id)
    chosen = request.args.get("layer") or next(iter(layers), "")
    compare = request.args.get("compare") or ""
    spans = list(layers[chosen].spans) if chosen in layers else []
    diff = None
    if compare and compare in layers and chosen in layers:
        other = list(layers[compare].spans)
        diff = diff_layers(spans, other)
        spans = spans + [s for s in other if s.key in diff[1]]
    return render_template(
        "document.html",
        doc=doc,
        layers=list(layers),
        chosen=chosen,
        compare=compare,
        segments=segments(doc.text, spans, diff),
        diff=diff,
        labels=LABELS,
        spans=sorted(layers[chosen].spans, key=lambda s: (s.start, s.end)) if chosen in layers else [],
    )
