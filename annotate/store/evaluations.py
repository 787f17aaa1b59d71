"""Evaluation runs and their scores: every ``annotate evaluate`` against the store's gold is kept.

``eval_runs`` holds one row per run (model version, gold source, time, documents, a JSON
summary); ``eval_scores`` one row per (run, label, scheme) with precision, recall, F1,
gold support and predicted count. Labels include ``micro`` and ``macro``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotate.store.db import Database, dumps, loads, now_iso


@dataclass(frozen=True)
class EvalRun:
    """One saved evaluation run."""

    id: int
    model_version: str
    gold_source: str
    created_at: str
    documents: int
    summary: dict[str, Any]


@dataclass(frozen=True)
class EvalScore:
    """One saved figure: a run's precision, recall and F1 for a label under a scheme."""

    run_id: int
    label: str
    scheme: str
    precision: float | None
    recall: float | None
    f1: float | None
    support: int | None
    predicted: int | None


class EvaluationsMixin:
    """Store methods for the ``eval_runs`` and ``eval_scores`` tables."""

    database: Database

    def save_eval_run(
        self,
        model_version: str,
        gold_source: str,
        documents: int,
        summary: dict[str, Any],
        scores: Sequence[tuple[str, str, float | None, float | None, float | None, int | None, int | None]],
    ) -> int:
        """Save a run and its ``(label, scheme, precision, recall, f1, support, predicted)`` rows; return its id."""
        db = self.database
        with db.transaction():
            cur = db.execute(
                "INSERT INTO eval_runs (model_version, gold_source, created_at, documents, summary) "
                "VALUES (?, ?, ?, ?, ?)",
                (model_version, gold_source, now_iso(), documents, dumps(summary)),
            )
            run_id = int(cur.lastrowid or 0)
            db.executemany(
                "INSERT INTO eval_scores (run_id, label, scheme, precision, recall, f1, support, predicted) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, *row) for row in scores],
            )
        return run_id

    def eval_runs(self, model_version: str | None = None) -> list[EvalRun]:
        """Return saved runs, oldest first, optionally of one model version."""
        sql = "SELECT id, model_version, gold_source, created_at, documents, summary FROM eval_runs"
        params: tuple[str, ...] = ()
        if model_version is not None:
            sql += " WHERE model_version = ?"
            params = (model_version,)
        return [
            EvalRun(i, m, g, c, d, loads(s, {}))
            for i, m, g, c, d, s in self.database.execute(sql + " ORDER BY created_at, id", params)
        ]

    def eval_scores(self, run_ids: Sequence[int], scheme: str | None = None) -> list[EvalScore]:
        """Return the saved scores of some runs (optionally one scheme), by run, label, scheme."""
        out: list[EvalScore] = []
        ids = list(run_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            sql = (
                "SELECT run_id, label, scheme, precision, recall, f1, support, predicted FROM eval_scores "
                f"WHERE run_id IN ({','.join('?' * len(chunk))})"
            )
            params: list[object] = list(chunk)
            if scheme is not None:
                sql += " AND scheme = ?"
                params.append(scheme)
            out.extend(EvalScore(*row) for row in self.database.execute(sql + " ORDER BY run_id, label, scheme", params))
        return out
