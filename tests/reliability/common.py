"""Helpers shared by the reliability tests: store snapshots, Label Studio counts, one-line errors."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.tasks import annotation_result
from annotate.models import Document, Span
from reliability.killing import annotate_cmd


def snapshot(db: Path) -> str:
    """Return a digest of every row of every table (equal digests: nothing was written)."""
    conn = sqlite3.connect(db)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8"))
        return digest.hexdigest()
    finally:
        conn.close()


def row_count(db: Path) -> int:
    """Return the number of rows in all tables of the store (what a snapshot comparison covers)."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return sum(int(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables)
    finally:
        conn.close()


def tasks_per_doc(client: LabelStudioClient, project: int) -> Counter[str]:
    """Return how many tasks the project has per ``data.doc_id`` (listed through the API)."""
    return Counter(str((t.get("data") or {}).get("doc_id")) for t in client.iter_tasks(project, fields="all"))


def predictions_per_task(client: LabelStudioClient, project: int) -> dict[int, int]:
    """Return ``{task id: number of predictions}``."""
    return {int(t["id"]): len(t.get("predictions") or []) for t in client.iter_tasks(project, fields="all")}


def ls_annotations(client: LabelStudioClient, project: int) -> dict[int, dict[str, Any]]:
    """Return ``{annotation id: annotation}`` of every annotation Label Studio has in the project."""
    out: dict[int, dict[str, Any]] = {}
    for task in client.export(project):
        for ann in task.get("annotations") or []:
            out[int(ann["id"])] = {**ann, "task": int(task["id"])}
    return out


def stored_annotation_rows(db: Path) -> dict[int, list[tuple[str, int]]]:
    """Return ``{LS annotation id: [(status, number of spans)]}`` of every stored annotation row."""
    conn = sqlite3.connect(db)
    try:
        out: dict[int, list[tuple[str, int]]] = {}
        for ann, status, n in conn.execute(
            "SELECT a.ls_annotation, a.status, (SELECT COUNT(*) FROM spans s WHERE s.annotation_id = a.id) "
            "FROM annotations a WHERE a.kind = 'annotation' AND a.ls_annotation IS NOT NULL ORDER BY a.id"
        ):
            out.setdefault(int(ann), []).append((str(status), int(n)))
        return out
    finally:
        conn.close()


def check_exactly_once(db: Path, in_ls: dict[int, dict[str, Any]]) -> tuple[int, int, int]:
    """Compare the store with Label Studio: return ``(checked, missing, doubled)``.

    ``missing``: annotations Label Studio has with no current row (or a current row whose
    span count differs from Label Studio's labels regions); ``doubled``: annotations with
    more than one current row.
    """
    rows = stored_annotation_rows(db)
    missing = doubled = 0
    for ann_id, ann in in_ls.items():
        current = [n for status, n in rows.get(ann_id, []) if status == "current"]
        regions = sum(1 for r in ann.get("result") or [] if r.get("type") == "labels")
        if len(current) > 1:
            doubled += 1
        if not current or current[-1] != regions:
            missing += 1
    return len(in_ls), missing, doubled


def label_result(doc: Document, phrases: list[tuple[str, str]], prefix: str = "r") -> list[dict[str, Any]]:
    """Return an annotation ``result`` marking each ``(phrase, label)`` at its first occurrence."""
    spans = []
    for i, (phrase, label) in enumerate(phrases):
        start = doc.text.index(phrase)
        spans.append((Span.of(doc.text, start, start + len(phrase), label), f"{prefix}{i}", "manual"))
    return annotation_result(doc.text, spans)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``annotate ARGS`` in a subprocess; return the completed process (text output)."""
    return subprocess.run(annotate_cmd(*args), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def one_line_error(stderr: str) -> str:
    """Return the single ``Error: ...`` line of a failed command (assert there is exactly one line
    and no traceback or generic-exception wrapper)."""
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith(("pushing", "\r"))]
    assert len(lines) == 1, f"expected one error line, got: {stderr!r}"
    assert lines[0].startswith("Error: "), lines[0]
    assert "Traceback" not in stderr and "--debug" not in lines[0], lines[0]
    return lines[0]
