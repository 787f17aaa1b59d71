"""Simulated annotators for the demo: predictions perturbed the way people correct them.

Each annotator has a profile of error rates; for every predicted span they keep it, shift a
boundary by one or two characters, change the label to a confusable one, or delete it,
and they add a few spans by hand (some missed entities, some wrong). Everything is drawn
from a seeded ``random.Random``, so a seed gives the same corrections every time. The
corrections are submitted through the real Label Studio API as real users (one account
each), then pulled like any human's work. Offsets: code points here, converted only in
:mod:`annotate.labelstudio.tasks`.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.settings import Connection
from annotate.labelstudio.tasks import annotation_result, region_id
from annotate.models import Document, Span
from annotate.schema import FLAT_LABELS, OVERLAPPING_LABELS

CONFUSABLE = {
    "GOV": ("ORG",), "ORG": ("GOV", "LOC"), "LOC": ("GOV", "ORG"), "PER": ("ORG",), "POLICY": ("ACTION",),
    "MONEY": ("QUANTITY",), "PERCENT": ("QUANTITY",), "QUANTITY": ("MONEY", "PERCENT"), "DATE": ("QUANTITY",),
    "ACTION": ("POLICY",),
}


@dataclass(frozen=True)
class Profile:
    """How one simulated annotator corrects: probabilities per predicted span, extras per document."""

    email: str
    shift: float = 0.08
    relabel: float = 0.05
    delete: float = 0.06
    add: float = 0.5  # expected hand-drawn spans per document
    skip: float = 0.03  # chance to skip a task


PROFILES = (
    Profile("annotator-a@annotate.local", shift=0.06, relabel=0.04, delete=0.05, add=0.4, skip=0.02),
    Profile("annotator-b@annotate.local", shift=0.12, relabel=0.08, delete=0.08, add=0.8, skip=0.04),
)


@dataclass
class SimulationResult:
    """What the simulated annotators submitted."""

    annotators: dict[str, int] = field(default_factory=dict)  # email -> annotations created
    skipped: dict[str, int] = field(default_factory=dict)
    already_done: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return dict(self.__dict__)


def _fits(span: Span, kept: Sequence[Span]) -> bool:
    if span.label in OVERLAPPING_LABELS:
        return True
    return not any(k.overlaps(span) for k in kept if k.label not in OVERLAPPING_LABELS)


def _shifted(doc: Document, span: Span, rng: random.Random) -> Span | None:
    for _ in range(4):
        start = span.start + rng.choice((-2, -1, 0, 0, 1))
        end = span.end + rng.choice((-1, 0, 0, 1, 2))
        if (start, end) != (span.start, span.end) and 0 <= start < end <= len(doc.text) and end - start >= 1:
            return Span.of(doc.text, start, end, span.label)
    return None


def perturb(doc: Document, predicted: Sequence[Span], model_version: str, profile: Profile,
            rng: random.Random) -> list[tuple[Span, str, str]]:
    """Return one annotator's corrected spans as ``(span, region id, origin)``."""
    out: list[tuple[Span, str, str]] = []
    kept: list[Span] = []

    def keep(span: Span, rid: str, origin: str) -> None:
        if _fits(span, kept):
            kept.append(span)
            out.append((span, rid, origin))

    for span in predicted:
        rid = region_id(model_version, span)
        roll = rng.random()
        if roll < profile.delete:
            continue
        roll -= profile.delete
        if roll < profile.shift:
            moved = _shifted(doc, span, rng)
            if moved is not None:
                keep(moved, rid, "prediction-changed")
                continue
        roll -= profile.shift
        if roll < profile.relabel:
            label = rng.choice(CONFUSABLE.get(span.label, FLAT_LABELS))
            keep(Span.of(doc.text, span.start, span.end, label), rid, "prediction-changed")
            continue
        keep(Span.of(doc.text, span.start, span.end, span.label), rid, "prediction")
    extras = sum(1 for _ in range(3) if rng.random() < profile.add / 3)
    for n in range(extras):
        if len(doc.text) < 4:
            break
        length = rng.randint(2, min(6, len(doc.text)))
        start = rng.randrange(0, len(doc.text) - length + 1)
        span = Span.of(doc.text, start, start + length, rng.choice(FLAT_LABELS))
        if span.text.strip() == span.text and "\n" not in span.text:
            keep(span, f"m{rng.getrandbits(36):09x}{n}", "manual")
    return out


def password_for(admin_token: str, email: str) -> str:
    """Return a simulated annotator's password, derived from the admin token (nothing stored)."""
    return hmac.new(admin_token.encode(), email.encode(), hashlib.sha256).hexdigest()[:24]


def simulate(
    store: Any, client: LabelStudioClient, *, project: int, model_version: str | None, seed: int = 7,
    profiles: Sequence[Profile] = PROFILES, progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Create the simulated annotators (real users) and submit their corrections of every task
    of ``project`` that they have not annotated yet; return what was submitted."""
    result = SimulationResult()
    task_map = store.ls_task_map(client.url, project)
    done = {(int(a.get("completed_by") if not isinstance(a.get("completed_by"), dict)
                 else a["completed_by"]["id"]), int(t["id"]))
            for t in client.export(project) for a in t.get("annotations") or []}
    docs = {d.id: d for d in store.documents(ids=list(task_map), current_only=False)}
    preds = {}
    if model_version:
        preds = {a.document_id: a.spans for a in
                 store.annotations(kind="prediction", source=model_version, document_ids=list(task_map))}
    for number, profile in enumerate(profiles):
        uid, token = client.ensure_user(profile.email, password_for(client.conn.api_key, profile.email))
        as_user = LabelStudioClient(Connection(url=client.url, api_key=token, source="simulated"))
        rng = random.Random(f"{seed}-{number}")
        made = skipped = 0
        for doc_id in sorted(task_map):
            task = task_map[doc_id]
            corrected = perturb(docs[doc_id], preds.get(doc_id, []), model_version or "", profile, rng)
            skip = rng.random() < profile.skip
            lead = round(rng.uniform(20, 180), 1)
            if (uid, task) in done:
                result.already_done += 1
                continue
            if skip:
                as_user.create_annotation(task, [], was_cancelled=True, lead_time=lead)
                skipped += 1
            else:
                as_user.create_annotation(task, annotation_result(docs[doc_id].text, corrected), lead_time=lead)
                made += 1
            if progress:
                progress(1)
        result.annotators[profile.email] = made
        result.skipped[profile.email] = skipped
    return result
