"""Grammar of GOV and ORG names: a head word and the name words left of it, lists, abbreviations.

``org_or_gov`` walks left from a head token (工信厅, 公司, 大学) over name-like words and keeps the
name when it is anchored; ``listed_orgs`` finds names listed before 等…企业; ``abbreviations``
adds a bracketed short name right after a name (经科局) and its later mentions. Used by
``annotate.extract.entities``; offsets are half-open code-point indices, candidates are
appended to ``out``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
    Cand,
    Lexicon,
    Token,
    Word,
    anchored_gov,
    brand,
    determiner,
    legal_name_word,
    name_word,
    place_like,
    proper_name,
    specific,
    specific_inner,
    token_at,
    words,
)

# jieba tags of list items that may be companies when another item in the list is one (TCL、德赛等企业).
ITEM_TAGS = frozenset((None, "nr", "nrt", "nz", "nt", "j", "eng", "ns"))

# Words after 等 that mark the listed items as organisations: 金风科技、东方电气等整机企业.
LIST_TAILS = ("企业", "公司", "平台", "机构", "运营商", "厂商", "品牌", "集团", "银行", "高校", "院校", "车企", "药企", "房企")
_RE_CLAUSE_END = re.compile(r"[，。；：！？、,.;:!?\s（）()“”]")
_RE_HEAD_AFTER = re.compile("|".join(("股份有限公司", "有限责任公司", "有限公司", "分公司", "公司", "分行", "支行", "集团",
                                      "研究院", "分院", "校区")))
_RE_ABBREV = re.compile(r"[（(]([\u4e00-\u9fffA-Za-z]{2,8})[）)]")



def walk_left(lex: Lexicon, toks: Sequence[Token], kinds: Sequence[Word | None], i: int,
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


def org_or_gov(lex: Lexicon, text: str, toks: Sequence[Token], kinds: Sequence[Word | None], i: int,
                k: Word, out: list[Cand]) -> None:
    """Add a GOV or ORG candidate ending with head token ``i`` when the name is anchored."""
    w, s, e = toks[i]
    label = k.kind
    j = walk_left(lex, toks, kinds, i, label, k.strong)
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
            ok = proper_name(lex, prefix, limit) or after_org(toks, kinds, j, i, start, out)
    elif w in CENTRE_HEADS:
        ok = (prefix[0] in lex.places or prefix[0] in lex.known_orgs) and len(prefix) >= 2 and not any(
            p in START_TRIM or lex.tags.get(p) == "v" for p in prefix[1:])  # 西安|建设|国家中心城市
    else:
        ok = brand(lex, prefix[-1]) and prefix[-1] not in NOT_PROPER  # 新兴产业|基金 is a kind of fund
        if ok and lex.tags.get(w) in ("v", "vn") and i + 1 < len(toks) and lex.tags.get(toks[i + 1][0]) in VERB_NEXT:
            ok = False  # 华侨城集团|投资|建设: the head word is a verb here
    if ok:
        out.append(Cand(start, e, "ORG", 0.8 if k.strong else 0.65, "org-grammar", 2))


def after_org(toks: Sequence[Token], kinds: Sequence[Word | None], j: int, i: int, start: int,
               out: list[Cand]) -> bool:
    """Return whether an ORG candidate already found starts at ``start`` and ends inside tokens ``j..i``.

    A unit named after its organisation is one name: 南方医科大学南方医院, 中山大学附属第一医院.
    """
    ends = {toks[x][2] for x in range(j, i) if (w := kinds[x]) is not None and w.kind == "ORG" and w.strong}
    if not ends:
        return False
    return any(c.label == "ORG" and c.start == start and c.end in ends for c in out[-8:])


def after_org_context(lex: Lexicon, toks: Sequence[Token], kinds: Sequence[Word | None], i: int,
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
    if (headed and (nxt in PUNCT or nxt in AFTER_NAME)) or nxt in AFTER_NAME:
        out.append(Cand(start, end, "ORG", 0.6, "org-context", 1))


VERB_NEXT = words("v vn vd p uj ul u d")
AFTER_NAME = words("等 的 在 已 将 也 还 于 是 和 与 及 为 作为 正 正在 已经 则 就 表示 介绍 称 透露 计划 宣布 发布 推出 成立 投资")


# --------------------------------------------------------------------------- lists and brackets


def listed_orgs(lex: Lexicon, text: str, toks: Sequence[Token], starts: Sequence[int],
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
                if sure or (lex.tags.get(item) in ITEM_TAGS and item not in lex.places):
                    out.append(Cand(toks[a][1], toks[b][2], "ORG", 0.6, "listed", 1))


def abbreviations(lex: Lexicon, text: str, taken: list[Cand], out: list[Cand]) -> None:
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
