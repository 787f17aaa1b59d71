"""Measure ``annotate export`` to every format: seconds, ratio to a reference, peak memory at two sizes.

Builds a store of N generated documents (about 600 characters, 30 spans each: 25 entity
and figure spans and 5 ACTION spans, two of them nested) as gold, then exports it with
``--split 80/10/10`` to each format, each in a fresh child process on one core. The
reference is the same streaming read of the store with a plain ``json.dumps`` of each
record to a file: the ratio says how much each format costs over merely writing the
data. Peak memory is each child's maximum resident set size, at N and N/2 documents:
if it is flat in corpus size, the two agree up to a few MB. Goal: each format under
15 s for 10,000 documents.

Example:
    .venv/bin/python bench/bench_export.py           # 10,000 and 5,000 documents
    .venv/bin/python bench/bench_export.py --quick   # 1,000 and 500 documents
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ("jsonl", "conll", "hf", "spacy", "label-studio")
PIECES = {
    "GOV": ["省工信厅", "市发展改革委", "区委", "国家统计局"],
    "ORG": ["华南理工大学", "吉祥科技公司", "东湖银行"],
    "LOC": ["广东", "珠江新城", "南沙区", "东盟"],
    "PER": ["林小明", "陈思"],
    "POLICY": ["《产业升级条例》", "“双百行动”"],
    "MONEY": ["3.5亿元", "超1200万美元"],
    "PERCENT": ["12.5%", "0.3个百分点"],
    "QUANTITY": ["128家", "3万台"],
    "DATE": ["2024年", "今年一季度"],
}
FILLER = "相关负责人介绍，推动企业开展技术改造，加快建设重点项目"


def build(db: Path, docs: int, seed: int = 5) -> None:
    """Create a store of ``docs`` gold documents with 30 spans each."""
    from annotate.models import Annotation, Document, Span
    from annotate.store import Store

    rng = random.Random(seed)
    labels = sorted(PIECES)
    with Store(db) as store:
        for first in range(0, docs, 1000):
            batch = []
            for n in range(first, min(docs, first + 1000)):
                parts, spans, pos = [f"第{n}号。"], [], len(f"第{n}号。")
                sentence_start = pos
                for k in range(25):
                    filler = FILLER[: rng.randint(4, 14)]
                    parts.append(filler)
                    pos += len(filler)
                    label = rng.choice(labels)
                    piece = rng.choice(PIECES[label])
                    spans.append((pos, pos + len(piece), label))
                    parts.append(piece)
                    pos += len(piece)
                    if k % 5 == 4:
                        spans.append((sentence_start + 2, pos, "ACTION"))
                        parts.append("。")
                        pos += 1
                        sentence_start = pos
                text = "".join(parts)
                doc = Document.from_text(text, title=f"第{n}号")
                batch.append((doc, [Span.of(text, s, e, label) for s, e, label in spans]))
            store.add_documents((d, None) for d, _ in batch)
            store.save_annotations(
                [Annotation(document_id=d.id, kind="gold", source="bench", spans=sp) for d, sp in batch]
            )


def reference(db: Path, out: Path) -> None:
    """Stream the same records as the exporters and write each with plain ``json.dumps``."""
    from annotate.export.select import annotated_documents, parse_source
    from annotate.store import Store

    out.mkdir(parents=True, exist_ok=True)
    with Store(db) as store, open(out / "all.jsonl", "w", encoding="utf-8") as fh:
        for doc, spans in annotated_documents(store, parse_source("gold")):
            record = {"id": doc.id, "text": doc.text, "spans": [s.model_dump() for s in spans]}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def child(fmt: str, db: Path, out: Path) -> None:
    """Run one export (or the reference) and print its seconds and peak RSS as JSON."""
    from annotate.export.run import export_corpus
    from annotate.store import Store

    if fmt == "spacy":
        import spacy  # noqa: F401  (import before timing, as the reference imports nothing extra)
    start, cpu = time.perf_counter(), time.process_time()
    if fmt == "reference":
        reference(db, out)
    else:
        with Store(db) as store:
            export_corpus(store, fmt, out, split="80/10/10", seed=1)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _vm_hwm_mb()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak}))


def _vm_hwm_mb() -> float:
    """Return this process's peak resident set (VmHWM, reset by exec unlike ``ru_maxrss``) in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(fmt: str, db: Path, out: Path) -> dict[str, float]:
    """Run ``child`` in a fresh process pinned to one core."""
    cmd = [sys.executable, __file__, "--child", fmt, str(db), str(out)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    if hasattr(os, "sched_setaffinity"):
        cpu = sorted(os.sched_getaffinity(0))[0]
        cmd = ["taskset", "-c", str(cpu), *cmd] if _has_taskset() else cmd
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _has_taskset() -> bool:
    from shutil import which

    return which("taskset") is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 and 500 documents")
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    big = 1000 if args.quick else 10_000
    sizes = (big // 2, big)
    try:
        import spacy  # noqa: F401

        formats = FORMATS
    except ImportError:
        formats = tuple(f for f in FORMATS if f != "spacy")
        print("spaCy not installed: skipping the spacy format")
    results: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            db = Path(tmp) / f"bench{size}.db"
            t0 = time.perf_counter()
            build(db, size)
            print(f"built {size} documents x 30 spans in {time.perf_counter() - t0:.1f} s")
            results[size] = {
                fmt: run_child(fmt, db, Path(tmp) / f"out{size}-{fmt}") for fmt in ("reference", *formats)
            }
    ref = results[big]["reference"]["cpu"]
    print(f"\nexport of {big} documents x 30 spans, --split 80/10/10, one core each")
    print("(CPU seconds of the export process; wall seconds differ on a shared machine)")
    header = f"{'format':<14}{'CPU s':>8}{'wall s':>8}{'x ref':>8}{'docs/s':>9}{'peak MB':>10}"
    print(header + f"{f'peak MB @{sizes[0]}':>16}")
    for fmt in ("reference", *formats):
        r, small = results[big][fmt], results[sizes[0]][fmt]
        print(
            f"{fmt:<14}{r['cpu']:>8.2f}{r['seconds']:>8.2f}{r['cpu'] / ref:>8.2f}{big / r['cpu']:>9.0f}"
            f"{r['peak_mb']:>10.1f}{small['peak_mb']:>16.1f}"
        )
    slow = [f for f in formats if results[big][f]["cpu"] * (10_000 / big) >= 15]
    scale = "" if big == 10_000 else f" (extrapolated from {big})"
    print(f"\ngoal (< 15 CPU s per format at 10,000 documents{scale}):",
          "met" if not slow else f"missed by {', '.join(slow)}")


if __name__ == "__main__":
    main()
