"""Prose facts (xxgk.parse.prose): figures stated only in a report's prose, with the sentence they came from.

Real reports are read from the shared corpus (``shared_corpus``; never copied into the repository);
the figures asserted here were read by hand from those files and their .json notes.
"""

from __future__ import annotations

import doctest
import html
import re
from pathlib import Path

import pytest

import shared_corpus
import xxgk.parse.prose
from xxgk.parse.prose import ProseFact, extract_prose_facts

SEED = Path(__file__).resolve().parents[1] / "data" / "reports" / "000_f5110ba79a44df9c.txt"


def _strip_tags(page: str) -> str:
    """Crude HTML → text: drop scripts and styles, break lines at block ends, remove other tags."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", page)
    page = re.sub(r"(?i)<(?:br|/p|/div|/tr|/li|/h\d)\b[^>]*>", "\n", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _read(name: str) -> str:
    path = SEED if name == "seed" else shared_corpus.file(name)
    text = path.read_text(encoding="utf-8")
    return _strip_tags(text) if path.suffix == ".html" else text


def _facts(name: str) -> dict[str, ProseFact]:
    facts = extract_prose_facts(_read(name))
    text = _read(name)
    for fact in facts.values():  # the contract every fact keeps: the sentence is where it says
        assert text[fact.start:fact.start + len(fact.sentence)] == fact.sentence
    return facts


def _values(facts: dict[str, ProseFact]) -> dict[str, int | float]:
    return {code: fact.value for code, fact in facts.items()}


# --------------------------------------------------------------------------------------------
# The seed report

SEED_FACTS = [
    ("info_submitted", 35, "上报政务信息35条"),
    ("info_adopted", 6, "采用信息6条"),
    ("adoption_rate_stated_pct", 18, "采用率18%"),
    ("portal_items_published", 0, "在政府门户网站共公开各类信息0条"),
    ("mailbox_replies", 0, "领导信箱办理回复0条"),
    ("special_topics", 0, "制作政务专题0个"),
    ("online_interviews", 0, "制作领导在线访谈0期"),
    ("requests_handled_stated", 0, "处理信息公开件0件"),
]


@pytest.mark.parametrize(("code", "value", "phrase"), SEED_FACTS)
def test_seed_fact_value_and_sentence(code, value, phrase):
    fact = _facts("seed")[code]
    assert fact.code == code
    assert fact.value == value and type(fact.value) is int
    assert phrase in fact.sentence


def test_seed_states_nothing_else():
    # Every table figure of the seed is 0, but its prose states only these eight facts: the
    # table's zeros must not leak in as prose (no review, litigation, fee or normative-document facts).
    assert set(_facts("seed")) == {code for code, _, _ in SEED_FACTS}


def test_seed_adoption_rate_disagrees_with_its_parts():
    # The finding the product exists for (R9): 6/35 = 17.1 %, the report says 18 %.
    facts = _facts("seed")
    computed = 100 * facts["info_adopted"].value / facts["info_submitted"].value
    assert abs(computed - facts["adoption_rate_stated_pct"].value) > 0.5


def test_seed_sentence_is_the_clause_as_printed():
    fact = _facts("seed")["info_submitted"]
    assert fact.sentence == "2022年上报政务信息35条，采用信息6条，采用率18%"
    assert _read("seed").index(fact.sentence) == fact.start


# --------------------------------------------------------------------------------------------
# Real reports

REAL_FACTS = {
    # 平潭 2022, 2021 template, whole report on one line, tables flattened without separators
    "005.txt": {
        "requests_handled_stated": (75, "收到政府信息公开申请75件"),
        "litigation_stated": (1, "行政诉讼案件1件"),
        "review_stated": (2, "行政复议案件2件"),
        "normative_docs_in_force_stated": (698, "现行有效行政规范性文件698件"),
        "normative_docs_issued_stated": (88, "制发的规范性文件88件"),
        "active_disclosure_total_stated": (14571, "主动公开政府信息14571条"),
        "processing_fees_yuan": (0, "无收取信息处理费情况"),
    },
    # 平潭 2024, 2021 template, flattened
    "007.txt": {
        "portal_items_published": (10407, "通过政府门户网站全年主动公开各类政府信息10407条"),
        "active_disclosure_total_stated": (10407, "主动公开各类政府信息10407条"),
        "online_interviews": (12, "在线访谈12期"),
        "requests_handled_stated": (218, "办理政府信息公开申请218件"),
        "normative_docs_issued_stated": (62, "制发行政规范性文件62件"),
        "processing_fees_yuan": (0, "无收取信息处理费情况"),
    },
    # 平潭 2018, pre-2019 layout: 三 and 四 are prose, the 统计表 at the end is not
    "009.txt": {
        "requests_handled_stated": (0, "未收到有关政府信息公开申请"),
        "review_stated": (0, "未收到有关政府信息公开行政复议、提起行政诉讼的申请"),
        "litigation_stated": (0, "未收到有关政府信息公开行政复议、提起行政诉讼的申请"),
        "active_disclosure_total_stated": (2069, "2018年全区主动公开政府信息2069条"),
    },
    # 平潭 2016, pre-2019 layout
    "011.txt": {
        "requests_handled_stated": (0, "未收到有关政府信息公开申请"),
        "review_stated": (0, "未收到有关政府信息公开行政复议"),
        "litigation_stated": (0, "提起行政诉讼的申请"),
        "active_disclosure_total_stated": (3460, "全区主动公开政府信息3460条"),
    },
    # 乌海 2020, pipe rows, cut inside table 2
    "013.txt": {
        "active_disclosure_total_stated": (2942, "主动公开政府信息总数2942条"),
        "portal_items_published": (52, "通过局门户网站公开政府信息公开52条"),
    },
    # 锡盟商务局 2021, one table cell per line without separators
    "014.txt": {
        "requests_handled_stated": (0, "没有受理过政府信息依申请公开"),
        "review_stated": (0, "没有因政府信息公开工作处理不当而引起行政复议和行政诉讼"),
        "litigation_stated": (0, "没有因政府信息公开工作处理不当而引起行政复议和行政诉讼"),
        "active_disclosure_total_stated": (209, "主动公开政府信息数209条次"),
    },
    # 桃江县审计局 2020, cells between pipe lines
    "016.txt": {
        "active_disclosure_total_stated": (26, "主动公开政府信息共26条"),
    },
    # 平潭 2012: prose and its own 统计表 disagree (1913 / 3636 in prose, 739 in the table)
    "020.txt": {
        "active_disclosure_total_stated": (1913, "2012年主动公开政府信息1913条"),
        "portal_items_published": (3636, "门户网站公开政府信息3636条"),
        "requests_handled_stated": (0, "未收到有关政府信息公开的申请"),
        "review_stated": (0, "未收到有关政府信息公开行政复议申请"),
    },
    "021.txt": {
        "portal_items_published": (63, "通过政府门户网站,主动公开政府信息63条"),
        "active_disclosure_total_stated": (63, "主动公开政府信息63条"),
    },
    # 松木塘镇 2022: all three stated as 0 in one sentence
    "026.txt": {
        "requests_handled_stated": (0, "全年共收到依申请公开0件"),
        "review_stated": (0, "行政复议0件"),
        "litigation_stated": (0, "行政诉讼0件"),
        "active_disclosure_total_stated": (32, "主动公开政府信息32条"),
    },
    # 板栗树乡 2022, Traditional characters from a mirror site
    "028.txt": {
        "portal_items_published": (25, "通過麻陽縣政府門戶網站共發布各類信息25條"),
    },
    # The HTML pages of 002 / 006 / 009, through a crude tag strip
    "032.html": {
        "active_disclosure_total_stated": (2599, "共公布政府信息2599条"),
    },
    "036.html": {
        "active_disclosure_total_stated": (13561, "共主动公开政府信息13561条"),
        "normative_docs_in_force_stated": (393, "现行有效行政规范性文件393件"),
        "normative_docs_issued_stated": (77, "制发的规范性文件77件"),
        "requests_handled_stated": (81, "依申请公开81件"),
        "review_stated": (2, "行政复议案件2件"),
        "litigation_stated": (7, "行政诉讼案件7件"),
        "processing_fees_yuan": (0, "无收取信息处理费情况"),
    },
    "038.html": {
        "requests_handled_stated": (0, "未收到有关政府信息公开申请"),
        "review_stated": (0, "未收到有关政府信息公开行政复议"),
        "litigation_stated": (0, "提起行政诉讼的申请"),
        "active_disclosure_total_stated": (2069, "主动公开政府信息2069条"),
    },
}


@pytest.mark.parametrize(
    ("name", "code", "value", "phrase"),
    [(name, code, value, phrase) for name, facts in REAL_FACTS.items() for code, (value, phrase) in facts.items()],
)
def test_real_report_fact(name, code, value, phrase):
    fact = _facts(name)[code]
    assert fact.value == value
    assert phrase in fact.sentence


@pytest.mark.parametrize("name", sorted(REAL_FACTS))
def test_real_report_states_nothing_more(name):
    # Every fact read is one checked above: nothing extra from the tables or from stray prose.
    assert set(_facts(name)) == set(REAL_FACTS[name])


@pytest.mark.parametrize(
    ("name", "absent"),
    [
        ("005.txt", "info_adopted"),  # 005 says nothing of submitted/adopted information
        ("005.txt", "portal_items_published"),
        ("005.txt", "online_interviews"),  # mentions 在线访谈 as a plan, with no figure
        ("009.txt", "portal_items_published"),  # 网站共收到网友留言11条 is neither portal nor reply count
        ("009.txt", "mailbox_replies"),
        ("011.txt", "processing_fees_yuan"),  # 依申请提供政府信息暂不收费 names no 信息处理费
        ("020.txt", "litigation_stated"),  # only 复议 is denied there
        ("002.txt", "review_stated"),  # table 4 is 000000000000000 in the flattened text
    ],
)
def test_real_report_fact_not_stated_is_absent(name, absent):
    assert absent not in _facts(name)


def test_flattened_tables_yield_no_facts():
    # 002 is one line of prose and flattened tables ('行政规范性文件898989', '行政复议…000000000000000');
    # only the prose total is read.
    assert _values(_facts("002.txt")) == {"active_disclosure_total_stated": 2599}


def test_html_page_and_its_text_extraction_agree():
    assert _values(_facts("038.html")) == _values(_facts("009.txt"))
    assert _values(_facts("032.html")) == _values(_facts("002.txt"))


# --------------------------------------------------------------------------------------------
# Phrasing variants

VARIANTS = [
    ("报送政务信息120条，被采用45条，采用率37.5%。",
     {"info_submitted": 120, "info_adopted": 45, "adoption_rate_stated_pct": 37.5}),
    ("全年共报送信息12篇，录用3篇。", {"info_submitted": 12, "info_adopted": 3}),
    ("上報政務信息35條，採用信息6條，採用率18%。",  # Traditional
     {"info_submitted": 35, "info_adopted": 6, "adoption_rate_stated_pct": 18}),
    ("上報政務資訊35條，資訊採納率為20%。", {"info_submitted": 35, "adoption_rate_stated_pct": 20}),  # 資訊 = 信息
    ("上报政务信息３５条，采用信息６条，采用率１８％。",  # full-width digits and percent
     {"info_submitted": 35, "info_adopted": 6, "adoption_rate_stated_pct": 18}),
    ("全年信息报送35条，被市政府办公室采用7条。", {"info_submitted": 35, "info_adopted": 7}),
    ("向上级报送各类信息共计1,234条。", {"info_submitted": 1234}),
    ("在政府门户网站共公开各类信息15条。", {"portal_items_published": 15}),
    ("通过门户网站公开政府信息1,234条。", {"portal_items_published": 1234}),
    ("在政府门户网站发布信息1000余条。", {}),  # approximate: not a stated figure
    ("2023年主动公开政府信息300条。", {"active_disclosure_total_stated": 300}),
    ("办公室主动公开政府信息20条，全区共主动公开政府信息300条。", {"active_disclosure_total_stated": 300}),
    ("截至目前历年累计主动公开政府信息5000条。", {}),
    ("领导信箱办理回复12条。", {"mailbox_replies": 12}),
    ("回复网民留言56条。", {"mailbox_replies": 56}),
    ("局长信箱收到来信8封。", {}),  # received, not replied
    ("制作政务专题十二个，开展在线访谈三期。", {"special_topics": 12, "online_interviews": 3}),
    ("开设专题专栏5个，领导在线访谈两期。", {"special_topics": 5, "online_interviews": 2}),
    ("处理信息公开件7件。", {"requests_handled_stated": 7}),
    ("共收到政府信息公开申请1,205件。", {"requests_handled_stated": 1205}),
    ("本年新收政府信息公开申请12件。", {"requests_handled_stated": 12}),
    ("全年受理依申请公开申请3件。", {"requests_handled_stated": 3}),
    ("本年度未收到政府信息公开申请。", {"requests_handled_stated": 0}),
    ("收取信息处理费120元。", {"processing_fees_yuan": 120}),
    ("收取信息处理费1.5万元。", {"processing_fees_yuan": 15000}),
    ("收取信息处理费0.07万元。", {"processing_fees_yuan": 700}),
    ("信息处理费共计35.5元。", {"processing_fees_yuan": 35.5}),
    ("本年度未收取信息处理费。", {"processing_fees_yuan": 0}),
    ("因政府信息公开被申请行政复议1件，被提起行政诉讼2起。", {"review_stated": 1, "litigation_stated": 2}),
    ("因政府信息公开引起的行政复议和行政诉讼案件均为0件。", {"review_stated": 0, "litigation_stated": 0}),
    ("未发生因政府信息公开引起的行政复议、行政诉讼。", {"review_stated": 0, "litigation_stated": 0}),
    ("全年办理行政复议案件50件。", {}),  # a 司法局's caseload as a review body, not a disclosure dispute
    ("无论是否因政府信息公开引起行政复议，均依法应诉。", {}),  # 无论 negates nothing
    ("未来将妥善处理因政府信息公开引起的行政诉讼。", {}),  # nor does 未来
    ("现行有效规范性文件共120件，本年度制发规范性文件8件。",
     {"normative_docs_in_force_stated": 120, "normative_docs_issued_stated": 8}),
    ("开展在线访谈⼀期。", {"online_interviews": 1}),  # Kangxi radical ⼀ from PDF text
]


@pytest.mark.parametrize(("text", "expected"), VARIANTS, ids=[f"variant{i:02d}" for i in range(len(VARIANTS))])
def test_phrasing_variant(text, expected):
    facts = extract_prose_facts(text)
    assert _values(facts) == expected
    for fact in facts.values():
        assert text[fact.start:fact.start + len(fact.sentence)] == fact.sentence
        assert type(fact.value) is type(expected[fact.code])


def test_adoption_parts_come_from_the_sentence_stating_the_rate():
    text = "一季度报送信息10条。全年上报信息35条，采用6条，采用率18%。"
    facts = extract_prose_facts(text)
    assert (facts["info_submitted"].value, facts["info_adopted"].value) == (35, 6)
    assert facts["info_submitted"].sentence == "全年上报信息35条，采用6条，采用率18%"
    assert facts["info_submitted"].start == text.index("全年")


def test_first_figure_wins_otherwise():
    facts = extract_prose_facts("回复网民留言5条。回复网民留言9条。")
    assert facts["mailbox_replies"].value == 5


def test_empty_and_figureless_text():
    assert extract_prose_facts("") == {}
    assert extract_prose_facts("一、总体情况\n本机关认真贯彻落实《条例》。") == {}


# --------------------------------------------------------------------------------------------
# Never from a table

TABLE_ROWS = [
    "上报政务信息\t35\t采用信息\t6\t采用率\t18%",  # tab-separated row
    "| 上报政务信息35条 | 采用信息6条 | 采用率18% |",  # pipe row
    "采用信息｜6条｜",  # full-width pipe
    "\t行政复议案件2件\t",
]


@pytest.mark.parametrize("row", TABLE_ROWS)
def test_no_fact_from_a_table_row(row):
    assert extract_prose_facts(row) == {}
    # …also when the row sits among prose that does state facts
    text = f"一、总体情况\n全年报送信息40条。\n{row}\n回复网民留言3条。"
    assert _values(extract_prose_facts(text)) == {"info_submitted": 40, "mailbox_replies": 3}


def test_a_prose_paragraph_with_a_stray_pipe_is_still_prose():
    text = "全年报送信息40条。采用信息5条。采用率12.5%。|"
    assert _values(extract_prose_facts(text)) == {"info_submitted": 40, "info_adopted": 5, "adoption_rate_stated_pct": 12.5}


FLATTENED = (
    "一、总体情况 2022年上报政务信息35条，采用信息6条，采用率18%。"
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
    "行政规范性文件8855698 三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，"
    "等于第三项加第四项之和）一、本年新收政府信息公开申请数量713000074"
    " 四、政府信息公开行政复议、行政诉讼情况 因政府信息公开行政复议案件3件 行政诉讼案件4件 "
    "五、存在的主要问题及改进情况 因政府信息公开引起行政诉讼1件。六、其他需要报告的事项 收取信息处理费0元。"
)


def test_flattened_tables_between_sections_two_and_five_are_skipped():
    facts = _values(extract_prose_facts(FLATTENED))
    assert facts == {
        "info_submitted": 35, "info_adopted": 6, "adoption_rate_stated_pct": 18,
        "litigation_stated": 1,  # from 五, not the 4 inside section 四
        "processing_fees_yuan": 0,
    }


def test_a_contents_list_does_not_hide_section_one():
    text = ("本报告包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况。\n"
            "一、总体情况\n全年报送信息40条。\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\n"
            "五、存在的主要问题及改进情况\n无。")
    assert _values(extract_prose_facts(text)) == {"info_submitted": 40}


def test_a_report_cut_inside_its_tables_keeps_only_what_precedes_them():
    # Like 013: no section 五, and the table rows carry no separators at all.
    text = "一、总体情况\n回复网民留言3条。\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n规章\n行政复议案件\n2件"
    assert _values(extract_prose_facts(text)) == {"mailbox_replies": 3}


def test_module_docstring_examples():
    assert doctest.testmod(xxgk.parse.prose).failed == 0
