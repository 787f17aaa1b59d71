"""Find towns, townships, villages, streets and communities (LOC) named without a place before them.

``zones.village`` finds 高州市|根子镇 after a known place. News also names them alone
(在万良镇荒沟村, 东田庄村、桥东村, 以容桂街道、大良街道、乐从镇为重点), and jieba cuts unknown
names badly (镇林头|村, 以容桂|街道), so this works on characters: at each head (镇, 乡, 村,
街道, 社区, 苏木, 嘎查) it tries a name of two to four characters before it and keeps the longest
one that

- starts on a clear left edge: the text start, punctuation, a function character (在, 向, 以),
  or the end of a place or of another settlement (万良镇|荒沟村);
- is not a common word or phrase (乡村振兴, 城乡社区, 两个村, 全镇): no verb, adverb, pronoun,
  numeral-classifier or determiner inside, and not a generic stem (美丽乡村, 特色小镇);
- is not continued by the head into another word (乡村, 村民 after 村 is fine; 镇区 is not a
  name: the head must end the word).

A settlement followed by 党委, 政府 or 人民政府 is the body (GOV): 圈头乡党委.

Offsets are half-open code-point indices of ``text``; candidates are appended to ``out``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from annotate.extract.entity_lexicon import NON_NAME_TAGS, PUNCT, Cand, Lexicon, words

HEAD = re.compile(r"街道|社区|苏木|嘎查|镇|乡|村")
_NAME_CHAR = re.compile(r"^[\u4e00-\u9fff\U00020000-\U0002ffff]+$")
# Characters after which a name may start (besides punctuation).
_LEFT_EDGE = frozenset("在向以于到赴从与和及经由对为把将是的至往去、了")
# Ends of division names: a settlement may follow one the gazetteer does not know (新县|周河乡).
_DIVISION_ENDS = frozenset("省市县区旗镇乡村")
# Heads of divisions never inside a settlement's name (西河乡|村 is not a village called 西河乡).
_NOT_IN_STEM = frozenset("省县区旗乡村")
# Characters a name never contains: determiners, classifiers, particles, function words.
_NEVER_IN_NAME = frozenset("个些各每该本这那其此某全多几的了是在和与及或等把被将已也都还就对向从为着过们")
# Stems that are common words, not names, before a settlement head.
GENERIC_STEMS = words(
    """城乡 农村 城镇 乡镇 村镇 基层 示范 美丽 特色 重点 所在 当地 周边 附近 全国 各个 行政 自然 贫困 脱贫 偏远
    沿海 山区 试点 文明 和谐 智慧 未来 数字 传统 历史 文化 生态 宜居 和美 幸福 富裕 小康 边境 边远 民族 少数民族
    新型 现代 国际 社会 城市 中心 特大 乡村 农业 工业 旅游 电商 淘宝 明星 网红 先进 模范 典型 帮扶 结对 对口
    易地 移民 搬迁 安置 周围 邻近 相邻 附属 所辖 辖内 辖区 城区 郊区 市区 老旧 新建 现有 原有 全部 部分 其他
    学习 服务 管理 发展 建设 振兴 治理 综合 社会化 城关 街乡 涉农 农业农村 行政村 自然村"""
)
# Words the head starts; the head is then not the end of a name (乡村, 村民 is allowed: 阿克墩村|村民).
HEAD_CONTINUES = words("乡村 乡镇 乡土 乡亲 乡愁 乡贤 乡风 村庄 村落 村级 村镇 村寨 村务 镇区 镇村 镇街 社区化 街道办")
# Bodies of a settlement: 圈头乡党委 is GOV.
_BODIES = ("人民政府", "党委", "政府")
_SETTLEMENT_SCORE = 0.65


def settlements(lex: Lexicon, text: str, edges: Collection[int], out: list[Cand]) -> None:
    """Append LOC (or GOV) candidates for settlements named without a place before them.

    ``edges`` are end offsets of places found already; a name may start there.
    """
    ends: set[int] = set(edges)
    for m in HEAD.finditer(text):
        e, head_end = m.start(), m.end()
        if text[e : e + 2] in HEAD_CONTINUES or text[e : e + 3] in HEAD_CONTINUES or text[e - 1 : e + 1] in HEAD_CONTINUES:
            continue
        best = _name_start(lex, text, e, ends)
        if best is None:
            continue
        ends.add(head_end)
        body = next((b for b in _BODIES if text.startswith(b, head_end)), None)
        if body is not None:
            out.append(Cand(best, head_end + len(body), "GOV", _SETTLEMENT_SCORE, "settlement-body", 1))
        else:
            out.append(Cand(best, head_end, "LOC", _SETTLEMENT_SCORE, "settlement", 1))


def _name_start(lex: Lexicon, text: str, e: int, ends: Collection[int]) -> int | None:
    """Return the start of the longest good name ending at ``e`` (2-4 characters), or None."""
    for length in (4, 3, 2):
        s = e - length
        if s < 0:
            continue
        stem = text[s:e]
        if not _NAME_CHAR.match(stem) or stem[0] in _LEFT_EDGE or any(ch in _NEVER_IN_NAME for ch in stem) or (
                divided_stem(stem)):
            continue
        before = text[s - 1] if s else ""
        if not (s == 0 or before in PUNCT or before in _LEFT_EDGE or before in _DIVISION_ENDS or s in ends):
            continue
        if _common(lex, stem):
            continue
        return s
    return None


def divided_stem(stem: str) -> bool:
    """Return whether a division head inside ``stem`` ends another name before it.

    新县周河 (县, then a two-character name) is two names; 星村 (星村镇) and 撮镇 (撮镇镇) are one.
    """
    return any(ch in _NOT_IN_STEM and len(stem) - x - 1 >= 1 for x, ch in enumerate(stem))


def _common(lex: Lexicon, stem: str) -> bool:
    """Return whether ``stem`` is a common word or phrase rather than a settlement's name."""
    if stem in GENERIC_STEMS or stem[-2:] in GENERIC_STEMS or stem[:2] in GENERIC_STEMS:
        return True
    tags = lex.tags
    if tags.get(stem) in NON_NAME_TAGS:
        return True
    return any(tags.get(stem[x : x + 2]) in NON_NAME_TAGS for x in range(len(stem) - 1))


# Provinces, states and regions abroad, named after their country: 越南|谅山省, 巴基斯坦|信德省,
# 乌兹别克斯坦|撒马尔罕州; a second one joined by 和/、/及 takes the same head (谅山省和北江省).
_FOREIGN_DIVISION = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|州|邦|郡|大区)")
_JOINED = ("和", "、", "及", "与")


def foreign_divisions(text: str, countries: list[tuple[int, int]], out: list[Cand]) -> None:
    """Append LOC candidates for divisions written right after a foreign country (offsets ``countries``)."""
    for _, end in countries:
        m = _FOREIGN_DIVISION.match(text, end)
        while m and not any(ch in _NEVER_IN_NAME for ch in m.group()[:-1]):
            out.append(Cand(m.start(), m.end(), "LOC", _SETTLEMENT_SCORE, "foreign-division", 1))
            nxt = m.end()
            if nxt >= len(text) or text[nxt] not in _JOINED:
                break
            m = _FOREIGN_DIVISION.match(text, nxt + 1)
            if m and m.group()[-1] != text[nxt - 1]:
                break  # 谅山省和北江省: the same head
