"""What every rule shares: severities, cell names (``ref``; a cell in words is ``xxgk.vocabulary.cell_label``'s),
reading an operand, writing numbers in messages."""

from __future__ import annotations

import math
from typing import NamedTuple

from xxgk.model import Report, is_number

ERROR, WARNING, INFO, UNCHECKED = "error", "warning", "info", "unchecked"
SEVERITIES = (ERROR, WARNING, INFO, UNCHECKED)

# Sums are compared with this slack so that 0.1 + 0.2 equals 0.3; figures are counts or amounts
# printed with at most four decimals, so nothing real hides under it.
EPSILON = 1e-6


def ref(table: str, row: str, column: str) -> str:
    """The name of a cell in findings: ``applications.new_received.total``."""
    return f"{table}.{row}.{column}"


def fmt(value: float | int) -> str:
    """A figure as a reader expects to see it: 5, 2.5, 0.0012 — never 5.0 or 2.5000000001."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    rounded = round(float(value), 6)
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.6f}".rstrip("0").rstrip(".")


def equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0.0, abs_tol=EPSILON)


class Operand(NamedTuple):
    """One cell a rule reads: its name, its number, or why it has none."""

    cell: str
    label: str
    value: float | int | None  # None when blank, a mark or not read
    problem: str | None  # "为空白" | "填写“/”" | "未读出"; None when value is a number


def operand(report: Report, table: str, row: str, column: str, label: str) -> Operand:
    name = ref(table, row, column)
    cell = report.tables.get(table, {}).get(row, {}).get(column)
    if cell is None:
        return Operand(name, label, None, UNREAD)
    if is_number(cell.value):
        return Operand(name, label, cell.value, None)
    if cell.value is None:
        return Operand(name, label, None, "为空白")
    return Operand(name, label, None, f"填写“{cell.value}”")


UNREAD = "未读出"
_NAMED = 4  # operands named per problem before "等N项"


def problems(operands: list[Operand]) -> str:
    """``上年结转为空白、结转下年度填写“/”`` — the operands that stop a rule from being checked.

    Operands with the same problem are named together, at most four of them:
    ``不予公开·属于国家秘密、不予公开·其他法律行政法规禁止公开等9项为空白``.
    """
    groups: dict[str, list[str]] = {}
    for op in operands:
        if op.problem:
            groups.setdefault(op.problem, []).append(op.label)
    parts = []
    for problem, labels in groups.items():
        names = "、".join(labels[:_NAMED]) + (f"等{len(labels)}项" if len(labels) > _NAMED else "")
        parts.append(names + problem)
    return "，".join(parts)


def name_list(names: list[str], unit: str = "项", limit: int = 6) -> str:
    """``自然人列、商业企业列等7列``."""
    return "、".join(names[:limit]) + (f"等{len(names)}{unit}" if len(names) > limit else "")


def total(operands: list[Operand]) -> float:
    return sum(op.value for op in operands if op.value is not None)


def terms(operands: list[Operand]) -> str:
    """``予以公开(2)+部分公开(1)`` for a message."""
    return "+".join(f"{op.label}({fmt(op.value)})" for op in operands if op.value is not None)


_NO_COLUMNS: dict = {}


def numbers(rows: dict, row_codes: tuple[str, ...], column: str) -> list[float | int] | None:
    """The figures of ``column`` in ``row_codes`` of a parsed table, or None if any is not a number.

    The fast path of the arithmetic rules: most reports add up, and only those that do not (or
    cannot be checked) pay for building ``Operand`` values and messages.
    """
    out = []
    for row in row_codes:
        cell = rows.get(row, _NO_COLUMNS).get(column)
        if cell is None:
            return None
        value = cell.value
        if type(value) is not int and type(value) is not float:
            return None
        out.append(value)
    return out


def row_numbers(columns: dict, column_codes: tuple[str, ...]) -> list[float | int] | None:
    """The figures of one row in ``column_codes``, or None if any is not a number."""
    out = []
    for column in column_codes:
        cell = columns.get(column)
        if cell is None:
            return None
        value = cell.value
        if type(value) is not int and type(value) is not float:
            return None
        out.append(value)
    return out


def table_found(report: Report, table: str) -> bool:
    if not report.tables.get(table):
        return False
    parsing = report.parsing.get(table)
    return parsing is None or parsing.found
