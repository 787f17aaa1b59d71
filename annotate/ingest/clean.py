"""Turn scraped text into the clean text that is stored: front matter, HTML, Markdown, white space.

No Unicode compatibility normalisation happens here: full-width digits and punctuation
stay as written. Line endings become ``\\n``; leading and trailing white space of each
line (including the ideographic space U+3000 used for indentation) is removed; blank
lines are removed, so each paragraph is one line; trailing navigation lines such as ``[返回首页](…)`` are dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

import yaml

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_HTML_HINT = re.compile(r"<(p|br|div|span|strong|b|em|html|body|h[1-6]|li|ul|table|tr|td|section|article|a|img|script|style)\b[^>]*>", re.I)
_BLOCK_TAGS = frozenset(
    ["p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "title"]
)
_DROP_TAGS = frozenset(("script", "style", "noscript", "template", "head"))
_NAV_LINE = re.compile(
    r"^(?:[\[【]?(?:返回|回到|上一篇|下一篇|分享到|打印本页|关闭窗口|责任编辑)[^\n]*|"
    r"(?:\[[^\]\n]*\]\([^)\n]*\)[\s|｜/·]*)+|<?https?://\S+>?|(?:来源|原标题)[:：]\s*$)$"
)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_WS_LINE = re.compile(r"^[ \t\u3000\xa0]+|[ \t\u3000\xa0]+$", re.M)
_BLANK_RUNS = re.compile(r"\n{2,}")


@dataclass
class Cleaned:
    """The result of cleaning one text: the body to store and what the front matter said."""

    text: str
    front_matter: dict[str, Any] = field(default_factory=dict)


def split_front_matter(raw: str, name: str = "") -> tuple[dict[str, Any], str]:
    """Return ``(front_matter, body)``; a ``---`` YAML block at the very start is front matter.

    A block that is not valid YAML mapping is left in the body (nothing is lost).
    """
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, raw
    if not isinstance(data, dict):
        return {}, raw
    return {str(k): _plain(v) for k, v in data.items()}, raw[match.end() :]


def _plain(value: Any) -> Any:
    """Make YAML values JSON-friendly: dates to ISO strings, nested containers recursively."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


class _TextExtractor(HTMLParser):
    """Collect text from HTML: block tags become line breaks, script/style content is dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._drop += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._drop = max(0, self._drop - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._drop:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """Return whether ``text`` contains common HTML tags."""
    return _HTML_HINT.search(text) is not None


def strip_html(text: str) -> str:
    """Return the text content of HTML: tags stripped, entities decoded, blocks as line breaks."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def strip_markdown(text: str) -> str:
    """Remove the Markdown markup that is not text: heading marks, emphasis, link targets."""
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return text


def normalise_whitespace(text: str) -> str:
    """Normalise line endings to ``\\n``, trim each line, and drop blank lines (one paragraph a line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _WS_LINE.sub("", text)
    text = _BLANK_RUNS.sub("\n", text)
    return text.strip("\n")


def drop_trailing_navigation(text: str) -> str:
    """Drop navigation lines (``[返回…](…)``, bare URLs, share/print links) at the end of the text."""
    lines = text.split("\n")
    while lines and (not lines[-1].strip() or _NAV_LINE.match(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines)


def clean_text(raw: str, *, kind: str = "txt") -> Cleaned:
    """Clean one file's decoded text; ``kind`` is ``txt``, ``md`` or ``html`` (from the extension).

    Front matter is read from any kind; HTML is stripped for ``html`` and for any text that
    contains HTML tags (scraped ``.txt``/``.md`` often do); Markdown links keep their text.
    """
    front, body = split_front_matter(raw)
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "html" or looks_like_html(body):
        # Markdown navigation links survive HTML stripping; drop them before links lose targets.
        body = drop_trailing_navigation(normalise_whitespace(strip_html(body)))
    else:
        body = html.unescape(body) if kind == "md" else body
        body = drop_trailing_navigation(normalise_whitespace(body))
    if kind == "md":
        body = _MD_LINK.sub(r"\1", strip_markdown(body))
    return Cleaned(text=normalise_whitespace(body), front_matter=front)
