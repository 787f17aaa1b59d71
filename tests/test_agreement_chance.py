"""Character-level kappa and alpha equal scikit-learn, krippendorff and nltk on random annotations."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from agreement_data import char_matrix, studies
from hypothesis import HealthCheck, given, settings
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score

from annotate.agreement import agreement_report
from annotate.agreement.data import build_continuum
from annotate.models import Annotation, Span

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _close(ours: float | None, ref: float) -> bool:
    if ours is None:
        return math.isnan(ref)
    return math.isclose(ours, ref, rel_tol=1e-9, abs_tol=1e-9)


@SETTINGS
@given(studies())
def test_krippendorff_alpha_matches_the_krippendorff_package(study) -> None:
    lengths, anns = study
    report = agreement_report(lengths, anns)
    cont = build_continuum(lengths, anns)
    for layer in ("flat", "ACTION"):
        m = char_matrix(lengths, anns, cont.annotators, cont.doc_ids, layer)
        ours = report.krippendorff_alpha[layer]
        pairable = (~np.isnan(m)).sum(axis=0) >= 2
        values = set(m[:, pairable][~np.isnan(m[:, pairable])].tolist())
        if len(values) < 2:
            assert ours.value is None and ours.reason
            continue
        ref = krippendorff.alpha(reliability_data=m, level_of_measurement="nominal")
        assert _close(ours.value, ref), (layer, ours, ref)


@SETTINGS
@given(studies())
def test_cohen_kappa_matches_scikit_learn(study) -> None:
    lengths, anns = study
    report = agreement_report(lengths, anns)
    cont = build_continuum(lengths, anns)
    for layer in ("flat", "ACTION"):
        m = char_matrix(lengths, anns, cont.annotators, cont.doc_ids, layer)
        for pair in report.cohen_kappa[layer]:
            a, b = cont.annotators.index(pair.a), cont.annotators.index(pair.b)
            both = ~np.isnan(m[a]) & ~np.isnan(m[b])
            if not both.any():
                assert pair.kappa.value is None and "both" in (pair.kappa.reason or "")
                continue
            x, y = m[a][both], m[b][both]
            if len(set(x.tolist()) | set(y.tolist())) == 1:
                assert pair.kappa.value is None and pair.kappa.reason
                continue
            ref = cohen_kappa_score(x, y)
            assert _close(pair.kappa.value, ref), (layer, pair, ref)


@SETTINGS
@given(studies(min_raters=2, max_raters=4, complete=True))
def test_fleiss_kappa_matches_nltk_multi_pi(study) -> None:
    lengths, anns = study
    report = agreement_report(lengths, anns)
    cont = build_continuum(lengths, anns)
    for layer in ("flat", "ACTION"):
        m = char_matrix(lengths, anns, cont.annotators, cont.doc_ids, layer)
        ours = report.fleiss_kappa[layer]
        if len(set(m.ravel().tolist())) < 2:
            assert ours.value is None and ours.reason
            continue
        task = AnnotationTask(
            data=[(r, i, int(m[r, i])) for r in range(m.shape[0]) for i in range(m.shape[1])]
        )
        # nltk's multi-pi is Fleiss' kappa (Siegel and Castellan's K) when every item has every rater
        assert _close(ours.value, task.pi()), (layer, ours, task.pi())


def test_undefined_cases_carry_reasons_not_numbers() -> None:
    text = "广东省工信厅"
    one = [Annotation(document_id="d", kind="annotation", source="solo", spans=[Span.of(text, 0, 2, "LOC")])]
    report = agreement_report({"d": len(text)}, one)
    assert report.documents == 0
    assert report.krippendorff_alpha["flat"].value is None
    assert report.fleiss_kappa["flat"].reason
    assert report.span_f1.mean_strict.value is None
    same = [
        Annotation(document_id="d", kind="annotation", source=name, spans=[]) for name in ("a", "b")
    ]
    report = agreement_report({"d": len(text)}, same)
    assert report.documents == 1
    alpha = report.krippendorff_alpha["flat"]
    assert alpha.value is None and "same category" in (alpha.reason or "")
    assert report.cohen_kappa["flat"][0].kappa.value is None
    assert report.span_f1.mean_strict.value is None
    assert "neither" in (report.span_f1.mean_strict.reason or "")
    assert report.unitizing_alpha.labels["PER"].reason == "nobody marked PER"


def test_perfect_agreement_and_total_disagreement() -> None:
    text = "广东省工信厅发布政策"
    spans = [Span.of(text, 0, 3, "LOC"), Span.of(text, 3, 6, "GOV")]
    anns = [Annotation(document_id="d", kind="annotation", source=n, spans=spans) for n in ("a", "b", "c")]
    report = agreement_report({"d": len(text)}, anns)
    assert report.krippendorff_alpha["flat"].value == pytest.approx(1.0)
    assert report.fleiss_kappa["flat"].value == pytest.approx(1.0)
    assert report.span_f1.mean_strict.value == pytest.approx(1.0)
    assert report.unitizing_alpha.overall.value == pytest.approx(1.0)


@SETTINGS
@given(studies())
def test_per_document_alpha_matches_krippendorff_per_document(study) -> None:
    lengths, anns = study
    report = agreement_report(lengths, anns)
    cont = build_continuum(lengths, anns)
    by_doc = {d.document_id: d for d in report.per_document}
    assert len(by_doc) == len(cont.doc_ids)
    for doc in cont.doc_ids:
        m = char_matrix(lengths, anns, cont.annotators, (doc,), "flat")
        ours = by_doc[doc].krippendorff_alpha
        pairable = (~np.isnan(m)).sum(axis=0) >= 2
        if len(set(m[:, pairable][~np.isnan(m[:, pairable])].tolist())) < 2:
            assert ours.value is None and ours.reason
            continue
        ref = krippendorff.alpha(reliability_data=m, level_of_measurement="nominal")
        assert _close(ours.value, ref), (doc, ours, ref)
    values = [d.span_f1.value for d in report.per_document]
    defined = [v for v in values if v is not None]
    assert defined == sorted(defined) and values[: len(defined)] == defined  # lowest first, undefined last
