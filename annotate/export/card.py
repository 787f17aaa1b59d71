"""Write the dataset card (``README.md``) of an export folder.

The card gives the format and files, the label schema version, the source of the
annotations, the labels, the tag scheme, the splits (documents and spans per label per
split), the command that made it, and the inter-annotator agreement of the annotations
the export came from (from :mod:`annotate.agreement` when it is installed). It holds no
time or date, so re-running the same command gives a byte-identical card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotate.export.select import SourceSpec
from annotate.export.splits import SplitPlan
from annotate.schema import LABELS_BY_NAME, SCHEMA_VERSION
from annotate.store import Store

CARD = "README.md"

FORMAT_NOTES = {
    "jsonl": "One document per line: `id`, `text`, `spans` (`start`, `end`, `label`, `text`, `attrs`; "
    "code-point offsets), `meta`. Lossless.",
    "conll": "Character-level CoNLL: one character per line (whitespace escaped as `\\s`, `\\n`, ...), "
    "then one tag column per layer (`ner`: every label but ACTION; `action`...: ACTION), a blank line "
    "between sentences, `# id = DOC` before each document. Span attributes are not included.",
    "hf": "JSON lines for `datasets.load_dataset(\"json\", data_files=...)`: one row per sentence with "
    "`tokens` (characters) and integer `ner_tags` / `action_tags`; `labels.json` and `dataset_info.json` "
    "name the ids. Span attributes are not included.",
    "spacy": "spaCy DocBin per split, one token per character; `doc.ents` for every label but ACTION, "
    "`doc.spans[\"action\"]` for ACTION, `doc.user_data[\"id\"]` the document id.",
    "label-studio": "Label Studio import JSON per split: tasks with `data.text` and their annotations "
    "(predictions for a model source); offsets in Label Studio's unit (see below); attributes in a "
    "per-region `attrs` textarea.",
}


@dataclass(frozen=True)
class CardInfo:
    """Everything the card reports."""

    format: str
    source: SourceSpec
    labels: Sequence[str]
    plan: SplitPlan
    scheme: str
    documents: dict[str, int]
    spans: dict[str, dict[str, int]]
    command: str
    files: list[str]
    action_layers: int
    separate_layers: bool


def agreement_lines(store: Store, source: SourceSpec, lengths: dict[str, int]) -> list[str]:
    """Return Markdown lines with the annotators' agreement on the exported documents, or why there is none.

    ``lengths`` maps each exported document id to its text length in code points.
    """
    if source.kind == "prediction":
        return ["Not applicable: these are a model's predictions, not people's annotations."]
    try:
        from annotate.agreement import agreement_report
    except ImportError:
        return ["Agreement figures: not available (annotate.agreement is not installed)."]
    annotations = store.annotations(kind="annotation", document_ids=sorted(lengths)) if lengths else iter(())
    try:
        report: Any = agreement_report(lengths, annotations)
    except Exception as exc:  # agreement is an extra here: say why it is missing, keep the export
        return [f"Agreement figures: not available ({type(exc).__name__}: {exc})."]
    if len(report.annotators) < 2:
        return [
            "Agreement figures: not available (fewer than two annotators annotated these documents; "
            f"annotators: {', '.join(report.annotators) or 'none'})."
        ]
    return _report_lines(report)


def _report_lines(report: Any) -> list[str]:
    def show(stat: Any) -> str:
        return stat.show() if hasattr(stat, "show") else str(stat)

    lines = [
        f"Annotators: {', '.join(report.annotators)}; documents compared: {report.documents}.",
        "",
        "| Figure | Value |",
        "| --- | --- |",
        f"| Mean pairwise span F1 (strict) | {show(report.span_f1.mean_strict)} |",
        f"| Mean pairwise span F1 (partial overlap) | {show(report.span_f1.mean_partial)} |",
    ]
    for layer, stat in sorted(report.krippendorff_alpha.items()):
        lines.append(f"| Krippendorff's alpha, {layer} (characters) | {show(stat)} |")
    lines.append(f"| Unitizing alpha_u | {show(report.unitizing_alpha.overall)} |")
    return lines


def _format_lines(fmt: str) -> list[str]:
    if fmt != "label-studio":
        return []
    from annotate.labelstudio.offsets import ls_unit

    unit = ls_unit()
    shown = "Unicode code points (Label Studio 1.4 and later)" if unit == "codepoint" else "UTF-16 code units"
    return [f"- Label Studio offsets: {shown} (`ANNOTATE_LS_OFFSETS={unit}`)"]


def render_card(info: CardInfo, agreement: list[str]) -> str:
    """Return the card's Markdown text."""
    names = list(info.plan.names)
    total_docs = sum(info.documents.values())
    lines = [
        f"# Dataset: {info.format} export of {info.source.spec}",
        "",
        f"- Format: `{info.format}`. {FORMAT_NOTES.get(info.format, '')}",
        *_format_lines(info.format),
        f"- Label schema version: {SCHEMA_VERSION}",
        f"- Source: {info.source.describe()}",
        f"- Labels: {', '.join(info.labels)}",
        f"- Tag scheme: {info.scheme}" + (" (ACTION in its own files)" if info.separate_layers else ""),
        f"- ACTION tag layers: {info.action_layers}",
        f"- Splits: {info.plan.describe()}; by document, exact and near duplicates in the same split",
        f"- Documents: {total_docs}",
        "",
        "Made by:",
        "",
        "```",
        info.command or "(library call)",
        "```",
        "",
        "## Documents and spans per split",
        "",
        "| Label | " + " | ".join(names) + " | total |",
        "| --- | " + " | ".join("---:" for _ in names) + " | ---: |",
        "| documents | " + " | ".join(str(info.documents[n]) for n in names) + f" | {total_docs} |",
    ]
    for label in info.labels:
        row = [info.spans[n].get(label, 0) for n in names]
        zh = LABELS_BY_NAME[label].zh if label in LABELS_BY_NAME else ""
        lines.append(f"| {label} {zh} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    span_totals = [sum(info.spans[n].values()) for n in names]
    lines.append("| all spans | " + " | ".join(map(str, span_totals)) + f" | {sum(span_totals)} |")
    lines += ["", "## Agreement of the annotations this comes from", "", *agreement, "", "## Files", ""]
    lines += [f"- `{f}`" for f in info.files]
    return "\n".join(lines) + "\n"


def write_card(out: Path, info: CardInfo, store: Store, lengths: dict[str, int]) -> Path:
    """Write ``README.md`` into ``out`` and return its path (``lengths``: exported document lengths)."""
    path = out / CARD
    path.write_text(render_card(info, agreement_lines(store, info.source, lengths)), encoding="utf-8")
    return path
