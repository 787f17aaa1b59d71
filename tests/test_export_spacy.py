"""The ``spacy`` exporter: DocBins of character tokens, entities and ACTION span groups."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from _export_data import expected, fill_store, make_corpus, read_all

from annotate.errors import ConfigError
from annotate.export import spacy_docbin
from annotate.export.run import export_corpus
from annotate.store import Store


def test_round_trip(store: Store, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    corpus = make_corpus(30)
    fill_store(store, corpus)
    out = tmp_path / "out"
    result = export_corpus(store, "spacy", out, split="80/10/10", seed=4)
    assert read_all("spacy", out, result.splits) == expected(corpus)
    docs = list(DocBin().from_disk(out / "train.spacy").get_docs(Vocab()))
    assert len(docs) == result.splits["train"]
    assert all(len(doc) == len(doc.text) for doc in docs)  # one token per character


def test_shards_when_large(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("spacy")
    monkeypatch.setattr(spacy_docbin, "SHARD_DOCS", 4)
    corpus = make_corpus(10)
    fill_store(store, corpus)
    out = tmp_path / "out"
    result = export_corpus(store, "spacy", out)
    assert result.files == ["README.md", "all/000.spacy", "all/001.spacy", "all/002.spacy"]
    assert read_all("spacy", out, ["all"]) == expected(corpus)


def test_clear_message_without_spacy(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if spaCy were not installed
    fill_store(store, make_corpus(2))
    with pytest.raises(ConfigError, match=r"pip install 'annotate\[spacy\]'"):
        export_corpus(store, "spacy", tmp_path / "out")


def test_fast_docbin_writes_the_same_bytes_as_spacy() -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

    from annotate.export.spacy_docbin import char_docbin_class, require_spacy

    fast = char_docbin_class(require_spacy())(store_user_data=True)
    slow = DocBin(store_user_data=True)
    vocab = Vocab()
    for n, (doc0, spans) in enumerate(make_corpus(15)):
        text = doc0.text
        doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
        doc.ents = [Span(doc, s.start, s.end, label=s.label) for s in spans if s.label != "ACTION"]
        doc.spans["action"] = [Span(doc, s.start, s.end, label=s.label) for s in spans if s.label == "ACTION"]
        doc.user_data["id"] = doc0.id
        fast.add(doc, text if n % 2 else None)
        slow.add(doc)
    assert fast.strings == slow.strings
    assert fast.to_bytes() == slow.to_bytes()
