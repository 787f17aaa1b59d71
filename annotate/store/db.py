"""Open the SQLite file, apply migrations, and run writes as single transactions.

The connection runs in autocommit mode (``isolation_level=None``); ``Database.transaction``
issues ``BEGIN IMMEDIATE`` / ``COMMIT`` itself, nests by counting, and rolls back on any
exception, so a command that fails half way leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import json
import json.scanner
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from annotate.errors import StoreError
from annotate.store.migrations import MIGRATIONS, SCHEMA_VERSION

T = TypeVar("T")
DEFAULT_DB = "annotate.db"
DEFAULT_BUSY_TIMEOUT = 30.0


def now_iso() -> str:
    """Return the current UTC time as an ISO 8601 string with seconds and offset."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def dumps(value: Any) -> str:
    """Serialise a JSON column: compact, keys sorted, non-ASCII kept as is.

    NaN and infinity raise ``ValueError``: they are not JSON, and SQLite's json functions reject them.
    """
    return _ENCODE(value)


# One encoder for every call: json.dumps with these options would build a new one each time.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
                           allow_nan=False).encode


_scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[attr-defined,arg-type]


def loads(value: str | None, default: Any = None) -> Any:
    """Parse a JSON column, ``default`` for NULL (fast path: our own compact JSON, no padding)."""
    if value is None:
        return default
    if value == "{}":
        return {}
    try:
        return _scan(value, 0)[0]
    except StopIteration:
        return json.loads(value)  # let json report the error properly


def chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    """Yield slices of at most ``size`` items: SQLite limits the parameters of one ``IN (...)``."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def resolve_path(path: str | os.PathLike[str] | None) -> Path:
    """Return the database path: ``path``, else ``$ANNOTATE_DB``, else ``./annotate.db``."""
    return Path(path or os.environ.get("ANNOTATE_DB") or DEFAULT_DB)


class Database:
    """One connection to the store file, with migrations and transactions."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        busy_timeout: float | None = None,
    ) -> None:
        self.path = resolve_path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run `annotate ingest` first)")
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a database file")
        timeout = busy_timeout if busy_timeout is not None else float(
            os.environ.get("ANNOTATE_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT)
        )
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._set_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
        self._utils: Any = None
        self._depth = 0
        self.migrate()

    def _set_wal(self) -> None:
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            # A read-only file or folder cannot switch: reads still work, writes report clearly.
            with contextlib.suppress(sqlite3.OperationalError):
                self.conn.execute("PRAGMA journal_mode = WAL")

    @property
    def utils(self) -> Any:
        """Return a ``sqlite_utils.Database`` on this connection, for introspection (imported lazily).

        sqlite-utils imports pandas when it is installed, which costs most of a second; only
        commands that introspect the file (``annotate stats``) pay for it.
        """
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    def table_counts(self) -> dict[str, int]:
        """Return the number of rows of every table, by name (via sqlite-utils)."""
        return {name: self.utils[name].count for name in sorted(self.utils.table_names())}

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @property
    def user_version(self) -> int:
        """Return the schema version recorded in the file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply every migration the file has not seen yet, each in its own transaction."""
        current = self.user_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this annotate "
                f"({SCHEMA_VERSION}); upgrade annotate"
            )
        for version in range(current, SCHEMA_VERSION):
            with self.transaction():
                if self.user_version > version:  # another process migrated meanwhile
                    continue
                for statement in MIGRATIONS[version]:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction (``BEGIN IMMEDIATE``); nested blocks join it."""
        if self._depth == 0:
            self._execute_or_raise("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0 and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self._execute_or_raise("COMMIT")

    def _execute_or_raise(self, sql: str) -> None:
        try:
            self.conn.execute(sql)
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction and sql != "BEGIN IMMEDIATE":
                self.conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {describe(exc)}") from exc

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """Execute one statement, turning SQLite errors into ``StoreError`` naming the file."""
        try:
            return self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: {describe(exc)}") from exc

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        """Execute one statement for many rows (one round trip into SQLite)."""
        try:
            return self.conn.executemany(sql, rows)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: {describe(exc)}") from exc

    def integrity_check(self) -> str:
        """Return SQLite's ``PRAGMA integrity_check`` verdict (``'ok'`` when sound)."""
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def describe(exc: sqlite3.Error) -> str:
    """Return a user-facing explanation of a SQLite error."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{text} (another process holds a write lock; try again when it finishes)"
    if "readonly" in text or "read-only" in text:
        return f"{text} (the file or its folder is not writable)"
    return text
