"""Read each export format back into documents and spans (the round-trip check, and for reuse).

Every reader yields ``ReadBack(id, text, spans)`` with code-point offsets, spans sorted
by (start, longest, label); ``READERS`` maps a format name to ``reader(folder, split)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from annotate.errors import InputError
from annotate.export.bio import Scheme, decode
from annotate.export.conll import unescape
from annotate.export.label_studio import parse_attrs_text
from annotate.models import Span, sort_spans


@dataclass(frozen=True)
class ReadBack:
    """One document read back from an export."""

    id: str
    text: str
    spans: list[Span]


def _spans(text: str, triples: list[tuple[int, int, str]], attrs: dict[Any, dict[str, Any]] | None = None) -> list[Span]:
    return sort_spans(
        Span.of(text, s, e, label, **((attrs or {}).get((s, e, label), {}))) for s, e, label in triples
    )


def read_jsonl(folder: Path, split: str = "all") -> Iterator[ReadBack]:
    """Read ``SPLIT.jsonl`` of a ``jsonl`` export."""
    with open(folder / f"{split}.jsonl", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                row = json.loads(line)
                text = row["text"]
                spans = [Span.of(text, s["start"], s["end"], s["label"], **s.get("attrs", {})) for s in row["spans"]]
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{folder / split}.jsonl line {n}: {exc}") from None
            yield ReadBack(row["id"], text, sort_spans(spans))


Sentence = tuple[int, list[list[str]]]  # offset of the sentence, its rows of cells


def _conll_documents(path: Path) -> Iterator[tuple[str, list[str], list[Sentence]]]:
    """Yield ``(id, column names, sentences)``; a sentence is ``(offset, rows)``, a row its cells."""
    columns: list[str] = []
    doc_id: str | None = None
    sentences: list[list[list[str]]] = []
    current: list[list[str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if "\t" in line:
                current.append(line.split("\t"))
                continue
            if current:
                sentences.append(current)
                current = []
            if line.startswith("# columns = "):
                columns = line[len("# columns = "):].split()
            elif line.startswith("# id = "):
                if doc_id is not None:
                    yield doc_id, columns, _with_offsets(sentences)
                doc_id, sentences = line[len("# id = "):], []
    if current:
        sentences.append(current)
    if doc_id is not None:
        yield doc_id, columns, _with_offsets(sentences)


def _with_offsets(sentences: list[list[list[str]]]) -> list[Sentence]:
    out: list[Sentence] = []
    offset = 0
    for rows in sentences:
        out.append((offset, rows))
        offset += len(rows)
    return out


def read_conll(folder: Path, split: str = "all", scheme: Scheme = "BIO") -> Iterator[ReadBack]:
    """Read ``SPLIT.conll`` (and ``SPLIT.action.conll`` when present) of a ``conll`` export."""
    main = _conll_documents(folder / f"{split}.conll")
    action_path = folder / f"{split}.action.conll"
    extra = _conll_documents(action_path) if action_path.exists() else None
    for doc_id, _columns, sentences in main:
        text = "".join(unescape(row[0]) for _, rows in sentences for row in rows)
        triples = _decode_columns(sentences, scheme)
        if extra is not None:
            other_id, _, other = next(extra)
            if other_id != doc_id:
                raise InputError(f"{action_path}: document {other_id} where {doc_id} was expected")
            triples += _decode_columns(other, scheme)
        yield ReadBack(doc_id, text, _spans(text, triples))


def _decode_columns(sentences: list[Sentence], scheme: Scheme) -> list[tuple[int, int, str]]:
    triples: list[tuple[int, int, str]] = []
    for offset, rows in sentences:
        for col in range(1, len(rows[0]) if rows else 1):
            triples += decode([row[col] for row in rows], scheme, offset)
    return triples


def read_hf(folder: Path, split: str = "all", scheme: Scheme = "BIO") -> Iterator[ReadBack]:
    """Read ``SPLIT.jsonl`` of an ``hf`` export, joining each document's sentence rows."""
    tags = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    with open(folder / f"{split}.jsonl", encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh)
        for doc_id, group in groupby(rows, key=lambda r: r["document_id"]):
            parts, triples = [], []
            for row in group:
                parts.append("".join(row["tokens"]))
                for column, names in tags.items():
                    triples += decode([names[i] for i in row[column]], scheme, row["offset"])
            text = "".join(parts)
            yield ReadBack(doc_id, text, _spans(text, triples))


def read_spacy(folder: Path, split: str = "all") -> Iterator[ReadBack]:
    """Read ``SPLIT.spacy`` (or the shards in ``SPLIT/``) of a ``spacy`` export."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    single = folder / f"{split}.spacy"
    paths = [single] if single.exists() else sorted((folder / split).glob("*.spacy"))
    vocab = Vocab()
    for path in paths:
        for doc in DocBin().from_disk(path).get_docs(vocab):
            triples = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            triples += [(s.start_char, s.end_char, s.label_) for s in doc.spans.get("action", [])]
            yield ReadBack(doc.user_data["id"], doc.text, _spans(doc.text, triples))


def read_label_studio(folder: Path, split: str = "all") -> Iterator[ReadBack]:
    """Read ``SPLIT.json`` of a ``label-studio`` export (Label Studio offsets converted back)."""
    from annotate.labelstudio.offsets import ls_index

    tasks = json.loads((folder / f"{split}.json").read_text(encoding="utf-8"))
    for task in tasks:
        text = task["data"]["text"]
        index = ls_index(text)
        results = [r for a in task.get("annotations", []) + task.get("predictions", []) for r in a["result"]]
        attrs = {r["id"]: parse_attrs_text(r["value"]["text"][0]) for r in results if r["type"] == "textarea"}
        spans = []
        for r in results:
            if r["type"] != "labels":
                continue
            start, end = index.span_from_ls(r["value"]["start"], r["value"]["end"])
            for label in r["value"]["labels"]:
                spans.append(Span.of(text, start, end, label, **attrs.get(r["id"], {})))
        yield ReadBack(task["data"]["doc_id"], text, sort_spans(spans))


READERS: dict[str, Callable[..., Iterator[ReadBack]]] = {
    "jsonl": read_jsonl,
    "conll": read_conll,
    "hf": read_hf,
    "spacy": read_spacy,
    "label-studio": read_label_studio,
}
