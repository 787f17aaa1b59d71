"""The SQLite gold-corpus store: the only package that touches SQLite.

``Store`` combines one mixin per area (documents, annotations, quarantine, and the
later areas' own modules) over one ``Database`` connection. Every write method runs in
a transaction; wrap several calls in ``store.transaction()`` to make them one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotate.store.annotations import AnnotationsMixin, SaveResult
from annotate.store.db import DEFAULT_DB, Database, resolve_path
from annotate.store.documents import AddResult, DocumentsMixin
from annotate.store.evaluations import EvaluationsMixin
from annotate.store.exports import ExportsMixin
from annotate.store.gold import GoldMixin
from annotate.store.labelstudio import LabelStudioMixin
from annotate.store.quarantine import QuarantineMixin, QuarantineRecord

__all__ = [
    "DEFAULT_DB",
    "AddResult",
    "QuarantineRecord",
    "SaveResult",
    "Store",
    "resolve_path",
]


class Store(DocumentsMixin, AnnotationsMixin, QuarantineMixin, LabelStudioMixin, GoldMixin, EvaluationsMixin, ExportsMixin):
    """The gold-corpus store in one SQLite file (WAL, foreign keys, busy timeout, migrations)."""

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, create: bool = True, **options: Any
    ) -> None:
        self.database = Database(path, create=create, **options)

    @property
    def path(self) -> Path:
        """Return the path of the SQLite file."""
        return self.database.path

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Make every store write inside the block one transaction."""
        with self.database.transaction():
            yield

    def close(self) -> None:
        """Close the connection."""
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
