"""Pre-annotation extractors: one module per family, and the pipeline that runs them.

- ``segment``: the one jieba tokenizer, ``tokens(text) -> [(word, start, end)]``.
- ``entities``, ``figures``, ``dates``, ``actions``: pure functions from a text to spans.
- ``pipeline``: ``Pipeline`` runs the families (one segmentation per text), resolves
  overlaps, scores spans; ``align`` converts traditional text with OpenCC and maps
  offsets back.
- ``parallel`` and ``jsonl``: worker processes and the JSON Lines interface of
  ``annotate predict``.

All offsets are half-open code-point ``[start, end)`` indices into the text given.
``Pipeline`` and ``predict_text`` are imported lazily, so ``import annotate.extract.segment``
stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Pipeline", "predict_text"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from annotate.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'annotate.extract' has no attribute {name!r}")
