"""Scoring equals nervaluate on random data under all four schemes; value accuracy, confusion, errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from annotate.evaluation.scoring import (
    MISSED,
    NERVALUATE_NAMES,
    SCHEMES,
    SPURIOUS,
    Pair,
    evaluate_pairs,
    match,
)
from annotate.models import Span

TEXT = "省工信厅推动广州企业开展技术改造，投资3.5亿元增长12.5%。" * 3
FLAT = ("PER", "ORG", "LOC", "MONEY")


@st.composite
def spans(draw: st.DrawFn, labels: tuple[str, ...] = FLAT, max_size: int = 8) -> list[Span]:
    """Random (possibly overlapping) spans on TEXT, sorted as the scorer sorts them."""
    out = set()
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(st.integers(0, len(TEXT) - 1))
        end = draw(st.integers(start + 1, min(len(TEXT), start + 6)))
        out.add((start, end, draw(st.sampled_from(labels))))
    return [Span.of(TEXT, s, e, label) for s, e, label in sorted(out)]


def _nerv(gold_docs: list[list[Span]], pred_docs: list[list[Span]], tags: list[str]) -> dict:
    def conv(docs: list[list[Span]]) -> list[list[dict]]:
        return [[{"label": s.label, "start": s.start, "end": s.end - 1} for s in d] for d in docs]

    return Evaluator(conv(gold_docs), conv(pred_docs), tags=tags, loader="dict").evaluate()


def _same(ours, theirs) -> None:  # type: ignore[no-untyped-def]
    for field in ("correct", "incorrect", "partial", "missed", "spurious"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert ours.precision == pytest.approx(theirs.precision)
    assert ours.recall == pytest.approx(theirs.recall)
    assert ours.f1 == pytest.approx(theirs.f1)


@settings(max_examples=200, deadline=None)
@given(docs=st.lists(st.tuples(spans(), spans()), min_size=1, max_size=4))
def test_equal_to_nervaluate_on_random_data(docs: list[tuple[list[Span], list[Span]]]) -> None:
    gold_docs = [g for g, _ in docs]
    pred_docs = [p for _, p in docs]
    result = evaluate_pairs(
        [Pair(f"d{i}", TEXT, g, p) for i, (g, p) in enumerate(docs)], labels=list(FLAT), worst=0
    )
    theirs = _nerv(gold_docs, pred_docs, list(FLAT))
    for scheme in SCHEMES:
        _same(result.micro[scheme], theirs["overall"][NERVALUATE_NAMES[scheme]])
    assert set(result.per_label) == set(theirs["entities"])
    for label, scores in result.per_label.items():
        for scheme in SCHEMES:
            _same(scores.schemes[scheme], theirs["entities"][label][NERVALUATE_NAMES[scheme]])


@settings(max_examples=100, deadline=None)
@given(
    g=spans(("LOC", "ACTION")), p=spans(("LOC", "ACTION")),
)
def test_action_is_its_own_layer(g: list[Span], p: list[Span]) -> None:
    result = evaluate_pairs([Pair("d", TEXT, g, p)], labels=["LOC", "ACTION"], worst=0)
    flat = _nerv([[s for s in g if s.label == "LOC"]], [[s for s in p if s.label == "LOC"]], ["LOC"])
    action = _nerv([[s for s in g if s.label == "ACTION"]], [[s for s in p if s.label == "ACTION"]], ["ACTION"])
    for scheme in SCHEMES:
        name = NERVALUATE_NAMES[scheme]
        for field in ("correct", "incorrect", "partial", "missed", "spurious"):
            want = getattr(flat["overall"][name], field) + getattr(action["overall"][name], field)
            assert getattr(result.micro[scheme], field) == want


@settings(max_examples=100, deadline=None)
@given(g=spans(), p=spans())
def test_properties(g: list[Span], p: list[Span]) -> None:
    result = evaluate_pairs([Pair("d", TEXT, g, p)], labels=list(FLAT))
    for scheme in SCHEMES:
        c = result.micro[scheme]
        assert c.possible == len(g) and c.actual == len(p)
        assert 0 <= c.precision <= 1 and 0 <= c.recall <= 1 and 0 <= c.f1 <= 1
    assert result.micro["strict"].correct <= result.micro["exact"].correct
    assert result.micro["strict"].f1 <= result.micro["partial"].f1 + 1e-9
    perfect = evaluate_pairs([Pair("d", TEXT, g, g)], labels=list(FLAT))
    assert all(perfect.micro[s].f1 == (1.0 if g else 0.0) for s in SCHEMES)
    rows = sum(sum(cells.values()) for row, cells in result.confusion.items() if row != SPURIOUS)
    assert rows == len(g)


def test_known_case_value_accuracy_confusion_and_errors() -> None:
    text = "省工信厅推动广州企业投资3.5亿元，增长12.5%。"
    gold = [
        Span.of(text, 0, 4, "GOV"), Span.of(text, 6, 8, "LOC"),
        Span.of(text, 12, 17, "MONEY", value=3.5e8, unit="CNY"),
        Span.of(text, 20, 25, "PERCENT", value=12.5, unit="%"),
    ]
    pred = [
        Span.of(text, 0, 4, "ORG"),  # wrong label
        Span.of(text, 6, 10, "LOC"),  # boundary
        Span.of(text, 12, 17, "MONEY", value=3.5e8, unit="CNY"),
        Span.of(text, 20, 25, "PERCENT", value=1.25, unit="%"),  # wrong value
        Span.of(text, 18, 20, "PER"),  # spurious
    ]
    result = evaluate_pairs([Pair("doc", text, gold, pred)])
    strict = result.micro["strict"]
    assert (strict.correct, strict.incorrect, strict.missed, strict.spurious) == (2, 2, 0, 1)
    assert result.micro["exact"].correct == 3
    assert result.micro["type"].correct == 3
    assert result.value_accuracy.matched == 2 and result.value_accuracy.equal == 1
    assert result.value_accuracy.accuracy == 0.5
    assert result.confusion["GOV"] == {"ORG": 1}
    assert result.confusion[SPURIOUS] == {"PER": 1}
    assert result.per_label["GOV"].schemes["strict"].missed == 1
    kinds = [e.kind for e in result.worst_errors]
    assert kinds[0] == "wrong_label" and set(kinds) == {"wrong_label", "boundary", "spurious"}
    err = result.worst_errors[0]
    assert err.context == text[err.context_start : err.context_end]
    assert err.gold is not None and err.gold.text == "省工信厅" and err.pred is not None and err.pred.label == "ORG"
    assert result.macro["strict"].f1 == pytest.approx(
        sum(ls.schemes["strict"].f1 for ls in result.per_label.values()) / len(result.per_label)
    )


def test_missed_goes_to_the_missed_column() -> None:
    text = "广州"
    result = evaluate_pairs([Pair("d", text, [Span.of(text, 0, 2, "LOC")], [])])
    assert result.confusion == {"LOC": {MISSED: 1}}
    assert result.worst_errors[0].kind == "missed"


def test_match_outcome_indices() -> None:
    text = "ABCDEF"
    counts, outcomes = match([Span.of(text, 0, 2, "X")], [Span.of(text, 1, 3, "X")], "partial")
    assert counts.partial == 1 and outcomes == [("partial", 0, 0)]
    assert counts.precision == 0.5
