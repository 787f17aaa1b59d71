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


def write_locked(db: Path) -> bool:
    """Return whether another connection holds the file's write lock (a command is inside its transaction)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    finally:
        conn.close()


def kill_inside_write(args: list[str], db: Path, *, delay: float = 0.3, timeout: float = 180,
                      env: dict[str, str] | None = None) -> tuple[int, bool]:
    """Start ``annotate ARGS``, wait until it holds ``db``'s write lock, ``delay`` s more, then SIGKILL.

    Returns ``(return code, whether the lock was still held at the moment of the kill)``: ``(-9, True)``
    means the kill landed inside the command's write transaction.
    """
    proc = subprocess.Popen(annotate_cmd(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline and not write_locked(db):
            time.sleep(0.01)
        time.sleep(delay)
        held = proc.poll() is None and write_locked(db)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, held
