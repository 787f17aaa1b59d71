"""Find entity spans (PER, GOV, ORG, LOC, POLICY) in simplified Chinese news text.

``extract_entities(text, toks)`` is a pure function of the text and its jieba tokens
(``annotate.extract.segment.tokens``); it returns non-overlapping spans whose offsets are
half-open code-point indices into ``text``, each with ``attrs["score"]`` and ``attrs["rule"]``.

One pass over the tokens classifies each word once (memoised per word) and acts only on the
few that matter:

- LOC: a gazetteer word (``annotate.extract.places``: divisions, countries, cities abroad,
  rivers and lakes, named areas), a jieba place word ending in 港/湾 (洋浦港), or a named zone,
  town or village (``annotate.extract.zones``).
- GOV / ORG: a head word (工信厅, 发改委, 政府, 公司, 大学, …; ``annotate/data/gov_heads.txt``,
  ``org_heads.txt``, or a word ending in one, such as 黄埔海关 or 汕头大学) extended leftwards
  over name-like words (places, level words 省/市/国家, nouns by jieba's dictionary tags,
  unknown words) and kept when the name has an anchor: a place or brand, or, for strong heads
  (银行, 大学, 实验室, 有限公司, …), a short proper name (锦江银行, 之江实验室); a unit of an
  organisation found just before (南方医科大学南方医院). Statutory bodies with a 局 head
  (生产力促进局) are ORG. Known names (``known_orgs.txt``, also 中国中免: the place inside is
  not labelled), 中国 + an unknown short word (中国国新), a known name + place + trade
  (宝钢湛江钢铁); an abbreviation in brackets right after a name (经科局); names listed before
  等…企业; a company's short name right after 企业/车企 (龙头企业X在…); 《…报》 titles.
- PER (``annotate.extract.people``): surname + one or two given-name characters after a title
  (厅长, 记者) or before a reporting word (介绍, 表示, 说); confident names are then found
  again anywhere in the text.
- POLICY (``annotate.extract.policies``): 《…》 titles, “…”/「…」 names ending in a policy word
  or followed by one (“十百千万”计划), and unquoted noun phrases ending in 计划/行动/条例/规划
  (工业投资跃升计划, 技改“双千”行动) or, with a quoted part, 工程.

Word lists and word classes are in ``annotate.extract.entity_lexicon``, the GOV/ORG name grammar
in ``annotate.extract.org_grammar``. Overlaps are resolved
longest first, then by rule priority.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from itertools import compress, repeat

from annotate.extract.entity_lexicon import (
    CJK,
    PUNCT,
    WORD_CACHE,
    WORD_CACHE_MAX,
    Cand,
    Lexicon,
    Token,
    Word,
    classify,
    lexicon,
    words,
)
from annotate.extract.org_grammar import (
    AFTER_NAME,
    abbreviations,
    after_org_context,
    listed_orgs,
    org_or_gov,
)
from annotate.extract.org_units import datelines, units
from annotate.extract.people import dotted_names, people
from annotate.extract.policies import plan_name, quoted_policies
from annotate.extract.segment import tokens
from annotate.extract.settlements import HEAD as _SETTLEMENT_HEADS
from annotate.extract.settlements import foreign_divisions, settlements
from annotate.extract.zones import bracket_zones, village, zone
from annotate.models import Span

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- entry point

_LABEL_PRIO = {"POLICY": 4, "GOV": 3, "ORG": 3, "PER": 2, "LOC": 1}


def _resolve(cands: list[Cand], length: int) -> list[Cand]:
    """Keep non-overlapping candidates: longest first, then rule priority, then score.

    ``length`` is the text's length; taken positions are marked in a byte array.
    """
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, -_LABEL_PRIO[c.label], -c.score, c.start))
    taken: list[Cand] = []
    occupied = bytearray(length + 1)
    for c in cands:
        if c.start < 0 or c.end > length or occupied.find(1, c.start, c.end) != -1:
            continue
        taken.append(c)
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken


def _candidates(lex: Lexicon, text: str, toks: Sequence[Token]) -> list[Cand]:
    out: list[Cand] = []
    quoted_policies(text, out)
    cls = WORD_CACHE
    if len(cls) > WORD_CACHE_MAX:
        cls.clear()
    # classify every token (memoised per word; map and compress keep the loop in C)
    kinds: list[Word | None] = list(map(cls.get, [t[0] for t in toks], repeat(_MISSING)))
    if _MISSING in kinds:
        for i, k in enumerate(kinds):
            if k is _MISSING:
                w = toks[i][0]
                kinds[i] = cls[w] = classify(lex, w)
    starts = [t[1] for t in toks]
    title_ends: list[int] = []
    verb_starts: list[int] = []
    for i in compress(range(len(kinds)), kinds):
        k = kinds[i]
        assert k is not None  # compress keeps the classified tokens only
        kind = k.kind
        if kind == "PLACE":
            w, s, e = toks[i]
            if w in COMPANY_COUNTRY and i + 1 < len(toks) and _unknown_short_name(lex, toks, i + 1):
                out.append(Cand(s, toks[i + 1][2], "ORG", 0.6, "country-company", 2))  # 中国国新
            if k.inner:
                if k.strong:  # 辽宁大连: two places
                    out.append(Cand(s + len(k.inner), e, "LOC", 0.85, "gazetteer", 1))
                e = s + len(k.inner)
            out.append(Cand(s, e, "LOC", 0.85, "gazetteer", 1))
            if i + 1 < len(toks) and toks[i + 1][1] == e and (toks[i + 1][0] in _PLACE_HEAD_CHARS or (
                    toks[i + 1][0] in _ABROAD_HEAD_CHARS and getattr(lex.places.get(w), "kind", "") == "city")):
                out.append(Cand(s, e + 1, "LOC", 0.8, "place-head", 2))  # 米兰|镇, 孝义|河: the place's town, river
            if e < len(text) and text[e] not in PUNCT:
                seg = text[e : e + 6]
                if "镇" in seg or "村" in seg or "乡" in seg or "街道" in seg or "社区" in seg:
                    village(lex, text, e, starts, out)
        elif kind == "GOV" or kind == "ORG":
            org_or_gov(lex, text, toks, kinds, i, k, out)
        elif kind == "KNOWN":
            w, s, e = toks[i]
            if i + 1 < len(toks) and lex.tags.get(toks[i + 1][0]) in BRAND_TAGS and len(toks[i + 1][0]) >= 2:
                e = toks[i + 1][2]  # 广汽 + 丰田
            elif (i + 2 < len(toks) and getattr(kinds[i + 1], "kind", None) == "PLACE"
                  and toks[i + 2][0] in INDUSTRY_TAILS):
                e = toks[i + 2][2]  # 宝钢 + 湛江 + 钢铁: a subsidiary named by place and trade
            if i > 0 and toks[i - 1][0] in lex.places and toks[i - 1][2] == s:
                out.append(Cand(toks[i - 1][1], e, "ORG", 0.85, "known", 3))  # 广东海大集团
            out.append(Cand(s, e, "ORG", 0.9, "known", 3))
        elif kind == "PLAN":
            plan_name(lex, toks, kinds, i, out)
        elif kind == "ZONE":
            if k.inner:  # one dictionary word with its own name: (武汉)东湖新技术开发区
                at = toks[i][1] + toks[i][0].find(k.inner)
                out.append(Cand(at, toks[i][2], "LOC", 0.75, "zone-word", 2))
                if at > toks[i][1] and text[toks[i][1] : at] in lex.places:
                    out.append(Cand(toks[i][1], at, "LOC", 0.85, "gazetteer", 1))
            else:
                zone(lex, toks, kinds, i, out)
        elif kind == "TITLE":
            title_ends.append(toks[i][2])
        elif kind == "ORGCTX":
            after_org_context(lex, toks, kinds, i, out)
        elif kind == "VERB":
            verb_starts.append(toks[i][1])
    if "等" in text:
        listed_orgs(lex, text, toks, starts, kinds, out)
    abroad = [(c.start, c.end) for c in out if c.label == "LOC" and _is_foreign(lex, text[c.start : c.end])]
    if abroad:
        foreign_divisions(text, abroad, out)
    if _SETTLEMENT_HEADS.search(text):
        settlements(lex, text, [c.end for c in out if c.label == "LOC"], out)
    if "（" in text or "(" in text:
        bracket_zones(lex, text, out)
    # reporting words are often glued to the name by jieba's HMM (吴国/良介绍): scan the text
    for m in lex.re_name_verb.finditer(text):
        verb_starts.append(m.end())
    people(lex, text, toks, starts, title_ends, sorted(set(verb_starts)), out)
    if "·" in text or "•" in text or "‧" in text or "・" in text:
        dotted_names(lex, text, toks, starts, out)
    if "讯" in text or "记者" in text or "报道" in text or "消息" in text:
        datelines(text, out)
    units(lex, text, [c for c in out if c.label == "ORG"], out)
    return out


# One-character heads that make a place the name of a town, township, village, river or lake.
_PLACE_HEAD_CHARS = frozenset("镇乡村河江湖")
# One-character heads that make a city abroad the name of its province or state (撒马尔罕|州).
_ABROAD_HEAD_CHARS = frozenset("州省")


_PORT_AREA = re.compile(r"^(.{2,6}?港)(.{2,4}港区)$")


def _split_adjacent(lex: Lexicon, text: str, taken: list[Cand]) -> list[Cand]:
    """Split a span that is two names side by side, as annotators do.

    A foreign country before a company is its own place (德国|西门子公司); a port before one
    of its port areas is its own (青岛港|前湾港区). Candidates stay sorted by start.
    """
    out: list[Cand] = []
    for c in taken:
        name = text[c.start : c.end]
        if c.label == "ORG" and name.endswith(("公司", "集团")):  # 哈萨克斯坦开发银行 keeps its country
            for n in range(min(len(name) - 3, 8), 1, -1):
                if _is_foreign(lex, name[:n]):
                    out.append(Cand(c.start, c.start + n, "LOC", 0.85, "gazetteer", 1))
                    c = Cand(c.start + n, c.end, c.label, c.score, c.rule, c.prio)
                    break
        elif c.label == "LOC":
            m = _PORT_AREA.match(name)
            if m:
                cut = c.start + len(m.group(1))
                out.append(Cand(c.start, cut, "LOC", c.score, c.rule, c.prio))
                c = Cand(cut, c.end, "LOC", c.score, c.rule, c.prio)
        out.append(c)
    return out


def _is_foreign(lex: Lexicon, name: str) -> bool:
    """Return whether ``name`` is a country other than China."""
    place = lex.places.get(name)
    return place is not None and place.kind == "country" and name not in ("中国", "中华人民共和国", "我国")


# Country names that start company names followed by an unknown short word: 中国国新, 中国诚通.
COMPANY_COUNTRY = frozenset(("中国",))


def _unknown_short_name(lex: Lexicon, toks: Sequence[Token], i: int) -> bool:
    """Return whether token ``i`` is an unknown two-character word followed by a name boundary."""
    w = toks[i][0]
    if len(w) != 2 or w in lex.tags or not CJK.match(w) or toks[i][1] != toks[i - 1][2]:
        return False
    nxt = toks[i + 1][0] if i + 1 < len(toks) else "。"
    return nxt[0] in PUNCT or nxt in AFTER_NAME or nxt == "旗下" or lex.tags.get(nxt) == "v"


# Tags of a word after a known name that continue it (广汽 + 丰田).
BRAND_TAGS = words("nz nrt")
INDUSTRY_TAILS = words("钢铁 石化 炼化 化工 电力 能源 汽车 制药 物流 港口 核电 水电 电厂 分公司 子公司")
_MISSING = Word("MISSING")  # not yet classified (compared by identity: Word has eq=False)


def extract_entities(text: str, toks: list[Token] | None = None) -> list[Span]:
    """Return non-overlapping PER/GOV/ORG/LOC/POLICY spans of ``text`` (code-point offsets).

    ``toks`` are ``segment.tokens(text)``; they are computed when not given. Never raises on a
    string; returns ``[]`` for anything else.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        lex = lexicon()
        if toks is None:
            toks = tokens(text)
        elif toks and (toks[-1][2] > len(text) or any(t[1] >= t[2] for t in toks[:1])):
            toks = [t for t in toks if 0 <= t[1] < t[2] <= len(text)]
        cands = _candidates(lex, text, toks)
        taken = _resolve(cands, len(text))
        extra: list[Cand] = []
        abbreviations(lex, text, taken, extra)
        if extra:
            taken = _resolve(taken + extra, len(text))
        taken = _split_adjacent(lex, text, taken)
        # _resolve kept 0 <= start and end <= len(text): the slice is the span's text
        return [
            Span.trusted(c.start, c.end, c.label, part, {"score": c.score, "rule": c.rule})
            for c in taken
            if c.start < c.end and (part := text[c.start : c.end]).strip()
        ]
    except Exception:  # never let one odd document stop a batch
        log.exception("entity extraction failed on a %d-character text", len(text))
        return []
