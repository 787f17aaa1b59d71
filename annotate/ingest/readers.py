"""Read files into raw documents, one reader per format, registered by file extension."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from annotate.errors import InputError
from annotate.ingest.clean import clean_text
from annotate.ingest.decode import decode_bytes

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass
class RawDocument:
    """A cleaned text with what its file said about it, before it becomes a ``Document``."""

    text: str
    source: str
    source_key: str
    title: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Failure:
    """An input that could not be read: where (``ref``: file, or file:line) and why."""

    ref: str
    reason: str
    payload: Any = None


def iso_date(value: Any) -> str | None:
    """Return a front-matter date as ISO 8601 (``2024-03-18T09:30:00+08:00``), else as written."""
    if value is None:
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    return text


Reader = Callable[[Path, str], Iterator[RawDocument | Failure]]


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc


def _from_markup(path: Path, name: str, kind: str) -> Iterator[RawDocument | Failure]:
    raw, encoding = decode_bytes(_read_bytes(path, name), name)
    cleaned = clean_text(raw, kind=kind)
    front = cleaned.front_matter
    title = front.get("title")
    if title is None and kind == "html":
        match = _TITLE.search(raw)
        title = clean_text(match.group(1), kind="html").text if match else None
    meta: dict[str, Any] = {"encoding": encoding, "format": kind}
    if front:
        meta["front_matter"] = front
        for key in ("categories", "tags"):
            if key in front:
                value = front[key]
                meta[key] = value if isinstance(value, list) else str(value).split()
    if not cleaned.text.strip():
        yield Failure(name, "no text left after cleaning (only markup or front matter)")
        return
    yield RawDocument(
        text=cleaned.text,
        source=name,
        source_key=str(path.resolve()),
        title=str(title) if title is not None else None,
        published=iso_date(front.get("date")),
        meta=meta,
    )


def read_text(path: Path, name: str) -> Iterator[RawDocument | Failure]:
    """Read a plain text file (front matter and stray HTML are still handled)."""
    return _from_markup(path, name, "txt")


def read_markdown(path: Path, name: str) -> Iterator[RawDocument | Failure]:
    """Read a Markdown file with optional Jekyll front matter."""
    return _from_markup(path, name, "md")


def read_html(path: Path, name: str) -> Iterator[RawDocument | Failure]:
    """Read an HTML file: text content only, ``<script>``/``<style>`` dropped."""
    return _from_markup(path, name, "html")


def _finite(token: str) -> float:
    """Parse a JSON number; ``NaN``, ``Infinity`` and overflowing ones (``1e999``) are not JSON."""
    number = float(token)
    if not math.isfinite(number):
        raise json.JSONDecodeError(f"{token[:20]} is not a finite number", token, 0)
    return number


def read_jsonl(path: Path, name: str) -> Iterator[RawDocument | Failure]:
    """Read one ``{"text": ..., "id"?, "title"?, ...}`` object per line; bad lines fail alone."""
    raw, encoding = decode_bytes(_read_bytes(path, name), name)
    # Split at "\n" only: str.splitlines() also breaks at U+2028, U+2029 and U+0085, which JSON
    # written with ensure_ascii=False keeps raw inside strings.
    for number, line in enumerate(raw.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        ref = f"{name}:{number}"
        try:
            record = json.loads(line, parse_float=_finite, parse_constant=_finite)
        except json.JSONDecodeError as exc:
            yield Failure(ref, f"invalid JSON ({exc.msg} at column {exc.colno})", line[:10000])
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Failure(ref, 'not an object with a "text" string', line[:10000])
            continue
        cleaned = clean_text(record["text"], kind="txt")
        if not cleaned.text.strip():
            yield Failure(ref, "empty text", line[:10000])
            continue
        external = record.get("id")
        meta = {k: v for k, v in record.items() if k not in ("text", "title", "id", "spans")}
        meta.update({"encoding": encoding, "format": "jsonl", "line": number})
        if external is not None:
            meta["external_id"] = str(external)
        yield RawDocument(
            text=cleaned.text,
            source=ref,
            source_key=f"{path.resolve()}#{external if external is not None else number}",
            title=str(record["title"]) if record.get("title") is not None else None,
            published=iso_date(record.get("date") or record.get("published")),
            meta=meta,
        )


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}


def find_files(paths: list[str]) -> Iterator[tuple[Path, str] | Failure]:
    """Yield ``(path, display name)`` for each input file, walking folders (sorted, recursive).

    Explicitly named files of unknown extension are read as text; in folders, only files
    with a known extension are read, and hidden files and folders are skipped.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for fname in sorted(files):
                    if fname.startswith(".") or Path(fname).suffix.lower() not in READERS:
                        continue
                    yield Path(root) / fname, str(Path(root) / fname)
        elif path.is_file():
            yield path, given
        elif path.exists():
            yield Failure(given, "not a regular file or folder")
        else:
            yield Failure(given, "no such file or folder")


def read_path(path: Path, name: str) -> Iterator[RawDocument | Failure]:
    """Read one file with the reader for its extension; errors become a ``Failure`` naming it."""
    reader = READERS.get(path.suffix.lower(), read_text)
    try:
        yield from reader(path, name)
    except InputError as exc:
        yield Failure(name, str(exc).removeprefix(f"{name}: "))
