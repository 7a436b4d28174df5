"""The prose of a demo report: six sections of varied, realistic text.

Every slot of a report (the introduction, each part of 一、总体情况, 五 and 六) has several sentence
templates; the agency's random stream picks one per slot and year, so two years of one agency, or
two agencies of one year, share only a slot here and there — while a report *copied* from last year
(defect ``copied_prose``) shares all of them. The figures the prose states (the prose facts,
README “A report, in codes”) use the phrasings real reports use: 上报政务信息N条，采用信息M条，采用率P%;
在政府门户网站共公开各类信息N条; 共收到政府信息公开申请N件; 行政复议N件、行政诉讼M件 …

Prose is made in two steps so that a copy can change the year and nothing else: ``compose``
returns paragraphs with year markers (``Y``, ``Y+1``, ``Y-1`` in private-use brackets) and
``fill_years`` replaces them.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from xxgk_demo.agencies import Agency

# Year markers (private-use characters never occur in report text).
YEAR = "\ue000"
NEXT_YEAR = "\ue001"
PREV_YEAR = "\ue002"


def fill_years(text: str, year: int) -> str:
    return text.replace(YEAR, str(year)).replace(NEXT_YEAR, str(year + 1)).replace(PREV_YEAR, str(year - 1))


@dataclass(frozen=True)
class Prose:
    """The prose blocks of one report, with year markers: (kind, text) where kind is
    "intro" (before 一), "s1" (一、总体情况; "sub" for its sub-headings), "s5", "s6"."""

    blocks: tuple[tuple[str, str], ...]
    facts: dict  # the prose facts these blocks state


def voice(agency: Agency, year: int) -> dict[str, str]:
    """How a report names its agency: full name, a short form (区司法局), 我局 …"""
    place = agency.place(year)
    if agency.level == "city":
        level_word = "盟" if place.endswith("盟") else ("州" if place.endswith("州") else "市")
    else:
        level_word = place[-1] if place and place[-1] in "区县市旗" else "县"
    unit = agency.unit
    if agency.kind == "government":
        short = f"{level_word}政府"
        we = f"我{level_word}"
        area = f"全{level_word}"
    elif agency.kind in ("township", "street"):
        stem = unit.removesuffix("人民政府").removesuffix("办事处")
        short = stem
        we = "我街道" if agency.kind == "street" else ("我乡" if stem.endswith("乡") else "我镇")
        area = "全" + ("街道" if agency.kind == "street" else stem[-1])
    else:
        short = level_word + unit
        if unit.endswith("委员会"):
            we = "我委"
        elif unit.endswith("办公室"):
            we = "我办"
        elif unit.endswith("中心"):
            we = "我中心"
        else:
            we = "我局"
        area = we
    city = agency.city or agency.province
    where = agency.province + city if agency.city and agency.city != agency.province else agency.province
    if agency.level == "district":
        where += place
    return {
        "A": agency.name(year), "S": short, "W": we, "D": place, "C": city, "P": agency.province,
        "WHERE": where, "CD": city + place if agency.level == "district" else city, "AREA": area, "L": level_word,
        "Y": YEAR, "Y1": NEXT_YEAR, "Yp": PREV_YEAR,
    }


# --- templates ------------------------------------------------------------------------------------

_INTRO = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{Y}年1月1日起至{Y}年12月31日止。",
    "根据《中华人民共和国政府信息公开条例》规定，现公布{A}{Y}年度政府信息公开工作年度报告。本报告由{S}编制，电子版可在{C}人民政府门户网站查阅。如对本报告有任何疑问，请与{S}办公室联系。",
    "按照《中华人民共和国政府信息公开条例》和{C}人民政府办公室关于做好政府信息公开工作年度报告编制和发布工作的要求，{S}编制了{Y}年度政府信息公开工作年度报告。报告中所列数据统计期限为{Y}年1月1日至{Y}年12月31日。",
    "",
    "",
)

_OVERVIEW = (
    "{Y}年，{S}在{D}委、{D}政府的坚强领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”原则，围绕中心工作，扎实推进政务公开各项工作，政府信息公开的质量和实效不断提升。",
    "{Y}年，{S}严格按照《{CD}人民政府办公室关于明确{Y}年政务公开工作责任分工的通知》要求，指定专人负责政务信息公开工作，建立了{Y}年政务公开工作要点台账，明确了工作要点、责任单位和完成时限。",
    "{Y}年，{W}深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，按照省、市、{L}政务公开工作要点，以群众需求为导向，持续深化决策、执行、管理、服务、结果公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "{Y}年，在{L}委、{L}政府的正确领导下，{S}紧紧围绕{WHERE}政务公开工作要点，进一步健全工作机制，规范公开流程，拓宽公开渠道，全面提升政务公开标准化、规范化水平。",
    "{Y}年，{S}高度重视政府信息公开工作，成立了由主要负责同志任组长的政务公开工作领导小组，将政务公开工作纳入年度目标考核，形成了主要领导亲自抓、分管领导具体抓、专人负责落实的工作格局。",
    "{Y}年，{S}以习近平新时代中国特色社会主义思想为指导，全面落实《条例》各项规定，紧扣{C}、{D}政务公开重点任务，坚持依法公开、规范公开、及时公开，政务公开工作取得了新的成效。",
)

_ACTIVE_TAIL = (
    "在线服务的规范性、准确性、及时性得到了有效提高。",
    "重点领域信息公开更加全面，群众获取信息更加便捷。",
    "及时公开机构职能、财政预决算、重大决策、人事信息等内容，确保应公开尽公开。",
    "公开内容涵盖工作动态、通知公告、政策文件、财政资金等多个方面。",
    "做到了公开内容全面准确、更新及时。",
)

_MANAGEMENT = (
    "严把信息质量关。{S}不断强化信息意识，加强信息采集、审核和发布制度，分级管理，严格把关，未经审核的信息不得在网上发布，严禁涉密信息上网。",
    "{S}严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，明确审查程序和责任，确保公开信息不涉密、涉密信息不公开。",
    "健全信息发布审核机制，严格执行“三审三校”制度，对拟公开的政府信息逐条进行保密审查和内容把关，做到依法依规公开。",
    "{W}加强政府信息管理，动态更新政府信息公开指南和公开目录，对照标准目录逐项梳理公开事项，确保信息发布准确规范。",
    "规范政府信息公开属性源头认定工作，公文在起草时即明确公开属性，对不予公开的说明理由，从源头上保障政府信息依法公开。",
)

_INFO = (
    "{Y}年上报政务信息{info_submitted}条，采用信息{info_adopted}条，采用率{rate}%。",
    "全年共报送政务信息{info_submitted}条，被上级部门采用{info_adopted}条，采用率为{rate}%。",
    "{Y}年，{S}向上级报送信息{info_submitted}篇，被采用{info_adopted}篇，采用率{rate}%。",
    "全年累计上报各类信息{info_submitted}条，其中被{D}政府办公室采用{info_adopted}条，信息采用率达{rate}%。",
)

_PLATFORM = (
    "根据《国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知》（国办公开办函〔2019〕61号）及省、市关于推进基层政务公开标准化规范化的相关文件要求，{S}不断完善充实平台信息公开的内容。",
    "{S}以{C}人民政府门户网站政府信息公开专栏为第一平台，同步利用政务微信公众号等新媒体及时发布信息，形成了多渠道、立体化的公开格局。",
    "持续加强政府信息公开专栏建设，按照统一的栏目设置规范要求，优化调整栏目设置，做到栏目规范、内容准确、更新及时。",
    "{W}进一步整合政务公开平台资源，规范政务新媒体管理，关停整合更新不及时的账号，确保平台运行安全、内容权威。",
    "完成了基层政务公开标准指引目录编制，并按照要求对照标准指引目录实行政务过程和结果的全公开。",
)

_SUPERVISION = (
    "{S}将政务公开工作纳入年度目标考核，定期开展自查自纠，对发现的问题及时整改，确保各项工作落到实处。",
    "加强政务公开工作培训，组织工作人员参加{C}、{L}组织的政务公开业务培训，不断提高工作人员的业务能力和水平。",
    "建立健全政务公开监督机制，主动接受社会评议和群众监督，畅通意见建议反馈渠道，持续改进工作。",
    "严格落实政务公开工作责任制和责任追究制度，本年度未发生因政府信息公开工作不到位被责任追究的情况。",
    "开展政府网站内容更新工作，加大本单位网站内容更新频次，加强内容审核和错别字排查工作，坚持先审后发，确保网站发布内容准确。",
)

_PROBLEMS = (
    "{Y}年，{S}政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是公开内容的深度和广度还有待加强；二是政策解读形式较为单一，图解、视频等多元化解读偏少；三是工作人员业务水平有待进一步提高。",
    "{Y}年，按照{D}统一要求，{S}信息公开工作运转正常，信息公开及时、有效，但仍存在政务公开意识不强、深度不够的问题。",
    "对照上级要求，{W}政务公开工作还存在一些短板：信息更新不够及时，部分栏目内容不够丰富，主动回应社会关切的力度还需加大。",
    "存在的主要问题：一是政务公开队伍人员变动较大，业务熟悉程度不够；二是公开信息的规范性、时效性有待提高；三是依申请公开答复的规范化水平还需提升。",
    "{W}政府信息公开工作仍存在一些问题和不足，主要是基层政务公开标准化规范化建设推进不够平衡，公众参与度不高，互动交流还需加强。",
)

_PLANS = (
    "下一步，{S}将进一步加强政府信息及政务公开工作的培训，提高对政务公开工作的认识，加强监督，扎实推进工作落实，确保{Y1}年政务公开工作取得新的实效。",
    "针对以上问题，{W}将采取以下措施：一是加强学习培训，提高业务能力；二是丰富解读形式，提升解读质量；三是完善工作机制，压实工作责任，推动政务公开工作再上新台阶。",
    "{Y1}年，{S}将继续深入贯彻落实《条例》，聚焦群众关切，进一步拓展公开范围、细化公开内容，不断提升政务公开工作质效。",
    "下一步，{W}将坚持问题导向，建立健全信息发布更新机制，加强栏目日常维护，及时回应社会关切，持续推进政务公开工作规范化、标准化建设。",
    "今后，{S}将按照上级部署，进一步压实工作责任，健全常态化监督检查机制，加强依申请公开办理工作，依法保障人民群众合理的信息需求。",
)

_OTHER = (
    "{S}无其他需要报告的事项。",
    "本年度{W}未收取信息处理费，无其他需要报告的事项。",
    "根据《政府信息公开信息处理费管理办法》规定，{Y}年{S}未收取信息处理费。",
    "{Y}年，{S}认真落实人大代表建议和政协委员提案办理工作，办理结果依法依规予以公开。无其他需要报告的事项。",
    "{S}将进一步建立健全工作机制，层层落实责任，严格按照《条例》要求在规定时间内更新信息，确保信息公开的及时性、准确性和有效性。",
)

_SUBHEADINGS = (
    ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"),
    ("（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）平台建设情况", "（五）监督保障情况"),
    ("1.主动公开", "2.依申请公开", "3.政府信息管理", "4.平台建设", "5.监督保障"),
    None,  # no sub-headings: paragraphs only
)


# What each kind of agency publishes most: a few items, in a random order, make the sentence that
# is this agency's own (and keeps two agencies' reports from looking alike).
_FOCUS: dict[str, tuple[str, ...]] = {
    "gov": ("重大决策预公开", "政府常务会议", "规范性文件", "财政预决算", "重大建设项目", "公共资源配置",
            "社会公益事业建设", "政策解读", "人事任免", "政府工作报告", "民生实事", "优化营商环境", "乡村振兴"),
    "police": ("户政办理", "出入境管理", "道路交通管理", "治安管理", "警情通报", "行政处罚结果", "办事指南",
               "反电信网络诈骗宣传", "机动车驾驶人服务", "公安便民措施"),
    "natres": ("土地征收", "国有建设用地供应", "矿业权出让", "不动产登记", "国土空间规划", "耕地保护",
               "地质灾害防治", "规划许可批后公布", "自然资源执法"),
    "housing": ("保障性住房", "棚户区改造", "老旧小区改造", "建筑市场监管", "房地产市场", "物业管理",
                "城建项目", "建设工程招投标", "农村危房改造"),
    "finance": ("财政预决算", "政府债务", "三公经费", "惠民惠农补贴", "政府采购", "财政专项资金", "减税降费",
                "国有资产管理"),
    "justice": ("普法宣传", "公共法律服务", "人民调解", "法律援助", "行政复议", "社区矫正", "法治政府建设",
                "行政执法监督"),
    "market": ("行政许可", "双随机一公开抽查", "食品安全抽检", "特种设备安全", "价格监管", "企业信用信息",
               "产品质量监督", "知识产权保护", "药品安全"),
    "hrss": ("就业创业政策", "社会保险", "劳动关系", "人事考试录用", "职称评审", "农民工工资支付",
             "职业技能培训", "劳动保障监察"),
    "edu": ("招生入学", "教育经费", "学校安全", "教师招聘", "学生资助", "义务教育均衡发展", "课后服务",
            "校外培训治理"),
    "health": ("医疗机构信息", "公共卫生服务", "卫生监督", "家庭医生签约", "健康扶贫", "计划生育奖励扶助",
               "爱国卫生运动", "妇幼健康"),
    "civil": ("最低生活保障", "特困人员供养", "临时救助", "养老服务", "婚姻登记", "殡葬管理", "社会组织登记",
              "残疾人两项补贴", "儿童福利"),
    "eco": ("环境质量状况", "环评审批", "排污许可", "环境执法", "突发环境事件", "大气污染防治", "水污染防治",
            "土壤污染防治"),
    "transport": ("公路建设", "道路运输", "农村公路养护", "交通运输执法", "出租汽车管理", "公交服务",
                  "治超工作"),
    "agri": ("惠农补贴", "粮食生产", "高标准农田建设", "农产品质量安全", "动物防疫", "农村人居环境整治",
             "乡村振兴", "农村集体产权制度改革"),
    "emergency": ("安全生产", "隐患排查治理", "防汛抗旱", "森林防火", "应急预案", "事故调查处理",
                  "安全生产执法检查", "自然灾害救助"),
    "drc": ("重大项目建设", "价格收费", "节能审查", "项目审批", "粮食储备", "以工代赈", "发展规划",
            "社会信用体系建设"),
    "audit": ("审计结果公告", "审计整改", "经济责任审计", "预算执行审计", "专项资金审计", "审计计划"),
    "stats": ("统计公报", "统计数据发布", "经济普查", "人口普查", "统计执法", "统计信息解读", "统计制度方法"),
    "petition": ("信访事项办理", "领导接访下访", "信访工作法治化", "矛盾纠纷排查化解", "网上信访",
                 "信访工作制度"),
    "veterans": ("优抚安置", "退役士兵就业", "褒扬纪念", "光荣牌悬挂", "拥军优属", "军休服务",
                 "退役军人服务站建设"),
    "medsec": ("医保政策", "医疗救助", "定点医药机构", "医保基金监管", "异地就医", "药品集中带量采购",
               "城乡居民医保缴费"),
    "culture": ("文物保护", "旅游市场监管", "公共文化服务", "文化市场执法", "非物质文化遗产保护",
                "文旅项目建设", "全民阅读"),
    "sti": ("科技项目", "高新技术企业认定", "工业运行", "企业服务", "专精特新企业培育", "科技成果转化",
            "中小企业发展"),
    "water": ("河长制", "防汛抗旱", "水利工程建设", "水资源管理", "农村饮水安全", "水土保持", "河道采砂管理"),
    "commerce": ("招商引资", "外贸进出口", "消费促进", "市场保供", "电子商务发展", "对外投资合作",
                 "成品油流通管理"),
    "urban": ("市容环境治理", "城市管理执法", "环卫保洁", "市政设施维护", "园林绿化", "户外广告管理",
              "渣土运输管理", "占道经营整治"),
    "forestry": ("森林防火", "国土绿化", "林木采伐许可", "野生动植物保护", "古树名木保护", "生态公益林管护",
                 "林业有害生物防治"),
    "civildef": ("人防工程建设", "防空警报试鸣", "人防宣传教育", "人防工程易地建设费", "人防工程维护管理"),
    "fund": ("住房公积金缴存", "贷款政策", "提取业务", "年度报告", "服务网点", "缴存基数调整"),
    "town": ("农村人居环境整治", "乡村振兴", "防汛救灾", "秸秆禁烧", "低保五保", "村务公开", "惠农补贴发放",
             "安全生产", "退役军人服务", "特色产业发展", "高标准农田建设", "移风易俗"),
    "street": ("社区治理", "老旧小区改造", "文明城市创建", "社区服务", "民生保障", "安全生产", "网格化管理",
               "志愿服务", "垃圾分类", "养老服务"),
}
_FOCUS["city_gov"] = _FOCUS["gov"]
_FOCUS["industry"] = _FOCUS["sti"]
_FOCUS_SENTENCES = (
    "{S}重点围绕{items}等领域，及时主动公开相关信息。",
    "主动公开内容主要包括{items}等方面。",
    "重点做好{items}等信息的公开工作。",
    "在{items}等重点领域，{S}坚持应公开尽公开。",
    "围绕{items}等群众关注的事项，{W}及时发布相关信息。",
)
_VILLAGE_1 = "李王张刘杨陈赵周吴孙马胡郭何高罗宋郑谢韩唐冯董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭"
_VILLAGE_2 = ("庄", "营", "屯", "寨", "沟", "洼", "岭", "湾", "坡", "河", "店", "楼", "园", "岗", "窑", "村")


def _villages(agency: Agency) -> tuple[str, ...]:
    """The township's villages or the street office's communities: fixed per agency."""
    x = zlib.crc32(agency.agency_id.encode())
    names: list[str] = []
    for i in range(8):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        first = _VILLAGE_1[x % len(_VILLAGE_1)]
        second = _VILLAGE_2[(x >> 8) % len(_VILLAGE_2)]
        if agency.kind == "street":
            name = f"{first}{second}社区" if second != "村" else f"{first}家社区"
        else:
            name = f"{first}{second}村" if second != "村" else f"{first}家村"
        if name not in names:
            names.append(name)
    return tuple(names)


def _focus_sentence(agency: Agency, year: int, rng: random.Random, v: dict) -> str:
    pool = list(_FOCUS[agency.dept])
    if 2020 <= year <= 2022:
        pool.append("疫情防控")
    k = rng.randint(3, 5)
    items = "、".join(rng.sample(pool, k))
    text = rng.choice(_FOCUS_SENTENCES).format(items=items, **v)
    if agency.kind in ("township", "street"):
        places = rng.sample(_villages(agency), rng.randint(2, 4))
        where = "社区" if agency.kind == "street" else "村"
        text += rng.choice((
            f"在{'、'.join(places)}等{where}设立政务公开栏，定期公开{where}务、财务信息。",
            f"指导{'、'.join(places)}等{where}做好{where}务公开工作，接受群众监督。",
        ))
    return text


def _active_sentence(agency: Agency, year: int, rng: random.Random, facts: dict, v: dict) -> str:
    portal = facts["portal_items_published"]
    parts: list[str] = []
    style = rng.randrange(3)
    if style == 0:
        parts.append(f"{v['Y']}年，{v['S']}在政府门户网站共公开各类信息{portal}条")
    elif style == 1:
        parts.append(f"全年通过{v['CD']}人民政府门户网站发布各类政务信息{portal}条")
    else:
        parts.append(f"{v['Y']}年，{v['S']}通过政府门户网站共发布信息{portal}条")
    if "mailbox_replies" in facts:
        parts.append(f"领导信箱办理回复{facts['mailbox_replies']}条")
    if "special_topics" in facts:
        parts.append(f"制作政务专题{facts['special_topics']}个")
        parts.append(f"开展领导在线访谈{facts['online_interviews']}期")
    return "，".join(parts) + "，" + rng.choice(_ACTIVE_TAIL) + _focus_sentence(agency, year, rng, v)


def _request_sentence(rng: random.Random, facts: dict, extras: dict, v: dict) -> str:
    out = []
    if "requests_handled_stated" in facts:
        n = facts["requests_handled_stated"]
        if n == 0 and rng.random() < 0.5:
            out.append(f"{v['Y']}年，{v['S']}未收到政府信息公开申请，信息公开渠道畅通。")
        else:
            style = rng.randrange(3)
            if style == 0:
                out.append(f"{v['Y']}年，{v['S']}共收到政府信息公开申请{n}件")
            elif style == 1:
                out.append(f"全年{v['S']}新收政府信息公开申请{n}件")
            else:
                out.append(f"{v['Y']}年，{v['S']}处理信息公开件{n}件")
            if n:
                tail = f"，其中予以公开{extras['granted']}件"
                if extras["carried_forward"]:
                    tail += f"，结转下年度继续办理{extras['carried_forward']}件"
                out[-1] += tail + "，均在法定期限内答复。"
            else:
                out[-1] += "，信息公开渠道畅通。"
    else:
        out.append(rng.choice((
            "{S}进一步规范依申请公开受理、审查、答复等环节，严格按照法定时限答复申请人。",
            "{W}畅通依申请公开渠道，在政府信息公开指南中公布受理机构、联系方式，方便群众提出申请。",
        )).format_map(v))
    if "review_stated" in facts:
        r, lit = facts["review_stated"], facts["litigation_stated"]
        if r == 0 and lit == 0:
            out.append(rng.choice((
                f"全年未发生因政府信息公开引起的行政复议、行政诉讼案件。",
                f"本年度因政府信息公开引起的行政复议和行政诉讼案件均为0件。",
            )))
        else:
            out.append(f"全年发生因政府信息公开引起的行政复议{r}件、行政诉讼{lit}件。")
    return "".join(out)


def _info_sentence(rng: random.Random, facts: dict, v: dict, decimals: int) -> str:
    rate = facts["adoption_rate_stated_pct"]
    text = f"{rate:.1f}" if decimals else str(rate)
    return rng.choice(_INFO).format(**v, info_submitted=facts["info_submitted"],
                                   info_adopted=facts["info_adopted"], rate=text)


def _norm_sentence(facts: dict, v: dict) -> str:
    if "normative_docs_issued_stated" not in facts:
        return ""
    return (f"全年制发行政规范性文件{facts['normative_docs_issued_stated']}件，"
            f"截至{v['Y']}年底，现行有效行政规范性文件{facts['normative_docs_in_force_stated']}件。")


def compose(agency: Agency, year: int, facts: dict, extras: dict, decimals: int, rng: random.Random) -> Prose:
    """The prose of one report (with year markers) stating ``facts``."""
    v = voice(agency, year)
    if rng.random() < 0.4:  # some reports call themselves by their full name throughout
        v["S"] = v["A"]
    pick = rng.choice
    blocks: list[tuple[str, str]] = []
    intro = pick(_INTRO)
    if intro:
        blocks.append(("intro", intro.format_map(v)))
    subs = pick(_SUBHEADINGS)
    paragraphs = [
        pick(_OVERVIEW).format_map(v) + _norm_sentence(facts, v),
        _active_sentence(agency, year, rng, facts, v),
        _request_sentence(rng, facts, extras, v),
        pick(_MANAGEMENT).format_map(v) + (_info_sentence(rng, facts, v, decimals) if "info_submitted" in facts else ""),
        pick(_PLATFORM).format_map(v),
        pick(_SUPERVISION).format_map(v),
    ]
    blocks.append(("s1", paragraphs[0]))
    for i, para in enumerate(paragraphs[1:]):
        if subs:
            blocks.append(("sub", subs[i]))
        blocks.append(("s1", para))
    blocks.append(("s5", pick(_PROBLEMS).format_map(v)))
    blocks.append(("s5", pick(_PLANS).format_map(v)))
    other = pick(_OTHER)
    if "processing_fees_yuan" in facts and "处理费" not in other:
        other = "本年度{S}未收取信息处理费。" + other
    elif "processing_fees_yuan" not in facts and "处理费" in other:
        other = _OTHER[0]
    blocks.append(("s6", other.format_map(v)))
    return Prose(tuple(blocks), dict(facts))
