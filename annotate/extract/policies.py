"""Find policy names (POLICY): 《…》 titles, quoted names and unquoted plan names.

“…” names count when they end in a policy word or are followed by one (“十百千万”计划), 「…」
names when they end in one; unquoted names are noun phrases ending in 计划/行动/条例/规划
(工业投资跃升计划, 技改“双千”行动). The brackets and quotes are inside the span. Offsets are
half-open code-point indices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotate.extract.entity_lexicon import (
    CJK,
    HAS_NUMBER,
    QUOTE_ONLY_PLAN_HEADS,
    Cand,
    Lexicon,
    Token,
    Word,
    words,
)

QUOTED_ENDINGS = (
    "十条", "条", "计划", "工程", "行动", "战略", "政策", "措施", "规划", "方案", "条例", "办法", "意见",
    "纲要", "倡议", "专项", "工程包", "规定", "决定", "法",
)
AFTER_QUOTE = (
    "三年行动计划", "行动计划", "专项行动", "行动方案", "实施方案", "计划", "工程", "行动", "战略", "规划", "倡议",
)
CORNER_ENDINGS = QUOTED_ENDINGS + ("通", "计划")
# Words that make a policy-name prefix generic (重点行动, 专项行动, 实际行动).
GENERIC_PLAN = words(
    """企业 公司 重点 重大 专项 相关 有关 具体 年度 工作 这一 这项 该 各项 系列 实际 统一 共同 联合 一系列 多项 各类
    发展 投资 建设 项目 这些 上述 此次 本次 首批 新一轮 三年 五年 十年 中长期 总体 国家 地方 全省 全市 科研
    研发 创新 产业 改革 行动 计划 工程 政策 措施 战略 规划 重要 主要 长期 短期 未来 今后 下一步 规模 整体
    配套 支持 扶持 帮扶 援助 应急 保障 示范 试点 专题 新 大 小 总 全 分 标准 体系 工作 相应 专门 一批"""
)
# Qualifiers dropped from the left of an unquoted policy name.
LEAD_DROP = words("重点 重大 专项 相关 有关 具体 各项 系列 这一 这项 该 首批 新一轮 一批 多项 各类 上述 此次 本次")
# Words after which a plan head word is a modifier, not the end of a name.
NOT_AFTER_PLAN = words("支点 投资 项目 资金 性 型 层面 意义 地位 高度 目标值 完成率 单列 经济 能力 人才 布局")
_VERBAL_NEXT = words("p v vn d t m f ad vd")
PLAN_TAGS = words("n nz nt ns nr j eng vn an b v a ng nl l i z")
# Verbs and words that stand before, never inside, a plan name.
PLAN_STOP = words(
    """实施 推动 推进 打造 出台 制定 印发 发布 设立 组建 成立 培育 支持 引导 开展 组织 完善 加强 深化 落实
    举办 构建 布局 引进 建立 启动 部署 推出 深入 实施好 继续 加快 全面 大力 积极 持续 扎实 纳入 列入 参与
    参加 入选 围绕 聚焦 按照 根据 依据 通过 抓好 做好 用好 办好 贯彻 提出 包括 是 有 为 以 作为 成为 加入
    进入 落地 执行 组织实施 牵头 承担 申报 获批 获得 入围 等 和 与 及 或 的 之 全省 全市 全区 全县 我省
    我市 各 各级 各地 有关 相关 该 其 这 那 此 本 在 对 向 由 从 据 将 已 被 把 于 首个 多个 部分 其中 如
    主动 着力 努力 同时 并 还 也 都 又 再 更 已经 正在 一系列 这一 编制 研究 谋划 新增 共同 好 了 着 过
    进一步 不断 深入实施 大力实施 全面实施 继续实施 加快实施 落实好"""
)
# Verbs that may end a plan name right before its head: 集群培育工程, 新城建设行动.
HEAD_VERBS = words("培育 建设 构建 打造 推进 实施")
_NUMBER_YEARS = re.compile(r"^[一二三四五六七八九十两]年$")
# Endings of newspaper and magazine names written in 《》 (media outlets are ORG, not POLICY).
MEDIA_ENDINGS = ("日报", "晚报", "时报", "早报", "周报", "商报", "晨报", "导报", "都市报", "周刊", "月刊", "杂志")
MEDIA_TITLES = words("人民日报 南方日报 广州日报 羊城晚报 经济日报 光明日报 求是 新闻联播 焦点访谈")


_RE_BOOK = re.compile(r"《([^《》\n]{1,80})》")
_RE_QUOTE = re.compile(r"“([^“”\n]{1,30})”(" + "|".join(sorted(AFTER_QUOTE, key=len, reverse=True)) + ")?")
_RE_CORNER = re.compile(r"「([^「」\n]{2,30})」")


def quoted_policies(text: str, out: list[Cand]) -> None:
    """Add POLICY candidates from 《…》, “…” and 「…」."""
    if "《" in text:
        for m in _RE_BOOK.finditer(text):
            inner = m.group(1)
            if inner.endswith(MEDIA_ENDINGS) and 3 <= len(inner) <= 10:
                out.append(Cand(m.start(1), m.end(1), "ORG", 0.7, "media-title", 3))  # 《金融时报》: an outlet
            elif inner.strip() and inner not in MEDIA_TITLES:
                out.append(Cand(m.start(), m.end(), "POLICY", 0.9, "book-title", 5))
    if "“" in text:
        for m in _RE_QUOTE.finditer(text):
            inner, head = m.group(1), m.group(2)
            if head or inner.endswith(QUOTED_ENDINGS):
                out.append(Cand(m.start(), m.end(), "POLICY", 0.8, "quoted", 4))
    if "「" in text:
        for m in _RE_CORNER.finditer(text):
            if m.group(1).endswith(CORNER_ENDINGS):
                out.append(Cand(m.start(), m.end(), "POLICY", 0.7, "corner-quoted", 4))


def plan_word(lex: Lexicon, w: str, k: Word | None) -> bool:
    """Return whether token ``w`` may be inside an unquoted policy name."""
    if w in PLAN_STOP or (len(w) > 2 and w[-2:] in PLAN_STOP):
        return False  # 大力开展 (a dictionary word ending in a verb) is not inside a name
    if k is not None:
        return k.kind in ("PLACE", "ZONE", "ORGCTX") or (k.kind == "ORG" and not k.strong)
    if w in ("“", "”") or _NUMBER_YEARS.match(w):
        return True
    tag = lex.tags.get(w)
    if tag is None:
        return bool(CJK.match(w))
    return tag in PLAN_TAGS and not HAS_NUMBER.search(w)


def _opening_quote(toks: Sequence[Token], close: int, chars: int) -> int | None:
    """Return the index of the “ matching the ” at token ``close`` (contiguous, within 18 characters)."""
    k = close - 1
    while k >= 0 and close - k <= 8 and toks[k][2] == toks[k + 1][1]:
        w = toks[k][0]
        if w == "“":
            return k if chars + toks[close][2] - toks[k][1] <= 18 else None
        if w in ("”", "，", "。", "；", "\n"):
            return None
        k -= 1
    return None


def plan_name(lex: Lexicon, toks: Sequence[Token], kinds: Sequence[Word | None], i: int, out: list[Cand]) -> None:
    """Add a POLICY candidate for an unquoted plan name ending with token ``i``."""
    if i + 1 < len(toks):
        nxt = toks[i + 1][0]
        if nxt in NOT_AFTER_PLAN:
            return  # 战略支点, 计划投资: the head word is a modifier here
        if toks[i][0] in ("计划", "规划") and lex.tags.get(nxt) in _VERBAL_NEXT:
            return  # 计划于年内建成, 规划建设: 计划/规划 is a verb here
    j = i
    chars = 0
    while j > 0:
        pw, ps, pe = toks[j - 1]
        if pe != toks[j][1] or chars + (pe - ps) > 18:
            break
        if not plan_word(lex, pw, kinds[j - 1]) and not (j == i and pw in HEAD_VERBS):
            break
        if pw == "”" and toks[j][0] == "“":
            break  # “A”“B”计划: the name is the last quoted part
        if pw == "”":  # take a quoted part whole, whatever is inside: “415X”先进制造业…工程
            q = _opening_quote(toks, j - 1, chars)
            if q is not None:
                chars += toks[j - 1][2] - toks[q][1]
                j = q
                continue
        j -= 1
        chars += pe - ps
    words = [t[0] for t in toks[j:i]]
    if toks[i][0] in QUOTE_ONLY_PLAN_HEADS and "“" not in words:
        return  # 水利工程, 重点工程: 工程 names a plan only with a quoted part
    # balance quotes: drop everything up to a closing quote whose opening one was not taken
    if "”" in words and ("“" not in words or words.index("“") > words.index("”")):
        cut = words.index("”") + 1
        words = words[cut:]
        j += cut
    while words and (words[0] in LEAD_DROP or words[0] == "”") and len(words) > 1:
        words.pop(0)
        j += 1
    if not words or all(p in GENERIC_PLAN or p in HEAD_VERBS or _NUMBER_YEARS.match(p) for p in words):
        return
    if sum(len(p) for p in words) < 2 or words[0] == "”":
        return
    if toks[i][0] == "战略" and (len(words) < 2 or len(words[-1]) < 2):
        return  # 创新驱动发展战略 is a name; 国家战略, 发展新战略 are not
    out.append(Cand(toks[j][1], toks[i][2], "POLICY", 0.65, "plan-name", 3))


