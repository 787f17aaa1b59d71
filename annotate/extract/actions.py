"""Find policy ACTION clauses: the action verb through the end of its object, with its actor.

Offsets are code points of ``text`` (half-open). The extractor works on jieba tokens
``(word, start, end)`` from ``annotate.extract.segment.tokens`` and on the flat entity
spans already found (for the actor, and so that a verb inside a name such as
中国建设银行 or 《…建设…计划》 is not read as an action).

Rules, in order, for each candidate verb token:

1. *Strong* verbs (实施 推动 建设 …) start an action on their own; *weak* verbs (发展 提升
   促进 …) only right after a cue (大力, 加快, 将, 要 …), since they are mostly nouns.
2. The verb is used as a noun and rejected when it follows 的/之, or is followed by a
   nominal head or a predicate (推动作用, 建设成效显著, 推动下, 建设取得…, 成立于…), or
   has no object before the clause ends.
3. The object runs to the clause end (，。；！？：, an ASCII comma or semicolon not
   between digits, a line break), or stops earlier before a coordinated action: 、 / 和 /
   并 / 同时 … followed by another action verb (组建A、建设B). A coordinator right after
   the verb (鼓励和支持企业…) shares the object and does not split.
4. A clause presenting the verb phrase as an opinion (是…推进…的重要体现) is rejected.
5. The actor is the nearest GOV/ORG/LOC/PER span ending before the verb in the same
   sentence: ``attrs["actor"]`` (its text) and ``attrs["actor_label"]``.

Leading adverbs (大力, 加快, 积极, 将, 全力 …) are outside the span because it starts at
the verb. Verbs nested inside an action already found are not separate actions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from annotate.models import Span

Token = tuple[str, int, int]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# The schema's verbs plus 启动 推行 实行 部署 创建 扶持 健全 出资 签署 设置 筹建 新建 开工
# 实行: all introduce a concrete policy measure and are rarely nouns in news text.
STRONG_VERBS: frozenset[str] = _words(
    "实施 推动 推进 打造 建设 出台 制定 印发 发布 设立 组建 成立 培育 支持 引导 开展 组织 完善 "
    "加强 深化 落实 举办 构建 布局 引进 建立 启动 推行 实行 部署 创建 扶持 健全 签署 筹建 新建 "
    "开工 设置 加大 抓好 举行"
)
# Verbs that are usually nouns or descriptions (高质量发展, 产业提升): actions only after a cue.
WEAK_VERBS: frozenset[str] = _words(
    "发展 提升 促进 推广 拓展 优化 强化 扩大 提高 鼓励 争创 开拓 聚焦 引育 壮大 做强 做优 "
    "做大 升级 招引 谋划 出资 投资 兴建 筹办 召开 开设 搭建 新增 修订 制订 编制 推出"
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

# A token right after the verb that shows the verb is a noun or the subject of a statement.
NOUN_NEXT: frozenset[str] = _words(
    "作用 成效 工作 力度 步伐 进度 进展 情况 成果 效果 进程 过程 下 中 之下 者 主体 水平 "
    "取得 是 为 已经 得到 获得 初见 顺利 方面 领域 于 以来 的 成为 迈出 提速 加快 明显 显著 "
    "不断 持续 稳步 有力 力量 任务量 项目库"
)
# Tokens before the verb that make it a noun (的建设, 之推动) or a circumstance (在…推动下).
NOUN_PREV: frozenset[str] = _words("的 之 其")

_CLAUSE_END = re.compile(r"[，。；！？：\n\r!?;]|(?<!\d),|,(?!\d)")
_SENTENCE_END = re.compile(r"[。！？\n\r!?]")
_VERB_ALT = "|".join(sorted(VERBS, key=len, reverse=True))
_ADV_ALT = "|".join(sorted(_ADVERB_SET, key=len, reverse=True))
# A coordinator followed by (cues and) another action verb: the current object ends before it.
_COORDINATED = re.compile(rf"(?:、|并且|并|同时|以及|和|及)(?:{_ADV_ALT})*(?:{_VERB_ALT})")
# The object presents the clause as an opinion or description: "…的重要体现", "…的缩影之一".
_OPINION_TAIL = re.compile(
    r"的(?:\w{0,4})(?:体现|缩影|关键|基础|力量|之路|抓手|支撑|保障|途径|要求|意义|标志|动力)(?:之一)?\W*$"
)
_IS_BEFORE = re.compile(r"(?<![不还总])是")
_TRAILING_JUNK = " \t\u3000\"'“‘（(《【"

ACTOR_LABELS: frozenset[str] = frozenset({"GOV", "ORG", "LOC", "PER"})
BLOCKING_LABELS: frozenset[str] = frozenset({"GOV", "ORG", "LOC", "PER", "POLICY"})
MAX_CHARS = 80  # longest action; damaged text without punctuation is cut at a token end

BASE_SCORE = 0.6


def _candidates(toks: Sequence[Token]) -> list[tuple[int, int, int, bool]]:
    """Return ``(token index, verb start, verb end, cued)`` for every verb token.

    A token such as 大力推进 (cue glued to the verb by jieba) yields the verb part.
    """
    out: list[tuple[int, int, int, bool]] = []
    prev = ""
    for i, (word, start, end) in enumerate(toks):
        if word in VERBS:
            out.append((i, start, end, prev in _ADVERB_SET))
        elif len(word) > 2 and word[-2:] in VERBS and word[:-2] in _ADVERB_SET:
            out.append((i, end - 2, end, True))
        prev = word
    return out


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
    names = sorted((s for s in entities if s.label in BLOCKING_LABELS), key=lambda s: (s.start, s.end))
    name_starts = [s.start for s in names]
    actors = [s for s in names if s.label in ACTOR_LABELS]
    actor_ends = [s.end for s in actors]
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    n_toks = len(toks)
    out: list[Span] = []
    covered = 0  # verbs before this offset lie inside an action already found
    for i, vstart, vend, cued in _candidates(toks):
        if vstart < covered:
            continue
        verb = text[vstart:vend]
        if verb in WEAK_VERBS and not cued:
            continue
        # inside a name (中国建设银行, 《…建设…计划》)?
        k = bisect_right(name_starts, vstart) - 1
        if k >= 0 and names[k].end > vstart:
            continue
        if vstart == toks[i][1] and i > 0 and toks[i - 1][0] in NOUN_PREV:
            continue
        nxt = toks[i + 1][0] if i + 1 < n_toks else ""
        if nxt in NOUN_NEXT or nxt[:2] in NOUN_NEXT:
            continue
        c = bisect_right(clause_ends, vend)
        clause_end = clause_ends[c] if c < len(clause_ends) else len(text)
        end = _object_end(text, vend, clause_end)
        if end - vstart > MAX_CHARS:
            end = _cut_at_token(toks, i, vstart + MAX_CHARS)
        end = _trim(text, vend, end)
        if end <= vend:
            continue  # no object: 正在建设。
        clause_start = clause_ends[c - 1] + 1 if c > 0 else 0
        if _OPINION_TAIL.search(text, vend, clause_end) and _IS_BEFORE.search(text, clause_start, vstart):
            continue
        attrs: dict[str, object] = {}
        s = bisect_right(sentence_ends, vstart - 1) - 1
        sentence_start = sentence_ends[s] + 1 if s >= 0 else 0
        a = bisect_right(actor_ends, vstart) - 1
        if a >= 0 and actors[a].start >= sentence_start:
            attrs["actor"] = actors[a].text
            attrs["actor_label"] = actors[a].label
        score = BASE_SCORE + (0.15 if "actor" in attrs else 0.0) + (0.1 if cued else 0.0)
        score -= 0.1 if verb in WEAK_VERBS else 0.0
        attrs["score"] = round(min(score, 0.95), 3)
        out.append(Span.model_construct(start=vstart, end=end, label="ACTION", text=text[vstart:end], attrs=attrs))
        covered = end
    return out


def _cut_at_token(toks: Sequence[Token], i: int, limit: int) -> int:
    """Return the end of the last token from index ``i`` on that ends at or before ``limit``."""
    ends = [t[2] for t in toks[i : i + MAX_CHARS]]
    k = bisect_left(ends, limit + 1) - 1
    return ends[max(k, 0)]


def _trim(text: str, floor: int, end: int) -> int:
    """Drop trailing spaces and unclosed opening brackets or quotes from an object."""
    while end > floor and text[end - 1] in _TRAILING_JUNK:
        end -= 1
    return end
