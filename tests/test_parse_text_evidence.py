"""Crawler text: cells read from evidence in the crawler's own text (issue #14).

A crawler that joins a table's cells with nothing between them shows how it treats a cell: where
every other run of the table has no space inside it, printed cells carry no padding, so a space
inside a short run of zeros can only be the content of a blank cell (a page's "&nbsp;"). Each such
space is one blank cell, in its place; anything less certain stays unread.
"""

from __future__ import annotations

import json

import shared_corpus
from reports_support import APPS, build_report, parse, render, table_rows
from xxgk import codes
from xxgk.pipeline import process

_SHORT_ROW = "四、结转下年度继续办理000000"
_DOCS = ("issued", "repealed", "in_force")


def _flat_with_blank_commercial(run: str, apps=None) -> str:
    """A flattened 2021 report whose 结转下年度 row is printed 0 | (blank) | 0 … 0, its run
    replaced by ``run`` (what the crawler kept of it)."""
    apps = dict(apps or APPS)
    apps["carried_forward"] = [0, None, 0, 0, 0, 0, 0]
    text = build_report("2021", tables=render(table_rows("2021", apps=apps), "flat"))
    assert _SHORT_ROW in text
    return text.replace(_SHORT_ROW, "四、结转下年度继续办理" + run)


def _row(report, row: str) -> list:
    cells = report.tables["applications"].get(row, {})
    return [cells[c].value if c in cells else "unread" for c in codes.APPLICANT_COLUMNS]


def test_a_space_in_a_short_run_of_zeros_is_the_blank_cell_where_the_other_runs_have_no_spaces():
    report = parse(_flat_with_blank_commercial("0 00000"))
    assert _row(report, "carried_forward") == [0, None, 0, 0, 0, 0, 0]
    assert any("carried_forward" in w and "space" in w for w in report.warnings)


def test_two_spaces_place_two_blank_cells():
    report = parse(_flat_with_blank_commercial("0 000 0"))
    assert _row(report, "carried_forward") == [0, None, 0, 0, 0, None, 0]


def test_a_space_is_no_blank_where_the_crawler_pads_its_cells():
    # the other rows show spaces between printed cells (" 0 0 00 0 0 0"): a space is padding,
    # so the blank's place is not known and the parts stay unread
    text = _flat_with_blank_commercial("0 00000")
    padded = text.replace("（七）总计5201008", "（七）总计 5 2 01 0 0 8")
    assert padded != text
    report = parse(padded)
    assert _row(report, "carried_forward") == ["unread"] * 6 + [0]


def test_spaces_fewer_than_the_missing_cells_place_nothing():
    # two cells missing, one space: one blank is placed by the space, the other could be anywhere
    report = parse(_flat_with_blank_commercial("0 0000"))
    assert _row(report, "carried_forward") == ["unread"] * 6 + [0]


def test_a_space_at_the_end_of_the_run_places_nothing():
    # a space after the last zero may be the label's or the next heading's padding
    report = parse(_flat_with_blank_commercial("000000 "))
    assert _row(report, "carried_forward") == ["unread"] * 6 + [0]


def test_real_crawler_text_places_the_blank_its_space_shows():
    # 227t: "四、结转下年度继续办理 0 00000"; every other row of its table 3 runs together
    path = shared_corpus.file("227t.txt")
    truth = json.loads(shared_corpus.file("227t.json").read_text(encoding="utf-8"))["truth_cells"]
    report = process(path)
    expected = [truth["applications"]["carried_forward"][c] for c in codes.APPLICANT_COLUMNS]
    assert expected[1] is None and expected[0] == 0
    assert _row(report, "carried_forward") == expected


def test_real_crawler_text_without_a_space_leaves_the_blank_unplaced():
    # 207t: "四、结转下年度继续办理 000000": nothing in the text says which cell is blank
    report = process(shared_corpus.file("207t.txt"))
    assert _row(report, "carried_forward") == ["unread"] * 6 + [0]


def test_table_4_on_a_line_of_its_own_is_a_run_of_fifteen_cells():
    # a crawler that ends each table row with a line break but joins the cells: table 4's figures
    # stand alone on the line under its header, a line of digits only
    text = build_report("2021", tables=render(table_rows("2021"), "flat"))
    head = "结果维持结果纠正其他结果尚未审结总计"
    at = text.rindex(head) + len(head)
    assert text[at:at + 15].isdigit()
    report = parse(text[:at] + "\n" + text[at:])
    expected = parse(text)
    for block in codes.REVIEW_BLOCKS:
        row = [report.value("review_litigation", block, c) for c in codes.REVIEW_COLUMNS]
        assert row == [expected.value("review_litigation", block, c) for c in codes.REVIEW_COLUMNS]
        assert None not in row
    assert report.parsing["review_litigation"].missing == []


def _crawled(page_text: str, blank: str) -> str:
    """A page's table text as a crawler that joins each row's cells with nothing between them
    (a blank cell as ``blank``) and keeps a line per row."""
    return "\n".join(
        "".join(cell.strip() or blank for cell in line.split("\t")) if "\t" in line else line
        for line in page_text.split("\n")
    )


def test_real_pages_crawled_a_row_per_line_read_table_4_and_place_spaced_blanks():
    import sys

    sys.path.insert(0, str(shared_corpus.REPO))
    from tools.cells import cell_items, compare_cells
    from xxgk.readers import read_document

    corpus = shared_corpus.require()
    unread: dict[str, list[str]] = {"": [], " ": []}
    for name, meta in cell_items(corpus):
        page = read_document(corpus / f"{name}.html").text
        for blank in unread:
            report = parse(_crawled(page, blank), f"{name}.txt")
            for cell in compare_cells(report, meta["truth_cells"]):
                assert cell.outcome != "wrong", (name, repr(blank), cell)
                if cell.outcome == "unread":
                    unread[blank].append(f"{name}.{cell.cell}")
    assert not [c for cells in unread.values() for c in cells if ".review_litigation." in c]
    procurement = sorted(f"{n}.active_disclosure.procurement.{c}" for n in ("211", "213") for c in ("projects", "amount"))
    # blanks kept as a space are placed (the three 结转下年度 rows); only the procurement runs stay
    assert sorted(unread[" "]) == procurement
    # blanks dropped: those rows keep only their 总计, and 227's "107" (规范性文件) may then be
    # 1 | 0 | 7 or blank | 10 | 7: nothing in that page says which
    dropped = [c for c in unread[""] if ".carried_forward." in c]
    assert len(dropped) == 18 and not any(c.endswith(".total") for c in dropped)
    rest = sorted(c for c in unread[""] if ".carried_forward." not in c)
    assert rest == sorted(procurement + [f"227.active_disclosure.normative_documents.{c}" for c in _DOCS])


# --- a table that shows its crawler dropped blank cells ----------------------------------------------

def _active(**rows):
    active = {"regulations": [0, 0, 0], "normative_documents": [3, 1, 12], "licensing": [25], "penalty": [136],
              "coercion": [4], "fees": [1.25]}
    active.update(rows)
    return active


def _cells_or_unread(report, table, row, columns):
    cells = report.tables[table].get(row, {})
    return [cells[c].value if c in cells else "unread" for c in columns]


def test_a_run_as_long_as_its_row_is_not_read_a_digit_a_cell_where_the_table_drops_blanks():
    # 规章 printed 0 | (blank) | 0 → "00": this crawler drops blank cells, so "225" may be
    # 2 | (blank) | 25 as well as 2 | 2 | 5: nothing says which, so neither is read
    active = _active(regulations=[0, None, 0], normative_documents=[2, None, 25])
    report = parse(build_report("2021", tables=render(table_rows("2021", active=active), "flat")))
    got = _cells_or_unread(report, "active_disclosure", "normative_documents", _DOCS)
    assert got == ["unread"] * 3
    # where no run of the table is short of its row, a digit a cell stays the one reading
    active = _active(normative_documents=[2, 2, 5])
    report = parse(build_report("2021", tables=render(table_rows("2021", active=active), "flat")))
    assert _cells_or_unread(report, "active_disclosure", "normative_documents", _DOCS) == [2, 2, 5]


def test_blank_cells_dropped_from_a_row_with_figures_are_placed_by_the_columns_arithmetic():
    # an agency that leaves zero cells blank: 新收 5 | | | | | | 5 → "55", 总计 likewise; the
    # outcome rows are printed in full, so R1 and R2 down the columns say where the 5s stand
    apps = {
        "new_received": [5, None, None, None, None, None, 5],
        "carried_over": [0, 0, 0, 0, 0, 0, 0],
        "granted": [3, 0, 0, 0, 0, 0, 3],
        "unable_not_held": [2, 0, 0, 0, 0, 0, 2],
        "total_processed": [5, 0, 0, 0, 0, 0, 5],
        "carried_forward": [0, 0, 0, 0, 0, 0, 0],
    }
    report = parse(build_report("2021", tables=render(table_rows("2021", apps=apps), "flat")))
    assert _cells_or_unread(report, "applications", "new_received", codes.APPLICANT_COLUMNS) == apps["new_received"]


def test_blank_cells_dropped_with_nothing_to_place_them_leave_the_parts_unread_and_read_the_total():
    apps = {
        "new_received": [5, None, None, None, None, None, 5],
        "carried_over": [None] * 7,
        "granted": [3, None, None, None, None, None, 3],
        "unable_not_held": [2, None, None, None, None, None, 2],
        "total_processed": [5, None, None, None, None, None, 5],
        "carried_forward": [None] * 7,
    }
    report = parse(build_report("2021", tables=render(table_rows("2021", apps=apps), "flat")))
    for row in ("new_received", "granted", "total_processed"):
        assert _cells_or_unread(report, "applications", row, codes.APPLICANT_COLUMNS) == ["unread"] * 6 + [apps[row][-1]]


def test_a_space_is_a_blank_cell_beside_figures_too():
    # 2 | (blank) | 25 with the blank kept as a space: "2 25"; 规章 "000" shows unpadded cells
    active = _active(normative_documents=[2, None, 25])
    text = build_report("2021", tables=render(table_rows("2021", active=active), "flat"))
    assert "行政规范性文件225" in text
    report = parse(text.replace("行政规范性文件225", "行政规范性文件2 25"))
    assert _cells_or_unread(report, "active_disclosure", "normative_documents", _DOCS) == [2, None, 25]


def test_a_cell_per_line_with_a_blank_dropped_is_not_split_a_digit_a_cell():
    # one cell per line, the blank cell's line dropped: "2", "25" for three cells is 2 | blank | 25
    # or 2 | 2 | 5 (figures that ran together): nothing says which
    active = _active(normative_documents=[2, None, 25])
    report = parse(build_report("2021", "lines", tables=render(table_rows("2021", active=active), "lines")))
    assert _cells_or_unread(report, "active_disclosure", "normative_documents", _DOCS) == ["unread"] * 3
