"""A cell printed as "?" (an unreadable character, as OCR and some converters leave) is a cell:
it keeps the row's columns in place and is never read as a figure.

The defect, seen at the end of session 6: in a TAB row the "?" was taken for label text, the row
then had six figures for seven cells, and the template's convention (a row that prints its parts
prints its 总计) read 总计 as 0 where the report printed "?". An unreadable cell is now a token of
its own (``tokens.UNREAD``): its column is kept, and the cell is left unread — absent from the
table, named in ``parsing.missing`` and in a warning; never a value, never blank, never 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reports_support import APPS, REVIEW, build_report, parse, render, table_rows
from test_parse_grid import report_text
from xxgk.pipeline import process

ROW = "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0"
PARTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")
SEED_REVIEW = "\t".join(["0"] * 15)


def _seed_with(seed_path: Path, tmp_path: Path, old: str, new: str, name: str = "unreadable.txt"):
    text = seed_path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    report = tmp_path / name
    report.write_text(text.replace(old, new), encoding="utf-8")
    return process(report)


def _unread(report, table: str, cell: str) -> None:
    """``table.cell`` is unread: absent, listed missing, and named in a warning."""
    row, col = cell.split(".")
    assert col not in report.tables.get(table, {}).get(row, {}), report.tables[table].get(row)
    assert cell in report.parsing[table].missing
    # the row's warning ("applications.new_received: total ('?') …"), or the warning of table 4
    # printed as one row of fifteen cells ("review_litigation: review.other ('?') …")
    named = [w for w in report.warnings if (w.startswith(f"{table}.{row}:") and f" {col} (" in w)
             or (w.startswith(f"{table}:") and f" {row}.{col} (" in w)]
    assert any("printed unreadable" in w and "left unread" in w for w in named), report.warnings


def test_a_question_mark_total_is_not_read_as_zero(seed_path: Path, tmp_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    assert ROW in text
    report = tmp_path / "unreadable_total.txt"
    report.write_text(text.replace(ROW, ROW[: -len("\t0")] + "\t?"), encoding="utf-8")
    row = process(report).to_json()["tables"]["applications"].get("new_received", {})
    assert row.get("total") != 0, row  # the report printed "?", not 0
    assert [row.get(c) for c in ("natural_person", "commercial", "research", "social_org",
                                 "legal_service", "other_org")] == [0] * 6, row
    _unread(process(report), "applications", "new_received.total")


@pytest.mark.parametrize("mark", ["?", "？", "??", "\ufffd", "1?"])
def test_an_unreadable_part_cell_keeps_its_column(seed_path: Path, tmp_path: Path, mark: str) -> None:
    # 商业企业 printed unreadable: the cells right of it stay in their columns, it stays unread
    report = _seed_with(seed_path, tmp_path, ROW, ROW.replace("\t0\t0\t", f"\t0\t{mark}\t", 1))
    row = report.tables["applications"]["new_received"]
    assert {col: cell.value for col, cell in row.items()} == {
        "natural_person": 0, "research": 0, "social_org": 0, "legal_service": 0, "other_org": 0, "total": 0}
    _unread(report, "applications", "new_received.commercial")


def test_blank_zero_and_unread_stay_distinct_in_one_row(seed_path: Path, tmp_path: Path) -> None:
    report = _seed_with(seed_path, tmp_path, ROW, "一、本年新收政府信息公开申请数量\t0\t\t?\t/\t0\t0\t0")
    row = report.tables["applications"]["new_received"]
    assert row["natural_person"].value == 0
    assert row["commercial"].value is None and row["commercial"].raw == ""  # blank
    assert row["social_org"].value == "/"  # a mark
    _unread(report, "applications", "new_received.research")


def test_a_question_mark_in_table_4_keeps_its_column(seed_path: Path, tmp_path: Path) -> None:
    cells = ["0"] * 15
    cells[2] = "?"  # 行政复议 · 其他结果
    cells[9] = "？"  # 未经复议直接起诉 · 总计
    report = _seed_with(seed_path, tmp_path, SEED_REVIEW, "\t".join(cells))
    table = report.tables["review_litigation"]
    assert {col: c.value for col, c in table["review"].items()} == {"upheld": 0, "corrected": 0, "pending": 0, "total": 0}
    assert {col: c.value for col, c in table["litigation_direct"].items()} == {
        "upheld": 0, "corrected": 0, "other": 0, "pending": 0}
    assert {col: c.value for col, c in table["litigation_after_review"].items()} == dict.fromkeys(
        ("upheld", "corrected", "other", "pending", "total"), 0)
    _unread(report, "review_litigation", "review.other")
    _unread(report, "review_litigation", "litigation_direct.total")


@pytest.mark.parametrize("layout", ["tab", "pipe", "lines"])
def test_a_question_mark_keeps_its_column_in_every_cell_layout(layout: str) -> None:
    apps = dict(APPS, new_received=[5, "?", 0, 1, 0, 0, 8], granted=[2, 1, 0, 0, 0, 0, "?"])
    review = dict(REVIEW, review=[1, 0, "?", 1, 2])
    report = parse(build_report(rows=table_rows("2021", apps=apps, review=review), layout=layout))
    table = report.tables["applications"]
    assert {col: c.value for col, c in table["new_received"].items()} == {
        "natural_person": 5, "research": 0, "social_org": 1, "legal_service": 0, "other_org": 0, "total": 8}
    assert {col: c.value for col, c in table["granted"].items()} == dict(zip(PARTS, [2, 1, 0, 0, 0, 0]))
    _unread(report, "applications", "new_received.commercial")
    _unread(report, "applications", "granted.total")
    assert report.value("review_litigation", "review", "pending") == 1
    _unread(report, "review_litigation", "review.other")


@pytest.mark.parametrize("layout", ["tab", "pipe"])
def test_a_question_mark_in_a_padded_grid_keeps_its_column(layout: str) -> None:
    apps = {"new_received": [1, 0, "?", 0, 0, 0, 1], "carried_over": [0, 0, 0, 0, 0, 0, "?"]}
    report = parse(report_text(layout, apps=apps))
    table = report.tables["applications"]
    assert {col: c.value for col, c in table["new_received"].items()} == {
        "natural_person": 1, "commercial": 0, "social_org": 0, "legal_service": 0, "other_org": 0, "total": 1}
    assert {col: c.value for col, c in table["carried_over"].items()} == dict(zip(PARTS, [0] * 6))
    _unread(report, "applications", "new_received.research")
    _unread(report, "applications", "carried_over.total")


def test_a_question_mark_among_figures_run_together_leaves_the_row_unread() -> None:
    # no cell edges: where the "?" stands among the cells is unknown, so no cell of the row is read
    apps = dict(APPS, carried_over=[0, 0, 0, 0, 0, 0, "?"])
    report = parse(build_report(rows=table_rows("2021", apps=apps), layout="flat"))
    assert report.tables["applications"].get("carried_over", {}) == {}
    assert "carried_over.total" in report.parsing["applications"].missing
    assert any(w.startswith("applications.carried_over") and "unread" in w for w in report.warnings), report.warnings


def test_a_question_mark_in_an_html_table_cell_is_unread_not_blank(tmp_path: Path) -> None:
    apps = dict(APPS, new_received=[5, 2, 0, 1, 0, 0, "?"], carried_forward=[1, "?", 0, 0, 0, 0, 1])
    review = dict(REVIEW, litigation_direct=[0, "?", 0, 0, 1])
    text = build_report(rows=table_rows("2021", apps=apps, review=review), layout="tab")
    page = tmp_path / "report.html"
    page.write_text(_html(text), encoding="utf-8")
    report = process(page)
    assert report.format == "html"
    table = report.tables["applications"]
    assert {col: c.value for col, c in table["new_received"].items()} == dict(zip(PARTS, [5, 2, 0, 1, 0, 0]))
    assert table["carried_forward"]["natural_person"].value == 1 and table["carried_forward"]["total"].value == 1
    _unread(report, "applications", "new_received.total")
    _unread(report, "applications", "carried_forward.commercial")
    _unread(report, "review_litigation", "litigation_direct.corrected")
    assert report.value("review_litigation", "litigation_direct", "total") == 1


def _html(text: str) -> str:
    """A web page of a report written as TAB lines: each run of TAB lines one table."""
    out, rows = ["<html><body>"], []
    for line in text.split("\n") + [""]:
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in line.split("\t")) + "</tr>")
            continue
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows = []
        out.append(f"<p>{line}</p>")
    return "\n".join(out + ["</body></html>"])


def test_an_unreadable_label_cell_is_label_text_and_never_lends_its_figures_to_the_row_above() -> None:
    # OCR leaves "????" for a label it could not read: the first cell of its line stands where a
    # label does. Were it a figure, the row above (whose own sum fails, as printed) would take
    # this row's figures
    apps = dict(APPS, granted=[2, 1, 0, 0, 0, 0, 4], partially_granted=[1, 0, 0, 0, 0, 0, 1])
    text = build_report(rows=table_rows("2021", apps=apps), layout="tab")
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t"
    assert text.count(label) == 1
    report = parse(text.replace(label, "????\t"))
    table = report.tables["applications"]
    assert {col: c.value for col, c in table["granted"].items()} == dict(zip(PARTS + ("total",), [2, 1, 0, 0, 0, 0, 4]))
    assert table.get("partially_granted", {}) == {}
    assert "partially_granted.total" in report.parsing["applications"].missing


def test_an_unreadable_column_header_is_label_text(seed_path: Path, tmp_path: Path) -> None:
    # OCR read each 总计 header of table 4 as "?": the headers stay headers, the figures below read
    text = seed_path.read_text(encoding="utf-8")
    headers = [line for line in text.split("\n") if line.startswith(("结果维持", "\t\t\t\t\t结果维持"))]
    assert len(headers) == 2 and all("总计" in line for line in headers)
    for line in headers:
        text = text.replace(line, line.replace("总计", "?"))
    report = tmp_path / "unread_headers.txt"
    report.write_text(text, encoding="utf-8")
    table = process(report).tables["review_litigation"]
    assert sum(len(cells) for cells in table.values()) == 15
    assert all(cell.value == 0 for cells in table.values() for cell in cells.values())
