"""Run every bench script and rewrite bench/RESULTS.md with what they print.

Each ``bench/bench_*.py`` prints a Markdown section of measured figures (ratios against a
reference run in the same process). This runner records the machine, the date and the
exact command of each script above its output. ``--quick`` passes ``--quick`` to each
script for a fast smoke run; ``--only NAME`` runs the scripts whose name contains NAME.

Usage: python bench/run_all.py [--quick] [--only pipeline] [--out bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def machine() -> str:
    """Describe the machine: OS, Python, CPU model, cores and memory."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"{cpu}, {os.cpu_count()} cores{mem}")


def main() -> int:
    """Run the bench scripts and write the results file; return non-zero if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small runs, for a smoke test")
    parser.add_argument("--only", default="", help="run only scripts whose name contains this")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    scripts = sorted(p for p in HERE.glob("bench_*.py") if args.only in p.stem)
    header = [
        "# Benchmark results",
        "",
        "Written by `python bench/run_all.py" + (" --quick" if args.quick else "") + "` (also `make bench`).",
        "Every figure is a ratio against a reference run in the same process, or a time/memory with the",
        "reference beside it; absolute seconds vary by machine, ratios much less.",
        "",
        f"- Machine: {machine()}",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
    ]
    sections: list[str] = []
    failed = 0
    for script in scripts:
        cmd = [sys.executable, str(script.relative_to(ROOT))] + (["--quick"] if args.quick else [])
        shown = "python " + " ".join(cmd[1:])
        print(f"running {shown}", file=sys.stderr, flush=True)
        began = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        took = time.monotonic() - began
        body = proc.stdout.strip() or "(no output)"
        if proc.returncode != 0:
            failed += 1
            tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
            body += f"\n\n**FAILED** (exit {proc.returncode}):\n\n```\n{tail}\n```"
        sections.append(f"## {script.stem}\n\nCommand: `{shown}` ({took:.0f} s)\n\n{body}\n")
    args.out.write_text("\n".join(header) + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
