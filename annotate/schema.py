"""The label schema: the one definition the Label Studio config, guidelines and exports come from.

Spans are ``[start, end)`` code-point offsets into the stored document text. Only labels
with ``may_overlap`` (ACTION) may overlap or contain other spans; all other labels never
overlap each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Label:
    """One label: its name, display names, colour, hotkey, family and definition."""

    name: str
    zh: str
    en: str
    colour: str
    hotkey: str
    family: str  # "entity", "figure" or "action"
    definition: str
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    may_overlap: bool = False
    attrs: tuple[str, ...] = field(default=())


LABELS: tuple[Label, ...] = (
    Label(
        "PER", "人名", "Person", "#e6194b", "p", "entity",
        "A person's name. Titles and roles (厅长, 总经理, 记者) stay outside the span.",
        ("涂高坤", "张劲松"),
        ("厅长", "记者"),
    ),
    Label(
        "GOV", "政府机构", "Government body", "#4363d8", "g", "entity",
        "A government, party or legislative body or agency, including short forms. "
        "A meeting is not a span.",
        ("省工业和信息化厅", "省工信厅", "广州市发展改革委", "国家药监局", "南沙区委"),
        ("省政府常务会议",),
    ),
    Label(
        "ORG", "组织机构", "Organisation", "#3cb44b", "o", "entity",
        "Any other named organisation: company, bank, university, laboratory, research "
        "institute, exchange, media outlet, association, named platform.",
        ("万孚生物", "美的", "广州期货交易所", "新华社"),
    ),
    Label(
        "LOC", "地名", "Location", "#f58231", "l", "entity",
        "A named place: country, province, city, district, town, village, street, region, river, "
        "lake, mountain, port, zone, park, named area. A place name inside a GOV or ORG name is not "
        "labelled separately; adjacent names are separate spans (高州市 / 根子镇, 青岛港 / 前湾港区, "
        "德国 / 西门子公司). 地区 after a region stays outside (西北地区 → 西北); a port of entry keeps "
        "its head (霍尔果斯口岸).",
        ("广东", "广州", "粤港澳大湾区", "从化区", "东盟", "松山湖科学城", "石岭村", "白洋淀"),
        ("全省", "我国", "内地"),
    ),
    Label(
        "POLICY", "政策", "Policy", "#911eb4", "y", "entity",
        "The name of a policy document, law, plan, programme, project or campaign, with its "
        "《》 or quotes when it has them.",
        ("《广东省科技创新条例》", "“技改十条”", "工业投资跃升计划", "“十百千万”计划"),
    ),
    Label(
        "MONEY", "金额", "Money", "#f032e6", "m", "figure",
        "An amount of money: the number with its unit, magnitude and qualifier "
        "(约, 超, 超过, 近, 逾, 不少于, 以上, 左右, 多, 余), not the measured noun.",
        ("6.3万亿元", "1亿美元以上", "超3800亿元", "532.37亿元"),
        attrs=("value", "unit", "qualifier", "low", "high"),
    ),
    Label(
        "PERCENT", "百分比", "Percent", "#42d4f4", "c", "figure",
        "A percentage, per-mille, fraction or percentage-point figure. Growth words stay "
        "outside: 同比增长[22.4%].",
        ("22.4%", "3.14%", "1/5", "0.5个百分点"),
        attrs=("value", "unit", "qualifier", "low", "high"),
    ),
    Label(
        "QUANTITY", "数量", "Quantity", "#bfef45", "q", "figure",
        "A counted or measured amount with its unit or classifier, and its qualifier.",
        ("9345家", "1.997亿吨", "443万㎡", "100多个", "3公斤左右", "24.68万台(套)", "1.4倍", "1-2个"),
        attrs=("value", "unit", "qualifier", "low", "high"),
    ),
    Label(
        "DATE", "日期", "Date", "#9a6324", "d", "figure",
        "A date or period. Relative words alone (去年, 今年, 近年来) are a DATE only with a "
        "period attached (今年一季度).",
        ("2021年", "1月23日", "2021年9月", "今年一季度", "十四五", "二○三五年", "6月底"),
        ("去年", "近年来"),
        attrs=("value",),
    ),
    Label(
        "ACTION", "政策行动", "Policy action", "#808000", "a", "action",
        "A clause in which a government or organisation does, did or will do something as "
        "policy: the action verb through the end of its object, without leading adverbs "
        "(大力, 加快, 积极, 将, 全力) and without the actor. Statements of fact or opinion "
        "are not actions. The actor, where clear, goes in attrs.actor.",
        ("实施技术改造赋能提升工程", "推动9345家工业企业开展技改", "出台14项配套支持政策"),
        may_overlap=True,
        attrs=("actor",),
    ),
)

LABELS_BY_NAME: dict[str, Label] = {label.name: label for label in LABELS}
LABEL_NAMES: tuple[str, ...] = tuple(label.name for label in LABELS)
ENTITY_LABELS = tuple(l.name for l in LABELS if l.family == "entity")
FIGURE_LABELS = tuple(l.name for l in LABELS if l.family == "figure")
ACTION_LABELS = tuple(l.name for l in LABELS if l.family == "action")
OVERLAPPING_LABELS = frozenset(l.name for l in LABELS if l.may_overlap)
FLAT_LABELS = tuple(l.name for l in LABELS if not l.may_overlap)
# Figure labels whose ``value`` is numeric, compared by value accuracy.
NUMERIC_FIGURE_LABELS = ("MONEY", "PERCENT", "QUANTITY")

QUALIFIERS = ("approx", "over", "at_least", "under", "at_most")


def label(name: str) -> Label:
    """Return the label called ``name``; raise ``KeyError`` naming the known labels."""
    try:
        return LABELS_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown label {name!r}; known: {', '.join(LABEL_NAMES)}") from None


def is_label(name: str) -> bool:
    """Return whether ``name`` is a label of this schema."""
    return name in LABELS_BY_NAME


def select_labels(names: str | None) -> tuple[str, ...]:
    """Parse a comma-separated label selection (``None`` or empty: all labels)."""
    if not names:
        return LABEL_NAMES
    chosen = tuple(n.strip().upper() for n in names.split(",") if n.strip())
    for n in chosen:
        label(n)
    return chosen
