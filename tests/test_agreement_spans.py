"""Pairwise span F1 (strict and partial overlap) against a naive set-based reference."""

from __future__ import annotations

from itertools import combinations

import pytest
from agreement_data import studies
from hypothesis import given, settings

from annotate.agreement import agreement_report, gold_scores
from annotate.models import Annotation, Span


def _naive(anns: list[Annotation], a: str, b: str) -> tuple[float | None, float | None]:
    docs_a = {x.document_id: x.spans for x in anns if x.source == a}
    docs_b = {x.document_id: x.spans for x in anns if x.source == b}
    shared = docs_a.keys() & docs_b.keys()
    sa = {(d, s.start, s.end, s.label) for d in shared for s in docs_a[d]}
    sb = {(d, s.start, s.end, s.label) for d in shared for s in docs_b[d]}
    if not sa and not sb:
        return None, None
    strict = 2 * len(sa & sb) / (len(sa) + len(sb))
    if not sa or not sb:
        return strict, 0.0

    def found(x: set, y: set) -> int:
        return sum(any(d == e and l == m and s < f2 and s2 < f for (e, s2, f2, m) in y) for (d, s, f, l) in x)

    p, r = found(sa, sb) / len(sa), found(sb, sa) / len(sb)
    return strict, 0.0 if p + r == 0 else 2 * p * r / (p + r)


@settings(max_examples=60, deadline=None)
@given(studies())
def test_pairwise_f1_matches_naive_sets(study) -> None:
    lengths, anns = study
    report = agreement_report(lengths, anns)
    by_pair = {(p.a, p.b): p for p in report.span_f1.pairs}
    for a, b in combinations(report.annotators, 2):
        strict, partial = _naive(anns, a, b)
        pair = by_pair.get((a, b))
        if pair is None:
            continue
        assert pair.overall.strict.value == pytest.approx(strict) if strict is not None else (
            pair.overall.strict.value is None
        )
        if partial is None:
            assert pair.overall.partial.value is None and pair.overall.partial.reason
        else:
            assert pair.overall.partial.value == pytest.approx(partial)
        assert report.span_f1.matrix_strict[a][b] == report.span_f1.matrix_strict[b][a]
        assert report.span_f1.matrix_strict[a][a] is None


def _ann(source: str, text: str, *spans: tuple[int, int, str]) -> Annotation:
    return Annotation(
        document_id="d", kind="annotation", source=source, spans=[Span.of(text, *s) for s in spans]
    )


TEXT = "广东省工业和信息化厅推动9345家工业企业开展技改"


def test_strict_versus_partial_and_per_label() -> None:
    anns = [
        _ann("a", TEXT, (0, 10, "GOV"), (12, 17, "QUANTITY")),
        _ann("b", TEXT, (0, 3, "LOC"), (12, 16, "QUANTITY")),
    ]
    report = agreement_report({"d": len(TEXT)}, anns)
    pair = report.span_f1.pairs[0]
    assert pair.overall.strict.value == 0.0
    assert pair.labels["QUANTITY"].strict.value == 0.0
    assert pair.labels["QUANTITY"].partial.value == 1.0
    assert pair.labels["GOV"].partial.value == 0.0  # b marked no GOV at all
    assert pair.labels["PER"].strict.value is None
    assert pair.labels["PER"].strict.reason == "neither annotator marked PER"
    assert report.span_f1.mean_partial.value == pytest.approx(0.5)
    assert report.per_document[0].span_f1.value == 0.0


def test_per_document_lowest_first() -> None:
    text2 = "广州市发展改革委出台14项配套支持政策"
    anns = [
        _ann("a", TEXT, (0, 10, "GOV")),
        _ann("b", TEXT, (0, 10, "GOV")),
        Annotation(document_id="e", kind="annotation", source="a", spans=[Span.of(text2, 0, 8, "GOV")]),
        Annotation(document_id="e", kind="annotation", source="b", spans=[Span.of(text2, 0, 3, "LOC")]),
    ]
    report = agreement_report({"d": len(TEXT), "e": len(text2)}, anns)
    assert [d.document_id for d in report.per_document] == ["e", "d"]
    assert report.per_document[0].span_f1.value == 0.0
    assert report.per_document[1].span_f1.value == 1.0


def test_scores_against_gold() -> None:
    anns = [_ann("a", TEXT, (0, 10, "GOV"), (12, 17, "QUANTITY")), _ann("b", TEXT, (0, 3, "LOC"))]
    gold = [_ann("gold", TEXT, (0, 10, "GOV"), (12, 16, "QUANTITY")).model_copy(update={"kind": "gold"})]
    scores = {s.annotator: s for s in gold_scores({"d": len(TEXT)}, anns, gold)}
    assert scores["a"].strict["ALL"]["precision"].value == 0.5
    assert scores["a"].strict["ALL"]["recall"].value == 0.5
    assert scores["a"].partial["ALL"]["f1"].value == 1.0
    assert scores["b"].strict["ALL"]["f1"].value == 0.0
    assert scores["b"].strict["GOV"]["precision"].value is None
