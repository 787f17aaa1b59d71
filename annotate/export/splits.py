"""Split a corpus by document: deterministic from a seed, duplicates always together.

Two documents are near duplicates when their texts are equal after NFKC normalisation
and removing whitespace and punctuation; a group of duplicates goes to one split as a
whole. Groups are ordered by a hash of the seed and the normalised text, then each goes
to the split furthest below its target share of documents, so the shares come out as
close to the requested ones as whole groups allow.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from annotate.errors import InputError

SPLIT_NAMES = {1: ("all",), 2: ("train", "test"), 3: ("train", "validation", "test")}


@dataclass(frozen=True)
class SplitPlan:
    """The splits to make: names and shares (summing to 1) and the seed."""

    names: tuple[str, ...]
    shares: tuple[float, ...]
    seed: int

    def describe(self) -> str:
        """Return ``train 80% / validation 10% / test 10% (seed 13)``."""
        parts = " / ".join(f"{n} {round(s * 100, 2):g}%" for n, s in zip(self.names, self.shares, strict=True))
        return f"{parts} (seed {self.seed})"


def parse_split(spec: str | None, seed: int = 0) -> SplitPlan:
    """Parse ``80/10/10`` (train/validation/test), ``90/10`` (train/test) or nothing (one split ``all``)."""
    if not spec:
        return SplitPlan(("all",), (1.0,), seed)
    try:
        parts = [float(p) for p in spec.split("/")]
    except ValueError:
        raise InputError(f"--split {spec!r}: give shares like 80/10/10") from None
    if len(parts) not in (2, 3) or any(p < 0 for p in parts) or sum(parts) <= 0:
        raise InputError(f"--split {spec!r}: give two or three non-negative shares like 80/10/10")
    total = sum(parts)
    if abs(total - 100) > 1e-6 and abs(total - 1) > 1e-6:
        raise InputError(f"--split {spec!r}: the shares add up to {total:g}, not 100")
    return SplitPlan(SPLIT_NAMES[len(parts)], tuple(p / total for p in parts), seed)


@lru_cache(maxsize=1)
def _drop_table() -> dict[int, None]:
    """Map every whitespace and punctuation code point of the BMP to ``None`` (built once)."""
    return {
        cp: None
        for cp in range(0x10000)
        if unicodedata.category(chr(cp)).startswith("P") or chr(cp).isspace()
    }


def normalise(text: str) -> str:
    """Return ``text`` with NFKC applied and whitespace and punctuation (of the BMP) removed: the duplicate key."""
    return unicodedata.normalize("NFKC", text).translate(_drop_table())


def group_key(text: str) -> str:
    """Return the hash of the normalised text: near duplicates share it."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:20]


def assign(items: Iterable[tuple[str, str]], plan: SplitPlan) -> dict[str, str]:
    """Map each document id to its split; ``items`` are ``(document id, group key)``.

    Keeps only ids and keys in memory (not texts).
    """
    groups: dict[str, list[str]] = {}
    for doc_id, key in items:
        groups.setdefault(key, []).append(doc_id)
    if len(plan.names) == 1:
        return {d: plan.names[0] for ids in groups.values() for d in ids}
    total = sum(len(ids) for ids in groups.values())
    targets = [share * total for share in plan.shares]
    filled = [0] * len(plan.names)
    order = sorted(groups, key=lambda k: hashlib.sha256(f"{plan.seed}:{k}".encode()).hexdigest())
    out: dict[str, str] = {}
    for key in order:
        ids = groups[key]
        best = max(range(len(plan.names)), key=lambda i: (targets[i] - filled[i], -i))
        filled[best] += len(ids)
        for d in ids:
            out[d] = plan.names[best]
    return out


def split_counts(assignment: Mapping[str, str], plan: SplitPlan) -> dict[str, int]:
    """Return documents per split, in the plan's order."""
    counts = dict.fromkeys(plan.names, 0)
    for name in assignment.values():
        counts[name] += 1
    return counts
