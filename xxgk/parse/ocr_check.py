"""Figures read by OCR, kept only where the tables' own arithmetic confirms them.

OCR misreads digits (0/8/6, 1/7) and cannot say so, so an OCR'd cell of tables 3 and 4 is kept
only when it takes part in at least one sum that holds with every operand a printed number, and in
none that fails: R3 (a row's 总计 is the sum of its applicants), R1 and R2 down each column of
table 3 (新收 + 上年结转 = 总计 + 结转下年度; 总计 = the outcome rows), R5 (each block of table 4:
总计 = its four results). Every other cell of those tables — in a failing sum, or in none that could
be checked, a blank or a mark among them — is left unread: a row whose sums fail is never guessed.
A blank cell (no ink in it) is kept where every other cell of its row is so confirmed.
Table 2 has no arithmetic to confirm a figure by; its figures are kept because the OCR reader
emits a figure of a table only where two readings of its cell by different models agree
(:mod:`xxgk.readers.ocr_cells`; digits of tables without rules are marked unsure), with a warning
saying so.
"""

from __future__ import annotations

from xxgk import codes
from xxgk.model import Report, is_number
from xxgk.parse.blank_cells import _column_equations

UNSURE = "?"  # what the OCR reader writes for a cell it could not read (xxgk.readers.ocr_cells)
APPLICATIONS, REVIEW, ACTIVE = "applications", "review_litigation", "active_disclosure"

Term = tuple[str, str, str]  # table, row, column


def equations(template: str) -> list[tuple[list[Term], list[Term]]]:
    """Every sum of tables 3 and 4 as (terms added, terms subtracted) that total zero."""
    rows = [row.code for row in codes.application_rows(template)]
    out: list[tuple[list[Term], list[Term]]] = []
    for row in rows:
        out.append(([(APPLICATIONS, row, "total")],
                    [(APPLICATIONS, row, col) for col in codes.APPLICANT_COLUMNS if col != "total"]))
    for plus, minus in _column_equations(rows):
        for col in codes.APPLICANT_COLUMNS:
            out.append(([(APPLICATIONS, r, col) for r in plus], [(APPLICATIONS, r, col) for r in minus]))
    for block in codes.REVIEW_BLOCKS:
        parts = [(REVIEW, block, col) for col in codes.REVIEW_COLUMNS if col != "total"]
        out.append(([(REVIEW, block, "total")], parts))
    return out


def verify_ocr(report: Report) -> list[str]:
    """Drop the OCR'd cells of tables 3 and 4 no holding sum confirms; return the warnings."""
    if report.template not in ("2019", "2021"):
        return []

    def value(term: Term):
        cell = report.tables.get(term[0], {}).get(term[1], {}).get(term[2])
        return cell.value if cell is not None else None

    confirmed: set[Term] = set()
    failed: set[Term] = set()
    for plus, minus in equations(report.template):
        values = [value(t) for t in plus + minus]
        if not all(is_number(v) for v in values):
            continue
        total = sum(values[:len(plus)]) - sum(values[len(plus):])
        (confirmed if abs(total) < 1e-9 else failed).update(plus + minus)
    warnings = []
    for table in (APPLICATIONS, REVIEW):
        dropped = []
        for row, cells in report.tables.get(table, {}).items():
            blank_kept = _blanks_kept(report, table, row, cells, confirmed - failed)
            for col in list(cells):
                if col in blank_kept:
                    continue
                if (table, row, col) in failed or (table, row, col) not in confirmed:
                    del cells[col]
                    dropped.append(f"{row}.{col}")
        if report.tables.get(table) is not None:
            kept = sum(len(cells) for cells in report.tables[table].values())
            warnings.append(f"{table}: read by OCR; {kept} figures kept where the table's sums hold, "
                            f"{len(dropped)} left unread (in a sum that fails or cannot be checked)")
    if report.tables.get(ACTIVE) is not None:
        kept = sum(len(cells) for cells in report.tables[ACTIVE].values())
        warnings.append(f"{ACTIVE}: read by OCR; the table has no sums to check its figures by: "
                        f"{kept} figures kept where two readings of the cell agree, the rest left unread")
    return warnings


def _blanks_kept(report: Report, table: str, row: str, cells: dict, sure: set[Term]) -> set[str]:
    """The blank cells of a row to keep: where every other cell of the row is a figure some sum
    confirms, and the row's line of text ends in exactly its cells, an empty field for each blank
    (a cell the OCR reader found no ink in) and no unsure mark anywhere on it. Else none."""
    columns = codes.APPLICANT_COLUMNS if table == APPLICATIONS else codes.REVIEW_COLUMNS
    blanks = {col for col, cell in cells.items() if cell.value is None}
    if not blanks or set(cells) != set(columns) or len(blanks) == len(columns):
        return set()
    if not all((table, row, col) in sure for col in columns if col not in blanks):
        return set()
    lines = {cell.line for cell in cells.values()}
    text = report.text.split("\n")
    line = lines.pop() if len(lines) == 1 else None
    if line is None or not 0 < line <= len(text) or UNSURE in text[line - 1]:
        return set()
    fields = [f.strip() for f in text[line - 1].split("\t")][-len(columns):]
    printed = ["" if cells[col].value is None else cells[col].raw.strip() for col in columns]
    return blanks if fields == printed else set()
