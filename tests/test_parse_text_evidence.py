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
from xxgk.parse import parse_file

_SHORT_ROW = "四、结转下年度继续办理000000"


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
    report = parse_file(path)
    expected = [truth["applications"]["carried_forward"][c] for c in codes.APPLICANT_COLUMNS]
    assert expected[1] is None and expected[0] == 0
    assert _row(report, "carried_forward") == expected


def test_real_crawler_text_without_a_space_leaves_the_blank_unplaced():
    # 207t: "四、结转下年度继续办理 000000": nothing in the text says which cell is blank
    report = parse_file(shared_corpus.file("207t.txt"))
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
    outcomes = {"exact": 0, "unread": 0, "wrong": 0}
    review = {"exact": 0, "unread": 0, "wrong": 0}
    for name, meta in cell_items(corpus):
        page = read_document(corpus / f"{name}.html").text
        for blank in ("", " "):
            report = parse(_crawled(page, blank), f"{name}.txt")
            for cell in compare_cells(report, meta["truth_cells"]):
                outcomes[cell.outcome] += 1
                if cell.cell.startswith("review_litigation."):
                    review[cell.outcome] += 1
    assert outcomes["wrong"] == 0
    assert review == {"exact": 12 * 2 * 15, "unread": 0, "wrong": 0}
    # blanks kept as a space are placed (the three 结转下年度 rows); only the procurement runs stay
    assert outcomes["unread"] == 22 + 4
