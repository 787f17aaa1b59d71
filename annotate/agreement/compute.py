"""Compute every agreement statistic of a set of annotations into one ``AgreementReport``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from annotate.agreement.chance import (
    cohen_kappas,
    document_alphas,
    fleiss_kappa,
    krippendorff_alpha,
    segments,
)
from annotate.agreement.data import Continuum, build_continuum, layers
from annotate.agreement.figures import figure_agreement
from annotate.agreement.report import AgreementReport, DocumentAgreement, GoldScore, PairKappa, Stat
from annotate.agreement.spans import DocumentF1, scores_against, span_agreement
from annotate.agreement.unitizing import unitizing_alpha
from annotate.models import Annotation

GOLD = "\u2605gold"  # the gold layer's rater name inside a continuum; no annotator is called that


def agreement_report(
    lengths: Mapping[str, int],
    annotations: Iterable[Annotation],
    *,
    labels: Sequence[str] | None = None,
    annotators: Sequence[str] | None = None,
) -> AgreementReport:
    """Return every agreement statistic over the documents two or more annotators annotated.

    ``lengths`` maps document ids to text lengths (code points); ``annotations`` are the
    annotators' annotations (``source`` is the annotator). Undefined statistics carry
    ``None`` and a reason.
    """
    cont = build_continuum(lengths, annotations, labels=labels, annotators=annotators)
    notes: list[str] = []
    if cont.raters < 2:
        notes.append("fewer than two annotators annotated the same document: nothing to compare")
    span_f1, doc_f1 = span_agreement(cont)
    cohen: dict[str, list[PairKappa]] = {}
    fleiss: dict[str, Stat] = {}
    alpha: dict[str, Stat] = {}
    flat_alphas: list[Stat] | None = None
    for layer, layer_labels in layers(cont.labels).items():
        seg = segments(cont, layer_labels)
        cohen[layer] = cohen_kappas(seg, cont.annotators)
        fleiss[layer] = fleiss_kappa(seg)
        alpha[layer] = krippendorff_alpha(seg)
        if layer == "flat":
            flat_alphas = document_alphas(seg, len(cont.doc_ids))
    if cont.raters >= 2 and not cont.complete_docs().all():
        notes.append(
            "Fleiss' kappa and alpha_u use only the documents every selected annotator annotated; "
            "Cohen's kappa, alpha and span F1 use every document the annotators share"
        )
    per_doc = _per_document(cont, doc_f1, flat_alphas)
    return AgreementReport(
        annotators=list(cont.annotators),
        documents=len(cont.doc_ids),
        characters=cont.length,
        labels=list(cont.labels),
        span_f1=span_f1,
        cohen_kappa=cohen,
        fleiss_kappa=fleiss,
        krippendorff_alpha=alpha,
        unitizing_alpha=unitizing_alpha(cont),
        figure_agreement=figure_agreement(cont),
        per_document=per_doc,
        notes=notes,
    )


def _per_document(cont: Continuum, doc_f1: DocumentF1, alphas: list[Stat] | None) -> list[DocumentAgreement]:
    """Return agreement per document, lowest mean pairwise strict F1 first (undefined last)."""
    n_docs = len(cont.doc_ids)
    span_counts = np.bincount(cont.spans.doc, minlength=n_docs) if len(cont.spans) else np.zeros(n_docs, int)
    out: list[DocumentAgreement] = []
    names = np.array(cont.annotators, dtype=object)
    for d, doc_id in enumerate(cont.doc_ids):
        pairs = int(doc_f1.pairs[d])
        if pairs:
            strict = Stat.of(doc_f1.strict_sum[d] / pairs, pairs)
            partial = Stat.of(doc_f1.partial_sum[d] / pairs, pairs)
        else:
            strict = partial = Stat.undefined("no annotator marked a span in this document")
        out.append(
            DocumentAgreement.model_construct(
                document_id=doc_id,
                annotators=list(names[cont.covered[:, d]]),
                spans=int(span_counts[d]),
                span_f1=strict,
                span_f1_partial=partial,
                krippendorff_alpha=alphas[d] if alphas else Stat.undefined("no flat labels selected"),
            )
        )
    out.sort(key=lambda x: (x.span_f1.value is None, x.span_f1.value or 0.0, x.document_id))
    return out


def gold_scores(
    lengths: Mapping[str, int],
    annotations: Iterable[Annotation],
    gold: Iterable[Annotation],
    *,
    labels: Sequence[str] | None = None,
    annotators: Sequence[str] | None = None,
) -> list[GoldScore]:
    """Return each annotator's precision, recall and F1 against gold over the documents both have."""
    gold_layer = [g.model_copy(update={"source": GOLD}) for g in gold]
    chosen = None if annotators is None else [*annotators, GOLD]
    cont = build_continuum(lengths, [*annotations, *gold_layer], labels=labels, annotators=chosen)
    if GOLD not in cont.annotators:
        return []
    g = cont.annotators.index(GOLD)
    scores = []
    for a, name in enumerate(cont.annotators):
        if a == g:
            continue
        docs, strict, partial = scores_against(cont, a, g)
        if docs:
            scores.append(GoldScore(annotator=name, documents=docs, strict=strict, partial=partial))
    return scores
