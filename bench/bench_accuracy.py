"""Measure the extractors' accuracy on the three gold sets against the issue's targets.

Runs the pipeline on each set in tests/data/ and scores it with the same code as
``annotate evaluate``. ``heldout3`` and ``heldout4`` are the honest entity figures: nobody
tuned on them (they annotate the entity labels and POLICY only, so only those are scored
there); ``heldout5`` (ACTION only) is the honest ACTION figure. ``heldout2`` is the honest
figure for figures, dates and ACTION; its entity misses were read after its entity score
stayed low, so for entities it is a development set. ``dev5`` (ACTION only) was used to
develop the ACTION rules.
``dev3`` and ``dev4`` were written without seeing the extractors and then used to develop
them; ``heldout`` became a development set after its first measurement; ``gold_sample`` is
what the extractors were first developed on. Prints a Markdown section.

Usage: python bench/bench_accuracy.py [--quick]   (--quick is accepted; the sets are small)
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from annotate.evaluation.scoring import EvaluationResult, Pair, evaluate_pairs
from annotate.extract import Pipeline
from annotate.models import Span

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
ENTITY_LABELS = ("PER", "GOV", "ORG", "LOC", "POLICY")
# (name, file, labels annotated in it: None = all)
SETS: list[tuple[str, Path, tuple[str, ...] | None]] = [
    ("heldout3 (held out: nobody tuned on it; entity labels only)", DATA / "heldout3" / "heldout3.jsonl", ENTITY_LABELS),
    ("heldout4 (held out: nobody tuned on it; entity labels only)", DATA / "heldout4" / "heldout4.jsonl", ENTITY_LABELS),
    ("heldout2 (held out for figures, dates, POLICY and ACTION; development set for entities)",
     DATA / "heldout2" / "heldout2.jsonl", None),
    ("heldout5 (held out: nobody tuned on it; ACTION only)", DATA / "heldout5" / "heldout5.jsonl", ("ACTION",)),
    ("dev3 (development set; entity labels only)", DATA / "dev3" / "dev3.jsonl", ENTITY_LABELS),
    ("dev4 (development set; entity labels only)", DATA / "dev4" / "dev4.jsonl", ENTITY_LABELS),
    ("dev5 (development set; ACTION only)", DATA / "dev5" / "dev5.jsonl", ("ACTION",)),
    ("heldout (development set since its first measurement)", DATA / "heldout" / "heldout.jsonl", None),
    ("gold_sample (the sample corpus; developed on)", DATA / "gold_sample.jsonl", None),
]
# (name, labels, scheme, target)
TARGETS = [
    ("figures (MONEY, PERCENT, QUANTITY)", ("MONEY", "PERCENT", "QUANTITY"), "strict", 0.92),
    ("DATE", ("DATE",), "strict", 0.90),
    ("entities (PER, GOV, ORG, LOC)", ("PER", "GOV", "ORG", "LOC"), "strict", 0.80),
    ("PER", ("PER",), "strict", 0.80),
    ("GOV", ("GOV",), "strict", 0.80),
    ("ORG", ("ORG",), "strict", 0.80),
    ("LOC", ("LOC",), "strict", 0.80),
    ("POLICY", ("POLICY",), "strict", 0.70),
    ("ACTION (partial overlap)", ("ACTION",), "partial", 0.70),
]


def f1(result: EvaluationResult, labels: tuple[str, ...], scheme: str) -> float | None:
    """Return micro F1 over ``labels`` under ``scheme`` (partial matches count half)."""
    counts = [result.per_label[l].schemes[scheme] for l in labels if l in result.per_label]
    credit = sum(c.correct for c in counts) + (0.5 * sum(c.partial for c in counts) if scheme == "partial" else 0)
    actual, possible = sum(c.actual for c in counts), sum(c.possible for c in counts)
    if not actual or not possible or not credit:
        return 0.0 if possible else None
    p, r = credit / actual, credit / possible
    return 2 * p * r / (p + r)


def score(path: Path, pipeline: Pipeline, labels: tuple[str, ...] | None = None) -> tuple[EvaluationResult, int]:
    """Run the pipeline over one gold file and score it; return the result and its characters.

    ``labels``: the labels annotated in the file; predictions of other labels are left out.
    """
    pairs, chars = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        chars += len(rec["text"])
        gold = [Span(**s) for s in rec["spans"]]
        pred = [p for p in pipeline.predict(rec["text"]) if labels is None or p.label in labels]
        pairs.append(Pair(rec["id"], rec["text"], gold, pred))
    return evaluate_pairs(pairs), chars


def main() -> None:
    """Print the accuracy table."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).add_argument("--quick", action="store_true")
    pipeline = Pipeline()
    results = []
    for name, path, labels in SETS:
        result, chars = score(path, pipeline, labels)
        results.append((name, result, chars, labels))
    print(f"Model version `{pipeline.model_version}`, scored like `annotate evaluate` "
          f"({time.strftime('%Y-%m-%d')}).\n")
    head = "| target | " + " | ".join(n.split(" (")[0] for n, _, _, _ in results) + " | goal |"
    print(head)
    print("|" + "---|" * (len(results) + 2))
    for name, labels, scheme, goal in TARGETS:
        cells = []
        for _, result, _, annotated in results:
            if annotated is not None and not set(labels) <= set(annotated):
                cells.append("not annotated")
                continue
            value = f1(result, labels, scheme)
            cells.append("undefined" if value is None else f"{value:.3f}")
        print(f"| {name} {scheme} F1 | " + " | ".join(cells) + f" | >= {goal:.2f} |")
    cells = []
    for _, result, _, annotated in results:
        if annotated is not None:
            cells.append("not annotated")
            continue
        acc = result.value_accuracy.accuracy
        cells.append("undefined" if acc is None else f"{acc:.3f}")
    print("| figure value accuracy | " + " | ".join(cells) + " | >= 0.97 |")
    print()
    for name, result, chars, _ in results:
        print(f"- {name}: {result.documents} documents, {chars} characters, "
              f"{sum(s.support for s in result.per_label.values())} gold spans")


if __name__ == "__main__":
    main()
