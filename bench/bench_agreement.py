"""Measure every agreement statistic over generated annotations, as ratios against iterating the spans.

10 000 documents x 3 annotators x 30 spans each (``--quick``: 1 000 documents), generated
in memory: a hidden "true" unitization per document, each annotator keeping, moving,
relabelling or dropping its spans and adding a few of their own. The reference is the time
to merely iterate every span and read its start, end and label, which any statistic must
do at least once. Memory: tracemalloc peak of one ``agreement_report`` at two sizes; linear
memory means the peak per span stays about the same.

Example:
    .venv/bin/python bench/bench_agreement.py --quick
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import tracemalloc

from annotate.agreement import agreement_report, gold_scores
from annotate.models import Annotation, Span
from annotate.schema import LABEL_NAMES

DOC_LENGTH = 600
SPANS = 30
ANNOTATORS = ("alice", "bob", "carol")
TEXT = "字" * DOC_LENGTH


def _span(start: int, end: int, label: str, **attrs: object) -> Span:
    return Span.model_construct(start=start, end=end, label=label, text=TEXT[start:end], attrs=attrs)


def generate(docs: int, seed: int = 7) -> tuple[dict[str, int], list[Annotation], list[Annotation]]:
    """Return document lengths, the annotators' annotations and a gold layer (the hidden truth)."""
    rng = random.Random(seed)
    flat = [n for n in LABEL_NAMES if n != "ACTION"]
    lengths: dict[str, int] = {}
    anns: list[Annotation] = []
    gold: list[Annotation] = []
    step = DOC_LENGTH // SPANS
    for d in range(docs):
        doc_id = f"doc{d:06d}"
        lengths[doc_id] = DOC_LENGTH
        truth = []
        for k in range(SPANS - 3):
            start = k * step + rng.randint(0, 4)
            label = rng.choice(flat)
            attrs = {"value": rng.randint(1, 99)} if label in ("MONEY", "QUANTITY", "PERCENT") else {}
            truth.append(_span(start, start + rng.randint(2, step - 5), label, **attrs))
        for _ in range(3):
            start = rng.randint(0, DOC_LENGTH - 40)
            truth.append(_span(start, start + rng.randint(5, 40), "ACTION"))
        gold.append(Annotation.model_construct(document_id=doc_id, kind="gold", source="gold", spans=truth))
        for name in ANNOTATORS:
            spans = []
            for s in truth:
                roll = rng.random()
                if roll < 0.75:
                    spans.append(s)
                elif roll < 0.85 and s.end - s.start > 2:
                    spans.append(_span(s.start + 1, s.end, s.label, **s.attrs))
                elif roll < 0.92:
                    spans.append(_span(s.start, s.end, rng.choice(flat) if s.label != "ACTION" else "ACTION"))
                else:
                    spans.append(_span(s.start, s.end, s.label, value=-1) if s.attrs else s)
            anns.append(Annotation.model_construct(document_id=doc_id, kind="annotation", source=name, spans=spans))
    return lengths, anns, gold


def iterate(anns: list[Annotation]) -> int:
    """The reference: read start, end and label of every span once."""
    total = 0
    for a in anns:
        for s in a.spans:
            total += s.start + s.end + len(s.label)
    return total


def timed(fn, repeat: int = 1) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def peak(docs: int) -> tuple[int, float]:
    """Return (spans, peak MiB of tracemalloc) while computing the report over ``docs`` documents."""
    lengths, anns, _ = generate(docs)
    spans = sum(len(a.spans) for a in anns)
    gc.collect()
    tracemalloc.start()
    agreement_report(lengths, anns)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return spans, top / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 000 documents instead of 10 000")
    args = parser.parse_args()
    docs = 1000 if args.quick else 10000
    lengths, anns, gold = generate(docs)
    spans = sum(len(a.spans) for a in anns)
    ref = timed(lambda: iterate(anns), repeat=3)
    full = timed(lambda: agreement_report(lengths, anns))
    vs_gold = timed(lambda: gold_scores(lengths, anns, gold))
    print(f"agreement: {docs} documents x {len(ANNOTATORS)} annotators, {spans} spans, {docs * DOC_LENGTH} characters")
    print(f"  reference (iterate spans):    {ref:8.3f} s")
    print(f"  agreement_report (all stats): {full:8.3f} s  = {full / ref:6.1f} x reference  (goal < 10 s)")
    print(f"  gold_scores (--vs-gold):      {vs_gold:8.3f} s  = {vs_gold / ref:6.1f} x reference")
    anns.clear()
    gold.clear()
    small, large = (250, 1000) if args.quick else (2500, 10000)
    s1, m1 = peak(small)
    s2, m2 = peak(large)
    print(f"  peak memory: {s1} spans {m1:7.1f} MiB ({m1 * 2**20 / s1:5.0f} B/span); "
          f"{s2} spans {m2:7.1f} MiB ({m2 * 2**20 / s2:5.0f} B/span); ratio {m2 / m1:.2f} for {s2 / s1:.0f}x spans")


if __name__ == "__main__":
    main()
