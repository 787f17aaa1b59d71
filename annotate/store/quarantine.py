"""Quarantined input (kept with its reason, never silently dropped) and key/value settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotate.store.db import Database, dumps, loads, now_iso


@dataclass(frozen=True)
class QuarantineRecord:
    """One rejected input: where it came from (``origin``, ``ref``), who, why, and the raw payload."""

    origin: str
    ref: str | None
    reason: str
    payload: Any = None
    annotator: str | None = None
    id: int | None = None
    created_at: str | None = None


def _payload(value: Any) -> str:
    """Serialise a rejected payload; one with NaN or infinity (not JSON) is kept as its ``repr``."""
    try:
        return dumps(value)
    except ValueError:
        return dumps(repr(value))


class QuarantineMixin:
    """Store methods for the ``quarantine`` and ``settings`` tables."""

    database: Database

    def quarantine(self, records: Iterable[QuarantineRecord]) -> int:
        """Store rejected records with their reasons; return how many."""
        rows = [
            (now_iso(), r.origin, r.ref, r.annotator, r.reason, None if r.payload is None else _payload(r.payload))
            for r in records
        ]
        if rows:
            with self.database.transaction():
                self.database.executemany(
                    "INSERT INTO quarantine (created_at, origin, ref, annotator, reason, payload) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
        return len(rows)

    def quarantined(self, origin: str | None = None) -> list[QuarantineRecord]:
        """Return quarantined records, oldest first, optionally of one origin."""
        sql = "SELECT id, created_at, origin, ref, annotator, reason, payload FROM quarantine"
        params: tuple[str, ...] = ()
        if origin:
            sql += " WHERE origin = ?"
            params = (origin,)
        return [
            QuarantineRecord(
                id=i, created_at=c, origin=o, ref=ref, annotator=a, reason=reason, payload=loads(p)
            )
            for i, c, o, ref, a, reason, p in self.database.execute(sql + " ORDER BY id", params)
        ]

    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return a stored setting (JSON value), or ``default``."""
        row = self.database.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (any JSON value)."""
        with self.database.transaction():
            self.database.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, dumps(value)),
            )
