"""Run an ``annotate`` command in a subprocess and SIGKILL it part way through."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def annotate_cmd(*args: str) -> list[str]:
    """Return the argv that runs ``annotate`` with this interpreter."""
    return [sys.executable, "-c", "from annotate.cli.main import main; main()", *args]


def run_and_kill(args: list[str], *, started: Path | None = None, after: float = 1.0, timeout: float = 120) -> int:
    """Start ``annotate ARGS``, wait ``after`` seconds (counted from when ``started`` exists, if given), SIGKILL.

    Returns the process's return code: ``-9`` when the kill landed while it was still running.
    """
    proc = subprocess.Popen(annotate_cmd(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    if started is not None:
        while not started.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    time.sleep(after)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return proc.returncode


def integrity(db: Path) -> str:
    """Return ``PRAGMA integrity_check`` of a SQLite file opened with plain sqlite3."""
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def count(db: Path, sql: str) -> int:
    """Return the single integer a query gives."""
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()
