"""Export the gold corpus (or any annotation source) to the formats people train with.

``EXPORTERS`` maps a format name to its writer class (one small module each);
:func:`annotate.export.run.export_corpus` streams the store into one of them.
"""

from __future__ import annotations

from annotate.export.base import Exporter, ExportOptions, ExportRecord
from annotate.export.conll import ConllExporter
from annotate.export.hf import HfExporter
from annotate.export.jsonl import JsonlExporter
from annotate.export.label_studio import LabelStudioExporter
from annotate.export.spacy_docbin import SpacyExporter

EXPORTERS: dict[str, type[Exporter]] = {
    "jsonl": JsonlExporter,
    "conll": ConllExporter,
    "hf": HfExporter,
    "spacy": SpacyExporter,
    "label-studio": LabelStudioExporter,
}

__all__ = ["EXPORTERS", "ExportOptions", "ExportRecord", "Exporter"]
