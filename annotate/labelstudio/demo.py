"""The main job end to end: sample corpus -> pre-annotations -> Label Studio, optionally with
simulated annotators whose corrections are pulled back, so every later step has data."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.pull import pull
from annotate.labelstudio.push import push
from annotate.labelstudio.settings import ENV_API_KEY, ENV_URL, load_connection

SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "sample_corpus"

Say = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class DemoResult:
    """What the demo did: counts per step, and where to log in (no secrets)."""

    documents: int = 0
    model_version: str | None = None
    url: str = ""
    project_url: str = ""
    login: str = ""
    started_server: bool = False
    push: dict[str, Any] = field(default_factory=dict)
    simulation: dict[str, Any] = field(default_factory=dict)
    pull: dict[str, Any] = field(default_factory=dict)
    corrections: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return dict(self.__dict__)


def run_demo(store: Any, *, simulate: bool = False, seed: int = 7, corpus: Path = SAMPLE_CORPUS,
             overlap: int = 2, say: Say = _quiet) -> DemoResult:
    """Ingest ``corpus``, pre-annotate, start the local Label Studio (unless ``LABEL_STUDIO_URL``
    and ``LABEL_STUDIO_API_KEY`` name a server), push; with ``simulate`` also submit two
    simulated annotators' corrections and pull them."""
    from annotate.extract.pipeline import Pipeline
    from annotate.ingest import ingest_paths
    from annotate.preannotate import preannotate

    result = DemoResult()
    say(f"Ingesting {corpus} ...")
    summary = ingest_paths(store, [str(corpus)])
    result.documents = len(summary.document_ids)
    say("Pre-annotating ...")
    result.model_version = preannotate(store, Pipeline()).model_version
    if os.environ.get(ENV_URL, "").strip() and os.environ.get(ENV_API_KEY, "").strip():
        conn = load_connection()
        result.login = "with your own Label Studio account"
    else:
        from annotate.labelstudio import server

        info = server.start(progress=say)
        result.started_server = True
        conn = load_connection(info.config_path)
        result.login = (f"as {info.email}; the password is the \"password\" entry of {info.config_path} "
                        "(readable only by you)")
    client = LabelStudioClient(conn)
    result.url = client.url
    say(f"Pushing to {client.url} ...")
    pushed = push(store, client, model_version=result.model_version, overlap=overlap if simulate else None)
    result.push = pushed.as_dict()
    result.project_url = pushed.project_url
    if simulate:
        from annotate.labelstudio.simulate import simulate as run_simulation

        say("Simulated annotators are correcting the pre-annotations ...")
        result.simulation = run_simulation(store, client, project=pushed.project,
                                           model_version=result.model_version, seed=seed).as_dict()
        say("Pulling their annotations ...")
        result.pull = pull(store, client, project=pushed.project).as_dict()
        result.corrections = [c.as_dict() for c in store.correction_stats()]
    return result
