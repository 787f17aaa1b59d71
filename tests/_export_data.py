"""Synthetic annotated news-like documents for the export and evaluation tests (written here, not copied).

Texts mix Chinese, ASCII, spaces, line breaks, a non-BMP character (𠮷) and sentence ends;
spans sit at sentence edges, are single characters, and ACTION spans overlap entities and
each other, so every exporter's hard cases are exercised.
"""

from __future__ import annotations

import random

from annotate.models import Annotation, Document, Span
from annotate.store import Store

ENTITIES = {
    "GOV": ["省工信厅", "市发展改革委", "区委", "国家统计局"],
    "ORG": ["华南理工大学", "𠮷祥科技公司", "东湖银行", "港"],
    "LOC": ["粤", "珠江新城", "南沙区", "东盟"],
    "PER": ["林小明", "陈 思", "王"],
    "POLICY": ["《产业升级条例》", "“双百行动”", "人才安居计划"],
    "MONEY": ["3.5亿元", "超1200万美元"],
    "PERCENT": ["12.5%", "0.3个百分点"],
    "QUANTITY": ["128家", "3万台"],
    "DATE": ["2024年", "今年一季度", "6月底"],
}
ATTRS = {"MONEY": {"value": 3.5e8, "unit": "CNY"}, "PERCENT": {"value": 12.5, "unit": "%"}}
FILLER = ["表示，", "今年", "推动", "的", "工作 ", "取得进展", "相关负责人介绍", "约", "与", "及"]
ENDS = ["。", "！", "？", "。”", "\n", "\r\n", " "]


def make_document(rng: random.Random, n: int) -> tuple[str, list[Span]]:
    """Return a text and its spans: flat spans never overlap, ACTION spans may."""
    parts: list[str] = []
    spans: list[tuple[int, int, str, dict]] = []
    pos = 0
    sentence_start = 0
    for _ in range(rng.randint(3, 12)):
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.5:
                label = rng.choice(sorted(ENTITIES))
                piece = rng.choice(ENTITIES[label])
                spans.append((pos, pos + len(piece), label, ATTRS.get(label, {})))
            else:
                piece = rng.choice(FILLER)
            parts.append(piece)
            pos += len(piece)
        if pos - sentence_start >= 2 and rng.random() < 0.6:
            a = rng.randrange(sentence_start, pos - 1)
            b = rng.randint(a + 1, pos)
            spans.append((a, b, "ACTION", {"actor": "省工信厅"} if rng.random() < 0.5 else {}))
            if b - a > 2 and rng.random() < 0.3:
                spans.append((a + 1, b - 1, "ACTION", {}))
        end = rng.choice(ENDS)
        parts.append(end)
        pos += len(end)
        sentence_start = pos
    text = f"第{n}篇" + "".join(parts)
    shift = len(f"第{n}篇")
    return text, [Span.of(text, s + shift, e + shift, label, **attrs) for s, e, label, attrs in spans]


def make_corpus(count: int, seed: int = 1) -> list[tuple[Document, list[Span]]]:
    """Return ``count`` distinct documents with their gold spans."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        text, spans = make_document(rng, n)
        out.append((Document.from_text(text, title=f"标题{n}", source="test"), spans))
    return out


def fill_store(store: Store, corpus: list[tuple[Document, list[Span]]], kind: str = "gold",
               source: str = "adjudicated") -> None:
    """Add the documents and save their spans as one annotation each."""
    store.add_documents((doc, None) for doc, _ in corpus)
    store.save_annotations([Annotation(document_id=doc.id, kind=kind, source=source, spans=spans)
                            for doc, spans in corpus])


def expected(corpus: list[tuple[Document, list[Span]]], labels: tuple[str, ...] | None = None,
             attrs: bool = False) -> dict[str, tuple[str, list[tuple]]]:
    """Return ``{id: (text, sorted spans)}``, spans as ``(start, end, label[, attrs])``."""
    def key(s: Span) -> tuple:
        return (s.start, s.end, s.label, sorted(s.attrs.items())) if attrs else (s.start, s.end, s.label)

    return {
        doc.id: (doc.text, sorted(key(s) for s in spans if labels is None or s.label in labels))
        for doc, spans in corpus
    }


def read_all(fmt: str, folder, splits, attrs: bool = False, **kw) -> dict[str, tuple[str, list[tuple]]]:  # type: ignore[no-untyped-def]
    """Read every split of an export back with our readers; fail on a document in two splits."""
    from annotate.export.readers import READERS

    got: dict[str, tuple[str, list[tuple]]] = {}
    for split in splits:
        for rb in READERS[fmt](folder, split, **kw):
            assert rb.id not in got, f"{rb.id} in two splits"
            got[rb.id] = (
                rb.text,
                sorted(
                    (s.start, s.end, s.label, sorted(s.attrs.items())) if attrs else (s.start, s.end, s.label)
                    for s in rb.spans
                ),
            )
    return got
