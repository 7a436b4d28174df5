"""Every word a user reads for a code, defined once: agency kinds, places above district level,
severities, rules, tables, applicants, outcomes, figures, formats, publication status and the
Traditional characters OpenCC folds wrongly.

The national template's own printed words (row and column labels, table titles, section titles)
stay in ``xxgk.codes``, where the parser matches them; this module words what the product adds, and
derives from ``codes`` where a word is the template's. Python takes the words from here; SQL takes
them from the catalog tables written from ``CATALOG`` when the database schema is made
(``label_catalog``, ``rule_catalog``, ``severity_catalog``), joined by code.
``tests/test_vocabulary.py`` fails on a label defined a second time anywhere else.

Layer: base — imports nothing of xxgk but ``codes`` (pure data), so that every layer may import it.
"""

from __future__ import annotations

import functools

from xxgk import codes

# --- agencies and places --------------------------------------------------------------------------

AGENCY_KIND_LABELS = {
    "government": "人民政府",
    "department": "政府部门",
    "township": "乡镇",
    "street": "街道",
    "other": "其他",
}
AGENCY_KINDS = tuple(AGENCY_KIND_LABELS)
ALL_AGENCIES = "全部机构"

# A city's (or a province's) own agencies, which have no district: the district filter's value and
# the name of the area they are counted under.
PLACE_LEVEL_LABELS = {"city": "市本级", "province": "省本级", "unknown": "（未识别地区）"}
CITY_LEVEL = PLACE_LEVEL_LABELS["city"]
PROVINCE_LEVEL = PLACE_LEVEL_LABELS["province"]

# --- findings -------------------------------------------------------------------------------------

SEVERITY_LABELS = {"error": "错误", "warning": "警示", "info": "提示", "unchecked": "无法核对"}

# The rule's name on screen; the database's rule_catalog is made from it (xxgk.db.create_schema).
RULE_NAMES = {
    "R1": "申请办理勾稽关系（新收+上年结转=办理结果总计+结转下年度）",
    "R2": "办理结果分项合计",
    "R3": "申请人分项合计",
    "R4": "数值有效性（非负整数、空白与标记）",
    "R5": "行政复议、行政诉讼分项合计",
    "R6": "正文数字与表格一致",
    "R7": "跨年衔接：上年结转=上年报告结转下年度",
    "R8": "跨年衔接：现行有效规范性文件",
    "R9": "比率与其分项一致（采用率）",
    "R10": "报告结构完整（六部分）",
    "R11": "内容雷同",
    "R12": "逾期公布",
    "R13": "发布后有变动",
}

# --- tables ----------------------------------------------------------------------------------------

# A table by its number in the template ("表三"), the older statistics table as 统计表.
TABLE_NUMBERS = {
    "active_disclosure": "表二",
    "applications": "表三",
    "review_litigation": "表四",
    codes.PRE2019_TABLE: "统计表",
}

# A table named in a rule's sentence ("依申请公开情况表有3个空白单元格").
TABLE_SHORT_LABELS = {
    "active_disclosure": "主动公开情况表",
    "applications": "依申请公开情况表",
    "review_litigation": "行政复议、行政诉讼情况表",
    codes.PRE2019_TABLE: "政府信息公开情况统计表",
}

# A table in a list of what a report lacks ("未找到表格：表二（主动公开）、…").
TABLE_IN_LISTS = {
    "active_disclosure": f"{TABLE_NUMBERS['active_disclosure']}（主动公开）",
    "applications": f"{TABLE_NUMBERS['applications']}（依申请公开）",
    "review_litigation": f"{TABLE_NUMBERS['review_litigation']}（复议诉讼）",
    codes.PRE2019_TABLE: TABLE_NUMBERS[codes.PRE2019_TABLE],
}

# A table as the report view heads its grid: its number and its printed title.
GRID_TITLES = {
    **{table: f"{TABLE_NUMBERS[table]} · {codes.TABLE_LABELS[table]}" for table in codes.TABLES},
    codes.PRE2019_TABLE: "政府信息公开情况统计表（2019年以前）",
}

TEMPLATE_LABELS = {
    "2021": "2021年模板（国办公开办函〔2021〕30号）",
    "2019": "2019年模板（国办公开办函〔2019〕60号）",
    "pre2019": "2019年以前的旧式统计表",
}
UNKNOWN_TEMPLATE = "未识别模板"

# An applicant column in a sentence: the printed header, with 其他 under its group 法人或其他组织
# spelled out (a table shows it beneath the group's heading, a sentence has no heading).
APPLICANT_LABELS = {**codes.APPLICANT_COLUMN_LABELS, "other_org": "其他（法人或其他组织）"}

# Table 3 rows by their short names, in a rule's sentence.
SHORT_ROW_LABELS = {
    "new_received": "新收",
    "carried_over": "上年结转",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "other_handling": "其他处理",
    "total_processed": "办理结果总计",
    "carried_forward": "结转下年度",
}

# The series of a chart of applications by year.
SERIES_LABELS = {
    "new_received_count": "本年新收",
    "processed_count": SHORT_ROW_LABELS["total_processed"],
    "carried_forward_count": SHORT_ROW_LABELS["carried_forward"],
}

# Where an application went (table 3 outcomes): the template's row and group labels; the rest of
# 办理结果总计 that no outcome accounts for.
OUTCOME_LABELS = {
    "granted": codes.row_label("applications", "granted"),
    "partially_granted": codes.row_label("applications", "partially_granted"),
    **{group: label for group, (label, _) in codes.APPLICATION_GROUPS.items()},
    "unaccounted": "与总计的差额",
}

# What a loaded report lacks (the list of reports with problems); the missing tables follow the
# last one, each as TABLE_IN_LISTS names it.
REPORT_PROBLEM_LABELS = {"no_agency": "未识别机构", "no_year": "未识别年度", "tables_missing": "未找到表格："}

# --- cells ---------------------------------------------------------------------------------------

# Table 3's sub-items in a rule's sentence carry their group ("不予公开·属于国家秘密").
_GROUP_OF = {
    **{row: label for label, rows in codes.APPLICATION_GROUPS.values() for row in rows},
    **{row: SHORT_ROW_LABELS["other_handling"] for row in codes.OTHER_ROWS_2021},
}


@functools.cache
def application_row_label(row: str, template: str = "2021") -> str:
    """A row of table 3 in a rule's sentence: its short name, or its label under its group."""
    if row in SHORT_ROW_LABELS:
        return SHORT_ROW_LABELS[row]
    label = codes.row_label("applications", row, template)
    group = _GROUP_OF.get(row)
    return f"{group}·{label}" if group else label


def printed_rows(table: str, template: str | None) -> list[tuple[str, str, tuple[str, ...]]]:
    """(row code, row label, columns) of a table in the report's template, in printed order: the
    report view's grid, a sub-item of table 3 under its group ("不予公开：属于国家秘密")."""
    if table == "review_litigation":
        return [(b, codes.REVIEW_BLOCK_LABELS[b], codes.REVIEW_COLUMNS) for b in codes.REVIEW_BLOCKS]
    if table == "applications":
        groups = {row: label for label, rows in codes.APPLICATION_GROUPS.values() for row in rows}
        groups["other_handling"] = ""
        return [
            (r.code, f"{groups[r.code]}：{r.label}" if groups.get(r.code) else r.label, r.columns)
            for r in codes.application_rows(template or "2021")
        ]
    if table == "active_disclosure":
        return [(r.code, r.label, r.columns) for r in codes.active_rows(template or "2021")]
    if table == "pre2019_statistics":
        return [(r.code, r.label, r.columns) for r in codes.PRE2019_INDICATORS]
    return []


@functools.lru_cache(maxsize=8192)  # a list of findings names the same few hundred cells again and again
def cell_label(code: str, template: str | None = None, in_sentence: bool = False) -> str:
    """A cell named by its code ("applications.new_received.total") in words, the one way cells
    are worded.

    In a list of a finding's cells (the dashboard): its table's number, its row as the report view
    prints it and its column: "表三·本年新收政府信息公开申请数量·总计"; "prose.<fact>" is a figure
    from the prose ("正文·上报政务信息（条）"), "<report_id>:table.row.column" a cell of another
    report (the previous year's, for the cross-year rules: "另一份报告·…").

    In a rule's sentence (``in_sentence``; the words a finding's message keeps in the database):
    no table, table 3 by applicant and the row's short name: "自然人·予以公开", "行政处罚·本年处理决定数量",
    "行政复议·总计"; the template is 2021's unless given.
    """
    if in_sentence:
        table, row, column = code.split(".")
        template = template or "2021"
        if table == "applications":
            return f"{APPLICANT_LABELS.get(column, column)}·{application_row_label(row, template)}"
        if table == "pre2019_statistics":
            indicator = next((i.label for i in codes.PRE2019_INDICATORS if i.code == row), row)
            return f"{indicator}·{codes.PRE2019_COLUMN_LABELS.get(column, column)}"
        if table in ("active_disclosure", "review_litigation"):
            return f"{codes.row_label(table, row, template)}·{codes.column_label(table, column)}"
        return f"{row}·{column}"
    other, _, code = code.rpartition(":")
    if other:
        return f"另一份报告·{cell_label(code, template)}"
    if code == "prose":
        return "正文"
    parts = code.split(".")
    if parts[0] == "prose" and len(parts) == 2:
        return f"正文·{PROSE_LABELS.get(parts[1], parts[1])}"
    if len(parts) != 3 or parts[0] not in TABLE_NUMBERS:
        return code
    table, row, column = parts
    # A row of the other template (a finding listed without its report's template) still reads in words.
    rows = {code_: label for t in ("2019", "2021", template) for code_, label, _ in printed_rows(table, t)}
    return f"{TABLE_NUMBERS[table]}·{rows.get(row, row)}·{codes.column_label(table, column)}"


# --- figures, reports and their reading ------------------------------------------------------------

# Column labels shared by every table; a page passes only the ones particular to it.
COLUMN_LABELS: dict[str, str] = {
    "agency": "机构",
    "agency_kind_label": "机构类型",
    "province": "省份",
    "city": "城市",
    "district": "区县",
    "area": "区县",
    "year": "年度",
    "template": "模板",
    "format": "格式",
    "reports_count": "报告数",
    "agencies_count": "机构数",
    "small_sample": "样本过少（不排名）",
    # figures and their counts, as more than one page shows them
    "rate_pct": "比例（%）",
    "sentence": "原句",
    "measure_label": "指标",
    "processed_count": "办理结果总计（件）",
    "counted_reports_count": "计入的报告数",
    "excluded_reports_count": "因单元格空白、符号或未读出而未计入的报告数",
    "granted_count": "予以公开（件）",
    "disclosure_rate_pct": "实质公开率（%）",
    **{f"{count}_count": f"{SEVERITY_LABELS[severity]}（条）" for count, severity in
       (("errors", "error"), ("warnings", "warning"), ("info", "info"), ("unchecked", "unchecked"))},
    "severity_label": "级别",
    "findings_count": "核查发现（条）",
    "message": "说明",
    "rule_label": "规则",
    "cells_label": "涉及的单元格",
    "cells_read": "读出单元格",
    "cells_expected": "模板单元格",
    "read_pct": "读出比例（%）",
    "path": "文件",
    "review_correction_rate_pct": "复议纠错率（%）",
    "applications_received_count": "收到申请（件）",
    "review_decided_count": "复议已审结（件）",
    "litigation_correction_rate_pct": "诉讼纠错率（%）",
    "litigation_decided_count": "诉讼已审结（件）",
    "correction_rate_pct": "纠错率（%）",
    "review_count": "行政复议（件）",
    "litigation_count": "行政诉讼（件）",
    "new_received_count": "本年新收（件）",
    "new_received_reports_count": "填报本年新收的报告数",
    "carried_over_count": "上年结转（件）",
    "carried_over_reports_count": "填报上年结转的报告数",
    "processed_reports_count": "填报办理结果总计的报告数",
    "granted_reports_count": "填报予以公开的报告数",
    "carried_forward_count": "结转下年度（件）",
    "carried_forward_reports_count": "填报结转下年度的报告数",
    "backlog_pct": "结转占比（%）",
    "licensing_decisions_count": "行政许可决定（件）",
    "penalty_decisions_count": "行政处罚决定（件）",
}

# A figure of a report with its unit, as an agency's profile lists it.
MEASURE_LABELS = {
    "new_received": "本年新收申请（件）",
    "processed": COLUMN_LABELS["processed_count"],
    "disclosure_rate_pct": COLUMN_LABELS["disclosure_rate_pct"],
    "not_held_rate_pct": "不掌握信息比例（%）",
    "carried_forward": COLUMN_LABELS["carried_forward_count"],
    "review": COLUMN_LABELS["review_count"],
    "litigation": COLUMN_LABELS["litigation_count"],
    "licensing": COLUMN_LABELS["licensing_decisions_count"],
    "penalty": COLUMN_LABELS["penalty_decisions_count"],
}

PROSE_LABELS: dict[str, str] = {
    "info_submitted": "上报政务信息（条）",
    "info_adopted": "被采用信息（条）",
    "adoption_rate_stated_pct": "文中所述采用率（%）",
    "portal_items_published": "门户网站公开信息（条）",
    "active_disclosure_total_stated": "主动公开信息总数（条）",
    "mailbox_replies": "领导信箱办理回复（条）",
    "special_topics": "政务专题（个）",
    "online_interviews": "在线访谈（期）",
    "requests_handled_stated": "文中所述申请数（件）",
    "processing_fees_yuan": "信息处理费（元）",
    "review_stated": "文中所述行政复议（件）",
    "litigation_stated": "文中所述行政诉讼（件）",
    "normative_docs_in_force_stated": "现行有效规范性文件（件）",
    "normative_docs_issued_stated": "制发规范性文件（件）",
}

# How a table was laid out in the text, in words (the parser's ``layout``).
LAYOUT_LABELS = {"cells": "分隔的单元格", "flattened": "数字连写"}

# The stored format of a report in words (which reader read it).
FORMAT_LABELS = {"text": "纯文本", "html": "网页", "docx": "Word 文档", "doc": "Word 文档", "pdf": "PDF 文件", "rtf": "RTF 文件"}
OTHER_FORMAT = AGENCY_KIND_LABELS["other"]

# Whether a report was published by its deadline (R12).
PUBLICATION_STATUS_LABELS = {"on_time": "按时", "late": "逾期", "unknown": SEVERITY_LABELS["unchecked"]}

# Where a report's publication date was read (the collector's ``published_from``; "meta …" and
# "page line …" carry the name of the field after the word, which the label shows in place of {}).
PUBLISHED_FROM_LABELS = {
    "report text": "报告正文中的日期",
    "list date": "栏目列表中的日期",
    "URL path": "网址中的日期",
    "meta": "网页元数据中的发布日期",
    "page line": "网页上的“{}”",
}

# --- characters ------------------------------------------------------------------------------------

# Traditional characters that OpenCC's character table maps to a different Simplified character
# than the one a report means, or misses (artefacts of machine conversion seen on mirror sites).
T2S_EXTRAS = {"製": "制", "隻": "只", "著": "着", "於": "于", "甯": "宁", "瞭": "了", "覆": "复"}

# --- the catalog SQL reads ---------------------------------------------------------------------------

# vocabulary → code → label, written to the database's label_catalog (xxgk.db.create_schema).
CATALOG: dict[str, dict[str, str]] = {
    "agency_kind": AGENCY_KIND_LABELS,
    "place_level": PLACE_LEVEL_LABELS,
    "review_block": codes.REVIEW_BLOCK_LABELS,
    "outcome": OUTCOME_LABELS,
    "measure": MEASURE_LABELS,
    "table_in_lists": TABLE_IN_LISTS,
    "report_problem": REPORT_PROBLEM_LABELS,
    "revision": {"revised": "已修订（{}个旧版本）"},  # {}: how many older versions
    "publication_status": PUBLICATION_STATUS_LABELS,
    "published_from": PUBLISHED_FROM_LABELS,
}
