"""Find organisation names the head-word grammar cuts short: units of a parent, media datelines.

- ``units``: a school, faculty or institute written right after its university or academy is
  one ORG (中国农业大学资源与环境学院, 北京师范大学地理科学学部, 中国科学院地理科学与资源研究所,
  中科院地理所), as the annotation rules say for 澳門大學旅遊研究中心.
- ``datelines``: a news site or paper opening a report (河北新闻网讯, 天山网讯, 据解放日报报道,
  大众日报记者) is an ORG.

Offsets are half-open code-point indices of ``text``; candidates are appended to ``out``.
"""

from __future__ import annotations

import re

from annotate.extract.entity_lexicon import NON_NAME_TAGS, PUNCT, Cand, Lexicon

# Parents whose units are named after them, and the heads of those units.
_PARENTS = ("大学", "科学院", "中科院", "社科院", "工程院", "农科院", "医科院", "师大", "交大")
_UNIT = re.compile(
    r"[\u4e00-\u9fff]{2,14}?(?:学院|学部|研究所|研究院|研究中心|重点实验室|实验室|医院|附属医院|系|所)"
)
# Words inside a unit's name that are not names (a verb or a clause follows the parent).
_UNIT_JOINERS = frozenset(("与", "和", "及"))
_UNIT_SCORE = 0.8
_MEDIA = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:新闻网|网|日报|晚报|报)(?=讯|记者|报道|消息|客户端)")
_MEDIA_SCORE = 0.75


def units(lex: Lexicon, text: str, cands: list[Cand], out: list[Cand]) -> None:
    """Add one ORG for a parent ORG candidate followed directly by one of its units."""
    for c in cands:
        if c.label != "ORG" or not text.endswith(_PARENTS, c.start, c.end):
            continue
        m = _UNIT.match(text, c.end)
        if not m:
            continue
        inner = text[c.end : m.end()]
        if inner.endswith("所") and not inner.endswith("研究所") and len(inner) > 4:
            continue  # 所 alone names an institute only in short forms (地理所)
        if inner[0] in _UNIT_JOINERS or any(p in inner for p in _PARENTS):
            continue  # 上海交通大学|和复旦大学微电子学院: two organisations
        if any(ch in PUNCT for ch in inner) or _has_clause(lex, inner):
            continue
        out.append(Cand(c.start, m.end(), "ORG", _UNIT_SCORE, "org-unit", c.prio + 1))


def _has_clause(lex: Lexicon, inner: str) -> bool:
    """Return whether ``inner`` reads as a verb phrase rather than a unit's name (…大学联合研究院)."""
    tags = lex.tags
    for n in (2, 3):
        for x in range(len(inner) - n + 1):
            w = inner[x : x + n]
            if w not in _UNIT_JOINERS and tags.get(w) in NON_NAME_TAGS and tags.get(w) != "vn":
                return True
    return False


def datelines(text: str, out: list[Cand]) -> None:
    """Add ORG candidates for media names before 讯, 记者, 报道 or 消息 (河北新闻网讯)."""
    for m in _MEDIA.finditer(text):
        s = m.start()
        # the name starts after punctuation, a space, the text start or 据
        while s < m.end() - 2 and not (s == 0 or text[s - 1] in PUNCT or text[s - 1] == "据"):
            s += 1
        if text[s] == "据":
            s += 1
        if (s == 0 or text[s - 1] in PUNCT or text[s - 1] == "据") and m.end() - s >= 3:
            out.append(Cand(s, m.end(), "ORG", _MEDIA_SCORE, "dateline", 2))
