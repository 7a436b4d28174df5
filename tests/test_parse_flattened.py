"""Crawler text: the three tables with every cell run together and no separators (issue #14).

Real crawlers flatten a report page into one line per section: "一、本年新收政府信息公开申请数量
280000028". The parser splits such runs with the table's own arithmetic and stays "never guess";
these tests cover the evidence a person reading the run would also use: a run with exactly one digit
per cell, the stock of documents in force, the columns' arithmetic across rows, and a run of zeros
shorter than its row (a blank cell dropped by the crawler).
"""

from __future__ import annotations

from reports_support import APPS, build_report, parse, render, table_rows
from xxgk import codes


def _flat(template: str = "2021", **changes) -> str:
    return build_report(template, tables=render(table_rows(template, **changes), "flat"))


def _row(report, table: str, row: str, columns) -> list:
    cells = report.tables[table].get(row, {})
    return [cells[c].value if c in cells else "unread" for c in columns]


def test_one_digit_per_cell_is_read_as_printed_even_where_the_sums_fail():
    # 复议 printed 1 | 0 | 0 | 0 | 0: its 总计 is wrong in the report itself; fifteen digits for
    # fifteen cells can only be read one way, and the rules then name the error
    review = {"review": [1, 0, 0, 0, 0], "litigation_direct": [0, 0, 0, 0, 0], "litigation_after_review": [0, 0, 0, 0, 0]}
    report = parse(_flat(review=review))
    got = {b: _row(report, "review_litigation", b, codes.REVIEW_COLUMNS) for b in codes.REVIEW_BLOCKS}
    assert got == review
    assert any(f.rule == "R5" for f in report.findings)
    assert any("one digit per cell" in w for w in report.warnings)


def test_the_stock_in_force_rules_out_splits():
    # "2025": 2 | 0 | 25 or 20 | 2 | 5 — twenty documents issued this year cannot leave five in force
    active = {"regulations": [0, 0, 0], "normative_documents": [2, 0, 25], "licensing": [7], "penalty": [0], "coercion": [0], "fees": [0]}
    report = parse(_flat(active=active))
    assert _row(report, "active_disclosure", "normative_documents", ("issued", "repealed", "in_force")) == [2, 0, 25]
    assert any("in force" in w for w in report.warnings)


def test_a_figure_the_prose_binds_to_a_column_decides_any_size():
    # "15621": 15 | 6 | 21 or 15 | 62 | 1; the prose says 废止规范性文件6件 — small, but bound to the column
    active = {"regulations": [0, 0, 0], "normative_documents": [15, 6, 21], "licensing": [3], "penalty": [0], "coercion": [0], "fees": [0]}
    text = build_report("2021", tables=render(table_rows("2021", active=active), "flat"),
                        prose="本年废止规范性文件6件，制定规范性文件15件。")
    report = parse(text)
    assert _row(report, "active_disclosure", "normative_documents", ("issued", "repealed", "in_force")) == [15, 6, 21]
    assert any("for that column" in w for w in report.warnings)


def test_column_arithmetic_settles_rows_the_row_sums_cannot():
    # "110000011" for 新收 and for 总计: 11 | 0 … | 11 or 1 | 10 | 0 … | 11; the outcome rows
    # (予以公开 11 | 0 …) and R1/R2 down the columns say which
    apps = {
        "new_received": [11, 0, 0, 0, 0, 0, 11],
        "carried_over": [0, 0, 0, 0, 0, 0, 0],
        "granted": [9, 0, 0, 0, 0, 0, 9],
        "unable_not_held": [2, 0, 0, 0, 0, 0, 2],
        "total_processed": [11, 0, 0, 0, 0, 0, 11],
        "carried_forward": [0, 0, 0, 0, 0, 0, 0],
    }
    report = parse(_flat(apps=apps))
    for row in ("new_received", "total_processed"):
        assert _row(report, "applications", row, codes.APPLICANT_COLUMNS) == apps[row]
    assert report.parsing["applications"].missing == []
    assert any("down the columns" in w for w in report.warnings)


def test_column_arithmetic_never_overrides_an_inconsistent_table():
    # the outcome rows do not add up to either reading of 新收/总计: both stay partly unread
    apps = {
        "new_received": [11, 0, 0, 0, 0, 0, 11],
        "carried_over": [0, 0, 0, 0, 0, 0, 0],
        "granted": [5, 0, 0, 0, 0, 0, 5],
        "total_processed": [11, 0, 0, 0, 0, 0, 11],
        "carried_forward": [0, 0, 0, 0, 0, 0, 0],
    }
    report = parse(_flat(apps=apps))
    assert _row(report, "applications", "new_received", ("natural_person", "commercial")) == ["unread", "unread"]
    assert report.value("applications", "new_received", "total") == 11


def test_a_row_of_zeros_short_of_a_cell_reads_its_total_and_nothing_it_cannot_place():
    # 结转下年度 printed 0 | (blank) | 0 | 0 | 0 | 0 | 0: the crawler keeps six zeros. The blank
    # could be any part; a 总计 left blank beside printed parts is no reading of the table
    apps = dict(APPS, carried_forward=[1, 0, 0, 0, 0, 0, 1])
    apps["carried_forward"] = [0, None, 0, 0, 0, 0, 0]
    apps["new_received"] = [4, 2, 0, 1, 0, 0, 7]
    report = parse(_flat(apps=apps))
    row = _row(report, "applications", "carried_forward", codes.APPLICANT_COLUMNS)
    assert row[-1] == 0
    assert row[:-1] == ["unread"] * 6
    assert any("blank" in w and "carried_forward" in w for w in report.warnings)


def test_a_shorter_run_with_figures_is_still_not_guessed():
    # 0 | (blank) | 3 | 0 | 0 | 0 | 3 → "030003": where the blank was is not read; every reading
    # that adds up prints its 总计 3 (the only split of "030003" whose parts sum to its last figure)
    apps = dict(APPS)
    apps["carried_forward"] = [0, None, 3, 0, 0, 0, 3]
    report = parse(_flat(apps=apps))
    assert _row(report, "applications", "carried_forward", codes.APPLICANT_COLUMNS) == ["unread"] * 6 + [3]
