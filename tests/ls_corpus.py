"""Small documents with predictions for the Label Studio round-trip tests (written for the tests).

Texts put non-BMP characters (𠮷, emoji) before, between and after the spans so every
offset crosses the UTF-16 boundary.
"""

from __future__ import annotations

from annotate.models import Annotation, Document, Span
from annotate.store import Store

TEMPLATES = [
    "𠮷😀{n}号通报：深圳市科技局表示，今年将投入约12亿元支持实验室建设。👍🏽",
    "{n}. 佛山市政府印发《制造业升级行动方案》，计划新增企业300家😀。",
    "🎉珠海高新区管委会{n}月公布数据：出口增长8.5%，𠮷字号企业受益。",
]
PHRASES = {
    0: [("深圳市科技局", "GOV"), ("约12亿元", "MONEY")],
    1: [("佛山市政府", "GOV"), ("《制造业升级行动方案》", "POLICY"), ("300家", "QUANTITY")],
    2: [("珠海高新区管委会", "GOV"), ("8.5%", "PERCENT")],
}


def make_docs(count: int, start: int = 0) -> list[Document]:
    """Return ``count`` distinct documents (numbered from ``start``)."""
    return [
        Document.from_text(TEMPLATES[i % 3].format(n=i + 1), title=f"测试{i + 1}", source="tests",
                           meta={"template": i % 3})
        for i in range(start, start + count)
    ]


def predict(doc: Document, model_version: str, *, drop_last: bool = False) -> Annotation:
    """Return a prediction of the template's phrases (``drop_last`` leaves one out)."""
    which = doc.meta["template"]
    phrases = PHRASES[which][:-1] if drop_last else PHRASES[which]
    spans = []
    for phrase, label in phrases:
        start = doc.text.index(phrase)
        attrs = {"score": 0.9}
        if label == "MONEY":
            attrs.update(value=1200000000, unit="元", qualifier="approx")
        spans.append(Span.of(doc.text, start, start + len(phrase), label, **attrs))
    return Annotation(document_id=doc.id, kind="prediction", source=model_version, spans=spans)


def fill(store: Store, docs: list[Document], model_version: str | None = "rules-1", **kw: bool) -> None:
    """Add ``docs`` to the store with a prediction each by ``model_version``."""
    store.add_documents([(d, f"tests/{d.id}") for d in docs])
    if model_version:
        store.save_annotations([predict(d, model_version, **kw) for d in docs])
