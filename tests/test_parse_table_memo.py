"""A table text read before is given its reading again (``xxgk.parse.table_memo``), at the new
report's lines — and only where that reading depends on the text alone, never on the prose.
"""

from __future__ import annotations

from reports_support import build_report, parse, render, table_rows
from xxgk.parse import review_table, row_tables, table_memo

TABLES = ("active_disclosure", "applications", "review_litigation")


def _cells(report) -> dict:
    return {
        table: {row: {col: (c.value, c.raw, c.line) for col, c in cols.items()} for row, cols in report.tables[table].items()}
        for table in TABLES
    }


def _fresh(text: str):
    table_memo.forget()
    return parse(text)


def test_a_table_read_again_gives_the_same_cells_at_the_new_reports_lines() -> None:
    first = build_report("2021", prose="本年度共主动公开政府信息120条。")
    later = build_report("2021", prose="本年度共主动公开政府信息120条。\n" * 7 + "另有说明。")
    alone = _fresh(later)
    parse(first)
    rows_before, review_before = row_tables._read_alone.cache_info(), review_table._read_alone.cache_info()
    again = parse(later)
    assert row_tables._read_alone.cache_info().hits == rows_before.hits + 2  # tables 2 and 3
    assert review_table._read_alone.cache_info().hits == review_before.hits + 1
    assert _cells(again) == _cells(alone)
    assert {t: again.parsing[t].to_json() for t in TABLES} == {t: alone.parsing[t].to_json() for t in TABLES}
    # the same figures as in the first report, seven lines further down
    shifted = {t: {r: {c: (v, raw, line + 7) for c, (v, raw, line) in cols.items()} for r, cols in rows.items()}
               for t, rows in _cells(parse(first)).items()}
    assert _cells(again) == shifted
    # a fresh reading: the cells are the report's own, not those of the first report
    assert again.tables["applications"]["new_received"]["total"] is not alone.tables["applications"]["new_received"]["total"]


def test_a_table_whose_reading_asks_the_prose_is_read_with_each_reports_own_prose() -> None:
    # "3112" for 本年制发 | 本年废止 | 现行有效 splits as 3 | 1 | 12 or 3 | 11 | 2: the prose decides
    tables = render(table_rows("2021"), "flat")
    readings = []
    for prose in ("本年度废止规范性文件1件。", "本年度废止规范性文件11件。", "无。", "本年度废止规范性文件1件。"):
        report = parse(build_report("2021", tables=tables, prose=prose))
        row = report.tables["active_disclosure"]["normative_documents"]
        readings.append({col: cell.value for col, cell in row.items()})
    assert readings == [
        {"issued": 3, "repealed": 1, "in_force": 12},
        {"issued": 3, "repealed": 11, "in_force": 2},
        {"issued": 3},  # nothing settles it: the cells the splits disagree on stay unread
        {"issued": 3, "repealed": 1, "in_force": 12},
    ]


def test_forget_empties_every_readers_memo() -> None:
    report = build_report("2021", prose="本年度共主动公开政府信息120条。")
    parse(report)
    assert row_tables._read_alone.cache_info().currsize and review_table._read_alone.cache_info().currsize
    table_memo.forget()
    assert row_tables._read_alone.cache_info().currsize == 0
    assert review_table._read_alone.cache_info().currsize == 0
    misses = row_tables._read_alone.cache_info().misses
    parse(report)  # read again, not given from a memo
    assert row_tables._read_alone.cache_info().misses == misses + 2
