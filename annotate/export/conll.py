"""Export ``conll``: character-level CoNLL, one character per line, a blank line between sentences.

Each document starts with a ``# id = DOC`` comment line. A token line is the character,
a tab, and one tag per layer: ``ner`` (every label but ACTION), then ``action`` (and
``action2``... when ACTION spans overlap each other). With ``--layers`` the ACTION
columns go to ``SPLIT.action.conll`` instead, with the same sentences. Whitespace
characters are written escaped (``\\s`` space, ``\\t``, ``\\n``, ``\\r``, ``\\\\``,
``\\uXXXX`` others), so the characters of a document's lines give back its text and
every offset survives. Tags follow ``--scheme`` (BIO or BIOES).
"""

from __future__ import annotations

from pathlib import Path

from annotate.export.base import ExportOptions, ExportRecord, SplitFiles
from annotate.export.bio import encode, layer_names, layers, sentence_bounds

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", " ": "\\s"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", "s": " "}
# every character written escaped: the named ones, other whitespace (all below U+3001), NUL and #
_TABLE = {
    **{chr(cp): f"\\u{cp:04x}" for cp in range(0x3001) if chr(cp).isspace() or cp in (0, 0x23)},
    **_ESCAPES,
}


def escape(ch: str) -> str:
    """Return how a character is written in the token column."""
    return _TABLE.get(ch, ch)


def unescape(token: str) -> str:
    """Return the character a token column stands for."""
    if len(token) > 1 and token[0] == "\\":
        if token[1] == "u":
            return chr(int(token[2:], 16))
        return _UNESCAPES[token[1]]
    return token


class ConllExporter:
    """Write ``SPLIT.conll`` (and ``SPLIT.action.conll`` with ``--layers``)."""

    def __init__(self, out: Path, options: ExportOptions) -> None:
        self.options = options
        self.names = layer_names(options.action_layers)
        self.main = SplitFiles(out, ".conll")
        self.main.ensure(options.splits)
        self.action = SplitFiles(out, ".action.conll") if options.separate_layers else None
        if self.action:
            self.action.ensure(options.splits)
        header = "# columns = char " + " ".join(self.names) + "\n"
        if self.action:
            header = "# columns = char ner\n"
            action_header = "# columns = char " + " ".join(self.names[1:]) + "\n"
            for split in options.splits:
                self.action.get(split).write(action_header)
        for split in options.splits:
            self.main.get(split).write(header)

    def write(self, record: ExportRecord) -> None:
        """Write one document: its id comment, then its sentences."""
        text = record.text
        by_layer = layers(record.spans, record.id)
        columns = [
            encode(len(text), ((s.start, s.end, s.label) for s in by_layer.get(name, ())), self.options.scheme)
            for name in self.names
        ]
        table = _TABLE
        chars = [table.get(ch, ch) for ch in text]
        bounds = sentence_bounds(text, record.spans)
        if self.action is None:
            self.main.get(record.split).write(_document(record.id, chars, columns, bounds))
        else:
            self.main.get(record.split).write(_document(record.id, chars, columns[:1], bounds))
            self.action.get(record.split).write(_document(record.id, chars, columns[1:], bounds))

    def close(self) -> list[Path]:
        """Close every file."""
        return self.main.close() + (self.action.close() if self.action else [])


def _document(doc_id: str, chars: list[str], columns: list[list[str]], bounds: list[tuple[int, int]]) -> str:
    rows = ["\t".join(cells) for cells in zip(chars, *columns, strict=True)]
    parts = [f"# id = {doc_id}\n"]
    for start, end in bounds:
        parts.append("\n".join(rows[start:end]))
        parts.append("\n\n")
    return "".join(parts)
