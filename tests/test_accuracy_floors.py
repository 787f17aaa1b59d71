"""Accuracy floors of the whole pipeline on held-out gold nobody tuned on.

- tests/data/heldout3/ and heldout4/ (PER, GOV, ORG, LOC and POLICY annotated): the entity
  targets. Written without seeing the extractors and measured once the rules were frozen.
- tests/data/heldout5/ (ACTION only): the ACTION target, measured once the ACTION rules were frozen.
- tests/data/heldout2/ (all ten labels): figures, dates, POLICY and ACTION were never tuned on
  it; its entity misses were read in the second session, so its entity floor only guards
  against regressions.

The floors sit a little under what the extractors measured when this test was written
(bench/RESULTS.md), so a regression fails; the issue's targets are recorded beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.evaluation.scoring import EvaluationResult, Pair, evaluate_pairs
from annotate.extract import Pipeline
from annotate.models import Span

DATA = Path(__file__).parent / "data"
ENTITY_SETS = ("PER", "GOV", "ORG", "LOC", "POLICY")
# set -> (file, labels annotated in it)
SETS: dict[str, tuple[Path, tuple[str, ...] | None]] = {
    "heldout2": (DATA / "heldout2" / "heldout2.jsonl", None),
    "heldout3": (DATA / "heldout3" / "heldout3.jsonl", ENTITY_SETS),
    "heldout4": (DATA / "heldout4" / "heldout4.jsonl", ENTITY_SETS),
    "heldout5": (DATA / "heldout5" / "heldout5.jsonl", ("ACTION",)),
}


@pytest.fixture(scope="module")
def results() -> dict[str, EvaluationResult]:
    pipeline = Pipeline()
    out = {}
    for name, (path, labels) in SETS.items():
        pairs = []
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            gold = [Span(**s) for s in rec["spans"]]
            pred = [s for s in pipeline.predict(rec["text"]) if labels is None or s.label in labels]
            pairs.append(Pair(rec["id"], rec["text"], gold, pred))
        out[name] = evaluate_pairs(pairs)
    return out


def micro(result: EvaluationResult, labels: tuple[str, ...], scheme: str = "strict") -> float:
    counts = [result.per_label[lab].schemes[scheme] for lab in labels]
    partial = sum(c.partial for c in counts) if scheme == "partial" else 0
    credit = sum(c.correct for c in counts) + 0.5 * partial
    actual, possible = sum(c.actual for c in counts), sum(c.possible for c in counts)
    p, r = credit / actual, credit / possible
    return 2 * p * r / (p + r)


ENTITIES = ("PER", "GOV", "ORG", "LOC")
# (set, labels, scheme, floor, the target)
FLOORS = [
    ("heldout3", ENTITIES, "strict", 0.85, 0.80),
    ("heldout4", ENTITIES, "strict", 0.81, 0.80),
    ("heldout3", ("POLICY",), "strict", 0.75, 0.70),
    ("heldout4", ("POLICY",), "strict", 0.80, 0.70),
    ("heldout2", ("MONEY", "PERCENT", "QUANTITY"), "strict", 0.93, 0.92),
    ("heldout2", ("DATE",), "strict", 0.90, 0.90),
    ("heldout2", ("POLICY",), "strict", 0.75, 0.70),
    ("heldout2", ("ACTION",), "partial", 0.75, 0.70),
    ("heldout5", ("ACTION",), "partial", 0.71, 0.70),
    ("heldout2", ENTITIES, "strict", 0.82, 0.80),
]


@pytest.mark.parametrize(("name", "labels", "scheme", "floor", "target"), FLOORS, ids=lambda v: str(v))
def test_heldout_floor(results, name, labels, scheme, floor, target):  # type: ignore[no-untyped-def]
    assert micro(results[name], labels, scheme) >= floor


def test_heldout_figure_value_accuracy(results):  # type: ignore[no-untyped-def]
    acc = results["heldout2"].value_accuracy.accuracy
    assert acc is not None and acc >= 0.97


def test_entity_target_met_on_both_entity_sets_together(results):  # type: ignore[no-untyped-def]
    """Pool heldout3 and heldout4 (758 gold spans): the issue's entity target, 0.80."""
    counts = [results[n].per_label[lab].schemes["strict"] for n in ("heldout3", "heldout4") for lab in ENTITIES]
    correct = sum(c.correct for c in counts)
    p = correct / sum(c.actual for c in counts)
    r = correct / sum(c.possible for c in counts)
    assert 2 * p * r / (p + r) >= 0.80
