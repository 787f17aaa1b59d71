"""Find named zones, parks, towns and villages (LOC) from tokens and their classes.

- ``zone``: a zone head (开发区, 科技城, 综合保税区; ``places.ZONE_SUFFIXES``) after a place and a
  description (the name starts at the last place: 北京市海淀区|中关村科学城), or after a short
  proper name bounded on the left (在|洋浦经济开发区, 与|霍尔果斯经济开发区).
- ``village``: towns and villages right after a place (高州市根子镇𠮷田村).
- ``bracket_zones``: zones named with a bracketed place (中国（广东）自由贸易试验区南沙片区).

Offsets are half-open code-point indices; candidates are appended to ``out``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotate.extract import places
from annotate.extract.entity_lexicon import (
    LEFT_STOP,
    NON_NAME_TAGS,
    PUNCT,
    ZONE_DESCRIPTORS,
    ZONE_ENDINGS,
    Cand,
    Lexicon,
    Token,
    Word,
    proper_name,
    token_at,
    words,
)
from annotate.extract.policies import plan_word
from annotate.extract.settlements import HEAD_CONTINUES, divided_stem

# jieba tags that end a zone's name on its left (verbs, adverbs, prepositions, numerals).
_ZONE_STOP_TAGS = frozenset(("v", "vd", "d", "ad", "p", "c", "m", "q", "r", "t", "f", "u", "uj"))
_NOT_NAME_START = frozenset("等的和与及在将已是了为对向从把被也都还就")
_RE_VILLAGE = re.compile(r"[\u4e00-\u9fff\U00020000-\U0002ffff]{2,4}?(?:镇|乡|街道|村|社区)")


def zone(lex: Lexicon, toks: Sequence[Token], kinds: Sequence[Word | None], i: int, out: list[Cand]) -> None:
    """Add a LOC candidate for the named zone whose head is token ``i``.

    The name is its last place, an optional description and the head (汕头华侨经济文化合作试验区,
    北京市海淀区|中关村科学城); a proper name right after that place followed only by descriptors
    owns the zone (海南|洋浦经济开发区). Without a place, a short proper name bounded on the left
    (在|洋浦经济开发区, 与|霍尔果斯经济开发区) names it; a common word (科技|产业园) does not.
    """
    j = i
    while j > 0 and toks[i][2] - toks[j - 1][1] <= 16 and toks[j - 1][2] == toks[j][1]:
        pk = kinds[j - 1]
        if pk is not None and (pk.kind == "ZONE" or (
                pk.kind == "PLACE" and toks[j - 1][0].endswith(ZONE_ENDINGS) and j - 1 < i - 1)):
            break  # 横琴粤澳深度合作区 | 中医药产业园: a zone name does not swallow another zone
        if not plan_word(lex, toks[j - 1][0], pk) or toks[j - 1][0] in ("“", "”"):
            break
        if pk is None and lex.tags.get(toks[j - 1][0]) in _ZONE_STOP_TAGS and toks[j - 1][0] not in ZONE_DESCRIPTORS:
            break  # 顺德区|累计拆除整理村级工业园: a verb or adverb is not inside a zone's name
        j -= 1
    for jj in range(i - 1, j - 1, -1):  # the name starts at its last place: 北京市海淀区|中关村科学城
        if getattr(kinds[jj], "kind", None) == "PLACE":
            # a proper name after the place owns the zone: 海南|洋浦经济开发区, 三亚|崖州湾科技城
            nxt = jj + 1
            if (nxt < i and kinds[nxt] is None and 2 <= len(toks[nxt][0]) <= 4
                    and toks[nxt][0] not in ZONE_DESCRIPTORS and proper_name(lex, [toks[nxt][0]])
                    and all(toks[x][0] in ZONE_DESCRIPTORS for x in range(nxt + 1, i))):
                jj = nxt
            start = toks[jj][1]
            pk = kinds[jj]
            if pk is not None and pk.strong and pk.inner:
                start += len(pk.inner)  # 辽宁大连|金州新区: the zone starts at the second place
            out.append(Cand(start, toks[i][2], "LOC", 0.75, "zone", 2))
            return
    # no place: a short proper name bounded on the left, descriptors, the head (洋浦经济开发区)
    jj = i - 1
    while jj >= 0 and toks[jj][0] in ZONE_DESCRIPTORS and toks[jj][2] == toks[jj + 1][1]:
        jj -= 1
    if jj < 0 or toks[jj][2] != toks[jj + 1][1] or kinds[jj] is not None or not 2 <= len(toks[jj][0]) <= 4:
        return
    if proper_name(lex, [toks[jj][0]]) and bounded_left(lex, toks, kinds, jj):
        out.append(Cand(toks[jj][1], toks[i][2], "LOC", 0.7, "zone-name", 2))


# jieba tags of words that end a name on its left: verbs, prepositions, conjunctions, particles.
_BOUNDARY_TAGS = words("v vd vn p c u uj ul uz ud ug d r m q t f")


def bounded_left(lex: Lexicon, toks: Sequence[Token], kinds: Sequence[Word | None], j: int) -> bool:
    """Return whether a name starting at token ``j`` has a clear left edge.

    The text start, punctuation, a function word or verb, or a place or zone before it.
    """
    if j == 0:
        return True
    w = toks[j - 1][0]
    k = kinds[j - 1]
    if w[-1] in PUNCT or w.isspace() or w in LEFT_STOP or (k is not None and k.kind in ("PLACE", "ZONE")):
        return True
    return lex.tags.get(w) in _BOUNDARY_TAGS


def village(lex: Lexicon, text: str, end: int, starts: Sequence[int], out: list[Cand]) -> None:
    """Add towns and villages written right after a place: 高州市根子镇𠮷田村.

    The name must end on a word boundary (连州等地乡村 has no village) and its stem must
    not start with a function word or contain a verb (推进农村).
    """
    for _ in range(2):
        m = _RE_VILLAGE.match(text, end)
        if not m or m.group()[0] in _NOT_NAME_START or divided_stem(m.group()[:-1] if not m.group().endswith(
                ("街道", "社区")) else m.group()[:-2]) or m.group()[-2:] in HEAD_CONTINUES:
            return  # 新县|周河乡: a division head inside is another name (settlements finds the rest)
        if m.end() < len(text) and token_at(starts, m.end()) is None:
            return
        word = m.group()
        tag = lex.tags.get(word)
        if tag is not None and tag != "ns":
            return
        stem = word[:-1] if not word.endswith(("街道", "社区")) else word[:-2]
        if any(lex.tags.get(stem[x : x + 2]) in NON_NAME_TAGS for x in range(len(stem) - 1)):
            return  # 推进农村: a verb is not a village name
        out.append(Cand(m.start(), m.end(), "LOC", 0.7, "village", 1))
        end = m.end()


_RE_BRACKET_ZONE = re.compile(
    r"([\u4e00-\u9fff]{2,6})[（(]([\u4e00-\u9fff]{2,6})[）)]([\u4e00-\u9fff]{0,12}?(?:"
    + "|".join(sorted(places.ZONE_SUFFIXES, key=len, reverse=True))
    + r")(?:[\u4e00-\u9fff]{2,4}片区)?)"
)


def bracket_zones(lex: Lexicon, text: str, out: list[Cand]) -> None:
    """Add zones named with a bracketed place: 中国（广东）自由贸易试验区南沙片区."""
    for m in _RE_BRACKET_ZONE.finditer(text):
        outer = m.group(1)
        start = m.start(1)
        for cut in range(len(outer) - 1):  # the outer place may be preceded by other words
            if outer[cut:] in lex.places:
                start = m.start(1) + cut
                break
        else:
            continue
        if m.group(2) in lex.places:
            out.append(Cand(start, m.end(), "LOC", 0.75, "bracket-zone", 2))
