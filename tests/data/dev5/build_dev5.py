"""Build dev5.jsonl: fourteen fictional government/industry news texts with hand-made ACTION spans.

Only ACTION is annotated. Each span is listed as (surface, occurrence, actor): ``occurrence`` is
None when the surface must occur exactly once in the text, else the 0-based index of the
occurrence meant; ``actor`` is the surface text of the GOV/ORG/LOC/PER name that is the subject
of the action in the same sentence, or None. Offsets are found with ``str.find``.

    .venv/bin/python tests/data/dev5/build_dev5.py [--show]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gold_build as gb  # noqa: E402

OUT = Path(__file__).resolve().parent / "dev5.jsonl"
SENTENCE_ENDS = "。！？!?\n"

Entry = tuple[str, int | None, str | None]


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the [a, b) extent of the sentence holding [start, end) (ends: 。！？!? and line breaks)."""
    a = max(text.rfind(c, 0, start) for c in SENTENCE_ENDS) + 1
    stops = [i for c in SENTENCE_ENDS if (i := text.find(c, end)) != -1]
    return a, min(stops, default=len(text))


def place_actions(doc_id: str, text: str, entries: list[Entry]) -> list[dict[str, Any]]:
    """Return the ACTION spans of the entries, each actor checked to occur in the span's sentence."""
    spans = []
    for surface, n, actor in entries:
        if n is None:
            where = gb.occurrences(text, surface)
            assert len(where) == 1, f"{doc_id}: {surface!r} occurs {len(where)} times"
            start = where[0]
        else:
            start = gb.nth(doc_id, text, surface, n)
        end = start + len(surface)
        assert surface == surface.strip() and surface[-1] not in "，。；、：", (doc_id, surface)
        attrs: dict[str, Any] = {}
        if actor is not None:
            a, b = sentence_of(text, start, end)
            assert actor in text[a:b], f"{doc_id}: actor {actor!r} not in the sentence of {surface!r}"
            attrs["actor"] = actor
        spans.append({"start": start, "end": end, "label": "ACTION", "text": surface, "attrs": attrs})
    return spans


DOCS: list[tuple[str, str, list[Entry]]] = []


def doc(doc_id: str, lines: list[str], entries: list[Entry]) -> None:
    DOCS.append((doc_id, "\n".join(lines), entries))


# 1. A provincial government news release on new measures.
doc(
    "dev5-anhui-minying-cuoshi",
    [
        "安徽出台18条措施促进民营经济高质量发展",
        "近日，安徽省人民政府办公厅印发《关于进一步促进民营经济高质量发展的若干措施》（以下简称《措施》）。"
        "《措施》共18条，涵盖市场准入、要素保障、融资支持、权益保护等方面。",
        "《措施》明确，全面清理妨碍公平竞争的规定和做法，每年向民间资本推介一批重大项目。"
        "对首次入选全国民营企业500强的企业，由所在市给予一次性奖励200万元。"
        "融资方面，省财政厅将安排10亿元资金，用于扩大政府性融资担保规模，并推动担保费率逐步降至1%以下。",
        "据省发展改革委介绍，截至9月底，全省民营经营主体达到812.6万户，占经营主体总量的96.3%，"
        "民间投资同比增长4.1%。下一步，省发展改革委将会同省市场监管局等部门建立涉企政策“直达快享”机制，"
        "开展政策落实情况专项督查，及时协调解决企业反映的突出问题。",
    ],
    [
        ("出台18条措施促进民营经济高质量发展", None, "安徽"),
        ("印发《关于进一步促进民营经济高质量发展的若干措施》", None, "安徽省人民政府办公厅"),
        ("清理妨碍公平竞争的规定和做法", None, None),
        ("推介一批重大项目", None, None),
        ("安排10亿元资金", None, "省财政厅"),
        ("推动担保费率逐步降至1%以下", None, "省财政厅"),
        ("建立涉企政策“直达快享”机制", None, "省发展改革委"),
        ("开展政策落实情况专项督查", None, "省发展改革委"),
        ("协调解决企业反映的突出问题", None, "省发展改革委"),
    ],
)

# 2. A provincial government work report excerpt.
doc(
    "dev5-gansu-gongzuo-baogao",
    [
        "甘肃省政府工作报告（摘要）",
        "今年全省发展的主要预期目标为：全省地区生产总值增长6%左右，城镇新增就业32万人以上，"
        "居民消费价格涨幅控制在3%左右，粮食产量稳定在1250万吨以上。",
        "围绕上述目标，今年的主要任务是：",
        "一是扩大有效投资。实施重大项目攻坚行动，全年安排省级重大项目300个以上，"
        "开工建设兰州至合作铁路等一批交通项目。",
        "二是培育壮大新能源产业。加快建设河西走廊清洁能源基地，推进酒泉、张掖等地风光电项目建设，"
        "力争新能源装机新增1000万千瓦。",
        "三是推进乡村全面振兴。建设高标准农田200万亩，培育省级农业产业化龙头企业50家，巩固拓展脱贫攻坚成果。",
        "下一步，我们将持续优化营商环境，深化“放管服”改革，推行涉企事项“一网通办”，让企业和群众办事更加便捷。",
    ],
    [
        ("扩大有效投资", None, None),
        ("实施重大项目攻坚行动", None, None),
        ("安排省级重大项目300个以上", None, None),
        ("开工建设兰州至合作铁路等一批交通项目", None, None),
        ("培育壮大新能源产业", None, None),
        ("建设河西走廊清洁能源基地", None, None),
        ("推进酒泉、张掖等地风光电项目建设", None, None),
        ("推进乡村全面振兴", None, None),
        ("建设高标准农田200万亩", None, None),
        ("培育省级农业产业化龙头企业50家", None, None),
        ("巩固拓展脱贫攻坚成果", None, None),
        ("优化营商环境", None, None),
        ("深化“放管服”改革", None, None),
        ("推行涉企事项“一网通办”", None, None),
    ],
)

# 3. A ministry notice (各地要…).
doc(
    "dev5-nongyebu-tongzhi",
    [
        "农业农村部办公厅关于切实做好今冬明春农田水利建设工作的通知",
        "各省（自治区、直辖市）农业农村（农牧）厅（局、委）：",
        "为夯实粮食安全根基，现就做好今冬明春农田水利建设有关工作通知如下。",
        "一、加快推进高标准农田建设。各地要抓紧分解下达年度建设任务，优先在永久基本农田集中连片区域安排建设项目，"
        "力争冬季开工项目数占全年任务的60%以上。",
        "二、强化资金保障。各地要统筹用好中央和地方财政资金，积极引导金融和社会资本投入，严禁挤占挪用项目资金。",
        "三、加强工程质量管理。各地要建立项目建设全过程质量监管制度，推行工程质量终身责任制，及时整改检查发现的问题。",
        "四、做好信息报送。请各省级农业农村部门于2025年1月15日前将工作进展情况报送我部农田建设管理司。",
        "农业农村部办公厅",
        "2024年11月20日",
    ],
    [
        ("推进高标准农田建设", None, None),
        ("分解下达年度建设任务", None, None),
        ("安排建设项目", None, None),
        ("强化资金保障", None, None),
        ("用好中央和地方财政资金", None, None),
        ("引导金融和社会资本投入", None, None),
        ("加强工程质量管理", None, None),
        ("建立项目建设全过程质量监管制度", None, None),
        ("推行工程质量终身责任制", None, None),
        ("整改检查发现的问题", None, None),
    ],
)

# 4. A county rural-revitalisation report.
doc(
    "dev5-huayuan-xiangcun-zhenxing",
    [
        "花垣县：产业帮扶激活乡村振兴“一池春水”",
        "今年以来，花垣县围绕猕猴桃、茶叶、油茶等特色产业，整合涉农资金1.6亿元，新建和改造标准化基地3.2万亩。"
        "县农业农村局组建猕猴桃产业联盟，引进湖南湘果源农业发展有限公司建设冷链仓储中心，"
        "带动周边12个村的1800余户农户增收。",
        "在十八洞村，村里依托苗寨风貌开发研学旅游线路，前三季度接待游客42万人次，村集体经济收入达到286万元。",
        "“我们把土地流转给合作社，每年拿租金，在基地务工每月还有3000多元收入。”村民施大姐说。",
        "下一步，花垣县将实施农村人居环境整治提升五年行动，新改建农村公路85公里，推动驻村第一书记与企业结对，"
        "确保每个脱贫村至少有1个主导产业。",
    ],
    [
        ("整合涉农资金1.6亿元", None, "花垣县"),
        ("新建和改造标准化基地3.2万亩", None, "花垣县"),
        ("组建猕猴桃产业联盟", None, "县农业农村局"),
        ("引进湖南湘果源农业发展有限公司建设冷链仓储中心", None, "县农业农村局"),
        ("开发研学旅游线路", None, None),
        ("实施农村人居环境整治提升五年行动", None, "花垣县"),
        ("新改建农村公路85公里", None, "花垣县"),
        ("推动驻村第一书记与企业结对", None, "花垣县"),
    ],
)

# 5. A state-owned enterprise's cooperation news.
doc(
    "dev5-qinchuan-nengyuan-hezuo",
    [
        "秦川能源集团与榆林市签署战略合作协议 共建氢能产业示范基地",
        "11月21日，陕西秦川能源投资集团有限公司与榆林市人民政府在西安签署战略合作协议。"
        "根据协议，双方将在氢能制储运、煤化工耦合制氢、新能源装备制造等领域开展合作，共同打造西北地区规模最大的绿氢示范基地。",
        "秦川能源集团将投资120亿元，在榆林高新区建设年产3万吨绿氢项目，一期工程计划于2025年6月开工；"
        "榆林市将为项目提供用地、用能和配套电网保障，并设立氢能产业发展基金。",
        "秦川能源集团党委书记、董事长高建国表示，集团将以榆林为氢能战略的核心布局地，组建氢能科技公司，"
        "联合西安交通大学建设氢能联合研究院。",
        "据了解，该集团今年前三季度实现营业收入418.6亿元，同比增长9.2%，新能源装机规模突破600万千瓦。",
    ],
    [
        ("共建氢能产业示范基地", None, None),
        ("开展合作", None, None),
        ("打造西北地区规模最大的绿氢示范基地", None, None),
        ("投资120亿元", None, "秦川能源集团"),
        ("建设年产3万吨绿氢项目", None, "秦川能源集团"),
        ("提供用地、用能和配套电网保障", None, "榆林市"),
        ("设立氢能产业发展基金", None, "榆林市"),
        ("组建氢能科技公司", None, None),
        ("建设氢能联合研究院", None, None),
    ],
)

# 6. A development-zone investment-promotion story.
doc(
    "dev5-shanxi-zonggaiqu-zhaoshang",
    [
        "山西综改区赴长三角招商 签约项目23个",
        "11月中旬，山西转型综合改革示范区赴上海、苏州、杭州开展专题招商活动，先后走访企业41家，"
        "举办半导体与新材料产业推介会2场。活动期间，综改区共签约项目23个，总投资218亿元，"
        "涵盖碳化硅衬底、光伏组件、生物基材料等领域。",
        "其中，苏州瑞芯微纳科技有限公司将在潇河产业园区投资35亿元建设第三代半导体材料生产基地，达产后年产值可达60亿元。",
        "综改区管委会有关负责人介绍，今年以来，综改区实行“链长+专班”招商机制，围绕重点产业链绘制招商图谱，"
        "组建8个产业链招商专班，对签约项目实行全程代办服务。截至10月底，综改区实际利用内资287.4亿元，同比增长12.6%。"
        "下一步，综改区将在深圳设立驻外招商联络处，面向珠三角电子信息企业开展精准招商。",
    ],
    [
        ("赴长三角招商", None, "山西综改区"),
        ("赴上海、苏州、杭州开展专题招商活动", None, "山西转型综合改革示范区"),
        ("走访企业41家", None, "山西转型综合改革示范区"),
        ("投资35亿元建设第三代半导体材料生产基地", None, "苏州瑞芯微纳科技有限公司"),
        ("实行“链长+专班”招商机制", None, None),
        ("绘制招商图谱", None, None),
        ("组建8个产业链招商专班", None, None),
        ("实行全程代办服务", None, None),
        ("设立驻外招商联络处", None, None),
        ("开展精准招商", None, None),
    ],
)

# 7. A science-and-technology department announcement of funding programmes.
doc(
    "dev5-liaoning-keji-jihua",
    [
        "辽宁省科技厅发布2025年度省科技计划项目申报指南",
        "近日，辽宁省科学技术厅发布《2025年度辽宁省科技计划项目申报指南》，启动省重点研发计划、省自然科学基金、"
        "省科技成果转化专项等5类项目的申报工作。",
        "今年，省科技厅将安排省级科技计划资金9.8亿元，比上年增加1.2亿元，重点支持集成电路装备、高端医疗器械、"
        "海洋工程装备等领域攻关。其中，“揭榜挂帅”项目单项支持额度最高可达1000万元，青年科学基金项目每项资助10万元。",
        "与往年相比，今年的申报指南有三处变化：一是首次设立“企业出题、高校解题”专项，由企业提出技术需求，"
        "省科技厅组织高校院所联合攻关；二是扩大省自然科学基金联合基金规模，沈阳、大连两市分别出资3000万元参与；"
        "三是在12家试点单位推行项目经费“包干制”。",
        "项目申报截止时间为12月20日。省科技厅将通过辽宁省科技管理信息系统受理申报，不接受纸质材料。",
    ],
    [
        ("发布2025年度省科技计划项目申报指南", None, "辽宁省科技厅"),
        ("发布《2025年度辽宁省科技计划项目申报指南》", None, "辽宁省科学技术厅"),
        (
            "启动省重点研发计划、省自然科学基金、省科技成果转化专项等5类项目的申报工作",
            None,
            "辽宁省科学技术厅",
        ),
        ("安排省级科技计划资金9.8亿元", None, "省科技厅"),
        ("支持集成电路装备、高端医疗器械、海洋工程装备等领域攻关", None, "省科技厅"),
        ("设立“企业出题、高校解题”专项", None, None),
        ("组织高校院所联合攻关", None, "省科技厅"),
        ("扩大省自然科学基金联合基金规模", None, None),
        ("出资3000万元参与", None, None),
        ("推行项目经费“包干制”", None, None),
        ("受理申报", None, "省科技厅"),
    ],
)

# 8. An environmental-protection campaign report.
doc(
    "dev5-hebei-daqi-gongjian",
    [
        "河北启动秋冬季大气污染综合治理攻坚行动",
        "11月15日起，河北省在全省范围内启动2024—2025年秋冬季大气污染综合治理攻坚行动，为期四个半月。",
        "记者从省生态环境厅获悉，攻坚行动期间，全省将对钢铁、焦化、水泥等行业的1260家涉气企业实施差异化管控，"
        "开展柴油货车尾气排放专项执法检查，严查超标排放、数据造假等违法行为。"
        "石家庄、邢台、邯郸等重点城市将加密道路清扫频次，推进散煤“清零”。",
        "省生态环境厅同时组建了12个跨市交叉执法组，以“四不两直”方式开展明察暗访，对发现的问题实行挂账督办。",
        "数据显示，今年1—10月，全省PM2.5平均浓度为36微克/立方米，同比下降5.3%；优良天数比例为68.9%，"
        "同比提高2.1个百分点。按照目标，本轮攻坚行动结束时全省PM2.5平均浓度力争控制在55微克/立方米以内。",
    ],
    [
        ("启动秋冬季大气污染综合治理攻坚行动", None, "河北"),
        ("启动2024—2025年秋冬季大气污染综合治理攻坚行动", None, "河北省"),
        ("实施差异化管控", None, None),
        ("开展柴油货车尾气排放专项执法检查", None, None),
        ("严查超标排放、数据造假等违法行为", None, None),
        ("加密道路清扫频次", None, None),
        ("推进散煤“清零”", None, None),
        ("组建了12个跨市交叉执法组", None, "省生态环境厅"),
        ("开展明察暗访", None, "省生态环境厅"),
        ("实行挂账督办", None, "省生态环境厅"),
    ],
)

# 9. A finance/banking support-measures story.
doc(
    "dev5-jilin-jinrong-xiaowei",
    [
        "金融“活水”精准滴灌 吉林出台金融支持民营小微企业十条措施",
        "日前，中国人民银行吉林省分行和国家金融监督管理总局吉林监管局联合出台《吉林省金融支持民营和小微企业发展十条措施》，"
        "从信贷投放、融资担保、债券融资等方面加大支持力度。",
        "措施提出，力争2025年全省普惠小微贷款增速不低于各项贷款增速，对符合条件的民营小微企业贷款实行“无还本续贷”。"
        "人民银行吉林省分行将设立100亿元再贷款再贴现专项额度，引导地方法人银行降低小微企业融资成本。",
        "各金融机构迅速行动。中国银行吉林省分行推出“长白链贷”产品，为汽车零部件产业链上下游企业提供订单融资；"
        "吉林银行设立科技金融事业部，今年已为省内312家科技型企业发放贷款46.8亿元。",
        "截至10月末，全省普惠小微贷款余额2876.3亿元，同比增长15.4%，比各项贷款增速高9.7个百分点；"
        "新发放普惠小微企业贷款平均利率为4.21%，较上年同期下降0.38个百分点。",
    ],
    [
        ("出台金融支持民营小微企业十条措施", None, "吉林"),
        ("出台《吉林省金融支持民营和小微企业发展十条措施》", None, None),
        ("加大支持力度", None, None),
        ("设立100亿元再贷款再贴现专项额度", None, "人民银行吉林省分行"),
        ("引导地方法人银行降低小微企业融资成本", None, "人民银行吉林省分行"),
        ("推出“长白链贷”产品", None, "中国银行吉林省分行"),
        ("提供订单融资", None, "中国银行吉林省分行"),
        ("设立科技金融事业部", None, "吉林银行"),
    ],
)

# 10. A trade-promotion story.
doc(
    "dev5-neimenggu-menggu-zhanhui",
    [
        "内蒙古组织百家企业赴蒙古国参展",
        "11月12日至15日，2024中国（内蒙古）商品展览会在蒙古国乌兰巴托举行。内蒙古自治区商务厅组织区内136家企业参展，"
        "展品涵盖农畜产品加工、建材、新能源装备、日用消费品等，展览面积达1.2万平方米。",
        "展会期间，区商务厅举办中蒙经贸合作对接会，促成双方企业签订合作协议47项，意向成交额3.6亿美元。"
        "内蒙古北疆恒达新材料股份有限公司与蒙古国一家矿业集团签约，将在二连浩特建设跨境物流仓储中心。",
        "今年前10个月，内蒙古对蒙古国进出口总额达到612.3亿元，同比增长18.7%，蒙古国继续保持内蒙古第一大贸易伙伴地位。"
        "自治区商务厅表示，下一步将支持满洲里、二连浩特口岸扩大跨境电商业务，在乌兰巴托设立内蒙古商品展示中心，"
        "并推动更多企业“走出去”。",
    ],
    [
        ("组织百家企业赴蒙古国参展", None, "内蒙古"),
        ("组织区内136家企业参展", None, "内蒙古自治区商务厅"),
        ("建设跨境物流仓储中心", None, "内蒙古北疆恒达新材料股份有限公司"),
        ("支持满洲里、二连浩特口岸扩大跨境电商业务", None, "自治区商务厅"),
        ("设立内蒙古商品展示中心", None, "自治区商务厅"),
        ("推动更多企业“走出去”", None, "自治区商务厅"),
    ],
)

# 11. A Macau government press release in traditional Chinese.
doc(
    "dev5-aomen-zhongxiao-qiye-fanti",
    [
        "特區政府推出措施支持中小企業數字化轉型",
        "經濟及科技發展局今日（十一月二十二日）宣布，推出「中小企業數字化轉型資助計劃」，"
        "計劃總預算為澳門元一億元，資助範圍涵蓋雲端管理系統、電子支付設備及網店建設服務。",
        "根據計劃，每家合資格企業可獲最高澳門元六萬元的資助，資助金額為項目開支的百分之七十。申請期由明年一月二日起至六月三十日止。",
        "經科局局長梁志勤表示，特區政府將聯同澳門工商業數字化協會開展系列培訓，並安排顧問團隊上門為企業提供一對一諮詢，"
        "協助商戶善用數字工具。另外，經科局將於明年第一季推出網上申請平台，以簡化申請程序。",
        "經科局資料顯示，截至今年十月底，本澳共有中小企業約六萬三千家，佔企業總數逾九成；"
        "過去三年已有四千二百餘家企業透過各類計劃完成數字化升級。",
    ],
    [
        ("推出措施支持中小企業數字化轉型", None, "特區政府"),
        ("推出「中小企業數字化轉型資助計劃」", None, "經濟及科技發展局"),
        ("開展系列培訓", None, "特區政府"),
        ("安排顧問團隊上門為企業提供一對一諮詢", None, "特區政府"),
        ("推出網上申請平台", None, "經科局"),
    ],
)

# 12. A headline-heavy short news item.
doc(
    "dev5-chengdu-dikong-jingji",
    [
        "成都发布低空经济发展三年行动计划",
        "到2027年低空经济规模突破1000亿元 打造20个低空应用场景",
        "（记者 周雨桐）11月20日，成都市人民政府办公厅印发《成都市促进低空经济高质量发展三年行动计划（2025年—2027年）》。",
        "■ 建设低空飞行服务保障体系",
        "■ 开放首批低空航线50条",
        "■ 设立低空产业投资基金",
        "■ 引进培育链主企业10家以上",
        "《计划》提出，到2027年，全市低空经济规模突破1000亿元，集聚低空经济相关企业500家以上。"
        "成都市经信局有关负责人表示，将加快在双流区、淮州新城布局无人机产业园，并开展城市空中交通试点。"
        "市交通运输局将编制低空飞行起降设施布局规划。据介绍，目前全市已集聚低空经济相关企业260余家，"
        "今年1—9月完成无人机试飞作业1.8万架次。",
    ],
    [
        ("发布低空经济发展三年行动计划", None, "成都"),
        ("打造20个低空应用场景", None, None),
        ("印发《成都市促进低空经济高质量发展三年行动计划（2025年—2027年）》", None, "成都市人民政府办公厅"),
        ("建设低空飞行服务保障体系", None, None),
        ("开放首批低空航线50条", None, None),
        ("设立低空产业投资基金", None, None),
        ("引进培育链主企业10家以上", None, None),
        ("布局无人机产业园", None, "成都市经信局"),
        ("开展城市空中交通试点", None, "成都市经信局"),
        ("编制低空飞行起降设施布局规划", None, "市交通运输局"),
    ],
)

# 13. A meeting report: the meeting is not an action, the decisions announced are.
doc(
    "dev5-guizhou-changwu-huiyi",
    [
        "贵州省政府召开常务会议 研究部署今冬明春能源保供工作",
        "11月19日，省长李文博主持召开省政府第36次常务会议，听取全省能源保供情况汇报，研究部署今冬明春能源保供工作，"
        "审议通过《贵州省数据要素市场化配置改革实施方案》。",
        "会议指出，今年以来全省电煤日均供应量保持在22万吨以上，统调电厂存煤可用天数达到18天，能源供应总体平稳。",
        "会议强调，要抓好《方案》落地实施，组建省级数据运营公司，推动公共数据授权运营在交通、医疗等领域先行先试。",
        "会议决定，从12月1日起在全省启动煤炭增产保供专项行动，由省能源局组织30处具备条件的煤矿释放先进产能。"
        "会议要求，各地各部门要压实能源保供责任，加快推进毕节、六盘水电网改造工程，建立极端天气应急调度机制，确保群众温暖过冬。",
        "会议还研究了其他事项。",
    ],
    [
        ("抓好《方案》落地实施", None, None),
        ("组建省级数据运营公司", None, None),
        ("推动公共数据授权运营在交通、医疗等领域先行先试", None, None),
        ("启动煤炭增产保供专项行动", None, None),
        ("组织30处具备条件的煤矿释放先进产能", None, "省能源局"),
        ("压实能源保供责任", None, None),
        ("推进毕节、六盘水电网改造工程", None, None),
        ("建立极端天气应急调度机制", None, None),
    ],
)

# 14. A statistics-heavy economic report: mostly non-actions.
doc(
    "dev5-hunan-jingji-yunxing",
    [
        "前三季度湖南经济运行总体平稳",
        "10月25日，湖南省统计局发布数据，前三季度全省地区生产总值38216.4亿元，按不变价格计算，同比增长4.7%。"
        "分产业看，第一产业增加值2985.1亿元，增长3.6%；第二产业增加值13420.8亿元，增长5.1%；第三产业增加值21810.5亿元，增长4.5%。",
        "工业生产稳步回升。全省规模以上工业增加值同比增长6.8%，其中高技术制造业增加值增长11.2%，占规上工业的比重为14.6%。"
        "工程机械、新能源汽车产量分别增长9.4%和37.8%。",
        "消费市场持续恢复。社会消费品零售总额14522.7亿元，增长5.3%；网上零售额增长12.9%。",
        "外贸保持增长。全省货物进出口总额4823.6亿元，增长3.2%，其中对东盟进出口增长21.5%。",
        "省统计局新闻发言人表示，下一阶段，全省将加大稳增长政策落实力度，扩大有效需求，巩固经济回升向好态势。",
    ],
    [
        ("加大稳增长政策落实力度", None, None),
        ("扩大有效需求", None, None),
        ("巩固经济回升向好态势", None, None),
    ],
)

# Where an occurrence is deliberately not a span (read when proofreading with --show).
NOTES: dict[str, list[str]] = {
    "dev5-anhui-minying-cuoshi": [
        "not: 给予一次性奖励200万元 (terms), 用于扩大… (purpose), 达到812.6万户 (statistic)"
    ],
    "dev5-gansu-gongzuo-baogao": [
        "not: the targets of the first paragraph, 力争新能源装机新增…, 让企业和群众… (effect)"
    ],
    "dev5-nongyebu-tongzhi": [
        "not: the title, 为夯实… (purpose), 力争… (target), 严禁… (prohibition), 报送… and 做好信息报送"
    ],
    "dev5-huayuan-xiangcun-zhenxing": [
        "not: 带动…增收 (outcome), 接待游客…, the villager's quote, 确保… (target)"
    ],
    "dev5-qinchuan-nengyuan-hezuo": [
        "not: 签署战略合作协议 (x2), 开工 (schedule), 以榆林为…, revenue figures"
    ],
    "dev5-shanxi-zonggaiqu-zhaoshang": ["not: 签约项目23个 (x2), 举办…推介会 (event held), 实际利用内资…"],
    "dev5-liaoning-keji-jihua": [
        "not: 增加1.2亿元, 支持额度/资助 (terms), 由企业提出技术需求, 不接受纸质材料"
    ],
    "dev5-hebei-daqi-gongjian": ["not: 为期四个半月, the PM2.5 statistics, 力争控制在… (target)"],
    "dev5-jilin-jinrong-xiaowei": [
        "not: 力争… (target), 实行“无还本续贷” (terms), 迅速行动, 发放贷款46.8亿元 (volume)"
    ],
    "dev5-neimenggu-menggu-zhanhui": [
        "not: 展览会…举行, 举办…对接会, 促成…签订合作协议47项, 签约, trade figures"
    ],
    "dev5-aomen-zhongxiao-qiye-fanti": [
        "not: 資助 (terms), 協助商戶… (purpose), 以簡化申請程序 (purpose), statistics"
    ],
    "dev5-chengdu-dikong-jingji": ["not: 规模突破1000亿元 (x2, target), 集聚…企业500家以上 (target)"],
    "dev5-guizhou-changwu-huiyi": [
        "not: 召开常务会议, 听取…汇报, 研究部署… (x2), 审议通过《…》, 确保… (target)"
    ],
    "dev5-hunan-jingji-yunxing": ["not: 发布数据 (publishing statistics), every growth figure"],
}


def build() -> list[dict[str, Any]]:
    """Return the dev5 records (ids, texts and sorted ACTION spans)."""
    return gb.build_records(DOCS, place_actions, count=14)


if __name__ == "__main__":
    gb.main(build(), OUT, mark="[{text}]{attrs}", notes=NOTES)
