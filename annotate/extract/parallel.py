"""Map a function over a stream in worker processes: ordered, chunked, bounded memory.

``ordered_map(fn, items, workers)`` yields ``fn(item)`` for every item in input order.
With ``workers > 1`` it forks a ``multiprocessing`` pool (the ``fork`` start method, so
workers inherit loaded dictionaries and the function without pickling it) and keeps at
most ``workers * ahead`` chunks in flight: the input is read lazily and the output is
streamed, so memory stays bounded however long the input is. (``Pool.imap`` would read
the whole input ahead of the workers.)
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_FN: Callable[[Any], Any] | None = None  # set in the parent before forking; inherited by workers


def _run_chunk(chunk: list[Any]) -> list[Any]:
    assert _FN is not None
    return [_FN(item) for item in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def can_fork() -> bool:
    """Return whether the ``fork`` start method is available (POSIX)."""
    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int = 1,
    *,
    chunk_size: int = 16,
    ahead: int = 4,
) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in order, using ``workers`` forked processes.

    ``workers <= 1`` (or no ``fork``) runs in this process. ``chunk_size`` items go to a
    worker at a time; at most ``workers * ahead`` chunks are pending at once.
    """
    if workers <= 1 or not can_fork():
        for item in items:
            yield fn(item)
        return
    global _FN
    previous, _FN = _FN, fn  # kept while the pool lives: a restarted worker forks again
    gc.freeze()  # keep the collector from touching (and so copying) the parent's objects in workers
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        pending: deque[Any] = deque()
        limit = workers * ahead
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.apply_async(_run_chunk, (chunk,)))
            if len(pending) >= limit:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()
        _FN = previous


def cpu_count() -> int:
    """Return the CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
