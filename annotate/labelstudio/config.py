"""Generate the Label Studio labeling config, the annotator instructions and the guidelines from the schema.

Everything label-related comes from :mod:`annotate.schema`; the committed files
``label_configs/policy_news.xml`` and ``docs/guidelines.md`` are this module's output
(``annotate schema --write``), and a test checks they are up to date.

Names used in Label Studio results (push and pull depend on them):

* ``FROM_NAME = "label"``: the ``<Labels>`` control; a span region has ``type: "labels"``,
  ``from_name: "label"``, ``to_name: "text"``, ``value: {start, end, text, labels: [NAME]}``
  with ``start``/``end`` in Label Studio's offset unit (code points for 1.23; converted only in
  :mod:`annotate.labelstudio.offsets`).
* ``TO_NAME = "text"``: the ``<Text>`` object, reading the task field ``data["text"]``.
* ``ATTRS_NAME = "attrs"``: a per-region ``<TextArea>``; a region's attributes (normalised figure
  value, unit, qualifier, actor, model score) travel as a ``type: "textarea"`` result with the
  same ``id`` as the span region, ``from_name: "attrs"``, ``value: {text: ["value=6.3e12 ..."]}``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from annotate.schema import LABELS, LABELS_BY_NAME, OVERLAPPING_LABELS, SCHEMA_VERSION, Label

FROM_NAME = "label"
TO_NAME = "text"
ATTRS_NAME = "attrs"
TEXT_FIELD = "text"  # the task data key holding the document text
GRANULARITY = "symbol"  # Chinese has no spaces between words: select by character
# Single-key shortcuts Label Studio 1.23's editor already uses (its keymap: "u" unselects a region).
RESERVED_HOTKEYS = frozenset({"u"})

HEADER = (
    "Pick a label (click or hotkey), then select the characters of the span. "
    "Correct the pre-annotations: fix boundaries and labels, delete wrong spans, add missed ones. "
    "Only ACTION may overlap other spans."
)


def _attrs(**attrs: str | None) -> str:
    return "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items() if v is not None)


def display_name(label: Label) -> str:
    """Return the button text of a label: ``"PER 人名 Person"``."""
    return f"{label.name} {label.zh} {label.en}"


def _selected(names: Iterable[str] | None) -> list[Label]:
    if names is None:
        return list(LABELS)
    return [LABELS_BY_NAME[n] for n in names]


def label_config(labels: Iterable[str] | None = None) -> str:
    """Return the labeling config XML for ``labels`` (default: every schema label).

    Each ``<Label>``'s ``value`` is the schema name (what results carry); the button shows the
    Chinese and English names through ``html`` (``alias`` is not used because Label Studio would
    write the alias instead of the value into results); ``hint`` is the definition.
    """
    lines = [
        # No "--" inside an XML comment: it is not well-formed.
        f"<!-- Generated from annotate/schema.py (schema version {SCHEMA_VERSION}) by "
        "annotate.labelstudio.config; do not edit, regenerate with: annotate schema -w -->",
        "<View>",
        "  <Style>.htx-text { white-space: pre-wrap; line-height: 1.9; font-size: 16px; }</Style>",
        f"  <Header value={quoteattr(HEADER)} size=\"6\"/>",
        f"  <Labels name=\"{FROM_NAME}\" toName=\"{TO_NAME}\" choice=\"single\" showInline=\"true\">",
    ]
    for lab in _selected(labels):
        lines.append(
            "    <Label"
            + _attrs(
                value=lab.name,
                background=lab.colour,
                hotkey=lab.hotkey,
                html=html.escape(display_name(lab), quote=False),
                hint=lab.definition,
            )
            + "/>"
        )
    lines += [
        "  </Labels>",
        f"  <Text name=\"{TO_NAME}\" value=\"${TEXT_FIELD}\" granularity=\"{GRANULARITY}\"/>",
        "  <View visibleWhen=\"region-selected\">",
        "    <Header value=\"Attributes of the selected span (normalised figure value, unit, "
        "qualifier, actor, model score)\" size=\"6\"/>",
        f"    <TextArea name=\"{ATTRS_NAME}\" toName=\"{TO_NAME}\" perRegion=\"true\" editable=\"true\" "
        "rows=\"2\" maxSubmissions=\"1\" placeholder=\"value=... unit=... qualifier=...\"/>",
        "  </View>",
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def _examples_line(title: str, items: tuple[str, ...]) -> str:
    return f"{title}: " + ", ".join(f"「{x}」" for x in items)


def instructions_html(labels: Iterable[str] | None = None) -> str:
    """Return the annotator instructions (HTML) for the project's ``expert_instruction``."""
    chosen = _selected(labels)
    esc = html.escape
    parts = [
        "<h3>Policy news annotation</h3>",
        f"<p>{esc(HEADER)}</p>",
        "<ul>",
        "<li>Spans are exact characters of the text: no leading or trailing spaces or punctuation "
        "unless part of the name (《》 and quotes of a POLICY are kept).</li>",
        "<li>Entity and figure spans never overlap each other; "
        f"{esc(', '.join(sorted(OVERLAPPING_LABELS)))} may overlap or contain them.</li>",
        "<li>Figures: when a span is selected, its normalised attributes "
        "(value, unit, qualifier, low/high) are shown below the text; correct them if wrong.</li>",
        "</ul>",
        "<table><tbody>",
        "<tr><th>Label</th><th>Hotkey</th><th>Definition</th><th>Examples</th></tr>",
    ]
    for lab in chosen:
        examples = esc(_examples_line("Yes", lab.examples)) if lab.examples else ""
        if lab.counter_examples:
            examples += "<br>" + esc(_examples_line("No", lab.counter_examples))
        parts.append(
            f"<tr><td><b>{esc(lab.name)}</b> {esc(lab.zh)} {esc(lab.en)}</td>"
            f"<td><kbd>{esc(lab.hotkey)}</kbd></td><td>{esc(lab.definition)}</td>"
            f"<td>{examples}</td></tr>"
        )
    parts.append("</tbody></table>")
    return "\n".join(parts) + "\n"


def guidelines_markdown(labels: Iterable[str] | None = None) -> str:
    """Return ``docs/guidelines.md``: general rules and, per label, definition and examples."""
    chosen = _selected(labels)
    out = [
        "# Annotation guidelines",
        "",
        f"<!-- Generated from annotate/schema.py (schema version {SCHEMA_VERSION}) by "
        "`annotate schema --write`; do not edit by hand. -->",
        "",
        HEADER,
        "",
        "## General rules",
        "",
        "- A span is an exact run of characters of the document text; offsets are half-open "
        "`[start, end)` code points; Label Studio shows the same characters and `annotate` "
        "converts offsets where it talks to Label Studio.",
        "- No leading or trailing spaces or punctuation, except the 《》 or quotes that belong "
        "to a POLICY name.",
        "- Entity and figure spans never overlap each other. "
        f"Only {', '.join(sorted(OVERLAPPING_LABELS))} may overlap or contain other spans.",
        "- Figures (MONEY, PERCENT, QUANTITY, DATE) carry normalised attributes; in Label Studio "
        "they are shown in the attributes box when the span is selected.",
        "",
        "## Labels",
        "",
        "| Label | 中文 | English | Hotkey | Colour | Family |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for lab in chosen:
        out.append(
            f"| {lab.name} | {lab.zh} | {lab.en} | `{lab.hotkey}` | `{lab.colour}` | {lab.family} |"
        )
    for lab in chosen:
        out += ["", f"### {lab.name} — {lab.zh} ({lab.en})", "", lab.definition, ""]
        if lab.examples:
            out.append("- " + _examples_line("Examples", lab.examples))
        if lab.counter_examples:
            out.append("- " + _examples_line("Not this label", lab.counter_examples))
        if lab.attrs:
            out.append("- Attributes: " + ", ".join(f"`{a}`" for a in lab.attrs))
        if lab.may_overlap:
            out.append("- May overlap or contain other spans.")
    return "\n".join(out) + "\n"
