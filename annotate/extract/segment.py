"""Segment text into words with the one shared ``jieba.Tokenizer`` and our user dictionary.

This module owns the only tokenizer instance. It is built lazily on first use, under a lock
(safe with threads; every process builds its own), from jieba's bundled dictionary plus
``annotate/data/userdict.txt``, the entity head-word lists and the place gazetteer. Nothing is
downloaded: jieba's prefix-dictionary cache goes to a per-user temporary folder.

Offsets are half-open ``[start, end)`` code-point indices into the text given.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import jieba

from annotate.extract.fastcut import FastCut

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
USERDICT = DATA_DIR / "userdict.txt"

# Word lists whose entries become dictionary words: (file, frequency, tag).
_LIST_WORDS: tuple[tuple[str, int, str], ...] = (
    ("gov_heads.txt", 3000, "nt"),
    ("org_heads.txt", 3000, "n"),
    ("known_orgs.txt", 3000, "nt"),
    ("titles.txt", 2000, "n"),
    ("countries.txt", 3000, "ns"),
    ("named_areas.txt", 3000, "ns"),
)
# Frequency given to the heads of named zones.
_LIST_FREQ = 3000
# Frequency given to gazetteer names that jieba does not already know well.
_PLACE_FREQ = 2000

_LOCK = threading.Lock()
_TOKENIZER: jieba.Tokenizer | None = None
_FAST: FastCut | None = None
_TAGS: dict[str, str] | None = None
_FREQS: dict[str, int] = {}

Token = tuple[str, int, int]


def read_list(name: str) -> list[str]:
    """Return the first field of every non-comment line of ``annotate/data/<name>``."""
    words: list[str] = []
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words.append(line.split()[0])
    return words


def read_list_marked(name: str) -> dict[str, bool]:
    """Return ``{word: marked}`` for a list whose lines may end in `` *``."""
    out: dict[str, bool] = {}
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            out[parts[0]] = len(parts) > 1 and parts[1] == "*"
    return out


def _cache_dir() -> str:
    """Return a writable folder for jieba's prefix-dictionary cache."""
    path = os.path.join(tempfile.gettempdir(), f"annotate-jieba-{os.getuid() if hasattr(os, 'getuid') else 0}")
    try:
        os.makedirs(path, exist_ok=True)
        return path
    except OSError:
        return tempfile.gettempdir()


def _build() -> jieba.Tokenizer:
    """Build the tokenizer: jieba's dictionary, then our words (explicit frequencies, no cut)."""
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = _cache_dir()
    tk.initialize()
    tags = word_tags()
    # The gazetteer is built from jieba's own tags, before our words change them.
    from annotate.extract import places  # noqa: PLC0415 (places needs word_tags, not the tokenizer)

    gazetteer = places.gazetteer()
    for name, freq, tag in _LIST_WORDS:
        for word in read_list(name):
            if len(word) > 1:
                tk.add_word(word, max(freq, tk.FREQ.get(word) or 0), tag)
                tags.setdefault(word, tag)
    tk.load_userdict(str(USERDICT))
    for line in USERDICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            tags[parts[0]] = parts[2]
    _split_body_titles(tk, tags)
    # Heads of named zones (科创园, 科教创新区) stay whole so the zone rules see them.
    _raise_freq(tk, tags, places.ZONE_SUFFIXES, _LIST_FREQ, "n")
    # Place names jieba does not know, or knows only as rare place words (晋中 47; its 山西晋 3
    # would swallow 山西晋中), get a frequency that keeps them whole.
    _raise_freq(tk, tags, (w for w in gazetteer.names() if tags.get(w, "ns") == "ns"), _PLACE_FREQ, "ns")
    return tk


def _raise_freq(tk: jieba.Tokenizer, tags: dict[str, str], words: Iterable[str], freq: int, tag: str) -> None:
    """Give each word of two or more characters at least frequency ``freq`` (new words get ``tag``)."""
    for word in words:
        if len(word) > 1 and (tk.FREQ.get(word) or 0) < freq:
            tk.add_word(word, freq, tag)
            tags.setdefault(word, tag)


def _split_body_titles(tk: jieba.Tokenizer, tags: dict[str, str]) -> None:
    """Delete dictionary words made of a body and a title (市委书记, 协会会长, 局局长).

    The body is any government or organisation head word of ``gov_heads.txt`` /
    ``org_heads.txt`` (or 省委, 市委 …), the title any word of ``titles.txt``; jieba then cuts
    such a word into the body and the title, so the entity rules see both.
    """
    bodies = set(read_list("gov_heads.txt")) | set(read_list("org_heads.txt"))
    titles = set(read_list("titles.txt")) | {"副书记", "常委", "委员"}
    tails = {t[-2:] for t in titles if len(t) >= 2} | {t for t in titles if len(t) == 1}
    doomed = []
    for word in tags:
        if 3 <= len(word) <= 8 and (word[-2:] in tails or word[-1] in tails) and word not in titles:
            for k in range(1, len(word) - 1):
                if word[:k] in bodies and word[k:] in titles:
                    doomed.append(word)
                    break
    for word in doomed:
        tk.del_word(word)


def tokenizer() -> jieba.Tokenizer:
    """Return the shared tokenizer, building it on first call (thread safe)."""
    global _TOKENIZER, _FAST
    tk = _TOKENIZER
    if tk is None:
        with _LOCK:
            if _TOKENIZER is None:
                built = _build()
                _FAST = FastCut(built)
                _TOKENIZER = built
            tk = _TOKENIZER
    return tk


def fast_cutter() -> FastCut:
    """Return the fast segmenter over the shared tokenizer's dictionary (see ``fastcut``)."""
    tokenizer()
    assert _FAST is not None
    return _FAST


def word_tags() -> dict[str, str]:
    """Return jieba's part-of-speech tag for each dictionary word (bundled dict.txt, read once).

    Our own words are added with their tags when the tokenizer is built. Words the HMM finds
    have no entry.
    """
    global _TAGS
    if _TAGS is None:
        tags: dict[str, str] = {}
        intern: dict[str, str] = {}
        freqs: dict[str, int] = {}
        path = Path(jieba.__file__).resolve().parent / "dict.txt"
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 3:
                    word, freq, tag = parts
                    tags[word] = intern.setdefault(tag, tag)
                    if len(word) <= 3 and tag != "ns" and freq.isdigit():
                        freqs[word] = int(freq)
        _FREQS.update(freqs)
        _TAGS = tags
    return _TAGS


def short_word_freqs() -> dict[str, int]:
    """Return jieba's frequency of each dictionary word of up to 3 characters not tagged ns.

    Read with :func:`word_tags`; used once to build the gazetteer, then released by
    :func:`release_short_word_freqs`.
    """
    word_tags()
    return _FREQS


def release_short_word_freqs() -> None:
    """Free the memory of :func:`short_word_freqs` (the gazetteer has been built)."""
    _FREQS.clear()


def tokens(text: str) -> list[Token]:
    """Return ``(word, start, end)`` for every word of ``text``; never raises on a string.

    The words are exactly those of ``tokenizer().tokenize(text, HMM=True)`` (jieba's ``cut``
    with its HMM for unknown words), computed by :class:`~annotate.extract.fastcut.FastCut`
    in about half the time. Offsets are code points; the words cover the text without gaps.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        return fast_cutter().tokenize(text)
    except Exception:  # jieba trips on nothing we know of; fall back to one token per character
        return [(ch, i, i + 1) for i, ch in enumerate(text)]


def cut(text: str) -> list[str]:
    """Return the words of ``text`` (no offsets)."""
    return [w for w, _, _ in tokens(text)]
