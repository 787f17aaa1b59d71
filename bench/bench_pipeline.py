"""Measure the whole pre-annotation pipeline: speed against ``jieba.cut``, worker scaling, memory.

Three figures, all measured in this run on this machine:

1. Characters per second of ``Pipeline.predict`` (OpenCC, one segmentation, every family,
   overlap resolution, scores) and of plain ``jieba.cut`` over the same documents, and
   their ratio (goal >= 0.75). Best of ``--repeat`` rounds, the two interleaved.
2. ``annotate predict`` throughput (JSON Lines in and out) with ``--workers 2`` against one
   worker over the same input (goal >= 1.7x on two free cores), after subtracting the
   start-up time (interpreter, dictionaries) measured on a one-line input.
3. Peak memory of ``annotate predict`` on a generated JSONL of ``--size-mb`` megabytes:
   the proportional set size of the whole process tree, sampled from /proc (goal < 400 MB), and
   the largest single process as ``/usr/bin/time -v`` reports it.

The documents are the bundled sample corpus (annotate/sample_corpus), ingested and cleaned.
``--pad-kb`` adds an unanalysed field to each line of the memory test, so a 100 MB file
streams through in minutes on a busy machine; ``--skip`` leaves parts out.

Example:
    .venv/bin/python bench/bench_pipeline.py --quick
    .venv/bin/python bench/bench_pipeline.py --size-mb 20 --memory-workers 2
    .venv/bin/python bench/bench_pipeline.py --skip speed,scale --size-mb 100 --pad-kb 30
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.extract.parallel import cpu_count  # noqa: E402
from annotate.extract.pipeline import Pipeline  # noqa: E402


def corpus() -> list[str]:
    """Return the cleaned texts of the bundled sample corpus (one per document)."""
    from annotate.ingest import load_path

    texts = [d.text for d in load_path(ROOT / "annotate" / "sample_corpus") if d.text.strip()]
    if not texts:
        raise SystemExit("no documents in annotate/sample_corpus")
    return texts


def docs_of(texts: list[str], chars: int) -> list[str]:
    """Return documents cycling through ``texts`` until about ``chars`` characters."""
    out: list[str] = []
    total = 0
    while total < chars:
        for t in texts:
            out.append(t)
            total += len(t)
            if total >= chars:
                break
    return out


def speed(docs: list[str], repeat: int) -> dict[str, float]:
    """Return chars/s of the pipeline and of ``jieba.cut`` (best of ``repeat``, interleaved)."""
    import jieba

    pipeline = Pipeline()
    pipeline.warm_up()
    jieba.setLogLevel(60)
    list(jieba.cut("预热一下分词器"))
    chars = sum(len(d) for d in docs)
    best_p = best_j = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for d in docs:
            list(jieba.cut(d))
        best_j = min(best_j, time.perf_counter() - start)
        start = time.perf_counter()
        for d in docs:
            pipeline.predict(d)
        best_p = min(best_p, time.perf_counter() - start)
    return {"chars": chars, "pipeline": chars / best_p, "jieba": chars / best_j, "ratio": best_j / best_p}


def write_jsonl(path: Path, texts: list[str], size_bytes: int, pad_kb: float = 0) -> int:
    """Write JSONL lines cycling through ``texts`` until ``size_bytes``; return the line count.

    ``pad_kb`` adds a ``raw`` field of that many kilobytes to each line (as inputs that carry
    their source HTML do): the command reads, parses and echoes it but does not analyse it.
    """
    n = written = 0
    pad = "<p>" + "x" * max(int(pad_kb * 1024) - 7, 0) + "</p>" if pad_kb else None
    with path.open("wb") as fh:
        while written < size_bytes:
            for t in texts:
                obj = {"id": f"doc-{n}", "text": t} if pad is None else {"id": f"doc-{n}", "text": t, "raw": pad}
                line = json.dumps(obj, ensure_ascii=False).encode() + b"\n"
                fh.write(line)
                written += len(line)
                n += 1
                if written >= size_bytes:
                    break
    return n


def _tree_memory(pid: int) -> int:
    """Return the memory (bytes) of ``pid`` and its descendants, from /proc.

    Uses the proportional set size (Pss, shared pages divided among the processes sharing
    them: forked workers share the dictionaries) where the kernel offers it, else VmRSS.
    """
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            total += _pss(p)
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def _pss(pid: int) -> int:
    for name, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name, encoding="ascii") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def run_predict(path: Path, workers: int) -> dict[str, float]:
    """Run ``annotate predict`` on ``path`` (output discarded); return seconds and peak memory.

    Peak memory is sampled from /proc every 0.2 s (the whole process tree, Pss summed) and, when
    GNU time is installed, also taken from ``/usr/bin/time -v`` (the largest single process
    of the tree, including transient peaks the sampler misses). ``getrusage`` of this
    process's children is not used: it would count this (large) process's memory, which a
    forked child holds until it executes the command.
    """
    cmd = [sys.executable, "-m", "annotate.cli.main", "predict", str(path), "-o", os.devnull,
           "--workers", str(workers)]
    gnu_time = shutil.which("time", path="/usr/bin")
    if gnu_time:
        cmd = [gnu_time, "-v", *cmd]
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_memory(proc.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - start
    stderr = err.decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"annotate predict failed ({proc.returncode}): {stderr[-500:]}")
    maxrss = cpu = 0.0
    for line in stderr.splitlines():
        if "Maximum resident set size" in line:
            maxrss = int(line.rsplit(":", 1)[1]) / 1024  # KiB
        elif "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(line.rsplit(":", 1)[1])
    return {"seconds": seconds, "tree_peak_mb": peak / 2**20, "maxrss_mb": maxrss, "cpu": cpu}


def _cores(result: dict[str, float]) -> str:
    """Return how many cores a run kept busy on average (CPU time / wall time), if known."""
    return f"{result['cpu'] / result['seconds']:.2f} cores busy" if result["cpu"] else "CPU time unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run (seconds, not minutes)")
    parser.add_argument("--chars", type=int, help="characters for the speed test")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale-mb", type=float, help="JSONL size for the worker-scaling test")
    parser.add_argument("--size-mb", type=float, help="JSONL size for the memory test")
    parser.add_argument("--pad-kb", type=float, default=0,
                        help="extra unanalysed field per line in the memory test (KB)")
    parser.add_argument("--memory-workers", type=int, default=1)
    parser.add_argument("--skip", default="", help="comma list of parts to skip: speed,scale,memory")
    args = parser.parse_args()
    chars = args.chars or (150_000 if args.quick else 1_000_000)
    scale_mb = args.scale_mb or (0.5 if args.quick else 4.0)
    size_mb = args.size_mb or (5.0 if args.quick else 100.0)
    skip = set(filter(None, args.skip.split(",")))

    def row(measure: str, figure: str, goal: str = "") -> None:
        print(f"| {measure} | {figure} | {goal} |", flush=True)

    texts = corpus()
    print(f"""
### bench_pipeline ({dt.datetime.now().strftime('%Y-%m-%d %H:%M')})

Machine: {platform.platform()}, Python {platform.python_version()}, {cpu_count()} CPUs usable,
load average {os.getloadavg()[0]:.2f} at the start. Documents: the sample corpus ({len(texts)} texts), cycled.

| measure | figure | goal |
|---|---|---|""", flush=True)
    if "speed" not in skip:
        s = speed(docs_of(texts, chars), args.repeat)
        row(f"pipeline, 1 process ({s['chars']:,} chars, best of {args.repeat})", f"{s['pipeline'] / 1e3:,.0f} k chars/s")
        row("plain `jieba.cut`, same text, same run", f"{s['jieba'] / 1e3:,.0f} k chars/s")
        row("pipeline / `jieba.cut`", f"{s['ratio']:.2f}x", ">= 0.75x")
    with tempfile.TemporaryDirectory() as tmp:
        if "scale" not in skip:
            small = Path(tmp) / "scale.jsonl"
            lines = write_jsonl(small, texts, int(scale_mb * 2**20))
            tiny = Path(tmp) / "tiny.jsonl"
            write_jsonl(tiny, texts[:1], 1)
            start_up = min(run_predict(tiny, 1)["seconds"], run_predict(tiny, 2)["seconds"])
            row("`annotate predict` start-up (one line)", f"{start_up:.1f} s")
            r1 = run_predict(small, 1)
            one = r1["seconds"] - start_up
            row(f"`annotate predict`, 1 worker ({scale_mb:g} MB, {lines} lines, less start-up)",
                f"{one:.1f} s ({_cores(r1)})")
            r2 = run_predict(small, 2)
            two = r2["seconds"] - start_up
            row("`annotate predict --workers 2`, same input, less start-up", f"{two:.1f} s ({_cores(r2)})")
            row("speed-up with 2 workers", f"{one / two:.2f}x", ">= 1.7x (needs 2 idle cores)")
        if "memory" not in skip:
            big = Path(tmp) / "big.jsonl"
            big_lines = write_jsonl(big, texts, int(size_mb * 2**20), args.pad_kb)
            mem = run_predict(big, args.memory_workers)
            what = f"{size_mb:g} MB, {big_lines} lines" + (f", {args.pad_kb:g} KB unanalysed field per line" if args.pad_kb else "")
            row(f"`annotate predict --workers {args.memory_workers}` on {what}: peak memory (Pss) of the process tree",
                f"{mem['tree_peak_mb']:.0f} MB", "< 400 MB")
            row("same run: largest single process (`/usr/bin/time -v`)", f"{mem['maxrss_mb']:.0f} MB")
            row("same run: time", f"{mem['seconds']:.0f} s ({size_mb / mem['seconds']:.2f} MB/s)")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}.", flush=True)


if __name__ == "__main__":
    main()
