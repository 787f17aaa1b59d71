"""alpha_u against Krippendorff's published worked examples (1995, 2004) as DKPro Agreement checks them.

The unit lists are the examples of Krippendorff (2004: p. 254) and Krippendorff (1995: p. 57)
as dkpro-statistics encodes them in ``Krippendorff2004Test`` and ``Krippendorff1995Test``.
"""

from __future__ import annotations

import numpy as np
import pytest
from agreement_data import studies
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.agreement import agreement_report
from annotate.agreement.unitizing import Disagreement, alpha, category_disagreement
from annotate.models import Annotation, Span


def _category(units: list[tuple[int, int, int]], raters: int, begin: int, length: int) -> Disagreement:
    """Units are (offset, length, rater) as in DKPro's ``addUnit``."""
    start = np.array([u[0] for u in units], dtype=np.int64)
    end = start + np.array([u[1] for u in units], dtype=np.int64)
    rater = np.array([u[2] for u in units], dtype=np.int64)
    return category_disagreement(rater, start, end, raters, begin, length)


K2004_C = [(225, 70, 0), (370, 30, 0), (220, 80, 1), (355, 20, 1), (400, 20, 1)]
K2004_K = [(180, 60, 0), (300, 50, 0), (180, 60, 1), (300, 50, 1)]


def test_krippendorff_2004_category_c() -> None:
    d = _category(K2004_C, 2, 150, 300)
    assert round(d.observed, 4) == 0.0144
    assert round(d.expected, 4) == 0.0532
    assert round(alpha(d), 4) == 0.7286


def test_krippendorff_2004_category_k_agrees_perfectly() -> None:
    d = _category(K2004_K, 2, 150, 300)
    assert d.observed == 0.0
    assert round(d.expected, 4) == 0.0490
    assert alpha(d) == 1.0


def test_krippendorff_2004_overall() -> None:
    c, k = _category(K2004_C, 2, 150, 300), _category(K2004_K, 2, 150, 300)
    overall = 1 - (c.observed + k.observed) / (c.expected + k.expected)
    # Krippendorff (2004) prints 0.8591; DKPro asserts it within 0.0005, and so do we
    assert overall == pytest.approx(0.8591, abs=0.0005)
    assert round(overall, 4) == 0.8587


def _k1995(stretch: float) -> tuple[int, dict[str, list[tuple[int, int, int]]]]:
    f = lambda x: int(x * stretch)  # noqa: E731 - the same truncation as DKPro's createExample
    units = {
        "A": [(2, 8, 0), (14, 6, 0), (4, 4, 1), (15, 2, 1)],
        "B": [(0, 18, 0), (0, 2, 1), (2, 1, 1), (3, 1, 1), (4, 1, 1), (5, 1, 1), (6, 3, 1), (9, 1, 1)],
        "C": [(2, 6, 0), (10, 2, 0), (14, 4, 0), (20, 2, 0), (0, 2, 1), (4, 4, 1), (10, 4, 1), (16, 2, 1),
              (20, 2, 1)],
        "D": [(0, 2, 0), (2, 8, 0), (10, 4, 0), (14, 6, 0), (20, 4, 0), (0, 4, 1), (4, 4, 1), (8, 7, 1),
              (15, 2, 1), (17, 7, 1)],
    }
    return f(24), {k: [(f(o), f(n), r) for o, n, r in v] for k, v in units.items()}


def test_krippendorff_1995_observed_disagreement() -> None:
    length, units = _k1995(1)
    expected = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
    for name, value in expected.items():
        assert _category(units[name], 2, 0, length).observed == pytest.approx(value, abs=1e-5)


def test_krippendorff_1995_expected_disagreement_small_continuum() -> None:
    length, units = _k1995(12 / 24)
    d = _category(units["C"], 2, 0, length)
    assert d.observed == pytest.approx(0.02777, abs=1e-5)
    assert round(d.expected, 5) == 0.05494
    assert alpha(d) == pytest.approx(0.494, abs=0.001)


def test_krippendorff_1995_alphas_stretched_continuum() -> None:
    # Krippendorff (1995) computes D_E on a continuous scale; a finely digitised continuum
    # approaches it. DKPro notes a small error in the paper's D_E and checks within 0.005/0.02.
    length, units = _k1995(1200000 / 24)
    published = {"A": (0.06990, 0.553), "B": (1.17731, -0.926), "C": (0.08642, 0.679), "D": (0.41445, 0.066)}
    for name, (d_e, a_u) in published.items():
        d = _category(units[name], 2, 0, length)
        assert d.expected == pytest.approx(d_e, abs=0.005)
        assert alpha(d) == pytest.approx(a_u, abs=0.02)


def test_report_alpha_u_from_spans_uses_one_continuum() -> None:
    # the 2004 example as two documents of 150 characters laid end to end from offset 150
    text = "字" * 150
    a = [Span.of(text, 75, 145, "LOC"), Span.of(text, 30, 90, "PER")]
    b = [Span.of(text, 70, 150, "LOC")]
    a2 = [Span.of(text, 70, 100, "LOC"), Span.of(text, 0, 50, "PER")]
    b2 = [Span.of(text, 55, 75, "LOC"), Span.of(text, 100, 120, "LOC"), Span.of(text, 0, 50, "PER")]
    anns = [
        Annotation(document_id="d1", kind="annotation", source="i", spans=a),
        Annotation(document_id="d1", kind="annotation", source="j", spans=b + [Span.of(text, 30, 90, "PER")]),
        Annotation(document_id="d2", kind="annotation", source="i", spans=a2),
        Annotation(document_id="d2", kind="annotation", source="j", spans=b2),
    ]
    report = agreement_report({"d1": 150, "d2": 150}, anns)
    # LOC units: i (75,145) (220,250); j (70,150) (205,225) (250,270): the 2004 example shifted by -150
    assert round(report.unitizing_alpha.labels["LOC"].value, 4) == 0.7286
    assert report.unitizing_alpha.labels["PER"].value == 1.0
    assert report.unitizing_alpha.labels["ORG"].value is None
    assert report.unitizing_alpha.overall.value == pytest.approx(0.8591, abs=0.0005)


@settings(max_examples=40, deadline=None)
@given(studies(complete=True, action=False))
def test_alpha_u_is_one_for_identical_unitizations_and_at_most_one(study) -> None:
    lengths, anns = study
    report = agreement_report(lengths, anns)
    for stat in report.unitizing_alpha.labels.values():
        assert stat.value is None or stat.value <= 1.0 + 1e-12
    first = [a for a in anns if a.source == "ann0"]
    copies = [a.model_copy(update={"source": name}) for a in first for name in ("x", "y")]
    same = agreement_report(lengths, copies)
    for stat in same.unitizing_alpha.labels.values():
        assert stat.value is None or stat.value == pytest.approx(1.0)


def _dkpro_literal(units: list[tuple[int, int, int]], raters: int, begin: int, length: int) -> tuple[float, float]:
    """A line-by-line port of DKPro's observed/expected category disagreement loops (one category)."""
    units = sorted(units, key=lambda u: (u[0], u[1], u[2]))  # TreeSet order: offset, length, rater

    def next_unit(it, r):  # type: ignore[no-untyped-def]
        for u in it:
            if u[2] == r:
                return u
        return None

    def distance(o1, l1, c1, o2, l2, c2):  # type: ignore[no-untyped-def]
        bd, ld = o1 - o2, l1 - l2
        if c1 and c2 and -l1 < bd < l2:
            return bd * bd + (bd + ld) * (bd + ld)
        if c1 and not c2 and -ld >= bd >= 0:
            return l1 * l1
        if not c1 and c2 and -ld <= bd <= 0:
            return l2 * l2
        return 0

    total = 0.0
    for r1 in range(raters):
        for r2 in range(r1 + 1, raters):
            it1, it2 = iter(units), iter(units)
            n1, n2 = next_unit(it1, r1), next_unit(it2, r2)
            o1, len1, o2, len2, c1, c2, pos = begin, 0, begin, 0, False, False, begin
            while pos < begin + length and (n1 is not None or n2 is not None):
                if pos == o1 + len1:
                    if n1 is not None and pos == n1[0]:
                        len1, c1, n1 = n1[1], True, next_unit(it1, r1)
                    else:
                        len1, c1 = (n1[0] if n1 is not None else begin + length) - pos, False
                    o1 = pos
                if pos == o2 + len2:
                    if n2 is not None and pos == n2[0]:
                        len2, c2, n2 = n2[1], True, next_unit(it2, r2)
                    else:
                        len2, c2 = (n2[0] if n2 is not None else begin + length) - pos, False
                    o2 = pos
                total += distance(o1, len1, c1, o2, len2, c2)
                pos = min(o1 + len1, o2 + len2)
    d_o = 2 * total / (raters * (raters - 1) * length * length)
    gaps = []
    for r in range(raters):
        it = iter(units)
        n = next_unit(it, r)
        offset, ln, pos = begin, 0, begin
        while pos < begin + length:
            if pos == offset + ln:
                if n is not None and pos == n[0]:
                    ln, n = n[1], next_unit(it, r)
                else:
                    ln = (n[0] if n is not None else begin + length) - pos
                    gaps.append(ln)
                offset = pos
            pos = offset + ln
    n_c = len(units)
    squared = sum(u[1] * (u[1] - 1) for u in units)
    result = 0.0
    for u in units:
        lu = u[1]
        result += (n_c - 1) * (2 * lu**3 - 3 * lu**2 + lu) / 3
        result += sum(g - lu + 1 for g in gaps if g >= lu) * lu * lu
    d_e = result * 2 / length / (raters * length * (raters * length - 1) - squared)
    return d_o, d_e


@st.composite
def unitizations(draw: st.DrawFn) -> tuple[list[tuple[int, int, int]], int, int]:
    raters = draw(st.integers(2, 4))
    length = draw(st.integers(1, 40))
    units = []
    for r in range(raters):
        cuts = sorted(draw(st.sets(st.integers(0, length), max_size=10)))
        for s, e in zip(cuts[::2], cuts[1::2], strict=False):
            units.append((s, e - s, r))
        if draw(st.booleans()) and length >= 2:  # abutting units
            units = [u for u in units if u[2] != r] + [(0, length // 2, r), (length // 2, length - length // 2, r)]
    return units, raters, length


@settings(max_examples=150, deadline=None)
@given(unitizations())
def test_vectorised_alpha_u_equals_dkpro_loops(case) -> None:
    units, raters, length = case
    if not units:
        return
    d = _category(units, raters, 0, length)
    d_o, d_e = _dkpro_literal(units, raters, 0, length)
    assert d.observed == pytest.approx(d_o, rel=1e-9, abs=1e-12)
    assert d.expected == pytest.approx(d_e, rel=1e-9, abs=1e-12)
