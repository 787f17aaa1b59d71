"""Summaries of what the store holds, as plain data for the CLI, the dashboard and reports."""

from __future__ import annotations

from typing import Any

from annotate.store import Store


def store_stats(store: Store) -> dict[str, Any]:
    """Return document, script, flag, quarantine and span counts of the store (aggregated in SQL)."""
    current, chars, scripts, flags = store.document_summary()
    tables = store.database.table_counts()
    return {
        "documents": {
            "current": current,
            "all": store.count_documents(current_only=False),
            "characters": chars,
        },
        "scripts": scripts,
        "quality_flags": flags,
        "quarantined": tables.get("quarantine", 0),
        "tables": tables,
        "spans": [
            {"kind": kind, "source": source, "label": label, "spans": n}
            for kind, source, label, n in store.span_counts()
        ],
    }
