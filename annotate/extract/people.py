"""Find person names (PER): surname + one or two given-name characters in reporting contexts.

A name is taken after a title (厅长, 记者; ``annotate/data/titles.txt``) or before a
reporting word (介绍, 表示, 说; ``report_verbs.txt``), checked against a stop list
(``per_stop.txt``) and jieba's dictionary tags; confident names are then found again
anywhere in the text. Offsets are half-open code-point indices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotate.extract.entity_lexicon import (
    NON_NAME_TAGS,
    PUNCT,
    Cand,
    Lexicon,
    Token,
    kind_of,
    token_at,
)

# Characters that end or cannot be in a given name.
NOT_GIVEN = frozenset(
    "的了是在和与及等也都将还就对为从把被年省市区县局厅委部处院所说称这那此其各该我你他她它们"
    "个项第元吨号已并且而但或如若因以于向到至由让给同跟之无不没很更最又再才仅只共"
)
# Single-character words allowed right before a name followed by a reporting word.
NAME_LEFT_OK = frozenset("和与及、，。；：！？“”（）(),:; \n\t据由对向请让在")



def _name_ok(lex: Lexicon, name: str, titled: bool = False) -> bool:
    if name in lex.per_stop or len(name) < 2:
        return False
    given = name[2:] if name[:2] in lex.compound_surnames else name[1:]
    if not given or any(ch in NOT_GIVEN or not ("\u4e00" <= ch <= "\u9fff") for ch in given):
        return False
    tag = lex.tags.get(name)
    if tag is not None and tag not in _NAME_TAGS_OK and not (titled and tag in ("ns", "nz")):
        return False
    return name not in lex.places and name not in lex.titles and kind_of(lex, name) is None


def _title_name(lex: Lexicon, text: str, at: int, toks: Sequence[Token], starts: Sequence[int]
                ) -> tuple[int, int] | None:
    """Return the extent of a name starting at ``at`` right after a title, or None."""
    sur = 2 if text[at : at + 2] in lex.compound_surnames else 1
    for n in (sur + 2, sur + 1):
        if at + n <= len(text) and lex.re_boundary.match(text, at + n) and _name_ok(lex, text[at : at + n], True):
            return at, at + n
    k = token_at(starts, at)
    te = toks[k][2] if k is not None else None
    if te is not None and te - at in (sur + 1, sur + 2) and _name_ok(lex, text[at:te], True):
        return at, te
    # no boundary evidence: take surname + 2 when the name ends on a word boundary and its
    # given part is not a common word (记者向有关部门 is not a name)
    n = sur + 2
    given = text[at + sur : at + n]
    on_boundary = at + n == len(text) or token_at(starts, at + n) is not None
    if (at + n <= len(text) and on_boundary and _name_ok(lex, text[at : at + n], True)
            and lex.tags.get(given) not in NON_NAME_TAGS):
        return at, at + n
    return None


def people(lex: Lexicon, text: str, toks: Sequence[Token], starts: Sequence[int], title_ends: list[int],
           verb_starts: list[int], out: list[Cand]) -> None:
    """Add PER candidates after titles and before reporting words, then repeat confident names.

    ``starts`` are the tokens' start offsets (increasing; the tokens cover the text).
    """
    found: dict[str, float] = {}
    if title_ends:
        surnames = lex.compound_surnames
        for at in title_ends:
            while at < len(text) and text[at] in " \u3000\t/／:：":
                at += 1  # 记者　张三, 记者/张三
            if at >= len(text):
                continue
            ch = text[at]
            if not (_is_surname(lex, ch) or text[at : at + 2] in surnames):
                continue
            ext = _title_name(lex, text, at, toks, starts)
            if ext:
                out.append(Cand(ext[0], ext[1], "PER", 0.85, "title-name", 1))
                found[text[ext[0] : ext[1]]] = 0.85
    if verb_starts:
        for vs in verb_starts:
            for n in (3, 2, 4):
                s = vs - n
                if s < 0:
                    continue
                name = text[s:vs]
                sur = 2 if name[:2] in lex.compound_surnames else 1
                if n - sur not in (1, 2) or not (_is_surname(lex, name[0]) or sur == 2):
                    continue
                if not _name_ok(lex, name):
                    continue
                prev = text[s - 1] if s > 0 else "。"
                titled = _after_title(lex, text, s)
                if token_at(starts, s) is None and prev not in PUNCT and not titled:
                    continue
                if prev not in NAME_LEFT_OK and not titled:
                    # the word before must be a real word, not a stray character: 𠮷明华
                    k = token_at(starts, s)
                    if k is None or k == 0 or len(toks[k - 1][0]) < 2:
                        continue
                score = 0.8 if prev in PUNCT or titled else 0.7
                out.append(Cand(s, vs, "PER", score, "name-verb", 1))
                found[name] = max(found.get(name, 0.0), score)
                break
    for name, score in found.items():
        at = text.find(name)
        while at >= 0:
            out.append(Cand(at, at + len(name), "PER", min(score, 0.75), "repeat", 0))
            at = text.find(name, at + len(name))


_NAME_TAGS_OK = ("nr", "nrt", "nrfg")


def _is_surname(lex: Lexicon, ch: str) -> bool:
    return ch in lex.surnames


def _after_title(lex: Lexicon, text: str, at: int) -> bool:
    return any(at - n >= 0 and text[at - n : at] in lex.titles for n in (2, 3, 4, 5))


# A transliterated name: parts of Chinese characters joined by a middle dot (热依拉·买买提,
# 阿尔弗雷德·基普罗诺). Each part is a run of tokens jieba does not know as common words.
_DOTS = frozenset("·•‧・")
_DOTTED = re.compile(r"[\u4e00-\u9fff](?:[·•‧・][\u4e00-\u9fff]+)+")
_NAME_PART_TAGS = (None, "nr", "nrt", "nrfg", "nz")
_PART_MAX = 10
_DOTTED_SCORE = 0.8


def _part_token(lex: Lexicon, w: str, right: bool) -> bool:
    """Return whether token ``w`` may be inside one part of a dotted name (``right``: after the dot)."""
    if w in lex.titles or w in _NOT_PART or not w or not all("\u4e00" <= ch <= "\u9fff" for ch in w):
        return False
    tag = lex.tags.get(w)
    if len(w) == 1:
        return tag not in NON_NAME_TAGS or tag == "v" and not right
    return tag in _NAME_PART_TAGS or (right and tag in ("n", "ns"))


# Single words that end a dotted name on the right or start the text before it.
_NOT_PART = frozenset("说称讲在和与及等的是".replace("", " ").split())


def dotted_names(lex: Lexicon, text: str, toks: Sequence[Token], starts: Sequence[int], out: list[Cand]) -> None:
    """Add PER candidates for names written with a middle dot (minority and foreign names).

    The first part runs left from the dot over tokens that are unknown or names and stops at a
    title or common word (县长|艾尔肯·吐尔逊, 村民|阿不都拉·卡德尔); the last part runs right and
    stops the same way (…·卡德尔|说).
    """
    for m in _DOTTED.finditer(text):
        first_dot = m.start() + 1
        j = token_at(starts, first_dot)
        if j is None or j == 0:
            continue
        k = j - 1
        start = toks[k][2]
        while k >= 0 and _part_token(lex, toks[k][0], False) and first_dot - toks[k][1] <= _PART_MAX:
            start = toks[k][1]
            k -= 1
        last_dot = m.start() + max(i for i, ch in enumerate(m.group()) if ch in _DOTS)
        after = token_at(starts, last_dot + 1)
        if after is None:
            continue
        k, end = after, last_dot + 1
        while k < len(toks) and _part_token(lex, toks[k][0], True) and toks[k][2] - last_dot - 1 <= _PART_MAX:
            end = toks[k][2]
            k += 1
        if first_dot - start >= 2 and end - last_dot - 1 >= 2:
            out.append(Cand(start, end, "PER", _DOTTED_SCORE, "dotted-name", 3))
