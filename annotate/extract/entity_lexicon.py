"""Word lists and word classes shared by the entity rules (GOV, ORG, LOC, PER, POLICY).

``lexicon()`` loads ``annotate/data/*.txt`` once (thread safe) together with jieba's dictionary
tags and the place gazetteer; ``classify(lex, word)`` says what one token is (a body or
organisation head, a known name, a place, a zone head, a title, a plan head), memoised per
word in ``WORD_CACHE``. ``Cand`` is a candidate span: half-open code-point offsets.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotate.extract import places
from annotate.extract.segment import read_list, read_list_marked, tokenizer, tokens, word_tags

Token = tuple[str, int, int]


def words(spaced: str) -> frozenset[str]:
    """Return the set of space-separated words of ``spaced``."""
    return frozenset(spaced.split())


# Level and scope words that may start a GOV/ORG name (省工信厅, 国家药监局, 中共广东省委).
LEVEL_WORDS = words("省 市 区 县 镇 乡 街道 国家 中国 中央 中共 全国 国务院 自治区 特区 新区 两岸")
# ORG heads whose names may join two name words with 与/和/及: 中国物流与采购联合会.
ASSOC_HEADS = words("协会 联合会 学会 商会 促进会 研究会 基金会")
ORG_JOINERS = words("与 和 及")
# Direction words that start organisation names (南方科技大学, 西南交通大学, 华东师范大学).
DIRECTION_NAMES = words("南方 北方 东方 西方 华南 华北 华东 华中 华西 西南 西北 东北 东南 中南")
# Tokens never inside a GOV/ORG name: they stop the leftward walk.
LEFT_STOP = words(
    """全省 全市 全区 全县 我省 我市 我区 各 各级 各地 各类 有关 相关 该 其 旗下 下属 所属 以及 或 与 同
    等 在 对 向 为 是 由 从 经 据 将 已 被 把 于 至 到 跟 给 让 请 这 那 此 本 一家 一批 多家 多个 部分
    其中 包括 如 像 推动 支持 实施 出台 印发 发布 成立 组建 设立 引进 打造 推进 依托 联合 携手 牵头
    获悉 了解 表示 介绍 指出 负责人 记者 主任 书记 厅长 局长 市长 会议 来自 位于 作为 成为 通过 首个
    首家 新 原 前 现 龙头 企业 省级 市级 国家级 优质 重点 当地 本地 外资 新型 大型 中小 基层 上级 下级
    国内外 海内外 境内外 全球 世界 我国 全国各地 一些 这些 那些 多 个 家 座 所 批 综合性 一流 知名 领先
    共建 合作 携 同日 昨日 今日 日前 近日 目前 今年 去年 明年 当天 此前 随后 会同 协同 以 及其"""
)
# Offices that belong to the body before them: 省政府新闻办, 市委办公室.
SUB_OFFICES = words("新闻办 新闻办公室 办公厅 办公室 研究室 督查室 外事办 金融办 政研室 新闻发布办公室 网信办")
# Verbs that are part of agency and institute names (科技创新局, 投资促进局, 城乡建设局).
NAME_VERBS = words(
    "创新 促进 发展 改革 管理 监督 服务 保障 建设 规划 审计 监管 执法 统计 投资 开发 合作 交流 贸易 招商 应急 治理 "
    "驻 研究 信息化 检验 检测 检疫 认证 评估 孵化 转化 推广 设计 制造 运营 储备 救助 教育 培训 振兴"
)
# Name verbs that do not start a name: 建设…中心 is an action on a centre.
START_TRIM = words("建设 投资 开发 合作 交流 推广 招商 服务 培训 孵化 转化 设计 制造 运营 救助 储备 评估")
# Joiners allowed inside a GOV name between name words (政务服务和数据管理局, 经济及科技发展局).
GOV_JOINERS = words("和 及")
# jieba dictionary tags of words that may be part of a GOV/ORG name.
NAME_TAGS = words("n nz nt ns nr nrt nrfg j eng vn an b ng nl g x")
# Tags that make a word specific (a brand, not a common noun). ns, nr and nz are too noisy in
# jieba's dictionary (海洋 is ns, 卓越 nr, 和平 nz): places come from the gazetteer instead.
SPECIFIC_TAGS = words("nt nrt eng")
# Non-strong ORG heads that need a place at the start (广东省具身智能机器人创新中心).
CENTRE_HEADS = words("中心 创新中心 技术中心 研发中心 检测中心 服务中心 制造业创新中心 工程中心 研究中心")
# Heads of named zones and areas (LOC): 汕头华侨经济文化合作试验区, 南沙综合保税区.
ZONE_HEADS = places.ZONE_SUFFIXES | words("港")
# Suffixes that make a longer word a head: 黄埔海关, 汕头大学, 港务局, 香港金融管理局.
GOV_SUFFIXES = ("人民政府", "管理委员会", "委员会", "办公室", "办公厅", "管理局", "政府", "法院", "检察院", "海关",
                "总局", "局", "厅", "司", "处", "人大常委会", "常委会", "省委", "市委", "区委", "县委", "党委",
                "工委", "纪委", "政协", "委")
ORG_SUFFIXES = ("党校", "股份有限公司", "有限公司", "分公司", "公司", "集团", "银行", "分行", "支行", "大学", "学院",
                "研究院", "研究所", "实验室", "交易所", "协会", "商会", "学会", "联合会", "基金会", "医院", "报社",
                "日报", "晚报", "电视台", "出版社", "研究中心", "科学院")
# Strong ORG heads that make a proper name left of them an organisation with no other anchor
# (锦江银行, 之江实验室, 西湖大学); the name must be short and look like a name (see proper_name).
NAMED_ORG_HEADS = words("公司 有限公司 股份有限公司 有限责任公司 集团 集团公司 银行 大学 学院 实验室 研究院 研究所 "
                        "医院 交易所 协会")
# Company heads whose name may contain a zone: 香港科技园公司.
COMPANY_HEADS = words("公司 有限公司 股份有限公司 有限责任公司 集团 集团公司")
# jieba tags of a word that names something (a place, a person, a brand, an abbreviation).
PROPER_TAGS = words("ns nz nr nrt nrfg nt j")
# First characters of determiners and counters, never of a name: 这所, 该行, 各家, 每所.
_DETERMINERS = frozenset("这那该本各此其每某哪几多诸")
# Common words that jieba's dictionary tags as names (上市/ns, 师范/nr): never a proper name alone.
NOT_PROPER = words("上市 城市 中小 师范 城商 农商 外国 沪深 两市 三甲 省属 市属 京沪 外地 异地 各地 内地 大陆 "
                   "高水平 高质量 高层次 高端 一流 顶尖 知名 著名 优质 综合性 研究型 应用型 创新型 新型 新兴产业 通信产业 非农产业")
# Place-tagged words ending in 港/湾 that are common nouns: 深水港 (a deep-water port), 避风港.
_NOT_PORTS = frozenset(("深水港", "避风港", "天然港", "分流港", "河口湾", "港人治港", "星河湾"))
# Longest proper name (characters) left of a NAMED_ORG_HEADS head with no other anchor; a
# company's legal name (有限公司) may be longer: 易方达基金管理有限公司.
PROPER_NAME_MAX = 6
LEGAL_NAME_MAX = 14
LEGAL_HEADS = words("有限公司 股份有限公司 有限责任公司 集团有限公司")
# Names of statutory and public bodies with a government-like head that are not government
# (Hong Kong's 生产力促进局 and 贸易发展局 are ORG); matched at the end of a GOV candidate.
NON_GOV_BODIES = ("生产力促进局", "贸易发展局", "贸发局", "旅游发展局", "旅发局", "职业训练局", "医院管理局", "医管局",
                  "市区重建局", "机场管理局")
# Words between a zone's proper name and its head: 洋浦|经济|开发区, 新田|科技城.
ZONE_DESCRIPTORS = words("经济 技术 经济技术 新技术 高新 高新技术 高新技术产业 产业 综合 国际 科技 临空 临港 空港 保税 现代 "
                         "物流 工业 出口加工 商务 文化 旅游 生态 数字 智能 先进制造 海洋 农业 金融 贸易 自由贸易 自贸")
_RE_ZONE_DESCRIPTORS = re.compile("(?:" + "|".join(sorted(ZONE_DESCRIPTORS, key=len, reverse=True)) + ")+$")
# Words right before a company's short name: 龙头企业万孚生物, 车企小鹏.
ORG_CONTEXT = words("企业 龙头企业 链主企业 车企 药企 房企 头部企业 上市公司 独角兽企业 科技企业 外资企业 港资企业 台资企业 "
                     "民营企业 国有企业 央企 国企 外企 厂商 品牌")
# Endings that make a longer word a title: 本报记者, 首席记者.
TITLE_TAILS = ("记者", "通讯员", "厅长", "局长", "主任", "书记", "董事长", "总经理", "总裁", "院长", "所长", "教授")
# Endings of words made of a place and a common noun: 台湾地区, 广东全省, 广州市区.
PLACE_TAILS = ("地区", "全省", "全市", "市区", "境内", "各地", "当地", "一带", "方面", "本地")
# Word endings that are not bodies: 新格局, 服务大厅, 新闻发布厅.
NOT_GOV_ENDINGS = ("格局", "布局", "结局", "大局", "开局", "全局", "变局", "僵局", "困局", "破局", "当局", "邮局",
                   "大厅", "餐厅", "展厅", "客厅", "发布厅", "营业厅", "门厅", "歌厅", "舞厅", "饭局", "骗局", "棋局",
                   "时局", "政局", "出局", "定局", "书局", "药局", "赌局", "残局", "终局", "战局", "官司", "上司", "好处", "到处", "之处", "出处",
                   "益处", "难处", "用处", "处处", "住处", "深处", "远处", "此处", "各处", "相处", "共处", "坏处",
                   "长处", "短处", "妙处", "去处", "随处", "何处", "别处", "高处", "低处", "细微处", "不足之处",
                   "常委", "评委", "编委", "主委", "副主委")

# POLICY: head tokens of unquoted names, endings of quoted names, heads after a quote.
PLAN_HEADS = words("计划 行动 条例 规划 战略 行动计划 专项行动 三年行动计划 实施方案 工作方案 行动方案 纲要 工程")
# Plan heads that make a name only with a quoted part in it: “415X”先进制造业集群培育工程 (水利工程 is not).
QUOTE_ONLY_PLAN_HEADS = words("工程")
PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·,.;:?!\"'()[]{}<>/\\|-_=+*&^%$#@~` \t\r\n\u3000")
ZONE_ENDINGS = tuple(places.ZONE_SUFFIXES)
# Zone suffixes shortest first, to find the name stem of a one-word zone (东湖|新技术|开发区).
_ZONE_SHORTEST = tuple(sorted(places.ZONE_SUFFIXES, key=len))
ORDINAL = re.compile(r"^第[一二三四五六七八九十]{1,3}$")
CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
HAS_NUMBER = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两〇○]")
NON_NAME_TAGS = words("v vd vn d p c u uj ul r m q t f ad")


@dataclass(frozen=True, slots=True, eq=False)
class Word:
    """What one token is: kind (GOV ORG KNOWN PLAN PLACE ZONE TITLE VERB), strength, inner prefix.

    A strong PLACE is two places in one word, split after ``inner`` (辽宁大连).
    """

    kind: str
    strong: bool = False
    inner: str = ""  # for a word ending in a head (汕头大学): the part before the head


@dataclass(frozen=True)
class Lexicon:
    gov_heads: dict[str, bool]
    org_heads: dict[str, bool]
    known_orgs: frozenset[str]
    titles: frozenset[str]
    surnames: frozenset[str]  # single-character surnames
    compound_surnames: frozenset[str]
    per_stop: frozenset[str]
    tags: dict[str, str]
    places: dict[str, places.Place]
    re_name_verb: re.Pattern[str]
    re_boundary: re.Pattern[str]

    def freq(self, w: str) -> int:
        """Return the segmenter's dictionary frequency of ``w`` (0 when unknown)."""
        return tokenizer().FREQ.get(w) or 0


_LOCK = threading.Lock()
_LEX: Lexicon | None = None
WORD_CACHE: dict[str, Word | None] = {}
WORD_CACHE_MAX = 300_000


def alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def lexicon() -> Lexicon:
    global _LEX
    if _LEX is None:
        with _LOCK:
            if _LEX is None:
                _LEX = _build_lexicon()
    return _LEX


def _build_lexicon() -> Lexicon:
    tokens("广东")  # build the tokenizer first: it adds our words and their tags to word_tags()
    titles = frozenset(read_list("titles.txt"))
    sur = read_list("surnames.txt")
    single = "".join(sorted(s for s in sur if len(s) == 1))
    compound = frozenset(s for s in sur if len(s) == 2)
    verbs = read_list("report_verbs.txt")
    name = f"(?:{alt(compound)}|[{single}])[\u4e00-\u9fff]{{1,2}}"
    boundary = f"(?:{alt(verbs)}|{alt(titles)}|[，。；：！？、“”（）(),;:\\s]|在|等|和|与|也|还|就|对|向|的|一行|出席|主持|带领|率|$)"
    return Lexicon(
        gov_heads=read_list_marked("gov_heads.txt"),
        org_heads=read_list_marked("org_heads.txt"),
        known_orgs=frozenset(read_list("known_orgs.txt")),
        titles=titles,
        surnames=frozenset(single),
        compound_surnames=compound,
        per_stop=frozenset(read_list("per_stop.txt")),
        tags=word_tags(),
        places=places.gazetteer().places,
        re_name_verb=re.compile(f"(?P<name>{name})(?=(?:{alt(verbs)}))"),
        re_boundary=re.compile(boundary),
    )


# Last characters of rivers, lakes, marshes, seas, mountains, ridges, gorges, islands and deserts.
FEATURE_ENDS = frozenset("河江湖海淀泊山岭峰峡岛池漠溪潭谷")
# jieba place words with such an ending that are common words or idioms, not names.
NOT_FEATURES = words(
    """信口开河 人山人海 排山倒海 刀山火海 五湖四海 翻山越岭 漂洋过海 名山大川 开山 下海 入海 渡江 渡河 登山 上山
    下山 满山 漫山 火海 冰山 深山 大山 高山 江湖 湖泊 山河 江河 大海 海峡 内河 江山 山峰 大河 大湖 大江 长河
    沧海 四海 河湖 深海 山岭 海岛 江海 浅海 海岭 盐湖 火山岛 列岛 远山 蓝海 商海 河海 山海 云海 花海 竹海 雪海
    冰河 冰湖 冰海 石山 土山 沙山 沙漠 荒漠 山峡 大峡 大岛 小海 天池 两河 两湖 两江 三山 三江 五岳 万山 千山 重山
    离岛 陆海 海陆 江山 河山 湖山"""
)
# A two-character place word is a feature name only when jieba has it as rare (府河 7, 沁河 23).
_RARE_FEATURE = 100


def is_feature_name(lex: Lexicon, w: str) -> bool:
    """Return whether ``w`` (ending in a ``FEATURE_ENDS`` character) names a river, lake or mountain.

    jieba's dictionary knows many such names; it tags most ns (白洋淀, 疏勒河) and some nr
    (车尔臣河, 罗布泊). Common words and idioms (江湖, 信口开河) are left out.
    """
    if w in NOT_FEATURES:
        return False
    tag = lex.tags.get(w)
    if tag == "ns":
        return len(w) >= 3 or lex.freq(w) <= _RARE_FEATURE
    if tag in ("nr", "nrt", "nz"):
        return len(w) >= 4 or (len(w) == 3 and w[-1] in "河湖泊淀")
    return False


def classify(lex: Lexicon, w: str) -> Word | None:
    """Return what word ``w`` is for the extractor, or None for most words."""
    if w in lex.gov_heads:
        return Word("GOV", lex.gov_heads[w])
    if w in lex.org_heads:
        return Word("ORG", lex.org_heads[w])
    if w in PLAN_HEADS:
        return Word("PLAN")
    if w in ORG_CONTEXT:
        return Word("ORGCTX")
    if w in ZONE_HEADS:
        return Word("ZONE")
    if w in lex.known_orgs:
        return Word("KNOWN")
    if w in lex.places:
        return Word("PLACE")
    if w in lex.titles or (len(w) >= 3 and w.endswith(TITLE_TAILS)):
        return Word("TITLE")
    if len(w) >= 3:
        if w[-1] in "港湾" and (w[:-1] in lex.places or (lex.tags.get(w) == "ns" and w not in _NOT_PORTS)):
            return Word("PLACE")  # 湛江港; 洋浦港, 杭州湾 (jieba's place words)
        for suffix in PLACE_TAILS:
            if w.endswith(suffix) and w[: -len(suffix)] in lex.places:
                return Word("PLACE", inner=w[: -len(suffix)])  # 台湾|地区
    if w[-1] in FEATURE_ENDS and len(w) >= 2 and is_feature_name(lex, w):
        return Word("PLACE")  # 白洋淀, 疏勒河, 阿尔金山: jieba's place words for rivers, lakes, mountains
    if len(w) >= 4 and lex.tags.get(w) == "ns":
        for n in range(2, len(w) - 1):
            if w[:n] in lex.places and w[n:] in lex.places:
                return Word("PLACE", True, w[:n])  # 辽宁|大连: two places in one dictionary word
    if len(w) >= 4 and w.endswith(ZONE_ENDINGS):
        stem = zone_stem(w)
        for n in range(min(len(stem) - 2, 5), 1, -1):
            if stem[:n] in lex.places and proper_name(lex, [stem[n:]]):
                stem = stem[n:]  # 武汉|东湖新技术开发区: the name starts after the city
                break
        if stem and (stem in lex.places or proper_name(lex, [stem])):
            return Word("ZONE", inner=stem)  # 东湖新技术开发区: one dictionary word, inner is its name
    if len(w) >= 3 and not w.endswith(NOT_GOV_ENDINGS):
        for suffix in ORG_SUFFIXES:
            if w.endswith(suffix) and len(w) > len(suffix):
                return Word("ORG", True, w[: -len(suffix)])
        for suffix in GOV_SUFFIXES:
            if w.endswith(suffix) and len(w) > len(suffix):
                return Word("GOV", False, w[: -len(suffix)])
    return None


# --------------------------------------------------------------------------- candidates


@dataclass(slots=True)
class Cand:
    start: int
    end: int
    label: str
    score: float
    rule: str
    prio: int  # higher wins a tie in length


def name_word(lex: Lexicon, w: str, kind: str | None) -> bool:
    """Return whether token ``w`` may be inside a GOV/ORG name."""
    if kind is not None:
        return kind not in ("TITLE", "PLAN", "ORGCTX")
    if w in LEFT_STOP:
        return False
    if w in LEVEL_WORDS or ORDINAL.match(w) or w in NAME_VERBS or w in DIRECTION_NAMES:
        return True
    tag = lex.tags.get(w)
    if tag is None:
        return bool(CJK.match(w)) or (w.isascii() and w.isalpha())
    # 三峡, 九龙: a name tag wins over the numeral in it (三家, 五大 are not names)
    return tag in NAME_TAGS and (not HAS_NUMBER.search(w) or tag in _NUMERAL_NAME_TAGS)


_NUMERAL_NAME_TAGS = frozenset(("ns", "nz", "nr", "nrt", "nt"))
# Tags of words inside registered company names beyond NAME_TAGS: 精密, 长 (a), 生态建设 (l), 新 (a).
_LEGAL_NAME_TAGS = frozenset(("a", "l", "b", "an", "i", "ng", "zg", "nrfg"))


def legal_name_word(lex: Lexicon, w: str, kind: str | None) -> bool:
    """Return whether token ``w`` may be inside a registered company name (…股份有限公司).

    Such names are descriptive (宏硕精密光电, 中国港湾工程, 中国雄安集团生态建设投资), so
    adjectives, idioms, plan words (工程) and group words (集团) are allowed; verbs,
    function words and determiners are not.
    """
    if (w in LEFT_STOP and w != "新") or not CJK.match(w):
        return False  # 新 is part of 楚磷新材料; elsewhere it stops a name (新成立的)
    if kind is not None:
        return kind in ("PLAN", "ORG", "ZONE")
    return lex.tags.get(w) in _LEGAL_NAME_TAGS


def specific(lex: Lexicon, w: str) -> bool:
    """Return whether ``w`` names something (place, brand, unknown word), not a common noun."""
    if not w:
        return False
    if w in lex.places or w in lex.known_orgs or w in LEVEL_WORDS:
        return True
    tag = lex.tags.get(w)
    if tag is None:
        return len(w) >= 2 or (w.isascii() and w.isalpha())
    return tag in SPECIFIC_TAGS


def specific_inner(lex: Lexicon, inner: str) -> bool:
    """Return whether the part of a word before its head is specific or starts with a place or name."""
    if specific(lex, inner) or inner in lex.gov_heads:
        return True
    for n in range(2, min(len(inner), 8) + 1):
        head = inner[:n]
        if head in lex.places or head in lex.known_orgs:
            return True
    return False


def zone_stem(w: str) -> str:
    """Return the name part of a one-word zone: 东湖新技术开发区 -> 东湖 ('' when none is left)."""
    for suffix in _ZONE_SHORTEST:
        if w.endswith(suffix):
            stem = w[: -len(suffix)]
            break
    else:
        return ""
    m = _RE_ZONE_DESCRIPTORS.search(stem)
    return stem[: m.start()] if m else stem


def proper_name(lex: Lexicon, prefix: Sequence[str], limit: int = PROPER_NAME_MAX) -> bool:
    """Return whether ``prefix`` (the words before a strong head) is a short proper name.

    The first word names something (a place, jieba's ns/nz/nr/nt/j tags, or an unknown Chinese
    word of two or more characters), the whole name has 2 to ``limit`` characters and no word
    is a determiner (该, 本, 各). 锦江|银行, 之江|实验室, 西湖|大学 pass; 商业|银行,
    科技|公司 do not.
    """
    if not prefix:
        return False
    first = prefix[0]
    chars = sum(map(len, prefix))
    if len(first) < 2 or not 2 <= chars <= limit or any(p in LEFT_STOP for p in prefix):
        return False
    if determiner(lex, first) or first in NOT_PROPER:
        return False  # 这所大学, 该行, 本院
    if first in lex.places or first in lex.known_orgs or first in DIRECTION_NAMES:
        return True
    if _proper_word(lex, first):
        return True
    # 天府|永兴|实验室: a later word names it when the first is a plain noun
    return lex.tags.get(first) in ("n", "nz", "j") and any(
        len(p) >= 2 and p not in NOT_PROPER and (p in lex.places or _proper_word(lex, p)) for p in prefix[1:]
    )


def _proper_word(lex: Lexicon, w: str) -> bool:
    tag = lex.tags.get(w)
    if tag is None:
        return bool(CJK.match(w))
    return tag in PROPER_TAGS


def determiner(lex: Lexicon, w: str) -> bool:
    """Return whether ``w`` is a determiner or counter word (这所, 该行), not part of a name."""
    return (bool(w) and w[0] in _DETERMINERS and w not in lex.places and w not in lex.known_orgs
            and lex.tags.get(w) not in PROPER_TAGS)


def place_like(lex: Lexicon, w: str) -> bool:
    """Return whether ``w`` may name a place before a body's head (拱北 + 海关): jieba's ns, or unknown."""
    if w in LEFT_STOP or len(w) < 2:
        return False
    tag = lex.tags.get(w)
    return tag is None or tag == "ns"


def brand(lex: Lexicon, w: str) -> bool:
    """Return whether ``w`` looks like a brand before 科技/生物/汽车: unknown word, known name, Latin."""
    if w in lex.known_orgs:
        return True
    tag = lex.tags.get(w)
    if tag is None:
        return len(w) >= 2 and w not in lex.places
    return tag in SPECIFIC_TAGS


def anchored_gov(lex: Lexicon, words: Sequence[str]) -> bool:
    """Return whether a body's name words include a place, a level word or another body."""
    for p in words:
        if p in lex.places or p in LEVEL_WORDS or p in lex.gov_heads:
            return True
        k = WORD_CACHE.get(p)
        if k is not None and k.kind in ("GOV", "PLACE", "ZONE"):
            return True
    return False




def kind_of(lex: Lexicon, w: str) -> Word | None:
    """Return ``classify(lex, w)``, memoised in ``WORD_CACHE``."""
    try:
        return WORD_CACHE[w]
    except KeyError:
        k = WORD_CACHE[w] = classify(lex, w)
        return k


def token_at(starts: Sequence[int], pos: int) -> int | None:
    """Return the index of the token starting at ``pos`` (``starts`` increasing), or None."""
    k = bisect_left(starts, pos)
    return k if k < len(starts) and starts[k] == pos else None
