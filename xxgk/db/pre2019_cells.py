"""Bring pre-2019 reports loaded by an older xxgk to the way they are stored now.

An older loader copied five indicators of the pre-2019 statistics table (受理依申请公开信息总数 …)
into the 2019/2021 cells (本年新收 …) and kept the table itself in ``extra_cells``. Those indicators
have codes of their own now (``codes.PRE2019_TABLE``), stored in ``cell_sources`` at the catalog's
positions like every other cell, and never in the modern cells. Loading the same file again would
be skipped (a load is idempotent by content), so the rows are moved here, once: after the move no
``extra_cells`` row of that table is left and the function does nothing.
"""

from __future__ import annotations

import duckdb

from xxgk import codes
from xxgk.db import statements as sql


def move_pre2019_cells(con: duckdb.DuckDBPyConnection) -> int:
    """Move every pre-2019 report's statistics cells from ``extra_cells`` into ``cell_sources``,
    clear the modern cells the old loader copied them into, and recount the report's cells.
    Returns how many reports were moved."""
    ids = [r[0] for r in sql.rows(con, "pre2019.reports_to_move", {"table": codes.PRE2019_TABLE})]
    if not ids:
        return 0
    catalog = sql.rows(con, "pre2019.catalog")
    size = max(position for position, *_ in catalog)
    position_of = {(table, row, column): position for position, table, row, column in catalog}
    modern = [position for position, table, *_ in catalog if table in codes.TABLES]
    for report_id in ids:
        found = sql.run(con, "pre2019.cell_lists", {"report_id": report_id}).fetchone()
        value, raw, line = (list(part) + [None] * (size - len(part)) for part in (found or ([], [], [])))
        for position in modern:  # a pre-2019 report prints none of them: what is there was copied
            value[position - 1] = raw[position - 1] = line[position - 1] = None
        cells = sql.rows(con, "pre2019.extra_cells", {"report_id": report_id, "table": codes.PRE2019_TABLE})
        counts = {"number": 0, "zero": 0, "blank": 0, "mark": 0}
        for row, column, number, kind, text, at in cells:
            position = position_of[(codes.PRE2019_TABLE, row, column)]
            value[position - 1], raw[position - 1], line[position - 1] = number, "" if kind == "blank" else text, at
            counts[kind] += 1
            counts["zero"] += kind == "number" and number == 0
        read = counts["number"] + counts["blank"] + counts["mark"]
        moved = {"report_id": report_id, "table": codes.PRE2019_TABLE, "value": value, "raw": raw, "line": line}
        sql.run(con, "pre2019.move", {**moved, "read": read, **counts})
    return len(ids)
