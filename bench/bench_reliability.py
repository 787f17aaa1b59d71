"""Re-run the fault, load and bad-input suite (tests/reliability/) and print its figures as Markdown.

Each reliability test records what it did (operations, faults injected, records checked,
records lost) through ``tests/reliability/figures.py``; this script points
``$ANNOTATE_RELIABILITY_FIGURES`` at a temporary file, runs the suite with pytest (a real
Label Studio is started by the suite's fixtures), and prints one table row per scenario,
plus the machine and the date. ``--quick`` shortens the concurrency run to 15 s.

Usage::

    .venv/bin/python bench/bench_reliability.py [--quick] [--out reliability.md]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_all import machine  # noqa: E402  (one description of the machine for every report)

GROUPS = [  # (heading, scenario name prefix)
    ("1. `annotate` SIGKILLed mid-command", "kill annotate"),
    ("2. Label Studio killed mid-push / mid-pull / during webhooks", "LS killed"),
    ("3. Concurrency: pull loop + webhook receiver + export loop", "concurrency"),
    ("4. Label Studio answering errors (fault proxy)", "LS faults"),
    ("5. Fuzzed bad input", "fuzz"),
]


def run_suite(figures: Path, quick: bool, extra: list[str]) -> tuple[int, str, float]:
    """Run tests/reliability with figures recorded into ``figures``; return (exit code, summary line, seconds)."""
    env = {**os.environ, "ANNOTATE_RELIABILITY_FIGURES": str(figures)}
    if quick:
        env["RELIABILITY_SECONDS"] = "15"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/reliability", "-q", "-p", "no:cacheprovider", *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, (lines[-1] if lines else done.stderr.strip()[-200:]), time.perf_counter() - started


def markdown(rows: list[dict], summary: str, seconds: float, command: str) -> str:
    """Return the figures as a Markdown section for bench/RESULTS.md."""
    out = ["## Reliability: faults, load and bad input", "",
           f"Measured {time.strftime('%Y-%m-%d')} on {machine()}, against a real Label Studio 1.23 "
           "(started by the test fixtures) and real SQLite files.", "",
           f"Command: `{command}` (pytest: {summary}, {seconds:.0f} s).", "",
           "| Scenario | Operations | Faults injected | Records checked | Records lost |",
           "|---|---:|---:|---:|---:|"]
    by_group: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        group = next((g for g, prefix in GROUPS if row["scenario"].startswith(prefix)), "other")
        by_group[group].append(row)
    for group, _ in [*GROUPS, ("other", "")]:
        items = by_group.get(group, [])
        if not items:
            continue
        total = {k: sum(r[k] for r in items) for k in ("operations", "faults", "checked", "lost")}
        out.append(f"| **{group}** | **{total['operations']}** | **{total['faults']}** | **{total['checked']}** "
                   f"| **{total['lost']}** |")
        for r in items:
            name = r["scenario"].split(": ", 1)[-1]
            out.append(f"| &nbsp;&nbsp;{name} | {r['operations']} | {r['faults']} | {r['checked']} | {r['lost']} |")
    notes = [r for r in rows if set(r) - {"scenario", "operations", "faults", "checked", "lost", "at"}]
    if notes:
        out += ["", "Details:", ""]
        for r in notes:
            extra = {k: v for k, v in r.items() if k not in ("scenario", "operations", "faults", "checked", "lost", "at")}
            out.append(f"- {r['scenario']}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in extra.items()))
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="15 s of concurrency traffic instead of 50 s")
    parser.add_argument("--out", type=Path, help="also write the Markdown to this file")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (e.g. -k fuzz)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "figures.jsonl"
        code, summary, seconds = run_suite(figures, args.quick, args.pytest_args)
        rows = [json.loads(line) for line in figures.read_text().splitlines()] if figures.exists() else []
    command = "python bench/bench_reliability.py" + (" --quick" if args.quick else "")
    text = markdown(rows, summary, seconds, command)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    lost = sum(r["lost"] for r in rows)
    if code != 0 or lost:
        print(f"reliability suite failed (pytest exit {code}, {lost} records lost)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
