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


def move_pre2019_cells(con: duckdb.DuckDBPyConnection) -> int:
    """Move every pre-2019 report's statistics cells from ``extra_cells`` into ``cell_sources``,
    clear the modern cells the old loader copied them into, and recount the report's cells.
    Returns how many reports were moved."""
    ids = [r[0] for r in con.execute(
        "SELECT DISTINCT report_id FROM extra_cells WHERE table_name = ? "
        "AND report_id IN (SELECT report_id FROM reports WHERE template = 'pre2019') ORDER BY 1",
        [codes.PRE2019_TABLE],
    ).fetchall()]
    if not ids:
        return 0
    catalog = con.execute("SELECT position, table_name, row_code, column_code FROM cell_catalog ORDER BY position").fetchall()
    size = max(position for position, *_ in catalog)
    position_of = {(table, row, column): position for position, table, row, column in catalog}
    modern = [position for position, table, *_ in catalog if table in codes.TABLES]
    for report_id in ids:
        found = con.execute("SELECT value, raw, line FROM cell_sources WHERE report_id = ?", [report_id]).fetchone()
        value, raw, line = (list(part) + [None] * (size - len(part)) for part in (found or ([], [], [])))
        for position in modern:  # a pre-2019 report prints none of them: what is there was copied
            value[position - 1] = raw[position - 1] = line[position - 1] = None
        cells = con.execute(
            "SELECT row_code, column_code, value, kind, raw, line FROM extra_cells WHERE report_id = ? AND table_name = ?",
            [report_id, codes.PRE2019_TABLE],
        ).fetchall()
        counts = {"number": 0, "zero": 0, "blank": 0, "mark": 0}
        for row, column, number, kind, text, at in cells:
            position = position_of[(codes.PRE2019_TABLE, row, column)]
            value[position - 1], raw[position - 1], line[position - 1] = number, "" if kind == "blank" else text, at
            counts[kind] += 1
            counts["zero"] += kind == "number" and number == 0
        con.execute("DELETE FROM cell_sources WHERE report_id = ?", [report_id])
        con.execute("INSERT INTO cell_sources VALUES (?, ?, ?, ?)", [report_id, value, raw, line])
        con.execute("DELETE FROM extra_cells WHERE report_id = ? AND table_name = ?", [report_id, codes.PRE2019_TABLE])
        con.execute(
            """
            UPDATE reports SET
                cells_expected = coalesce(TRY_CAST(json_extract(parsing, '$.pre2019_statistics.cells_expected') AS INTEGER), ?),
                cells_read = ?, cells_number = ?, cells_zero = ?, cells_blank = ?, cells_mark = ?
            WHERE report_id = ?
            """,
            [
                counts["number"] + counts["blank"] + counts["mark"],
                counts["number"] + counts["blank"] + counts["mark"],
                counts["number"], counts["zero"], counts["blank"], counts["mark"],
                report_id,
            ],
        )
    return len(ids)
