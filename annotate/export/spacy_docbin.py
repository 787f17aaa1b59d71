"""Export ``spacy``: a ``.spacy`` DocBin per split, tokenised one token per character.

Each ``Doc`` is ``Doc(vocab, words=list(text), spaces=[False] * len(text))``, so token
indices equal code-point offsets and ``doc.text`` is the document text. Non-ACTION spans
are ``doc.ents``; ACTION spans (which may overlap) are the span group ``doc.spans["action"]``;
the document id is ``doc.user_data["id"]``. A split of more than ``SHARD_DOCS`` documents
is written as ``SPLIT/000.spacy``, ``SPLIT/001.spacy``... (spaCy reads a folder of DocBins)
so memory stays flat; otherwise as ``SPLIT.spacy``. Needs spaCy (``pip install annotate[spacy]``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from annotate.errors import ConfigError
from annotate.export.base import ExportOptions, ExportRecord
from annotate.schema import OVERLAPPING_LABELS

SHARD_DOCS = 1000
SPAN_GROUP = "action"


def require_spacy() -> Any:
    """Import spaCy or raise a one-line ``ConfigError`` saying how to install it."""
    try:
        import spacy  # noqa: F401
        from spacy import tokens
    except ImportError:
        raise ConfigError(
            "--format spacy needs spaCy, which is not installed: pip install 'annotate[spacy]'"
        ) from None
    return tokens


class SpacyExporter:
    """Write one DocBin per split (sharded when large)."""

    def __init__(self, out: Path, options: ExportOptions) -> None:
        self.tokens = require_spacy()
        from spacy.vocab import Vocab

        self.vocab = Vocab()
        self.out = out
        self.options = options
        self.bins: dict[str, Any] = {}
        self.shards: dict[str, int] = dict.fromkeys(options.splits, 0)
        self.counts: dict[str, int] = dict.fromkeys(options.splits, 0)
        for split in options.splits:
            (out / f"{split}.spacy").unlink(missing_ok=True)
            if (out / split).is_dir():
                shutil.rmtree(out / split)

    def _bin(self, split: str) -> Any:
        if split not in self.bins:
            self.bins[split] = self.tokens.DocBin(store_user_data=True)
        return self.bins[split]

    def write(self, record: ExportRecord) -> None:
        """Add the document to its split's DocBin, writing a shard when it is full."""
        t = self.tokens
        text = record.text
        doc = t.Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        flat = [s for s in record.spans if s.label not in OVERLAPPING_LABELS]
        doc.ents = [t.Span(doc, s.start, s.end, label=s.label) for s in flat]
        doc.spans[SPAN_GROUP] = [
            t.Span(doc, s.start, s.end, label=s.label) for s in record.spans if s.label in OVERLAPPING_LABELS
        ]
        doc.user_data["id"] = record.id
        self._bin(record.split).add(doc)
        self.counts[record.split] = self.counts.get(record.split, 0) + 1
        if len(self.bins[record.split]) >= SHARD_DOCS:
            self._flush(record.split)

    def _flush(self, split: str) -> None:
        folder = self.out / split
        folder.mkdir(exist_ok=True)
        n = self.shards.get(split, 0)
        (folder / f"{n:03d}.spacy").write_bytes(self.bins.pop(split).to_bytes())
        self.shards[split] = n + 1

    def close(self) -> list[Path]:
        """Write what is left: ``SPLIT.spacy`` for a small split, the last shard otherwise."""
        paths: list[Path] = []
        for split in sorted(set(self.shards) | set(self.bins)):
            if self.shards.get(split, 0) == 0:
                path = self.out / f"{split}.spacy"
                path.write_bytes(self._bin(split).to_bytes())
                paths.append(path)
                continue
            if split in self.bins and len(self.bins[split]):
                self._flush(split)
            paths.extend(sorted((self.out / split).glob("*.spacy")))
        return paths
