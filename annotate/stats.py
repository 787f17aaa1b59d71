"""Summaries of what the store holds, as plain data for the CLI, the dashboard and reports."""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotate.store import Store


def store_stats(store: Store) -> dict[str, Any]:
    """Return document, script, flag, quarantine and span counts of the store."""
    scripts: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    chars = 0
    current = 0
    for doc in store.documents():
        current += 1
        chars += len(doc.text)
        scripts[doc.script] += 1
        for flag in doc.flags:
            flags[flag.kind] += 1
    return {
        "documents": {
            "current": current,
            "all": store.count_documents(current_only=False),
            "characters": chars,
        },
        "scripts": dict(sorted(scripts.items())),
        "quality_flags": dict(sorted(flags.items())),
        "quarantined": len(store.quarantined()),
        "tables": store.database.table_counts(),
        "spans": [
            {"kind": kind, "source": source, "label": label, "spans": n}
            for kind, source, label, n in store.span_counts()
        ],
    }
