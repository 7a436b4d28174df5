"""Which national template a report follows (2019, 2021 or before 2019), from the labels it uses,
and which of the template's cells a report did not yield.

Layer: parse (the shared base: ``xxgk.codes``, ``xxgk.model``).
"""

from __future__ import annotations

from xxgk import codes
from xxgk.model import Cell, Value


_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期不补正", "缴纳费用")


_MARKERS_2019 = (
    "本年新制作",
    "本年新公开",
    "对外公开总数量",
    "对外公开数量",
    "上一年项目数量",
    "本年增/减",
    "本年增减",
    "其他对外管理服务事项",
    "采购项目数量",
    "采购总金额",
)


_MARKERS_PRE2019 = ("历年累计", "情况统计表", "指标名称", "同意公开答复数", "受理依申请公开信息总数")


def detect_template(squeezed: str, year: int | None) -> tuple[str | None, str | None]:
    """The template from the labels the report uses; the year only breaks a tie.

    Returns the template and, when the labels alone did not decide it, a warning.
    """
    score = {
        "2021": sum(m in squeezed for m in _MARKERS_2021),
        "2019": sum(m in squeezed for m in _MARKERS_2019),
        "pre2019": sum(m in squeezed for m in _MARKERS_PRE2019),
    }
    best = max(score.values())
    winners = [t for t, s in score.items() if s == best]
    if best > 0 and len(winners) == 1:
        return winners[0], None
    if year is None:
        return None, "template: no template labels found and no year; template unknown"
    guess = "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"
    return guess, f"template: labels do not decide the template; assumed {guess} from the year {year}"


def expected_missing(template: str, cells: dict[str, dict[str, dict[str, Cell]]]) -> dict[str, list[str]]:
    """For each table, the row.column codes the template has and the report did not yield."""
    missing: dict[str, list[str]] = {}
    for table, rows in codes.expected_cells(template).items():
        got = cells.get(table, {})
        missing[table] = [f"{row}.{col}" for row, cols in rows.items() for col in cols if col not in got.get(row, {})]
    return missing


def all_values(cells: dict[str, dict[str, Cell]]) -> list[Value]:
    return [cell.value for row in cells.values() for cell in row.values()]
