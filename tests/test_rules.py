"""Single-report rules (R1–R6, R9, R10): for each rule a report that breaks it and one that keeps it.

Reports are written here as text and read by the real parser (``build_text`` + ``parse``), so a
rule is tested on what the parser hands it; a few cases build the ``Report`` directly where the
text would have to be contrived. ``build_text`` is also used by ``test_rules_cross.py``.
"""

from __future__ import annotations

import pytest

import reports_support as support

from xxgk import codes
from xxgk.model import Cell, Report
from xxgk.pipeline import process
from xxgk.parse.prose import ProseFact
from xxgk.rules import RULE_NAMES, check_report
from xxgk.rules.sections import find_sections
from xxgk.rules.single import (
    r1_applications_balance,
    r2_outcomes_sum,
    r3_applicants_sum,
    r4_valid_figures,
    r5_review_sum,
    r9_stated_rates,
    r10_sections_present,
)

# --- writing a report -------------------------------------------------------------------------

# 2019: a negative 本年增/减 is valid (R4 must not flag it)
ACTIVE_2019 = {**support.ACTIVE_2019, "licensing": [12, -2, 45]}

GENERAL = (
    "本年度，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕中心工作，不断加大政府信息公开力度。全年通过政府门户网站主动公开政府信息120条。"
)
PROBLEMS = "政务公开工作还存在公开内容不够全面、政策解读形式较为单一等问题。下一步将加强培训，提升工作人员业务水平。"


def build_text(
    agency: str = "示范县民政局",
    year: int = 2022,
    template: str = "2021",
    apps: dict | None = None,
    review: dict | None = None,
    active: dict | None = None,
    general: str = GENERAL,
    problems: str = PROBLEMS,
    others: str = "无。",
    omit: tuple[int, ...] = (),
) -> str:
    """A complete report of ``template`` in TAB layout, the figures given replacing the defaults'."""
    rows = support.table_rows(
        template,
        active={**(ACTIVE_2019 if template == "2019" else support.ACTIVE_2021), **(active or {})},
        apps={**support.APPS, **(apps or {})},
        review={**support.REVIEW, **(review or {})},
    )
    return support.build_report(
        template, "tab", year, agency, rows,
        general=general.format(agency=agency, year=year), problems=problems, others=others, omit=omit,
    )


def parse(text: str, path: str = "rules.txt") -> Report:
    return support.parse(text, path)


def rules_of(report: Report, rule: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.severity, f.message, f.cells) for f in report.findings if f.rule == rule]


def fact(code: str, value, sentence: str = "") -> ProseFact:
    return ProseFact(code, value, sentence or f"{code}{value}", 0)


def app_cells(row: str) -> tuple[str, ...]:
    return tuple(f"applications.{row}.{c}" for c in codes.APPLICANT_COLUMNS)


# --- a report that keeps every rule ---------------------------------------------------------


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_a_report_that_adds_up_has_no_findings(template: str) -> None:
    apps = {"other_handling": [0] * 7} if template == "2019" else {}
    report = parse(build_text(template=template, apps=apps, year=2022 if template == "2021" else 2020))
    assert report.template == template
    assert report.findings == []


def test_the_seed_has_the_adoption_rate_finding_and_no_arithmetic_errors(seed_path) -> None:
    report = process(seed_path)
    assert [f.to_json() for f in report.findings] == [
        {
            "rule": "R9",
            "severity": "error",
            "message": "采用率：文中所述18%，但采用6条÷上报35条=17.1%，相差0.9个百分点。",
            "cells": ["prose.adoption_rate_stated_pct", "prose.info_adopted", "prose.info_submitted"],
        }
    ]
    assert not [f for f in report.findings if f.rule in ("R1", "R2", "R3", "R4", "R5")]


# --- R1 ------------------------------------------------------------------------------------------


def test_r1_flags_a_column_where_received_and_handled_differ() -> None:
    # 自然人: 5 new + 1 carried = 6, but 4 processed + 1 carried forward = 5
    apps = {"total_processed": [4, 2, 0, 1, 0, 0, 7], "granted": [1, 1, 0, 0, 0, 0, 2]}
    report = parse(build_text(apps=apps))
    cells = (
        "applications.new_received.natural_person",
        "applications.carried_over.natural_person",
        "applications.total_processed.natural_person",
        "applications.carried_forward.natural_person",
    )
    total_cells = tuple(c.replace("natural_person", "total") for c in cells)
    assert rules_of(report, "R1") == [
        ("error", "自然人列：新收(5)+上年结转(1)=6，但办理结果总计(4)+结转下年度(1)=5，相差1。", cells),
        ("error", "总计列：新收(8)+上年结转(1)=9，但办理结果总计(7)+结转下年度(1)=8，相差1。", total_cells),
    ]
    assert rules_of(report, "R2") == []  # the outcomes still add up to the (smaller) total


def test_r1_never_takes_a_blank_for_zero() -> None:
    # 科研机构: a blank 上年结转 and a "/" 结转下年度 — 0 + 0 would add up, but nothing is assumed
    apps = {"carried_over": [1, 0, None, 0, 0, 0, 1], "carried_forward": [1, 0, "/", 0, 0, 0, 1]}
    report = parse(build_text(apps=apps))
    assert rules_of(report, "R1") == [
        (
            "unchecked",
            "科研机构列：上年结转为空白，结转下年度填写“/”，无法核对“新收+上年结转=办理结果总计+结转下年度”。",
            (
                "applications.new_received.research",
                "applications.carried_over.research",
                "applications.total_processed.research",
                "applications.carried_forward.research",
            ),
        )
    ]


def test_r1_says_once_that_a_truncated_table_could_not_be_checked() -> None:
    text = build_text()
    text = text[: text.index("（七）总计")]  # the page was saved cut short inside table 3
    report = parse(text)
    [finding] = rules_of(report, "R1")
    severity, message, cells = finding
    assert severity == "unchecked"
    assert message == (
        "依申请公开情况表有14个单元格未读出（文本在表格中截断），无法核对“新收+上年结转=办理结果总计+结转下年度”："
        "自然人列、商业企业列、科研机构列、社会公益组织列、法律服务机构列、其他（法人或其他组织）列等7列。"
    )
    assert cells == app_cells("total_processed")[:1] + app_cells("carried_forward")[:1] + tuple(
        c for pair in zip(app_cells("total_processed")[1:], app_cells("carried_forward")[1:]) for c in pair
    )


def test_r1_to_r3_report_a_missing_table_once() -> None:
    report = Report(path="x", sha256="x", format="text", text="", template="2021", tables={})
    message = "未读出依申请公开情况表（收到和处理政府信息公开申请情况），无法核对。"
    assert [(f.rule, f.severity, f.message, f.cells) for f in r1_applications_balance(report)] == [
        ("R1", "unchecked", message, ())
    ]
    assert [f.message for f in r2_outcomes_sum(report) + r3_applicants_sum(report)] == [message, message]


# --- R2 ------------------------------------------------------------------------------------------


def test_r2_flags_outcomes_that_do_not_add_up_to_the_total() -> None:
    # 商业企业: 予以公开 2 instead of 1 → outcomes sum to 3 but 办理结果总计 says 2
    apps = {"granted": [2, 2, 0, 0, 0, 0, 4]}
    report = parse(build_text(apps=apps))
    findings = rules_of(report, "R2")
    assert [(s, m) for s, m, _ in findings] == [
        (
            "error",
            "商业企业列：办理结果总计为2，但予以公开(2)+部分公开(0)+不予公开(0)+无法提供(1)+不予处理(0)+其他处理(0)=3，相差1。",
        ),
        (
            "error",
            "总计列：办理结果总计为8，但予以公开(4)+部分公开(1)+不予公开(1)+无法提供(2)+不予处理(1)+其他处理(0)=9，相差1。",
        ),
    ]
    cells = findings[0][2]
    assert cells[0] == "applications.total_processed.commercial" and len(cells) == 1 + 21
    assert "applications.other_other.commercial" in cells and "applications.denied_admin_query.commercial" in cells
    # R3 sees the same row: 予以公开 total 4 = 2 + 2
    assert rules_of(report, "R3") == []


def test_r2_uses_the_single_other_row_of_the_2019_template() -> None:
    apps = {"other_handling": [0, 0, 0, 0, 0, 0, 0], "unable_not_held": [0, 1, 0, 0, 0, 0, 1]}
    report = parse(build_text(template="2019", year=2020, apps=apps))
    assert report.template == "2019"
    findings = rules_of(report, "R2")
    assert [m for _, m, _ in findings] == [
        "自然人列：办理结果总计为5，但予以公开(2)+部分公开(1)+不予公开(1)+无法提供(0)+不予处理(0)+其他处理(0)=4，相差1。",
        "总计列：办理结果总计为8，但予以公开(3)+部分公开(1)+不予公开(1)+无法提供(1)+不予处理(1)+其他处理(0)=7，相差1。",
    ]
    assert len(findings[0][2]) == 1 + 19 and "applications.other_handling.natural_person" in findings[0][2]


def test_r2_with_a_blank_outcome_is_unchecked() -> None:
    apps = {"denied_state_secret": [None, 0, 0, 0, 0, 0, 0]}
    report = parse(build_text(apps=apps))
    [(severity, message, cells)] = rules_of(report, "R2")
    assert severity == "unchecked"
    assert message == "自然人列：不予公开·属于国家秘密为空白，无法核对“办理结果总计=各项办理结果之和”。"
    assert "applications.denied_state_secret.natural_person" in cells


# --- R3 ------------------------------------------------------------------------------------------


def test_r3_flags_a_row_whose_total_is_not_the_sum_of_its_applicants() -> None:
    report = parse(build_text(apps={"carried_forward": [1, 0, 0, 0, 0, 1, 1]}))
    assert ("error", "结转下年度行：总计为1，但自然人(1)+商业企业(0)+科研机构(0)+社会公益组织(0)+法律服务机构(0)+其他（法人或其他组织）(1)=2，相差1。",
            ("applications.carried_forward.total", *app_cells("carried_forward")[:-1])) in rules_of(report, "R3")


def test_r3_with_a_mark_is_unchecked() -> None:
    report = parse(build_text(apps={"denied_admin_query": ["—"] * 7}))
    assert ("unchecked", "不予公开·属于行政查询事项行：总计、自然人、商业企业、科研机构等7项填写“—”，无法核对“总计=各类申请人之和”。",
            ("applications.denied_admin_query.total", *app_cells("denied_admin_query")[:-1])) in rules_of(report, "R3")


# --- R4 ------------------------------------------------------------------------------------------


def test_r4_flags_negative_and_fractional_counts_but_not_amounts_or_2019_changes() -> None:
    report = parse(build_text(active={"penalty": [-3], "coercion": [2.5], "fees": [0.0125]}))
    assert rules_of(report, "R4") == [
        ("error", "行政处罚·本年处理决定数量为-3，件数不能为负数。", ("active_disclosure.penalty.decisions",)),
        ("error", "行政强制·本年处理决定数量为2.5，件数应为整数。", ("active_disclosure.coercion.decisions",)),
    ]
    # 2019: 本年增/减 of 行政许可 is -2 in ACTIVE_2019 and the procurement amount 345.6 — both valid
    report_2019 = parse(build_text(template="2019", year=2020, apps={"other_handling": [0] * 7}))
    assert report_2019.value("active_disclosure", "licensing", "change") == -2
    assert rules_of(report_2019, "R4") == []


def test_r4_reports_blanks_and_marks_as_info_without_guessing() -> None:
    report = parse(build_text(review={"litigation_after_review": [None, None, None, None, None]},
                              active={"regulations": ["/", "/", "—"]}))
    assert rules_of(report, "R4") == [
        ("info", "主动公开情况表有3个单元格填写标记（“/”×2、“—”×1），未按0计：规章·本年制发件数、规章·本年废止件数、规章·现行有效件数。",
         ("active_disclosure.regulations.issued", "active_disclosure.regulations.repealed", "active_disclosure.regulations.in_force")),
        ("info", "行政复议、行政诉讼情况表有5个空白单元格，未按0计：复议后起诉·结果维持、复议后起诉·结果纠正、复议后起诉·其他结果、"
                 "复议后起诉·尚未审结、复议后起诉·总计。",
         tuple(f"review_litigation.litigation_after_review.{c}" for c in codes.REVIEW_COLUMNS)),
    ]
    assert rules_of(report, "R5")[0][0] == "unchecked"


def test_r4_negative_amount_is_an_error() -> None:
    report = Report(path="x", sha256="x", format="text", text="", template="2021",
                    tables={"active_disclosure": {"fees": {"amount_10k_yuan": Cell(-1.5, "-1.5")}}})
    assert [(f.severity, f.message) for f in r4_valid_figures(report)] == [
        ("error", "行政事业性收费·本年收费金额（万元）为-1.5，金额不能为负数。")
    ]


# --- R5 ------------------------------------------------------------------------------------------


def test_r5_flags_a_review_block_that_does_not_add_up() -> None:
    report = parse(build_text(review={"review": [1, 1, 0, 1, 2]}))
    assert rules_of(report, "R5") == [
        ("error", "行政复议：总计为2，但结果维持(1)+结果纠正(1)+其他结果(0)+尚未审结(1)=3，相差1。",
         tuple(f"review_litigation.review.{c}" for c in ("total", "upheld", "corrected", "other", "pending"))),
    ]


def test_r5_keeps_blocks_that_add_up() -> None:
    assert r5_review_sum(parse(build_text())) == []


# --- R6 ------------------------------------------------------------------------------------------


def test_r6_prose_figures_that_agree_give_nothing() -> None:
    general = "本年度共收到政府信息公开申请8件。发生政府信息公开行政复议2件，行政诉讼1件。现行有效行政规范性文件12件。"
    report = parse(build_text(general=general))
    assert {c: f.value for c, f in report.prose.items() if c.endswith("_stated")} == {
        "requests_handled_stated": 8, "review_stated": 2, "litigation_stated": 1, "normative_docs_in_force_stated": 12,
    }
    assert rules_of(report, "R6") == []


def test_r6_prose_counting_new_plus_carried_is_accepted_and_named() -> None:
    report = parse(build_text(general="本年度共收到政府信息公开申请9件。"))
    assert rules_of(report, "R6") == [
        ("info", "文中“本年度共收到政府信息公开申请9件”称政府信息公开申请9件，与表中新收(8)+上年结转(1)=9相符（按新收+上年结转计，而非新收）。",
         ("prose.requests_handled_stated", "applications.new_received.total", "applications.carried_over.total")),
    ]


def test_r6_flags_prose_that_disagrees_with_the_table() -> None:
    general = "本年度共收到政府信息公开申请12件。发生政府信息公开行政复议3件。"
    report = parse(build_text(general=general))
    assert rules_of(report, "R6") == [
        ("warning", "文中“本年度共收到政府信息公开申请12件”称政府信息公开申请12件，但表中新收(8)，新收(8)+上年结转(1)=9，均不相符。",
         ("prose.requests_handled_stated", "applications.new_received.total", "applications.new_received.total",
          "applications.carried_over.total")),
        ("warning", "文中“发生政府信息公开行政复议3件”称行政复议3件，但表中行政复议总计(2)，不相符。",
         ("prose.review_stated", "review_litigation.review.total")),
    ]


def test_r6_against_a_blank_table_cell_is_unchecked() -> None:
    report = parse(build_text(general="发生政府信息公开行政复议2件。", review={"review": [1, 0, 0, 1, None]}))
    assert ("unchecked", "文中“发生政府信息公开行政复议2件”称行政复议2件，但表中行政复议总计为空白，无法核对。",
            ("prose.review_stated", "review_litigation.review.total")) in rules_of(report, "R6")


# --- R9 ------------------------------------------------------------------------------------------


def _with_prose(**facts) -> Report:
    return Report(path="x", sha256="x", format="text", text="", template="2021",
                  prose={code: fact(code, value) for code, value in facts.items()})


def test_r9_accepts_a_rate_rounded_within_half_a_point() -> None:
    # 6 / 35 = 17.14 %: 17 % is a fair rounding, 17.5 % is within the tolerance
    assert r9_stated_rates(_with_prose(info_submitted=35, info_adopted=6, adoption_rate_stated_pct=17)) == []
    assert r9_stated_rates(_with_prose(info_submitted=35, info_adopted=6, adoption_rate_stated_pct=17.6)) == []


def test_r9_flags_a_rate_that_does_not_follow_from_its_parts() -> None:
    [finding] = r9_stated_rates(_with_prose(info_submitted=40, info_adopted=30, adoption_rate_stated_pct=80))
    assert (finding.rule, finding.severity, finding.message) == (
        "R9", "error", "采用率：文中所述80%，但采用30条÷上报40条=75.0%，相差5.0个百分点。")


def test_r9_a_rate_without_its_parts_is_unchecked() -> None:
    [finding] = r9_stated_rates(_with_prose(adoption_rate_stated_pct=80, info_adopted=30))
    assert (finding.severity, finding.message, finding.cells) == (
        "unchecked", "采用率：文中称80%，但未写明上报数，无法核对。",
        ("prose.adoption_rate_stated_pct", "prose.info_adopted", "prose.info_submitted"))


def test_r9_from_the_prose_read_by_the_parser() -> None:
    report = parse(build_text(general="全年上报政务信息40条，被采用30条，采用率80%。"))
    assert [m for _, m, _ in rules_of(report, "R9")] == ["采用率：文中所述80%，但采用30条÷上报40条=75.0%，相差5.0个百分点。"]


# --- R10 -----------------------------------------------------------------------------------------


def test_r10_names_the_missing_sections() -> None:
    report = parse(build_text(omit=(6,)))
    assert rules_of(report, "R10") == [("warning", "报告缺少1个部分：六、其他需要报告的事项。", ())]


def test_r10_flags_an_empty_problems_section() -> None:
    report = parse(build_text(problems="无。"))
    assert rules_of(report, "R10") == [("warning", "第五部分“存在的主要问题及改进情况”内容为空（仅有“无。”）。", ())]


def test_r10_finds_headings_in_flattened_and_traditional_text() -> None:
    flat = build_text().replace("\n", "")
    assert sorted(find_sections(flat).headings) == [1, 2, 3, 4, 5, 6]
    traditional = build_text().replace("總", "总").replace("总体情况", "總體情況").replace("存在的主要问题及改进情况", "存在的主要問題及改進情況")
    assert sorted(find_sections(traditional).headings) == [1, 2, 3, 4, 5, 6]
    assert r10_sections_present(parse(flat)) == []


def test_r10_pre2019_reports_are_not_held_to_the_2019_outline(corpus_dir) -> None:
    report = process(corpus_dir / "009.txt")
    assert report.template == "pre2019"
    assert rules_of(report, "R10") == []  # it has 五、主要问题和改进措施 with content
    old = Report(path="x", sha256="x", format="text", text="一、概述\n二、主动公开政府信息情况\n", template="pre2019")
    assert [(f.severity, f.message) for f in r10_sections_present(old)] == [
        ("info", "2019年以前的报告未按现行六部分格式编写，且未找到“存在的主要问题及改进措施”部分。")
    ]


# --- the engine --------------------------------------------------------------------------------


def test_every_rule_has_a_chinese_name_and_severities_are_known() -> None:
    assert sorted(RULE_NAMES, key=lambda r: int(r[1:])) == [f"R{i}" for i in range(1, 14)]
    report = parse(build_text(apps={"granted": [9, 1, 0, 0, 0, 0, 3]}, problems="无", general="采用率50%。"))
    assert {f.severity for f in check_report(report)} <= {"error", "warning", "info", "unchecked"}
    assert {f.rule for f in check_report(report)} == {"R2", "R3", "R9", "R10"}
