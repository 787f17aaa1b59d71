"""The ``conll`` exporter: one character per line, ACTION in its own column or file, seqeval agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
from _export_data import expected, fill_store, make_corpus, read_all
from seqeval.scheme import IOB2, IOBES, Entities

from annotate.export.bio import sentence_bounds
from annotate.export.conll import escape, unescape
from annotate.export.run import export_corpus
from annotate.store import Store


@pytest.mark.parametrize("scheme", ["BIO", "BIOES"])
@pytest.mark.parametrize("separate", [False, True])
def test_round_trip(store: Store, tmp_path: Path, scheme: str, separate: bool) -> None:
    corpus = make_corpus(30)
    fill_store(store, corpus)
    out = tmp_path / "out"
    result = export_corpus(store, "conll", out, split="80/10/10", seed=1, scheme=scheme,  # type: ignore[arg-type]
                           separate_layers=separate)
    assert result.action_layers == 2  # the corpus nests ACTION inside ACTION
    assert read_all("conll", out, result.splits, scheme=scheme) == expected(corpus)
    assert (out / "train.action.conll").exists() == separate


def _sentences(path: Path) -> list[list[list[str]]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            current.append(line.split("\t"))
        elif current:
            sentences.append(current)
            current = []
    return sentences


@pytest.mark.parametrize(("scheme", "seq_scheme"), [("BIO", IOB2), ("BIOES", IOBES)])
def test_seqeval_reads_the_same_entities(store: Store, tmp_path: Path, scheme: str, seq_scheme: type) -> None:
    corpus = make_corpus(20)
    fill_store(store, corpus)
    export_corpus(store, "conll", tmp_path / "out", scheme=scheme)  # type: ignore[arg-type]
    sentences = _sentences(tmp_path / "out" / "all.conll")
    for column in (1, 2, 3):
        tags = [[row[column] for row in sent] for sent in sentences]
        found = Entities(tags, seq_scheme).entities
        ours = []
        from annotate.export.bio import decode

        for sent_tags in tags:
            ours.append(decode(sent_tags, scheme))  # type: ignore[arg-type]
        assert [sorted((e.start, e.end, e.tag) for e in sent) for sent in found] == [sorted(s) for s in ours]
    # and the whole corpus: seqeval's entity count equals the span count of each layer
    flat = sum(1 for _, spans in corpus for s in spans if s.label != "ACTION")
    assert sum(len(s) for s in Entities([[r[1] for r in sent] for sent in sentences], seq_scheme).entities) == flat


def test_one_character_per_line_and_sentences(store: Store, tmp_path: Path) -> None:
    corpus = make_corpus(5)
    fill_store(store, corpus)
    export_corpus(store, "conll", tmp_path / "out")
    text = (tmp_path / "out" / "all.conll").read_text(encoding="utf-8")
    assert text.startswith("# columns = char ner action action2\n")
    for line in text.splitlines():
        if "\t" in line:
            assert len(unescape(line.split("\t")[0])) == 1
    doc, spans = corpus[0]
    chunks = text.split(f"# id = {doc.id}\n")[1].split("# id = ")[0].strip("\n").split("\n\n")
    assert len(chunks) == len(sentence_bounds(doc.text, spans))


def test_escapes() -> None:
    for ch in [" ", "\t", "\n", "\r", "\\", "\u3000", "#", "字", "𠮷"]:
        assert unescape(escape(ch)) == ch
        assert "\t" not in escape(ch) and "\n" not in escape(ch)
