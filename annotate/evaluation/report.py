"""Render an evaluation as a self-contained HTML or Markdown report.

The report has the overall figures, per-label tables for each scheme, figure value
accuracy, the confusion table, the worst errors with the surrounding text (gold and
prediction highlighted on their own lines) and a chart of F1 per label per model version.
The chart is inline SVG drawn here: no scripts, no CDN, nothing fetched. Every piece of
text from data (document text, labels, versions, notes) is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path

from annotate.evaluation.scoring import MISSED, SCHEMES, SPURIOUS, ErrorExample, EvaluationResult, SpanRef
from annotate.schema import LABELS_BY_NAME

PALETTE = ("#4363d8", "#e6194b", "#3cb44b", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324")
SCHEME_NAMES = {
    "strict": "strict (same boundaries and label)",
    "exact": "exact (same boundaries, any label)",
    "partial": "partial (overlap, any label; half credit)",
    "type": "type (overlap with the same label)",
}
Chart = Mapping[str, Mapping[str, float | None]]  # model version -> label -> F1


def esc(value: object) -> str:
    """Escape text for HTML (quotes too)."""
    return html.escape(str(value), quote=True)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def f1_chart_svg(chart: Chart, labels: list[str], title: str = "F1 per label per model version") -> str:
    """Return a grouped bar chart (labels on x, one bar per model version, F1 0-1 on y) as SVG."""
    versions = list(chart)
    labels = [label for label in labels if any(chart[v].get(label) is not None for v in versions)] or labels
    bar = 14
    group = max(1, len(versions)) * bar + 16
    left, top, height = 44, 30, 200
    width = left + max(1, len(labels)) * group + 20
    legend_h = 18 * len(versions)
    total_h = top + height + 40 + legend_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{total_h}" '
        f'viewBox="0 0 {width} {total_h}" font-family="sans-serif" font-size="11">',
        f"<title>{esc(title)}</title>",
        f'<text x="{left}" y="16" font-size="13">{esc(title)}</text>',
    ]
    for tick in range(0, 11, 2):
        y = top + height - tick / 10 * height
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick / 10:.1f}</text>')
    for i, label in enumerate(labels):
        x0 = left + i * group + 8
        for j, version in enumerate(versions):
            value = chart[version].get(label)
            if value is None:
                continue
            h = max(0.0, min(1.0, value)) * height
            colour = PALETTE[j % len(PALETTE)]
            parts.append(
                f'<rect x="{x0 + j * bar}" y="{top + height - h:.1f}" width="{bar - 2}" height="{h:.1f}" '
                f'fill="{colour}"><title>{esc(version)} {esc(label)}: {value:.3f}</title></rect>'
            )
        parts.append(
            f'<text x="{x0 + len(versions) * bar / 2:.1f}" y="{top + height + 14}" text-anchor="middle">'
            f"{esc(label)}</text>"
        )
    for j, version in enumerate(versions):
        y = top + height + 30 + 18 * j
        parts.append(f'<rect x="{left}" y="{y}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>')
        parts.append(f'<text x="{left + 18}" y="{y + 10}">{esc(version)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _marked(error: ErrorExample, span: SpanRef | None, css: str) -> str:
    text = error.context
    if span is None:
        return esc(text)
    a, b = span.start - error.context_start, span.end - error.context_start
    return (
        f"{esc(text[:a])}<mark class=\"{css}\" title=\"{esc(span.label)}\">{esc(text[a:b])}</mark>"
        f"<sub>{esc(span.label)}</sub>{esc(text[b:])}"
    )


def _confusion_axes(result: EvaluationResult) -> tuple[list[str], list[str]]:
    rows = [label for label in result.labels if label in result.confusion]
    if SPURIOUS in result.confusion:
        rows.append(SPURIOUS)
    used = {col for cells in result.confusion.values() for col in cells}
    cols = [label for label in result.labels if label in used] + ([MISSED] if MISSED in used else [])
    return rows, cols


def _title(result: EvaluationResult) -> str:
    version = result.model_version or "predictions"
    gold = result.gold_source or "gold"
    return f"Evaluation of {version} against {gold} ({result.documents} documents)"


def render_html(result: EvaluationResult, chart: Chart | None = None) -> str:
    """Return the report as one HTML page (inline CSS and SVG, no scripts)."""
    chart = chart or {result.model_version or "this run": _label_f1(result)}
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{esc(_title(result))}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
        "td:first-child,th:first-child{text-align:left}mark.gold{background:#b9f6ca}"
        "mark.pred{background:#ffd0d0}table.errors td,table.errors th{text-align:left}.ctx{font-size:1.05em}"
        ".zero{color:#bbb}</style>",
        "</head><body>",
        f"<h1>{esc(_title(result))}</h1>",
    ]
    out += [f"<p class=\"note\">{esc(n)}</p>" for n in result.notes]
    out.append("<h2>Overall</h2><table><tr><th>scheme</th><th>micro P</th><th>micro R</th><th>micro F1</th>"
               "<th>macro P</th><th>macro R</th><th>macro F1</th><th>correct</th><th>incorrect</th>"
               "<th>partial</th><th>missed</th><th>spurious</th></tr>")
    for scheme in SCHEMES:
        m, a = result.micro[scheme], result.macro[scheme]
        out.append(
            f"<tr><td>{esc(SCHEME_NAMES[scheme])}</td><td>{_pct(m.precision)}</td><td>{_pct(m.recall)}</td>"
            f"<td>{_pct(m.f1)}</td><td>{_pct(a.precision)}</td><td>{_pct(a.recall)}</td><td>{_pct(a.f1)}</td>"
            f"<td>{m.correct}</td><td>{m.incorrect}</td><td>{m.partial}</td><td>{m.missed}</td><td>{m.spurious}</td></tr>"
        )
    out.append("</table>")
    out.append("<h2>F1 per label per model version (strict)</h2>")
    out.append(f"<figure>{f1_chart_svg(chart, result.labels)}</figure>")
    for scheme in SCHEMES:
        out.append(f"<h2>Per label: {esc(SCHEME_NAMES[scheme])}</h2><table><tr><th>label</th><th>gold</th>"
                   "<th>predicted</th><th>precision</th><th>recall</th><th>F1</th><th>correct</th>"
                   "<th>incorrect</th><th>partial</th><th>missed</th><th>spurious</th></tr>")
        for label, ls in result.per_label.items():
            c = ls.schemes[scheme]
            out.append(
                f"<tr><td>{esc(_label_name(label))}</td><td>{ls.support}</td><td>{ls.predicted}</td>"
                f"<td>{_pct(c.precision)}</td><td>{_pct(c.recall)}</td><td>{_pct(c.f1)}</td><td>{c.correct}</td>"
                f"<td>{c.incorrect}</td><td>{c.partial}</td><td>{c.missed}</td><td>{c.spurious}</td></tr>"
            )
        out.append("</table>")
    va = result.value_accuracy
    out.append(f"<h2>Figure value accuracy</h2><p>{va.equal} of {va.matched} strictly matched figure spans "
               f"have the gold value and unit: {_pct(va.accuracy)}.</p>")
    if va.labels:
        out.append("<table><tr><th>label</th><th>matched</th><th>equal</th><th>accuracy</th></tr>")
        for label, (matched, equal) in va.labels.items():
            out.append(f"<tr><td>{esc(label)}</td><td>{matched}</td><td>{equal}</td>"
                       f"<td>{_pct(equal / matched if matched else None)}</td></tr>")
        out.append("</table>")
    rows, cols = _confusion_axes(result)
    out.append("<h2>Confusion table</h2><p>Rows: gold label; columns: predicted label "
               "(spans paired by the exact-boundary scheme).</p><table><tr><th>gold \\ predicted</th>")
    out += [f"<th>{esc(c)}</th>" for c in cols]
    out.append("</tr>")
    for r in rows:
        cells = result.confusion.get(r, {})
        out.append(f"<tr><th>{esc(r)}</th>" + "".join(
            f"<td class=\"{'' if cells.get(c) else 'zero'}\">{cells.get(c, 0)}</td>" for c in cols
        ) + "</tr>")
    out.append("</table>")
    out.append("<h2>Worst errors</h2><table class=\"errors\"><tr><th>document</th><th>error</th><th>gold / predicted in context</th></tr>")
    for e in result.worst_errors:
        out.append(
            f"<tr><td>{esc(e.document_id)}</td><td>{esc(e.kind.replace('_', ' '))}</td><td class=\"ctx\">"
            f"gold: {_marked(e, e.gold, 'gold')}<br>pred: {_marked(e, e.pred, 'pred')}</td></tr>"
        )
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md(value: object) -> str:
    """Escape text for a Markdown table cell (HTML entities and Markdown punctuation; no line breaks)."""
    text = html.escape(str(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", "↵")


def _md_marked(error: ErrorExample, span: SpanRef | None) -> str:
    text = error.context
    if span is None:
        return md(text)
    a, b = span.start - error.context_start, span.end - error.context_start
    return f"{md(text[:a])}**【{md(text[a:b])}】{md(span.label)}**{md(text[b:])}"


def render_markdown(result: EvaluationResult, chart: Chart | None = None) -> str:
    """Return the report as Markdown (the chart as inline SVG, which Markdown passes through)."""
    chart = chart or {result.model_version or "this run": _label_f1(result)}
    out = [f"# {md(_title(result))}", ""]
    out += [f"> {md(n)}" for n in result.notes]
    out += ["", "## Overall", "", "| scheme | micro P | micro R | micro F1 | macro P | macro R | macro F1 |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for scheme in SCHEMES:
        m, a = result.micro[scheme], result.macro[scheme]
        out.append(f"| {md(SCHEME_NAMES[scheme])} | {_pct(m.precision)} | {_pct(m.recall)} | {_pct(m.f1)} | "
                   f"{_pct(a.precision)} | {_pct(a.recall)} | {_pct(a.f1)} |")
    out += ["", "## F1 per label per model version (strict)", "", f1_chart_svg(chart, result.labels), ""]
    for scheme in SCHEMES:
        out += ["", f"## Per label: {md(SCHEME_NAMES[scheme])}", "",
                "| label | gold | predicted | precision | recall | F1 | correct | incorrect | partial | missed | spurious |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for label, ls in result.per_label.items():
            c = ls.schemes[scheme]
            out.append(f"| {md(_label_name(label))} | {ls.support} | {ls.predicted} | {_pct(c.precision)} | "
                       f"{_pct(c.recall)} | {_pct(c.f1)} | {c.correct} | {c.incorrect} | {c.partial} | "
                       f"{c.missed} | {c.spurious} |")
    va = result.value_accuracy
    out += ["", "## Figure value accuracy", "",
            f"{va.equal} of {va.matched} strictly matched figure spans have the gold value and unit: "
            f"{_pct(va.accuracy)}."]
    rows, cols = _confusion_axes(result)
    out += ["", "## Confusion table", "", "Rows: gold label; columns: predicted label.", "",
            "| gold \\\\ predicted | " + " | ".join(md(c) for c in cols) + " |",
            "| --- | " + " | ".join("---:" for _ in cols) + " |"]
    for r in rows:
        cells = result.confusion.get(r, {})
        out.append(f"| {md(r)} | " + " | ".join(str(cells.get(c, 0)) for c in cols) + " |")
    out += ["", "## Worst errors", "", "| document | error | gold | predicted |", "| --- | --- | --- | --- |"]
    for e in result.worst_errors:
        out.append(f"| {md(e.document_id)} | {md(e.kind.replace('_', ' '))} | {_md_marked(e, e.gold)} | "
                   f"{_md_marked(e, e.pred)} |")
    return "\n".join(out) + "\n"


def _label_name(label: str) -> str:
    found = LABELS_BY_NAME.get(label)
    return f"{label} {found.zh}" if found else label


def _label_f1(result: EvaluationResult) -> dict[str, float | None]:
    return {label: ls.schemes["strict"].f1 for label, ls in result.per_label.items()}


RENDERERS = {".html": render_html, ".htm": render_html, ".md": render_markdown, ".markdown": render_markdown}


def write_report(path: Path, result: EvaluationResult, chart: Chart | None = None) -> Path:
    """Write the report in the format its suffix names (``.html`` or ``.md``); return the path."""
    render = RENDERERS.get(path.suffix.lower())
    if render is None:
        from annotate.errors import InputError

        raise InputError(f"--report {path}: name an .html or .md file")
    path.write_text(render(result, chart), encoding="utf-8")
    return path
