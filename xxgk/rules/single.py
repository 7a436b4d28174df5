"""Single-report rules: R1–R6, R9, R10 — one small function per rule, each ``(report) -> [Finding]``.

R1–R5 apply to the national templates (2019, 2021): a pre-2019 report has no such tables (R4
checks its 统计表 instead). Each arithmetic rule compares one column, row or block at a time and
says, in Chinese, what it added and by how much the two sides differ. An operand that is blank, a
mark or unread makes that one comparison ``unchecked``; a table not found at all gives one
``unchecked`` finding per rule instead of one per column.

``check_report`` runs in the check stage for every report (``xxgk.rules.check``, called by
``xxgk.pipeline``): it reads the cells already parsed and searches the text once for the section
headings (see ``xxgk.rules.sections``). The figures of table 3 are read once per ``check_report``
and shared by R1–R3 (``_applicant_rows``); a rule called on its own reads them itself.

Long: one small function per rule (R1–R6, R9, R10) with the Chinese messages they share;
a module per rule would scatter wording that must stay uniform.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from itertools import islice

from xxgk import codes
from xxgk.model import Finding, Report, is_number
from xxgk.rules.common import (
    ERROR,
    INFO,
    UNCHECKED,
    WARNING,
    UNREAD,
    Operand,
    equal,
    fmt,
    name_list,
    numbers,
    operand,
    row_numbers,
    problems,
    ref,
    table_found,
    terms,
    total,
)
from xxgk.rules.sections import SECTION_TITLES, find_sections
from xxgk.vocabulary import APPLICANT_LABELS, TABLE_SHORT_LABELS, application_row_label, cell_label

APPLICATIONS, ACTIVE, REVIEW = "applications", "active_disclosure", "review_litigation"
NATIONAL = ("2019", "2021")


def _table_missing(rule: str, report: Report, table: str) -> list[Finding]:
    """One ``unchecked`` finding when the table a rule needs was not read at all."""
    return [
        Finding(
            rule,
            UNCHECKED,
            f"未读出{TABLE_SHORT_LABELS[table]}（{codes.TABLE_LABELS[table]}），无法核对。",
        )
    ]


class _Comparisons:
    """The comparisons of one rule over one table, and the ones that could not be made.

    A comparison blocked by a blank or a mark — something the report printed — is its own
    ``unchecked`` finding. Comparisons blocked only by cells the parser did not read (a table cut
    short, a row it could not find) share one finding, so that a truncated table says so once.
    """

    def __init__(self, rule: str, report: Report, table: str, equation: str, unit: str) -> None:
        self.rule, self.report, self.table, self.equation, self.unit = rule, report, table, equation, unit
        self.findings: list[Finding] = []
        self._unread_scopes: list[str] = []
        self._unread_cells: dict[str, None] = {}

    def blocked(self, scope: str, operands: list[Operand]) -> bool:
        """True (and noted) when an operand has no number."""
        if not any(o.problem for o in operands):
            return False
        if any(o.problem and o.problem != UNREAD for o in operands):
            self.findings.append(
                Finding(
                    self.rule,
                    UNCHECKED,
                    f"{scope}：{problems(operands)}，无法核对“{self.equation}”。",
                    tuple(o.cell for o in operands),
                )
            )
        else:
            self._unread_scopes.append(scope)
            self._unread_cells.update((o.cell, None) for o in operands if o.problem)
        return True

    def differs(self, scope: str, message: str, operands: list[Operand]) -> None:
        self.findings.append(Finding(self.rule, ERROR, f"{scope}：{message}", tuple(o.cell for o in operands)))

    def total_of_parts(self, scope: str, stated: Operand, parts: list[Operand]) -> None:
        """A printed 总计 against the sum of its parts (R3 per row, R5 per block)."""
        if self.blocked(scope, [stated] + parts):
            return
        computed = total(parts)
        if not equal(stated.value, computed):
            self.differs(
                scope,
                f"总计为{fmt(stated.value)}，但{terms(parts)}={fmt(computed)}，相差{fmt(abs(stated.value - computed))}。",
                [stated] + parts,
            )

    def result(self) -> list[Finding]:
        if self._unread_scopes:
            rep = self.report.parsing.get(self.table)
            why = "（文本在表格中截断）" if rep is not None and rep.truncated else ""
            self.findings.append(
                Finding(
                    self.rule,
                    UNCHECKED,
                    f"{TABLE_SHORT_LABELS[self.table]}有{len(self._unread_cells)}个单元格未读出{why}，"
                    f"无法核对“{self.equation}”：{name_list(self._unread_scopes, self.unit)}。",
                    tuple(self._unread_cells),
                )
            )
        return self.findings


# --- R1 -----------------------------------------------------------------------------------------


_R1_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def r1_applications_balance(report: Report) -> list[Finding]:
    """R1, per column of table 3: 新收 + 上年结转 = 办理结果总计 + 结转下年度."""
    if report.template not in NATIONAL:
        return []
    if not table_found(report, APPLICATIONS):
        return _table_missing("R1", report, APPLICATIONS)
    check = _Comparisons("R1", report, APPLICATIONS, "新收+上年结转=办理结果总计+结转下年度", "列")
    rows = report.tables[APPLICATIONS]
    columns = _applicant_columns(report, _R1_ROWS)
    for index, column in enumerate(codes.APPLICANT_COLUMNS):
        fast = columns[index] if columns is not None else numbers(rows, _R1_ROWS, column)
        if fast is not None and equal(fast[0] + fast[1], fast[2] + fast[3]):
            continue
        scope = f"{APPLICANT_LABELS[column]}列"
        left = [_app(report, row, column) for row in ("new_received", "carried_over")]
        right = [_app(report, row, column) for row in ("total_processed", "carried_forward")]
        if check.blocked(scope, left + right):
            continue
        inflow, outflow = total(left), total(right)
        if not equal(inflow, outflow):
            check.differs(
                scope,
                f"{terms(left)}={fmt(inflow)}，但{terms(right)}={fmt(outflow)}，相差{fmt(abs(inflow - outflow))}。",
                left + right,
            )
    return check.result()


# --- the figures of table 3, read once for R1–R3 ---------------------------------------------------


class _Shared(threading.local):
    """What ``check_report`` lets its rules share about the report being checked (per thread)."""

    report: Report | None = None
    applicant_rows: dict[str, list[float | int] | None] | None = None


_SHARED = _Shared()


def _applicant_rows(report: Report) -> dict[str, list[float | int] | None]:
    """Each row of table 3 (``codes.application_rows``) → its figures in ``codes.APPLICANT_COLUMNS``
    order, or None where a cell is not a number (``row_numbers``). Read once per ``check_report``:
    R1, R2 and R3 all start from these figures."""
    if _SHARED.report is report and _SHARED.applicant_rows is not None:
        return _SHARED.applicant_rows
    table = report.tables.get(APPLICATIONS, {})
    figures = {
        row.code: row_numbers(table.get(row.code, {}), codes.APPLICANT_COLUMNS)
        for row in codes.application_rows(report.template or "2021")
    }
    if _SHARED.report is report:
        _SHARED.applicant_rows = figures
    return figures


def _applicant_columns(report: Report, row_codes: tuple[str, ...]) -> list[tuple[float | int, ...]] | None:
    """The figures of ``row_codes`` of table 3 as one tuple per column (what ``numbers`` gives one
    column at a time), or None if any of them is not a number."""
    figures = _applicant_rows(report)
    rows = [figures.get(code) for code in row_codes]
    if None in rows:
        return None
    return list(zip(*rows))


def _app(report: Report, row: str, column: str) -> Operand:
    return operand(report, APPLICATIONS, row, column, application_row_label(row, report.template or "2021"))


# --- R2 -----------------------------------------------------------------------------------------


def _outcome_groups(template: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The parts of 办理结果总计, grouped as the table prints them."""
    other = codes.OTHER_ROWS_2019 if template == "2019" else codes.OTHER_ROWS_2021
    return (
        ("予以公开", ("granted",)),
        ("部分公开", ("partially_granted",)),
        ("不予公开", codes.DENIED_ROWS),
        ("无法提供", codes.UNABLE_ROWS),
        ("不予处理", codes.NOT_PROCESSED_ROWS),
        ("其他处理", other),
    )


_R2_ROWS = {
    template: ("total_processed", *(row for _, rows in _outcome_groups(template) for row in rows))
    for template in NATIONAL
}


def r2_outcomes_sum(report: Report) -> list[Finding]:
    """R2, per column: 办理结果总计 = 予以公开 + 部分公开 + Σ不予公开 + Σ无法提供 + Σ不予处理 + Σ其他处理.

    The 2021 template splits 其他处理 into three rows, the 2019 template prints one.
    """
    if report.template not in NATIONAL:
        return []
    if not table_found(report, APPLICATIONS):
        return _table_missing("R2", report, APPLICATIONS)
    check = _Comparisons("R2", report, APPLICATIONS, "办理结果总计=各项办理结果之和", "列")
    groups = _outcome_groups(report.template)
    rows = report.tables[APPLICATIONS]
    columns = _applicant_columns(report, _R2_ROWS[report.template])
    for index, column in enumerate(codes.APPLICANT_COLUMNS):
        fast = columns[index] if columns is not None else numbers(rows, _R2_ROWS[report.template], column)
        if fast is not None and equal(fast[0], sum(fast[1:])):
            continue
        scope = f"{APPLICANT_LABELS[column]}列"
        stated = _app(report, "total_processed", column)
        parts = [(label, [_app(report, row, column) for row in rows]) for label, rows in groups]
        operands = [stated] + [o for _, ops in parts for o in ops]
        if check.blocked(scope, operands):
            continue
        subtotals = [(label, total(ops)) for label, ops in parts]
        computed = sum(value for _, value in subtotals)
        if not equal(stated.value, computed):
            shown = "+".join(f"{label}({fmt(value)})" for label, value in subtotals)
            check.differs(
                scope,
                f"办理结果总计为{fmt(stated.value)}，但{shown}={fmt(computed)}，相差{fmt(abs(stated.value - computed))}。",
                operands,
            )
    return check.result()


# --- R3 -----------------------------------------------------------------------------------------

_APPLICANTS = codes.APPLICANT_COLUMNS[:-1]


def r3_applicants_sum(report: Report) -> list[Finding]:
    """R3, per row of table 3: 总计 = 自然人 + the five kinds of 法人或其他组织."""
    if report.template not in NATIONAL:
        return []
    if not table_found(report, APPLICATIONS):
        return _table_missing("R3", report, APPLICATIONS)
    check = _Comparisons("R3", report, APPLICATIONS, "总计=各类申请人之和", "行")
    figures = _applicant_rows(report)
    for row in codes.application_rows(report.template):
        fast = figures[row.code]
        if fast is not None and equal(fast[-1], sum(fast[:-1])):
            continue
        scope = f"{application_row_label(row.code, report.template)}行"
        stated = operand(report, APPLICATIONS, row.code, "total", "总计")
        parts = [operand(report, APPLICATIONS, row.code, column, APPLICANT_LABELS[column]) for column in _APPLICANTS]
        check.total_of_parts(scope, stated, parts)
    return check.result()


# --- R4 -----------------------------------------------------------------------------------------

# Cells that hold money and may have decimals; every other cell is a count of items.
AMOUNT_CELLS = {
    (ACTIVE, "fees", "amount_10k_yuan"),
    (ACTIVE, "procurement", "amount"),
    ("pre2019_statistics", "fees_waived_yuan", "this_year"),
    ("pre2019_statistics", "fees_waived_yuan", "cumulative"),
    ("pre2019_statistics", "fees_collected_yuan", "this_year"),
    ("pre2019_statistics", "fees_collected_yuan", "cumulative"),
}
# 2019 template, 本年增/减: the change in the number of items may be negative.
SIGNED_COLUMNS = {(ACTIVE, "change")}
_SHOWN = 6  # cells named in an info message before "等"


def r4_valid_figures(report: Report) -> list[Finding]:
    """R4: counts are whole numbers ≥ 0, amounts ≥ 0; blank cells and marks are listed as info.

    Pre-2019 reports are checked on their 统计表 only (their canonical cells are copies of it).
    """
    if report.template in NATIONAL:
        tables = [t for t in codes.TABLES if t in report.tables]
    elif "pre2019_statistics" in report.tables:
        tables = ["pre2019_statistics"]
    else:
        return []
    findings = []
    for table in tables:
        blanks: list[str] = []
        marks: list[tuple[str, str]] = []
        for row, columns in report.tables[table].items():
            for column, cell in columns.items():
                value = cell.value
                kind = type(value)
                if kind is int and value >= 0:
                    continue  # the common case, decided without a lookup
                if value is None:
                    blanks.append(ref(table, row, column))
                elif not is_number(value):
                    marks.append((ref(table, row, column), str(value)))
                else:
                    problem = _invalid(table, row, column, value)
                    if problem:
                        label = cell_label(ref(table, row, column), report.template or "2021", in_sentence=True)
                        findings.append(
                            Finding("R4", ERROR, f"{label}为{fmt(value)}，{problem}。", (ref(table, row, column),))
                        )
        if blanks:
            findings.append(
                Finding(
                    "R4",
                    INFO,
                    f"{TABLE_SHORT_LABELS[table]}有{len(blanks)}个空白单元格，未按0计："
                    f"{_list_cells(report, blanks)}。",
                    tuple(blanks),
                )
            )
        if marks:
            kinds = "、".join(f"“{mark}”×{n}" for mark, n in Counter(m for _, m in marks).most_common())
            findings.append(
                Finding(
                    "R4",
                    INFO,
                    f"{TABLE_SHORT_LABELS[table]}有{len(marks)}个单元格填写标记（{kinds}），未按0计："
                    f"{_list_cells(report, [name for name, _ in marks])}。",
                    tuple(name for name, _ in marks),
                )
            )
    return findings


def _invalid(table: str, row: str, column: str, value: float | int) -> str | None:
    if (table, row, column) in AMOUNT_CELLS:
        return "金额不能为负数" if value < 0 else None
    whole = float(value).is_integer()
    if (table, column) in SIGNED_COLUMNS:
        return None if whole else "项目增减数应为整数"
    if value < 0 and not whole:
        return "件数应为不小于0的整数"
    if value < 0:
        return "件数不能为负数"
    if not whole:
        return "件数应为整数"
    return None


def _list_cells(report: Report, names: list[str]) -> str:
    labels = [cell_label(name, report.template or "2021", in_sentence=True) for name in names[:_SHOWN]]
    return "、".join(labels) + ("等" if len(names) > _SHOWN else "")


# --- R5 -----------------------------------------------------------------------------------------


def r5_review_sum(report: Report) -> list[Finding]:
    """R5, per block of table 4: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计."""
    if report.template not in NATIONAL:
        return []
    if not table_found(report, REVIEW):
        return _table_missing("R5", report, REVIEW)
    check = _Comparisons("R5", report, REVIEW, "结果维持+结果纠正+其他结果+尚未审结=总计", "项")
    table = report.tables[REVIEW]
    for block in codes.REVIEW_BLOCKS:
        fast = row_numbers(table.get(block, {}), codes.REVIEW_COLUMNS)
        if fast is not None and equal(fast[-1], sum(fast[:-1])):
            continue
        scope = codes.REVIEW_BLOCK_LABELS[block]
        stated = operand(report, REVIEW, block, "total", "总计")
        parts = [
            operand(report, REVIEW, block, column, codes.REVIEW_COLUMN_LABELS[column])
            for column in codes.REVIEW_COLUMNS[:-1]
        ]
        check.total_of_parts(scope, stated, parts)
    return check.result()


# --- R6 -----------------------------------------------------------------------------------------

# A reading: what the table figure is called, and the cells (with their names) it adds up.
Reading = tuple[str, tuple[tuple[str, str, str, str], ...]]

_NEW = (APPLICATIONS, "new_received", "total", "新收")
_CARRIED = (APPLICATIONS, "carried_over", "total", "上年结转")
_DIRECT = (REVIEW, "litigation_direct", "total", "未经复议直接起诉")
_AFTER_REVIEW = (REVIEW, "litigation_after_review", "total", "复议后起诉")


def _prose_readings(report: Report) -> list[tuple[str, str, list[Reading]]]:
    """(prose fact, what it counts, the table readings it may mean — the first is the plain one).

    共收到政府信息公开申请N件 means 新收 (总计 column); some reports count everything on their desk
    this year, 新收 + 上年结转. Both are accepted, and a match on the second is reported as info
    naming it. 办理结果总计 is deliberately not a reading: accepting it would hide a 新收 that
    disagrees with the prose whenever the table's own arithmetic (R1) is off.
    """
    template = report.template
    requests: list[Reading] = [
        ("新收", (_NEW,)),
        ("新收+上年结转", (_NEW, _CARRIED)),
    ]
    review: list[Reading] = [("行政复议总计", ((REVIEW, "review", "total", "行政复议总计"),))]
    if template == "pre2019":
        # the statistics table keeps its own codes (codes.PRE2019_TABLE), 本年度 column
        old = codes.PRE2019_TABLE
        requests = [("受理依申请公开信息总数", ((old, "requests_total", "this_year", "受理依申请公开信息总数"),))]
        review = [("行政复议数", ((old, "review", "this_year", "行政复议数"),))]
        litigation: list[Reading] = [("行政诉讼数", ((old, "litigation", "this_year", "行政诉讼数"),))]
    else:
        litigation = [("未经复议直接起诉+复议后起诉", (_DIRECT, _AFTER_REVIEW))]
    checks = [
        ("requests_handled_stated", "政府信息公开申请", requests),
        ("review_stated", "行政复议", review),
        ("litigation_stated", "行政诉讼", litigation),
    ]
    documents = (ACTIVE, "normative_documents")
    if template == "2021":
        checks.append(
            ("normative_docs_in_force_stated", "现行有效规范性文件", [("现行有效件数", ((*documents, "in_force", "现行有效件数"),))])
        )
        checks.append(
            ("normative_docs_issued_stated", "本年制发规范性文件", [("本年制发件数", ((*documents, "issued", "本年制发件数"),))])
        )
    elif template == "2019":
        # The 2019 template's 本年新制作数量 is what a report calls 制发/制定; it prints no 现行有效.
        checks.append(
            ("normative_docs_issued_stated", "本年制发规范性文件", [("本年新制作数量", ((*documents, "produced", "本年新制作数量"),))])
        )
    return checks


def r6_prose_matches_tables(report: Report) -> list[Finding]:
    """R6: figures stated in the prose agree with the table.

    A warning, not an error: the prose is read by pattern, and a report may count differently in
    words than in its table. A fact the prose does not state is not compared.
    """
    if report.template not in (*NATIONAL, "pre2019"):
        return []
    findings = []
    for code, name, readings in _prose_readings(report):
        fact = report.prose.get(code)
        if fact is None:
            continue
        stated = getattr(fact, "value", fact)
        if _agrees(report, readings[0][1], stated):
            continue  # the common case, decided before any message is written
        said = f"文中{_quote(getattr(fact, 'sentence', ''))}称{name}{fmt(stated)}件"
        prose_cell = f"prose.{code}"
        computed: list[tuple[str, float, list[Operand]]] = []
        blocked: list[Operand] = []
        for label, cells in readings:
            ops = [operand(report, t, r, c, name_) for t, r, c, name_ in cells]
            if any(o.problem for o in ops):
                blocked.extend(o for o in ops if o.problem and o not in blocked)
            else:
                computed.append((label, total(ops), ops))
        if not computed:
            findings.append(
                Finding("R6", UNCHECKED, f"{said}，但表中{problems(blocked)}，无法核对。", (prose_cell, *(o.cell for o in blocked)))
            )
            continue
        matched = next(((label, ops) for label, value, ops in computed if equal(value, stated)), None)
        plain = readings[0][0]
        if matched and matched[0] == plain:
            continue
        if matched:
            label, ops = matched
            shown = terms(ops) + (f"={fmt(total(ops))}" if len(ops) > 1 else "")
            findings.append(
                Finding("R6", INFO, f"{said}，与表中{shown}相符（按{label}计，而非{plain}）。", (prose_cell, *(o.cell for o in ops)))
            )
            continue
        shown = "，".join(terms(ops) + (f"={fmt(value)}" if len(ops) > 1 else "") for _, value, ops in computed)
        findings.append(
            Finding(
                "R6",
                WARNING,
                f"{said}，但表中{shown}，{'均' if len(computed) > 1 else ''}不相符。",
                (prose_cell, *(o.cell for _, _, ops in computed for o in ops)),
            )
        )
    return findings


def _agrees(report: Report, cells: tuple[tuple[str, str, str, str], ...], stated: float | int) -> bool:
    """Whether the cells of a reading are all numbers and add up to ``stated`` (what
    ``r6_prose_matches_tables`` concludes from their operands, without building them)."""
    figures = []
    for table, row, column, _ in cells:
        cell = report.tables.get(table, {}).get(row, {}).get(column)
        if cell is None or not is_number(cell.value):
            return False
        figures.append(cell.value)
    return equal(sum(figures), stated)


def _quote(sentence: str, limit: int = 40) -> str:
    sentence = " ".join(sentence.split())
    if not sentence:
        return ""
    return "“" + (sentence if len(sentence) <= limit else sentence[: limit - 1] + "…") + "”"


# --- R9 -----------------------------------------------------------------------------------------

# (stated rate, numerator, denominator, rate name, numerator name, denominator name, unit)
STATED_RATES = (
    ("adoption_rate_stated_pct", "info_adopted", "info_submitted", "采用率", "采用", "上报", "条"),
)
RATE_TOLERANCE_POINTS = 0.5  # a stated rate is rounded, at worst to the whole percent: ±0.5 point


def r9_stated_rates(report: Report) -> list[Finding]:
    """R9: a stated rate agrees with its stated parts (采用率 = 采用 ÷ 上报 × 100, ±0.5 point)."""
    findings = []
    for rate_code, num_code, den_code, rate_name, num_name, den_name, unit in STATED_RATES:
        rate = report.prose.get(rate_code)
        if rate is None:
            continue
        cells = (f"prose.{rate_code}", f"prose.{num_code}", f"prose.{den_code}")
        stated = float(getattr(rate, "value", rate))
        num, den = report.prose.get(num_code), report.prose.get(den_code)
        if num is None or den is None:
            missing = "、".join(n for n, f in ((f"{num_name}数", num), (f"{den_name}数", den)) if f is None)
            findings.append(
                Finding("R9", UNCHECKED, f"{rate_name}：文中称{fmt(stated)}%，但未写明{missing}，无法核对。", cells)
            )
            continue
        num_value, den_value = float(getattr(num, "value", num)), float(getattr(den, "value", den))
        if den_value == 0:
            findings.append(
                Finding("R9", UNCHECKED, f"{rate_name}：文中称{fmt(stated)}%，但{den_name}数为0，无法计算比率。", cells)
            )
            continue
        computed = num_value / den_value * 100
        difference = abs(stated - computed)
        if difference > RATE_TOLERANCE_POINTS + 1e-9:
            findings.append(
                Finding(
                    "R9",
                    ERROR,
                    f"{rate_name}：文中所述{fmt(stated)}%，但{num_name}{fmt(num_value)}{unit}÷"
                    f"{den_name}{fmt(den_value)}{unit}={computed:.1f}%，相差{difference:.1f}个百分点。",
                    cells,
                )
            )
    return findings


# --- R10 ----------------------------------------------------------------------------------------

SECTION_5_MIN_CHARS = 10  # fewer characters than this after the heading (“无。”) is an empty section
_NUMBER_WORDS = "一二三四五六"


def r10_sections_present(report: Report) -> list[Finding]:
    """R10: the six sections of the national template are there, and 五 (problems) is not empty.

    Pre-2019 reports follow older outlines (概述 … 主要问题和改进措施 … 统计表): only their
    problems-and-improvements section is looked for, and its absence is ``info``. Reports whose
    template is unknown are not checked.
    """
    if report.template == "pre2019":
        return _r10_pre2019(report)
    if report.template not in NATIONAL:
        return []
    sections = find_sections(report.text)
    findings = []
    missing = [n for n in SECTION_TITLES if n not in sections.headings]
    if missing:
        names = "、".join(f"{_NUMBER_WORDS[n - 1]}、{SECTION_TITLES[n]}" for n in missing)
        findings.append(
            Finding("R10", WARNING, f"报告缺少{len(missing)}个部分：{names}。{_truncated(report)}".rstrip())
        )
    content = sections.content(5)
    if content is not None and _meaningful_length(content, SECTION_5_MIN_CHARS) < SECTION_5_MIN_CHARS:
        findings.append(
            Finding("R10", WARNING, f"第五部分“存在的主要问题及改进情况”内容为空（{_show(content)}）。")
        )
    return findings


def _r10_pre2019(report: Report) -> list[Finding]:
    sections = find_sections(report.text)
    content = sections.content(5)
    if content is None:
        return [Finding("R10", INFO, "2019年以前的报告未按现行六部分格式编写，且未找到“存在的主要问题及改进措施”部分。")]
    if _meaningful_length(content, SECTION_5_MIN_CHARS) < SECTION_5_MIN_CHARS:
        return [Finding("R10", INFO, f"2019年以前的报告：“主要问题和改进措施”部分内容为空（{_show(content)}）。")]
    return []


def _meaningful_length(text: str, at_most: int | None = None) -> int:
    """The letters and digits in ``text``, counted up to ``at_most`` (all that a comparison with a
    minimum needs: a long section stops being counted there)."""
    return len(list(islice(filter(str.isalnum, text), at_most)))


def _show(content: str) -> str:
    content = content.strip()
    return f"仅有“{content}”" if content else "标题后无内容"


def _truncated(report: Report) -> str:
    if any(getattr(rep, "truncated", False) for rep in report.parsing.values()):
        return "文本在表格中截断，可能是网页或文件保存不全。"
    return ""


# --- all of them --------------------------------------------------------------------------------

SINGLE_RULES: tuple[tuple[str, Callable[[Report], list[Finding]]], ...] = (
    ("R1", r1_applications_balance),
    ("R2", r2_outcomes_sum),
    ("R3", r3_applicants_sum),
    ("R4", r4_valid_figures),
    ("R5", r5_review_sum),
    ("R6", r6_prose_matches_tables),
    ("R9", r9_stated_rates),
    ("R10", r10_sections_present),
)


def check_report(report: Report) -> list[Finding]:
    """Every single-report rule on ``report``, in rule order.

    >>> from xxgk.parse import parse_document
    >>> from xxgk.readers import read_document
    >>> [f.rule for f in check_report(parse_document(read_document("data/reports/000_f5110ba79a44df9c.txt")))]
    ['R9']
    """
    findings: list[Finding] = []
    _SHARED.report, _SHARED.applicant_rows = report, None
    try:
        for _, rule in SINGLE_RULES:
            findings.extend(rule(report))
    finally:
        _SHARED.report, _SHARED.applicant_rows = None, None
    return findings
