"""Helpers for code that builds many objects at once (bulk reads, pulls, exports)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a block builds many objects at once.

    Reading or parsing tens of thousands of spans allocates containers that all survive; the
    collector would scan them again and again (about half the time of a bulk read). Nothing
    in such a block makes reference cycles, and the collector runs again right after.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
