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

Word lists and word classes are in ``annotate.extract.entity_lexicon``. Overlaps are resolved
longest first, then by rule priority.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from itertools import compress, repeat

from annotate.extract.entity_lexicon import (
    ASSOC_HEADS,
    CENTRE_HEADS,
    CJK,
    COMPANY_HEADS,
    GOV_JOINERS,
    LEFT_STOP,
    LEGAL_HEADS,
    LEGAL_NAME_MAX,
    LEVEL_WORDS,
    NAMED_ORG_HEADS,
    NON_GOV_BODIES,
    NOT_PROPER,
    ORG_JOINERS,
    PROPER_NAME_MAX,
    PUNCT,
    START_TRIM,
    SUB_OFFICES,
    WORD_CACHE,
    WORD_CACHE_MAX,
    Cand,
    Lexicon,
    Token,
    Word,
    anchored_gov,
    brand,
    classify,
    determiner,
    legal_name_word,
    lexicon,
    name_word,
    place_like,
    proper_name,
    specific,
    specific_inner,
    token_at,
    words,
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

# Words after 等 that mark the listed items as organisations: 金风科技、东方电气等整机企业.
LIST_TAILS = ("企业", "公司", "平台", "机构", "运营商", "厂商", "品牌", "集团", "银行", "高校", "院校", "车企", "药企", "房企")
_RE_CLAUSE_END = re.compile(r"[，。；：！？、,.;:!?\s（）()“”]")
_RE_HEAD_AFTER = re.compile("|".join(("股份有限公司", "有限责任公司", "有限公司", "分公司", "公司", "分行", "支行", "集团",
                                      "研究院", "分院", "校区")))
_RE_ABBREV = re.compile(r"[（(]([\u4e00-\u9fffA-Za-z]{2,8})[）)]")



def _walk_left(lex: Lexicon, toks: Sequence[Token], kinds: Sequence[Word | None], i: int,
               label: str, strong: bool, limit: int = 24) -> int:
    """Return the index of the first token of the name ending with head token ``i``."""
    j = i
    chars = toks[i][2] - toks[i][1]
    legal = label == "ORG" and toks[i][0] in LEGAL_HEADS  # a company's registered name: 湖北楚磷新材料股份有限公司
    while j > 0:
        pw, ps, pe = toks[j - 1]
        if pe != toks[j][1] or chars + (pe - ps) > limit:
            break
        pk = kinds[j - 1]
        pkind = pk.kind if pk is not None else None
        if (label == "GOV" and pw in GOV_JOINERS) or (pw in ORG_JOINERS and toks[i][0] in ASSOC_HEADS):
            # 和/及 inside a body's name: only between two name words, not before a body
            before = kinds[j - 2] if j >= 2 else None
            if j < 2 or not name_word(lex, toks[j - 2][0], before.kind if before is not None else None):
                break
            if before is not None and ((before.kind == "GOV" and before.strong) or (
                    label == "ORG" and before.kind == "PLACE")):
                break  # 省政府和省委 | 广东与香港: two names side by side
        elif not name_word(lex, pw, pkind) and not (legal and legal_name_word(lex, pw, pkind)):
            break
        if (pkind == "GOV" and label == "GOV" and strong and pk is not None and pk.strong
                and toks[i][0] not in SUB_OFFICES):
            break  # 省委 | 省政府: two bodies side by side (but 省政府新闻办 is one)
        if pkind == "ZONE" and label != "GOV" and toks[i][0] not in COMPANY_HEADS:
            break  # 松山湖科学城|研究院 (but 香港科技园公司 is one company)
        if label == "GOV" and not strong and (pkind == "KNOWN" or (pkind == "ORG" and pk is not None and pk.strong)):
            break  # 中国人民银行广东省分行 | 党委: a party committee of an organisation is not a body name
        j -= 1
        chars += pe - ps
    # never start on a joiner or an action verb (加快建设…中心)
    while j < i and (toks[j][0] in GOV_JOINERS or toks[j][0] in START_TRIM):
        j += 1
    return j


def _org_or_gov(lex: Lexicon, text: str, toks: Sequence[Token], kinds: Sequence[Word | None], i: int,
                k: Word, out: list[Cand]) -> None:
    """Add a GOV or ORG candidate ending with head token ``i`` when the name is anchored."""
    w, s, e = toks[i]
    label = k.kind
    j = _walk_left(lex, toks, kinds, i, label, k.strong)
    prefix = [t[0] for t in toks[j:i]]
    if k.inner:
        prefix.append(k.inner)
    start = toks[j][1]
    inner_ok = bool(k.inner) and specific_inner(lex, k.inner)
    if label == "GOV":
        if not prefix:
            if k.strong and len(w) >= 2:
                out.append(Cand(s, e, "GOV", 0.8, "gov-head", 2))
            return
        # 财政司: a word jieba knows as an organisation name needs no other anchor
        anchored = k.strong or anchored_gov(lex, prefix) or inner_ok or (bool(k.inner) and lex.tags.get(w) == "nt")
        if not anchored and (len(w) == 1 or (len(prefix) < 2 and not place_like(lex, prefix[0]))):
            return  # a one-character head (处, 局) needs a place, a level word or a body before it
        if text.endswith(NON_GOV_BODIES, start, e) and not any(
                p in LEVEL_WORDS or (p in lex.places and p.endswith(("省", "市", "县", "区"))) for p in prefix):
            # 香港生产力促进局 is a statutory body; 昆明市旅游发展局 is a government bureau
            out.append(Cand(start, e, "ORG", 0.75, "statutory-body", 2))
            return
        out.append(Cand(start, e, "GOV", 0.85 if anchored else 0.6, "gov-grammar", 2))
        return
    while prefix and determiner(lex, prefix[0]) and j < i:
        prefix.pop(0)  # 这所|大学: a determiner is not part of the name
        j += 1
        start = toks[j][1]
    if not prefix or (not k.inner and all(p in LEVEL_WORDS for p in prefix)):
        return  # 全国|重点实验室, 国家|实验室: a level word alone names a category, not an organisation
    if prefix[0] in NOT_PROPER:
        return  # 高水平|大学: an adjective jieba tags as a name
    if k.strong:
        ok = inner_ok or any(specific(lex, p) for p in prefix) or (
            len(prefix) == 1 and len(prefix[0]) >= 2 and lex.tags.get(prefix[0]) in ("nz", "nr", "nrfg")
        )
        head = k.inner and w[len(k.inner):] or w
        if not ok and head in NAMED_ORG_HEADS:
            limit = LEGAL_NAME_MAX if head in LEGAL_HEADS else PROPER_NAME_MAX
            ok = proper_name(lex, prefix, limit) or _after_org(toks, kinds, j, i, start, out)
    elif w in CENTRE_HEADS:
        ok = (prefix[0] in lex.places or prefix[0] in lex.known_orgs) and len(prefix) >= 2 and not any(
            p in START_TRIM or lex.tags.get(p) == "v" for p in prefix[1:])  # 西安|建设|国家中心城市
    else:
        ok = brand(lex, prefix[-1]) and prefix[-1] not in NOT_PROPER  # 新兴产业|基金 is a kind of fund
        if ok and lex.tags.get(w) in ("v", "vn") and i + 1 < len(toks) and lex.tags.get(toks[i + 1][0]) in _VERB_NEXT:
            ok = False  # 华侨城集团|投资|建设: the head word is a verb here
    if ok:
        out.append(Cand(start, e, "ORG", 0.8 if k.strong else 0.65, "org-grammar", 2))


def _after_org(toks: Sequence[Token], kinds: Sequence[Word | None], j: int, i: int, start: int,
               out: list[Cand]) -> bool:
    """Return whether an ORG candidate already found starts at ``start`` and ends inside tokens ``j..i``.

    A unit named after its organisation is one name: 南方医科大学南方医院, 中山大学附属第一医院.
    """
    ends = {toks[x][2] for x in range(j, i) if (w := kinds[x]) is not None and w.kind == "ORG" and w.strong}
    if not ends:
        return False
    return any(c.label == "ORG" and c.start == start and c.end in ends for c in out[-8:])


def _after_org_context(lex: Lexicon, toks: Sequence[Token], kinds: Sequence[Word | None], i: int,
                       out: list[Cand]) -> None:
    """Add ORG for a brand-like name right after 企业/车企: 龙头企业汇川技术在…."""
    j = i + 1
    n = len(toks)
    has_brand = False
    while j < n and j - i <= 2:
        w = toks[j][0]
        k = kinds[j]
        if brand(lex, w) and w not in LEFT_STOP and CJK.match(w):
            has_brand = True
        elif not (k is not None and k.kind == "ORG" and not k.strong) and w not in ("技术", "股份", "控股"):
            break
        j += 1
    if not has_brand or j == i + 1:
        return
    start, end = toks[i + 1][1], toks[j - 1][2]
    if not 2 <= end - start <= 8:
        return
    nxt = toks[j][0] if j < n else "。"
    headed = any(getattr(kinds[x], "kind", None) == "ORG" for x in range(i + 1, j))
    if (headed and (nxt in PUNCT or nxt in _AFTER_NAME)) or nxt in _AFTER_NAME:
        out.append(Cand(start, end, "ORG", 0.6, "org-context", 1))


_VERB_NEXT = words("v vn vd p uj ul u d")
_AFTER_NAME = words("等 的 在 已 将 也 还 于 是 和 与 及 为 作为 正 正在 已经 则 就 表示 介绍 称 透露 计划 宣布 发布 推出 成立 投资")


# --------------------------------------------------------------------------- lists and brackets


def _listed_orgs(lex: Lexicon, text: str, toks: Sequence[Token], starts: Sequence[int],
                 kinds: Sequence[Word | None], out: list[Cand]) -> None:
    """Add ORG for items listed before 等…企业: 引进明阳智能、金风科技、东方电气等整机企业."""
    n = len(toks)
    at = text.find("等")
    while at >= 0:
        i = token_at(starts, at)
        at = text.find("等", at + 1)
        if i is None or i == 0 or toks[i][0] != "等":
            continue
        e = toks[i][2]
        tail = _RE_CLAUSE_END.split(text[e : e + 12], 1)[0]  # 等一批电子信息龙头企业
        if not any(t in tail for t in LIST_TAILS):
            continue
        # items: runs of name words separated by 、 (or 和/及 before the last)
        k = i - 1
        items: list[tuple[int, int]] = []
        while k >= 0:
            end_k = k
            while k >= 0 and toks[k][0] not in ("、", "，", "和", "及", "与", "以及") and name_word(
                lex, toks[k][0], getattr(kinds[k], "kind", None)
            ) and toks[end_k][2] - toks[k][1] <= 10:
                k -= 1
            if k == end_k:
                break
            items.append((k + 1, end_k))
            if k >= 0 and toks[k][0] in ("、", "和", "及", "与", "以及"):
                k -= 1
                continue
            break
        if len(items) < 2:
            continue
        names: list[tuple[int, int, bool]] = []
        for a, b in items:
            words = [toks[x][0] for x in range(a, b + 1)]
            name = "".join(words)
            if name in lex.places or all(x in lex.places for x in words) or len(name) < 2 or a >= n:
                continue
            if words[-1] in LIST_TAILS:
                continue  # 中国联通三大运营商: an item ending in a category word is not a name
            last = WORD_CACHE.get(words[-1])
            sure = any(brand(lex, x) or x in lex.known_orgs for x in words) or (
                len(words) > 1 and last is not None and last.kind == "ORG" and name not in lex.tags
            )
            names.append((a, b, sure))
        # 绿色石化、电子信息等企业 lists industries; one company in the list makes all of them companies
        if any(sure for _, _, sure in names):
            for a, b, sure in names:
                item = "".join(toks[x][0] for x in range(a, b + 1))
                if sure or (lex.tags.get(item) in _ITEM_TAGS and item not in lex.places):
                    out.append(Cand(toks[a][1], toks[b][2], "ORG", 0.6, "listed", 1))


def _abbreviations(lex: Lexicon, text: str, taken: list[Cand], out: list[Cand]) -> None:
    """Add the abbreviation in brackets right after a GOV/ORG name: 香港金融管理局（金管局）.

    A place in the brackets belongs to the name instead: 香港科技大学（广州）,
    中国银行（香港）有限公司.
    """
    for c in taken:
        if c.label in ("GOV", "ORG") and c.end < len(text) and text[c.end] in "（(":
            m = _RE_ABBREV.match(text, c.end)
            if not m:
                continue
            if m.group(1) in lex.places:
                end = m.end()
                tail = _RE_HEAD_AFTER.match(text, end)
                if tail:
                    end = tail.end()
                out.append(Cand(c.start, end, c.label, c.score, c.rule + "+bracket", c.prio + 1))
            else:
                out.append(Cand(m.start(1), m.end(1), c.label, 0.7, "abbreviation", 2))


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
            _org_or_gov(lex, text, toks, kinds, i, k, out)
        elif kind == "KNOWN":
            w, s, e = toks[i]
            if i + 1 < len(toks) and lex.tags.get(toks[i + 1][0]) in _BRAND_TAGS and len(toks[i + 1][0]) >= 2:
                e = toks[i + 1][2]  # 广汽 + 丰田
            elif (i + 2 < len(toks) and getattr(kinds[i + 1], "kind", None) == "PLACE"
                  and toks[i + 2][0] in _INDUSTRY_TAILS):
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
            _after_org_context(lex, toks, kinds, i, out)
        elif kind == "VERB":
            verb_starts.append(toks[i][1])
    if "等" in text:
        _listed_orgs(lex, text, toks, starts, kinds, out)
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
    return nxt[0] in PUNCT or nxt in _AFTER_NAME or nxt == "旗下" or lex.tags.get(nxt) == "v"


# Tags of a word after a known name that continue it (广汽 + 丰田), and of list items that may be
# companies when another item in the list is one (TCL、德赛等企业).
_BRAND_TAGS = words("nz nrt")
_INDUSTRY_TAILS = words("钢铁 石化 炼化 化工 电力 能源 汽车 制药 物流 港口 核电 水电 电厂 分公司 子公司")
_ITEM_TAGS = frozenset((None, "nr", "nrt", "nz", "nt", "j", "eng", "ns"))
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
        _abbreviations(lex, text, taken, extra)
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
