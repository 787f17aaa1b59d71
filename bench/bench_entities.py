"""Measure extract_entities (with segmentation) in characters per second against plain jieba.cut.

Both run over the same texts in the same process; the ratio is what counts. The texts are the
bundled sample corpus documents (converted to simplified), repeated to about 200 000
characters (50 000 with ``--quick``), measured once as whole documents (what the pipeline
sees) and once split into paragraphs (more calls, so more fixed cost per call).

Example:
    .venv/bin/python bench/bench_entities.py --quick
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import jieba

from annotate.extract.entities import extract_entities
from annotate.extract.segment import tokens

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "annotate" / "sample_corpus"


def corpus_documents() -> list[str]:
    """Return the sample corpus documents, simplified and without markup, or built-in ones."""
    docs: list[str] = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.suffix == ".jsonl":
                for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                    try:
                        docs.append(str(json.loads(line).get("text", "")))
                    except ValueError:
                        continue
            elif path.is_file():
                raw = path.read_bytes()
                for enc in ("utf-8", "big5", "gb18030"):
                    try:
                        docs.append(raw.decode(enc))
                        break
                    except UnicodeDecodeError:
                        continue
    docs = [re.sub(r"<[^>]+>", "", d) for d in docs if d.strip()]
    if sum(map(len, docs)) < 1000:
        docs = ["广东省工业和信息化厅副厅长涂高坤介绍，全省实施工业投资跃升计划，推动9345家工业企业开展技改。\n" * 20] * 4
    try:
        import opencc

        convert = opencc.OpenCC("t2s").convert
        docs = [convert(d) for d in docs]
    except Exception:  # noqa: BLE001 (the bench runs without OpenCC too)
        pass
    return docs


def corpus_text() -> str:
    """Return the sample corpus as one simplified text."""
    return "\n".join(corpus_documents())


def interleaved_best(fns: dict[str, object], rounds: int) -> dict[str, float]:
    """Run each function once per round, in turn, and return the fastest time of each (seconds).

    Interleaving keeps a shared machine's changing load from favouring one of them.
    """
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller text, fewer repeats")
    args = parser.parse_args()
    base = corpus_documents()
    size = 50_000 if args.quick else 200_000
    copies = max(1, size // max(1, sum(map(len, base))))
    units = {
        "documents": base * copies,
        "paragraphs": [p for d in base * copies for p in d.split("\n") if p.strip()],
    }
    rounds = 3 if args.quick else 7

    jieba.setLogLevel(60)
    jieba.initialize()
    extract_entities("广东省工信厅")  # build the tokenizer and lexicon outside the timing
    for unit, docs in units.items():
        n = sum(len(d) for d in docs)
        best = interleaved_best(
            {
                "cut": lambda docs=docs: [list(jieba.cut(d)) for d in docs],
                "tokens": lambda docs=docs: [tokens(d) for d in docs],
                "entities": lambda docs=docs: [extract_entities(d, tokens(d)) for d in docs],
            },
            rounds,
        )
        t_cut, t_tok, t_all = best["cut"], best["tokens"], best["entities"]
        print(f"{unit}: {n} characters in {len(docs)} texts, best of {rounds} interleaved rounds")
        print(f"  jieba.cut:                 {n / t_cut:12,.0f} chars/s")
        print(f"  segment.tokens:            {n / t_tok:12,.0f} chars/s  ratio to cut {t_cut / t_tok:.2f}x")
        print(f"  tokens + extract_entities: {n / t_all:12,.0f} chars/s  ratio to cut {t_cut / t_all:.2f}x")
        print(f"  entities alone cost {(t_all - t_tok) / t_cut:.2f}x of jieba.cut's time")

if __name__ == "__main__":
    main()
