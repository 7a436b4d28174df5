"""A page-number line between the rows of a table is no figure of the row before it.

PDF-derived and crawler text carry a page's number where a page break fell ("2", "3/7",
"- 2 -", "第2页 共7页"). The reader joined the figures of every line up to the next label, so
"行政处罚157" + "2" read 1572 and "3/7" read 3 as a decision (tests/test_fuzz_found.py). A page
mark that cannot be a cell is left out of the table (``print_marks``); a bare number alone on a
line may be a cell (some crawlers put each cell on a line of its own), so the row is read both
ways and only what the table's arithmetic settles is read (``lone_numbers``).
"""

from __future__ import annotations

import pytest

from reports_support import build_report, parse, render, table_rows
from xxgk.parse.print_marks import is_page_mark

ACTIVE = {"regulations": [0, 0, 0], "normative_documents": [0, 0, 1], "licensing": [157], "penalty": [3],
          "coercion": [0], "fees": [0]}
APPS = {"new_received": [5, 2, 0, 1, 0, 0, 8], "granted": [5, 2, 0, 1, 0, 0, 8],
        "total_processed": [5, 2, 0, 1, 0, 0, 8]}


def _text(layout: str = "flat") -> str:
    return build_report("2021", tables=render(table_rows("2021", active=ACTIVE, apps=APPS), layout))


def _row(report, table: str, row: str) -> dict:
    return {c: cell.value for c, cell in report.tables[table].get(row, {}).items()}


@pytest.mark.parametrize("line", ["3/7", "- 2 -", "—2—", "第2页", "第 2 页 共 7 页", "共7页 第2页", "2/7\t\t\t"])
def test_a_page_mark_is_recognised(line):
    assert is_page_mark(line)


@pytest.mark.parametrize("line", ["2", "0", "8/7", "0/7", "行政许可3/7", "-", "/", "1/2/3", "3\t/\t7"])
def test_what_may_be_a_cell_is_no_page_mark(line):
    assert not is_page_mark(line)


@pytest.mark.parametrize("mark", ["3/7", "- 2 -", "第2页", "第 2 页 共 7 页", "2/7"])
def test_a_page_mark_after_a_flattened_row_is_left_out(mark):
    report = parse(_text().replace("行政许可157", f"行政许可157\n{mark}\n", 1))
    assert _row(report, "active_disclosure", "licensing") == {"decisions": 157}
    assert _row(report, "active_disclosure", "penalty") == {"decisions": 3}


def test_a_page_mark_after_a_tab_row_is_left_out():
    # the page's "3/7" row after 行政规范性文件 | 0 | 0 | 1 read 现行有效 13
    text = _text("tab")
    row = "行政规范性文件\t0\t0\t1"
    assert row in text
    report = parse(text.replace(row, row + "\n3/7", 1))
    assert _row(report, "active_disclosure", "normative_documents") == {"issued": 0, "repealed": 0, "in_force": 1}


def test_a_bare_number_after_a_row_nothing_checks_is_left_unread():
    # 157 with a page number 2, or the figure 1572 wrapped over two lines: nothing says which
    report = parse(_text().replace("行政许可157", "行政许可157\n2\n", 1))
    assert _row(report, "active_disclosure", "licensing") == {}
    assert _row(report, "active_disclosure", "penalty") == {"decisions": 3}
    assert any("page number" in w and "licensing" in w for w in report.warnings)


def test_the_row_sums_say_a_bare_number_is_a_page_number():
    # "5201008" then "2": 5 | 2 | 0 | 1 | 0 | 0 | 8 adds up, no split of "52010082" does
    text = _text()
    assert "本年新收政府信息公开申请数量5201008" in text
    report = parse(text.replace("本年新收政府信息公开申请数量5201008", "本年新收政府信息公开申请数量5201008\n2\n", 1))
    assert list(_row(report, "applications", "new_received").values()) == [5, 2, 0, 1, 0, 0, 8]


def test_the_row_sums_say_a_bare_number_is_the_row_s_last_cell():
    # a row's total wrapped onto a line of its own: "520100" alone adds up to nothing, with "8" it does
    text = _text()
    report = parse(text.replace("本年新收政府信息公开申请数量5201008", "本年新收政府信息公开申请数量520100\n8\n", 1))
    assert list(_row(report, "applications", "new_received").values()) == [5, 2, 0, 1, 0, 0, 8]


def test_each_cell_on_a_line_of_its_own_is_read_as_before():
    report = parse(_text("lines"))
    assert _row(report, "active_disclosure", "licensing") == {"decisions": 157}
    assert list(_row(report, "applications", "new_received").values()) == [5, 2, 0, 1, 0, 0, 8]
