"""Find policy ACTION clauses: the action verb through the end of its object, with its actor.

Offsets are code points of ``text`` (half-open). The extractor works on jieba tokens
``(word, start, end)`` from ``annotate.extract.segment.tokens`` and on the flat entity
spans already found (for the actor, and so that a verb inside a name such as
中国建设银行 or 《…建设…计划》 is not read as an action).

Rules, in order, for each candidate verb token:

1. *Strong* verbs (实施 推动 建设 …) start an action on their own; *weak* verbs (发展 提升
   促进 …) only right after a cue (大力, 加快, 将, 要 …), since they are mostly nouns.
   Strong verbs that are also common nominal heads (建设, 布局, 支持 …: 体系建设) need the
   clause start, a cue or function word, a counted object, or their subject just before.
   Verbs inside a name (an entity, a 《title》 or a short quoted name) are skipped.
2. The verb is used as a noun and rejected when it follows 的/之 (or 为, a purpose), or is
   followed by a nominal head or a predicate (推动作用, 建设成效显著, 推动下, 建设取得…,
   成立于…, 举办时), or has no object before the clause ends.
3. The object runs to the clause end (，。；！？：, an ASCII comma or semicolon not
   between digits, a line break, a space between CJK characters), or stops earlier
   before a coordinated action: 、 / 和 / 并 / 同时 … followed by another action verb
   (组建A、建设B). A coordinator right after the verb (鼓励和支持企业…) shares the object.
4. Rejected as not a measure: an object that is only verbs (开工建设), a meeting's name
   (建设推进大会), a list's end (培育等方面…), a topic (实施…行动方面), a weak verb's
   target (提高到2.5%), an opinion (…的重要缩影, …至关重要) or a copula (推进X是Y).
5. The actor is the nearest GOV/ORG/LOC/PER span ending before the verb in the same
   sentence that can be its subject: names after a preposition or conjunction (在A、B等地,
   与C, 联合D) and names inside the previous action's object are skipped.
   ``attrs["actor"]`` is its text, ``attrs["actor_label"]`` its label.

Leading adverbs (大力, 加快, 积极, 将, 全力 …) are outside the span because it starts at
the verb. Verbs nested inside an action already found are not separate actions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import itemgetter

from annotate.models import Span

Token = tuple[str, int, int]
_START = itemgetter(1)


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# The schema's verbs plus 启动 推行 实行 部署 创建 扶持 健全 签署 筹建 新建 开工 设置 加大 抓好
# 推出 共建 引入 上调 下调 安排: each introduces a concrete measure (启动…项目, 加大…投入,
# 安排…专项资金, 上调…额度) and is rarely a noun. 举行 is left out: holding a meeting is not policy.
STRONG_VERBS: frozenset[str] = _words(
    "实施 推动 推进 打造 建设 出台 制定 印发 发布 设立 组建 成立 培育 支持 引导 开展 组织 完善 "
    "加强 深化 落实 举办 构建 布局 引进 建立 启动 推行 实行 部署 创建 扶持 健全 签署 筹建 新建 "
    "开工 设置 加大 抓好 推出 共建 引入 上调 下调 安排 清理 推介 整改 整合 受理 严查 压实 下达 绘制 "
    "走访 用好 分解 巩固 新改建 赴"
)
# Verbs that are usually nouns or descriptions (高质量发展, 产业提升): actions only after a cue.
WEAK_VERBS: frozenset[str] = _words(
    "发展 提升 促进 推广 拓展 优化 强化 扩大 提高 鼓励 争创 开拓 聚焦 引育 壮大 做强 做优 "
    "做大 升级 招引 谋划 出资 投资 兴建 筹办 召开 开设 搭建 新增 修订 制订 编制 投入 提供 开发 "
    "协调 改造 整治 开放 新开 发行 新设 批出 推展"
)
VERBS: frozenset[str] = STRONG_VERBS | WEAK_VERBS

# Leading adverbs and modals: never inside the span; a weak verb needs one right before it.
ADVERBS: tuple[str, ...] = (
    "大力", "加快", "积极", "将", "全力", "进一步", "持续", "不断", "着力", "加速", "率先",
    "要", "应", "继续", "全面", "重点", "深入", "切实", "努力", "力争", "扎实", "正式",
    "共同", "主动", "稳步", "有序", "已", "还将", "也将", "将会", "再", "还", "先后", "陆续",
    "统筹", "协同", "联合", "集中", "首批", "逐步", "同步", "加紧", "抓紧", "尽快", "坚持",
)
_ADVERB_SET = frozenset(ADVERBS)

# Verbs that are also common nominal heads (体系建设, 产业布局, 政策支持): an action only at
# the clause start, after a cue or function word, or right after a name (the actor).
NOMINAL_VERBS: frozenset[str] = _words("建设 布局 发布 组织 支持 引导 培育 落实 部署 扶持 开工 安排")
_MODIFIER_VERBS = NOMINAL_VERBS | WEAK_VERBS
# Nouns that make one of those (or a weak) verb a modifier: 支持政策, 扶持资金, 建设项目.
NOMINAL_NEXT: frozenset[str] = _words("政策 资金 措施 体系 项目 力量 方向 重点 单位 主体 标准 成果")
OPENERS: frozenset[str] = _words(
    "， 。 ； ！ ？ ： 、 , ; \n 并 和 及 与 也 还 都 再 又 正 正在 已经 并且 同时 以及 了 就 "
    "一 一是 二是 三是 四是 五是 首先 其次 此外 同时 目前 今年 明年 下一步 未来 我省 我市 我区 "
    "我县 全省 全市 各地 各级 政府 企业 通过 围绕 依托 重点 对 以 在 近日 日前 同日 当天 今天 "
    "昨天 此前 随后 近期 年内 今后 先后 分别 共同 专门"
)
# A token right after the verb that shows the verb is a noun or the subject of a statement.
NOUN_NEXT: frozenset[str] = _words(
    "作用 成效 工作 力度 步伐 进度 进展 情况 效果 进程 过程 下 中 之下 者 主体 水平 "
    "取得 是 已经 得到 获得 初见 顺利 方面 领域 于 以来 的 成为 迈出 提速 明显 显著 "
    "有力 力量 任务量 项目库 会 大会 会议 仪式 活动 数据 显示 表示 现场 "
    "时 后 前 期间 之际 之后 以后 以前 之前 方向 思路 理念 至今 以后"
)
# Tokens before the verb that make it a noun (的建设, 之推动) or a circumstance (在…推动下).
NOUN_PREV: frozenset[str] = _words("的 之 其 为 为了")  # 为推动…提供…: a purpose, not a measure

_CLAUSE_END = re.compile(
    r"[，。；！？：\n\r!?;\u3000]|(?<!\d),|,(?!\d)|(?<=[\u3400-\u9fff”）])\s+(?=[\u3400-\u9fff“（])"
)
_SENTENCE_END = re.compile(r"[。！？\n\r!?]")
_VERB_ALT = "|".join(sorted(VERBS, key=len, reverse=True))
_ADV_ALT = "|".join(sorted(_ADVERB_SET, key=len, reverse=True))
_VERB_RE = re.compile(_VERB_ALT)
# A coordinator followed by (cues and) another action verb: the current object ends before it.
_COORDINATED = re.compile(rf"(?:、|并且|并|同时|以及|和|及)(?:{_ADV_ALT})*(?:{_VERB_ALT})")
# The object presents the clause as an opinion or description: "…的重要体现", "…的缩影之一".
_OPINION_TAIL = re.compile(
    r"(?:的\w{0,4}(?:体现|缩影|关键|基础|力量|之路|抓手|支撑|保障|途径|要求|意义|标志|动力|动能|活力|需要|"
    r"考虑|努力|经验|做法|一步|前提|手段|目标|方向|背景|核心)(?:之一)?|至关重要|十分重要|尤为重要|非常重要|"
    r"意义重大|势在必行|必不可少|刻不容缓|方面)\W*$"
)
_NUMBER_START = re.compile(r"[0-9０-９一二两三四五六七八九十百千万几数多]")
_MEETING = re.compile(r"\w{0,4}(?:会|大会|会议|仪式|论坛)$")
# Before a name: a preposition or conjunction, so the name is not the subject.
_OBLIQUE = re.compile(r"(?:[、和与同及在于从以对向跟把给]|联合|联同|會同|会同|携手|協同|协同)$")
_QUOTED_NAME = re.compile(r"《[^《》\n]{1,80}》|“[^“”，。；！？\n]{1,24}”|「[^「」，。；！？\n]{1,24}」")
# A copula inside the object: the verb phrase is the subject of a statement (推进X是Y).
_COPULA = re.compile(r"(?<![于但就还总凡若要正更也而都可或不])是(?!否)")
# An object that is only another verb (开工建设, 扶持和引导): no object at all.
_VERB_ONLY = re.compile(rf"(?:[和及与、])?(?:{_ADV_ALT})*(?:{_VERB_ALT})+")
_TRAILING_JUNK = " \t\u3000\"'“‘（(《【"

ACTOR_LABELS: frozenset[str] = frozenset({"GOV", "ORG", "LOC", "PER"})
BLOCKING_LABELS: frozenset[str] = frozenset({"GOV", "ORG", "LOC", "PER", "POLICY"})
MAX_CHARS = 80  # longest action; damaged text without punctuation is cut at a token end

BASE_SCORE = 0.6


def _candidates(text: str, toks: Sequence[Token]) -> list[tuple[int, int, int, bool]]:
    """Return ``(token index, verb start, verb end, cued)`` for every verb token.

    Verbs are found by one regex scan of the text and kept where they are a whole token,
    or the end of a token that is a cue glued to the verb (大力推进).
    """
    starts = list(map(_START, toks))
    out: list[tuple[int, int, int, bool]] = []
    for m in _VERB_RE.finditer(text):
        vstart, vend = m.span()
        i = bisect_right(starts, vstart) - 1
        if i < 0:
            continue
        word, start, end = toks[i]
        if end != vend:
            continue
        if start == vstart:
            out.append((i, vstart, vend, i > 0 and toks[i - 1][0] in _ADVERB_SET))
        elif word[: vstart - start] in _ADVERB_SET:
            out.append((i, vstart, vend, True))
    return out


# A modal or adverb earlier in the clause (公司将在园区投资建设…, 亦将在将军澳兴建…), or a list
# marker opening it (一是扩大有效投资, 二、强化资金保障, ■ 建设…): the weak verb is a measure.
_CLAUSE_CUE = re.compile(
    r"(?:^|[，。；！？：\n])\s*(?:[一二三四五六七八九十]是|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|"
    r"[0-9]+[.、．]|[■●◆▲★◇□]\s*)$"
)
_CLAUSE_MODAL = re.compile(r"(?:将|要|应|还将|也将|将会|亦将|须|必须|拟)")
_CUE_REACH = 12


def _after_list_marker(text: str, vstart: int) -> bool:
    """Return whether a list marker (一是, 二、, ■) opens the clause right before ``vstart``."""
    return bool(_CLAUSE_CUE.search(text, max(0, vstart - _CUE_REACH), vstart))


def _cued_in_clause(text: str, vstart: int) -> bool:
    """Return whether a weak verb at ``vstart`` follows a list marker or a modal in its clause."""
    if _after_list_marker(text, vstart):
        return True
    begin = max(0, vstart - _CUE_REACH)
    for m in _CLAUSE_END.finditer(text, begin, vstart):
        begin = m.end()
    return bool(_CLAUSE_MODAL.search(text, begin, vstart))


def _object_end(text: str, verb_end: int, clause_end: int) -> int:
    """Return where the object after a verb ending at ``verb_end`` stops."""
    pos = verb_end
    while True:
        m = _COORDINATED.search(text, pos, clause_end)
        if m is None:
            return clause_end
        if m.start() == verb_end and text[m.start()] != "、":
            # 鼓励和支持企业…: two verbs share one object; keep going.
            pos = m.end()
            continue
        if text[verb_end:m.start()].strip():
            return m.start()
        pos = m.end()


def extract_actions(
    text: str, toks: Sequence[Token] | None, entities: Sequence[Span] = ()
) -> list[Span]:
    """Return ACTION spans of ``text``: verb through object, actor in ``attrs``.

    ``toks`` are the jieba tokens of ``text`` (``None``: no action can be found);
    ``entities`` are the flat spans found so far (only PER/GOV/ORG/LOC/POLICY are used).
    """
    if not text or not toks:
        return []
    names = [s for s in entities if s.label in BLOCKING_LABELS]
    names.extend(  # a title in 《》 or a short quoted name is a name even if no extractor found it
        Span(start=m.start(), end=m.end(), label="POLICY", text=m.group(), attrs={})
        for m in _QUOTED_NAME.finditer(text)
    )
    names.sort(key=lambda s: (s.start, -s.end))
    name_ends = {s.end for s in names}
    name_starts = [s.start for s in names]
    actors = [s for s in names if s.label in ACTOR_LABELS]
    actor_ends = [s.end for s in actors]
    oblique = [bool(_OBLIQUE.search(text, max(s.start - 2, 0), s.start)) for s in actors]
    n_toks = len(toks)
    out: list[Span] = []
    covered = 0  # verbs before this offset lie inside an action already found
    for i, vstart, vend, cued in _candidates(text, toks):
        if vstart < covered:
            continue
        verb = text[vstart:vend]
        if verb in WEAK_VERBS and not cued and not _cued_in_clause(text, vstart):
            continue
        # inside a name (中国建设银行, 《…建设…计划》)?
        if _inside_name(names, name_starts, vstart):
            continue
        if vstart == toks[i][1] and i > 0 and toks[i - 1][0] in NOUN_PREV:
            continue
        nxt = toks[i + 1][0] if i + 1 < n_toks else ""
        if nxt in NOUN_NEXT or nxt[:2] in NOUN_NEXT:
            continue
        if verb in _MODIFIER_VERBS and nxt in NOMINAL_NEXT and not (
                verb in WEAK_VERBS and _after_list_marker(text, vstart)):
            continue  # 支持政策, 扶持资金: the verb modifies a noun (but 二是强化资金保障 is a measure)
        m = _CLAUSE_END.search(text, vend)
        clause_end = m.start() if m else len(text)
        a = bisect_right(actor_ends, vstart) - 1
        actor = actors[a] if a >= 0 else None
        if (
            verb in NOMINAL_VERBS
            and not cued
            and vstart == toks[i][1]
            and i > 0
            and nxt not in VERBS
            and not _NUMBER_START.match(nxt)
            and toks[i - 1][0] not in OPENERS
            and toks[i - 1][2] not in name_ends
            and (actor is None or vstart - actor.end > 4 or _CLAUSE_END.search(text, actor.end, vstart))
            and not _cued_in_clause(text, vstart)
        ):
            continue  # 体系建设…: a noun unless it opens the clause or follows its subject closely
        end = _object_end(text, vend, clause_end)
        if end - vstart > MAX_CHARS:
            end = _cut_at_token(toks, i, vstart + MAX_CHARS)
        end = _trim(text, vend, end)
        if end <= vend:
            continue  # no object: 正在建设。
        obj = text[vend:end]
        if _VERB_ONLY.fullmatch(obj) or _MEETING.match(obj) or obj[0] == "等":
            continue  # 开工建设 (no object); 建设推进大会 (a meeting's name); 培育等方面 (a list)
        if verb in WEAK_VERBS and obj[0] in "到至":
            continue  # 提高到2.5%: a target figure
        if _OPINION_TAIL.search(text, vend, end) or _COPULA.search(text, vend, end):
            continue  # …的重要缩影, …至关重要, 推进X是Y: an opinion or description
        attrs: dict[str, object] = {}
        subject = _subject(text, actors, oblique, a, vstart, out)
        if subject is not None:
            attrs["actor"] = subject.text
            attrs["actor_label"] = subject.label
        score = BASE_SCORE + (0.15 if "actor" in attrs else 0.0) + (0.1 if cued else 0.0)
        score -= 0.1 if verb in WEAK_VERBS else 0.0
        attrs["score"] = round(min(score, 0.95), 3)
        out.append(Span(start=vstart, end=end, label="ACTION", text=text[vstart:end], attrs=attrs))
        covered = end
    return out


def _subject(
    text: str, actors: list[Span], oblique: list[bool], k: int, verb: int, found: list[Span]
) -> Span | None:
    """Return the actor: the nearest name from index ``k`` back within the sentence that is a subject.

    Names after a preposition or a conjunction (在佛山、东莞等地, 与香港科技大学, 联合…银行),
    and names inside the previous action's object, are skipped.
    """
    last = found[-1] if found else None
    while k >= 0 and not _SENTENCE_END.search(text, actors[k].end, verb):
        name = actors[k]
        inside = last is not None and last.start <= name.start and name.end <= last.end
        if not oblique[k] and not inside:
            return name
        k -= 1
    return None


def _inside_name(names: list[Span], starts: list[int], pos: int) -> bool:
    """Return whether a verb at ``pos`` lies inside a name (at its start only for titles).

    A name that starts with the verb itself (新建 as a county, 建设…工程 as a project) is
    more often an entity error than a name, so the verb still starts an action there.
    """
    k = bisect_right(starts, pos) - 1
    while k >= 0 and names[k].start == pos:
        if names[k].text[0] in "《“\"「『":
            return True
        k -= 1
    return k >= 0 and names[k].end > pos


def _cut_at_token(toks: Sequence[Token], i: int, limit: int) -> int:
    """Return the end of the last token from index ``i`` on that ends at or before ``limit``."""
    ends = [t[2] for t in toks[i : i + MAX_CHARS]]
    k = bisect_left(ends, limit + 1) - 1
    return ends[max(k, 0)]


def _trim(text: str, floor: int, end: int) -> int:
    """Drop trailing spaces, unclosed opening brackets or quotes and a short-name note from an object."""
    note = text.find("（以下简称", floor, end)
    if note < 0:
        note = text.find("(以下简称", floor, end)
    if note > floor:
        end = note  # 印发《…措施》（以下简称《措施》）: the note is not part of the measure
    while end > floor and text[end - 1] in _TRAILING_JUNK:
        end -= 1
    return end
