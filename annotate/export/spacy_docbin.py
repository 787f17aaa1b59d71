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

SHARD_DOCS = 500
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


class _CachedMsgpackEncoders:
    """Look srsly's msgpack encoders up once per export instead of once per packer.

    ``DocBin.add`` packs each document's span groups and user data, and every packer asks
    the ``msgpack_encoders`` registry for all encoders: a scan of the installed packages'
    entry points and of the whole registry that costs about as much as the rest of the
    export. The encoders do not change during an export, so the first answer is reused
    until ``restore``.
    """

    def __init__(self) -> None:
        from srsly import msgpack

        self.registry = msgpack.msgpack_encoders
        encoders = self.registry.get_all()
        self.registry.get_all = lambda: dict(encoders)  # type: ignore[method-assign]

    def restore(self) -> None:
        """Give the registry its own lookup back."""
        if "get_all" in vars(self.registry):
            del self.registry.get_all


def char_docbin_class(tokens: Any) -> Any:
    """Return a ``DocBin`` subclass whose ``add`` is fast for one-token-per-character docs.

    ``DocBin.add`` collects nine strings per token in a Python loop. Our documents only
    have texts (one character each), entity labels and span group labels, so the same
    set of strings is each distinct character, its lexeme's norm, the entity labels, and
    the (empty) tag, lemma, morph, dependency and id strings, read once per document.
    Everything else is ``DocBin.add`` itself; a test checks the bytes are identical.
    """

    class CharDocBin(tokens.DocBin):  # type: ignore[misc,name-defined]
        def add(self, doc: Any, text: str | None = None) -> None:
            """Add ``doc``; ``text`` is its text when the caller has it (``doc.text`` walks every token)."""
            from spacy.attrs import SPACY

            array = doc.to_array(self.attrs)
            if len(array.shape) == 1:
                array = array.reshape((array.shape[0], 1))
            self.tokens.append(array)
            spaces = doc.to_array(SPACY)
            self.spaces.append(spaces.reshape((spaces.shape[0], 1)).astype(bool))
            self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
            chars = set(doc.text if text is None else text)
            self.strings.update(chars)
            vocab = doc.vocab
            self.strings.update(vocab[ch].norm_ for ch in chars)
            if len(doc):
                first = doc[0]
                self.strings.update(
                    (first.tag_, first.lemma_, str(first.morph), first.dep_, first.ent_kb_id_, first.ent_id_, "")
                )
                self.strings.update(e.label_ for e in doc.ents)
            self.cats.append(doc.cats)
            if self.store_user_data:
                self.user_data.append(srsly_dumps(doc.user_data))
            self.span_groups.append(doc.spans.to_bytes())
            for group in doc.spans.values():
                for span in group:
                    self.strings.add(span.label_)

    from srsly import msgpack_dumps as srsly_dumps

    return CharDocBin


class SpacyExporter:
    """Write one DocBin per split (sharded when large)."""

    def __init__(self, out: Path, options: ExportOptions) -> None:
        self.tokens = require_spacy()
        self.docbin = char_docbin_class(self.tokens)
        from spacy.vocab import Vocab

        self.vocab = Vocab()
        self.out = out
        self.options = options
        self.encoders = _CachedMsgpackEncoders()
        self.bins: dict[str, Any] = {}
        self.shards: dict[str, int] = dict.fromkeys(options.splits, 0)
        self.counts: dict[str, int] = dict.fromkeys(options.splits, 0)
        for split in options.splits:
            (out / f"{split}.spacy").unlink(missing_ok=True)
            if (out / split).is_dir():
                shutil.rmtree(out / split)

    def _bin(self, split: str) -> Any:
        if split not in self.bins:
            self.bins[split] = self.docbin(store_user_data=True)
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
        self._bin(record.split).add(doc, text)
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
        self.encoders.restore()
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
