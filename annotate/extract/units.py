"""Unit, currency, magnitude and qualifier tables for the figure and date extractors.

Every table is keyed by the *folded* form of the text (see ``annotate.extract.numbers.fold``):
simplified characters and ASCII digits/punctuation, so one entry serves simplified,
traditional and full-width writing alike.
"""

from __future__ import annotations

# Currency words -> ISO 4217 code (MONEY). The magnitude (万, 亿) is read separately.
CURRENCIES: dict[str, str] = {
    "元人民币": "CNY",
    "人民币": "CNY",
    "元": "CNY",
    "块钱": "CNY",
    "美元": "USD",
    "美金": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
    "韩元": "KRW",
    "澳元": "AUD",
    "加元": "CAD",
    "新台币": "TWD",
    "台币": "TWD",
    "澳门元": "MOP",
    "澳门币": "MOP",
    "卢布": "RUB",
    "新加坡元": "SGD",
    "瑞士法郎": "CHF",
    "泰铢": "THB",
    "卢比": "INR",
}

# Percent-like units -> (unit attr, factor turning the written number into that unit).
PERCENT_UNITS: dict[str, tuple[str, float]] = {
    "%": ("%", 1.0),
    "‰": ("%", 0.1),
    "个百分点": ("pp", 1.0),
    "百分点": ("pp", 1.0),
    "成": ("%", 10.0),
}

# Measure words and units of QUANTITY -> the unit attr (the simplified spelling).
_CLASSIFIERS = (
    "个 家 台 套 辆 艘 架 座 项 件 名 人 位 次 场 款 条 批 所 户 种 只 头 株 棵 栋 幢 间 层 份 "
    "篇 册 张 支 枚 颗 块 片 处 宗 起 例 床 对 双 票 笔 类 门 轮 倍 岁 股 部 列 趟 羽 桶 "
    "人次 家次 架次 车次 艘次 辆次 户次 场次 件次 "
    "个月 天 小时 分钟 秒 毫秒 周 微克/立方米 毫克/立方米 毫克/升 "
    "吨 公斤 千克 克 斤 毫克 升 毫升 立方米 平方米 平方千米 平方公里 ㎡ ㎞ 公里 千米 米 厘米 毫米 纳米 "
    "公顷 亩 千瓦时 千瓦 兆瓦时 兆瓦 吉瓦时 吉瓦 瓦时 瓦 度 千伏安 千伏 伏 兆伏安 标准箱 吨标准煤 标箱 "
    "℃ 摄氏度 海里 m² km kg kWh kW MW GW GWh MWh TWh kV TB GB PB nm mm cm TEU PFLOPS EFLOPS TFLOPS Gbps Mbps MHz GHz"
)
QUANTITY_UNITS: dict[str, str] = {u: u for u in _CLASSIFIERS.split()}
QUANTITY_UNITS.update({"㎞": "公里", "km": "公里", "kg": "公斤", "千克": "公斤"})

# Characters that must not follow a unit for it to count as one (3场景, 5家庭, 70周年).
UNIT_NOT_BEFORE: dict[str, str] = {
    "元": "素旦宵器首老", "日元": "旦", "美元": "旦", "人": "民才员", "家": "庭具电乡属园", "周": "年边期岁末", "天": "然津下空河",
    "名": "单称义牌字录", "位": "于置居列", "次": "日年月要之序会全党代集", "场": "景所馆地", "台": "湾风阶州山",
    "所": "以有在属谓", "条": "件例", "股": "份东票权市", "只": "是有要能", "处": "理于置长",
    "起": "来点步草", "双": "创碳循方边向", "对": "于外接标口", "例": "如", "片": "区", "层": "次面级",
    "份": "额", "批": "准复", "项": "目", "种": "子植类", "户": "籍口", "升": "级高值温", "门": "户槛类",
    "成": "群为立员果功绩长交本品型熟效就了不都全份分色年", "度": "假", "间": "隔", "头": "部",
    "笔": "者记", "米": "粮", "轮": "胎", "类": "似", "座": "谈",
    "部": "门委署长分队级位属件", "列": "入为车举出", "羽": "毛", "趟": "车",
}

# Units that may carry a bracketed alternative classifier: 24.68万台(套).
BRACKETABLE = ("台", "套", "个", "件", "辆", "座", "家", "项", "艘", "架", "人")

# Magnitude characters; a run of them multiplies (千万 = 1e7, 万亿 = 1e12).
MAGNITUDES: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

# Qualifier words before the number.
PREFIX_QUALIFIERS: dict[str, str] = {
    "大约": "approx",
    "约": "approx",
    "近": "approx",
    "将近": "approx",
    "超过": "over",
    "超": "over",
    "逾": "over",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "不到": "under",
    "不足": "under",
    "不超过": "at_most",
    "不高于": "at_most",
    "最多": "at_most",
}

# Qualifier words after the unit.
SUFFIX_QUALIFIERS: dict[str, str] = {
    "以上": "at_least",
    "及以上": "at_least",
    "多": "over",
    "余": "over",
    "左右": "approx",
    "上下": "approx",
    "前后": "approx",
    "以下": "at_most",
    "及以下": "at_most",
    "以内": "at_most",
}

# Qualifiers between the number and the unit (100多个, 3000余万元).
INFIX_QUALIFIERS: dict[str, str] = {"多": "over", "余": "over"}

# Chinese-numeral phrases that look like quantities but are idioms, slogans or names.
CN_STOP_PHRASES: tuple[str, ...] = (
    "三位一体", "五位一体", "四个全面", "两个确立", "两个维护", "三个代表", "四个意识", "四个自信",
    "两个毫不动摇", "四个面向", "两个基本点", "两个大局", "三个务必", "五台山", "七台河", "三台县",
    "五家渠", "三家巷", "两个一百年", "十件实事", "三个转变", "六个必须",
)

# Relative year words that make a DATE only with a period attached (今年一季度).
RELATIVE_YEARS: dict[str, int] = {
    "今年": 0, "本年": 0, "当年": 0, "同年": 0, "去年": -1, "上年": -1, "前年": -2,
    "明年": 1, "次年": 1, "后年": 2,
}

# Five-year plans: the ordinal -> (first year, last year). 十四五 = 2021-2025.
FIVE_YEAR_PLANS: dict[str, tuple[int, int]] = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
    "十六五": (2031, 2035),
}

# Parts of a year or month -> the ``part`` attr.
PERIOD_PARTS: dict[str, str] = {
    "初": "start", "上旬": "start", "中旬": "mid", "中": "mid",
    "下旬": "end", "末": "end", "底": "end",
}
