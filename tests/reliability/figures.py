"""Record each reliability scenario's figures (operations, faults injected, records checked, records lost).

Tests call :func:`record`; when ``$ANNOTATE_RELIABILITY_FIGURES`` names a file, one JSON line is
appended to it per call (``bench/bench_reliability.py`` sets it and prints the table). Without
the variable nothing is written, so the normal test run leaves no files behind.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

ENV = "ANNOTATE_RELIABILITY_FIGURES"


def record(scenario: str, *, operations: int, faults: int, checked: int, lost: int, **extra: Any) -> dict[str, Any]:
    """Append one scenario's figures to ``$ANNOTATE_RELIABILITY_FIGURES`` (if set); return them."""
    row = {"scenario": scenario, "operations": operations, "faults": faults, "checked": checked,
           "lost": lost, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), **extra}
    path = os.environ.get(ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return row
