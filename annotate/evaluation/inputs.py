"""Build the gold/prediction pairs to score, from the store or from two JSONL files.

Store: the current gold annotation of each document (any gold source; the newest when
several) against the current predictions of one model version, streamed by document id.
Files: both in the ``annotate predict`` format (``{"id", "text", "spans": [{"start",
"end", "label", "text", "attrs"}]}``, code-point offsets), matched by ``id``, else by text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from annotate.errors import InputError
from annotate.evaluation.scoring import Pair
from annotate.export.select import pick_current
from annotate.models import Annotation, Span, SpanError
from annotate.store import Store


class StorePairs:
    """Iterate pairs for one model version; afterwards ``gold_sources`` and ``without_prediction`` are set."""

    def __init__(self, store: Store, model_version: str) -> None:
        self.store = store
        self.model_version = model_version
        self.gold_sources: set[str] = set()
        self.without_prediction = 0

    def __iter__(self) -> Iterator[Pair]:
        gold = groupby(self.store.annotations(kind="gold"), key=lambda a: a.document_id)
        preds = groupby(
            self.store.annotations(kind="prediction", source=self.model_version), key=lambda a: a.document_id
        )
        docs = self.store.documents(ids=self.store.annotated_document_ids("gold"))
        pred_item = next(preds, None)
        doc = next(docs, None)
        for doc_id, anns in gold:
            while doc is not None and doc.id < doc_id:
                doc = next(docs, None)
            if doc is None:
                return
            if doc.id != doc_id:
                continue  # gold of a document version replaced since
            chosen: Annotation = pick_current(list(anns))
            self.gold_sources.add(chosen.source)
            while pred_item is not None and pred_item[0] < doc_id:
                pred_item = next(preds, None)
            pred_spans: list[Span] = []
            if pred_item is not None and pred_item[0] == doc_id:
                pred_spans = list(pick_current(list(pred_item[1])).spans)
                pred_item = next(preds, None)
            else:
                self.without_prediction += 1
            yield Pair(doc.id, doc.text, list(chosen.spans), pred_spans)


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {n}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InputError(f"{path} line {n}: expected an object with a \"text\" string")
            yield n, row


def _spans(path: Path, n: int, row: dict[str, Any]) -> list[Span]:
    text = row["text"]
    out = []
    for item in row.get("spans") or []:
        try:
            span = Span.of(text, int(item["start"]), int(item["end"]), str(item["label"]), **(item.get("attrs") or {}))
        except (KeyError, TypeError, ValueError, SpanError) as exc:
            raise InputError(f"{path} line {n}: bad span {item!r}: {exc}") from None
        if "text" in item and item["text"] != span.text:
            raise InputError(
                f"{path} line {n}: span [{span.start}, {span.end}) says {item['text']!r} but the text has {span.text!r}"
            )
        out.append(span)
    return out


def file_pairs(gold_path: Path, pred_path: Path) -> tuple[list[Pair], list[str]]:
    """Return the pairs of two predict-format files and notes on unmatched records."""
    preds_by_id: dict[str, tuple[int, dict[str, Any]]] = {}
    preds_by_text: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, row in _read_jsonl(pred_path):
        if row.get("id") is not None:
            preds_by_id[str(row["id"])] = (n, row)
        preds_by_text[row["text"]] = (n, row)
    pairs: list[Pair] = []
    used: set[int] = set()
    unmatched = 0
    for n, row in _read_jsonl(gold_path):
        hit = preds_by_id.get(str(row.get("id"))) if row.get("id") is not None else None
        if hit is None or hit[1]["text"] != row["text"]:
            hit = preds_by_text.get(row["text"])
        gold = _spans(gold_path, n, row)
        if hit is None:
            unmatched += 1
            pairs.append(Pair(str(row.get("id", f"line{n}")), row["text"], gold, []))
            continue
        used.add(hit[0])
        pairs.append(Pair(str(row.get("id", f"line{n}")), row["text"], gold, _spans(pred_path, hit[0], hit[1])))
    notes = []
    if unmatched:
        notes.append(f"{unmatched} gold documents have no prediction in {pred_path} (scored as predicting nothing)")
    extra = len({n for n, _ in preds_by_text.values()} | {n for n, _ in preds_by_id.values()}) - len(used)
    if extra > 0:
        notes.append(f"{extra} predicted documents in {pred_path} match no gold document (ignored)")
    return pairs, notes
