"""The prose of a demo report: six sections of varied, realistic text.

Every slot of a report (the introduction, each part of 一、总体情况, 五 and 六) has several sentence
templates; the agency's random stream picks one per slot and year, so two years of one agency, or
two agencies of one year, share only a slot here and there — while a report *copied* from last year
(defect ``copied_prose``) shares all of them. The figures the prose states (DESIGN.md §2 "Prose
facts") use the phrasings real reports use: 上报政务信息N条，采用信息M条，采用率P%;
在政府门户网站共公开各类信息N条; 共收到政府信息公开申请N件; 行政复议N件、行政诉讼M件 …

Prose is made in two steps so that a copy can change the year and nothing else: ``compose``
returns paragraphs with year markers (``Y``, ``Y+1``, ``Y-1`` in private-use brackets) and
``fill_years`` replaces them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from xxgk.demo.agencies import Agency

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
    "全年累计上报各类信息{info_submitted}条，其中被{C}政府办公室采用{info_adopted}条，信息采用率达{rate}%。",
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


def _active_sentence(rng: random.Random, facts: dict, v: dict) -> str:
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
    return "，".join(parts) + "，" + rng.choice(_ACTIVE_TAIL)


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
        )).format(**v))
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
    pick = rng.choice
    blocks: list[tuple[str, str]] = []
    intro = pick(_INTRO)
    if intro:
        blocks.append(("intro", intro.format(**v)))
    subs = pick(_SUBHEADINGS)
    paragraphs = [
        pick(_OVERVIEW).format(**v) + _norm_sentence(facts, v),
        _active_sentence(rng, facts, v),
        _request_sentence(rng, facts, extras, v),
        pick(_MANAGEMENT).format(**v) + (_info_sentence(rng, facts, v, decimals) if "info_submitted" in facts else ""),
        pick(_PLATFORM).format(**v),
        pick(_SUPERVISION).format(**v),
    ]
    blocks.append(("s1", paragraphs[0]))
    for i, para in enumerate(paragraphs[1:]):
        if subs:
            blocks.append(("sub", subs[i]))
        blocks.append(("s1", para))
    blocks.append(("s5", pick(_PROBLEMS).format(**v)))
    blocks.append(("s5", pick(_PLANS).format(**v)))
    other = pick(_OTHER)
    if "processing_fees_yuan" in facts and "处理费" not in other:
        other = "本年度{S}未收取信息处理费。" + other
    elif "processing_fees_yuan" not in facts and "处理费" in other:
        other = _OTHER[0]
    blocks.append(("s6", other.format(**v)))
    return Prose(tuple(blocks), dict(facts))
