"""Padded grids: TAB or pipe lines that are full rows of the table, merged cells padded with empty ones.

In such a layout an empty cell is padding or a blank cell, and only its column tells which: the
header lines give each column's cell (``xxgk.parse.header_grid._Grid``). A blank 总计 at the end of a
row must stay blank (None) in its own column, not shift the figures one column to the right. Rows
that are not full lines of the header's grid (the seed report's irregular rows, text from HTML,
one cell per line) keep the other readings — the seed golden file and the real-corpus accuracy
test cover those.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest

from xxgk import codes
from xxgk.parse import parse_document
from xxgk.pipeline import process

# --- a report written as a padded grid --------------------------------------------------------

REMARK = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

# Table 3 figures; None is a blank cell. Blank totals at the end of rows, and one blank 自然人.
APPS = {
    "new_received": [1, 0, 0, 0, 0, 0, None],
    "carried_over": [0, 0, 0, 0, 0, 0, 0],
    "granted": [1, 2, 0, 0, 0, 0, None],
    "partially_granted": [0, 0, 0, 0, 0, 0, 0],
    "unable_not_held": [None, 1, 0, 0, 0, 0, 1],
    "total_processed": [1, 3, 0, 0, 0, 0, None],
    "carried_forward": [0, 0, 0, 0, 0, 0, 0],
}
REVIEW = {"review": [1, 0, 0, 1, 2], "litigation_direct": [0, 1, 0, 0, 1], "litigation_after_review": [0, 0, 0, 0, None]}
ACTIVE = {"regulations": [0, 0, 0], "normative_documents": [3, 1, 12], "licensing": [25], "penalty": [136], "coercion": [4], "fees": [1.25]}

_ITEM_LABELS = {
    "granted": ["三、本年度办理结果", "（一）予以公开", ""],
    "partially_granted": ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""],
    "denied_state_secret": ["", "（三）不予公开", "1.属于国家秘密"],
    "unable_not_held": ["", "（四）无法提供", "1.本机关不掌握相关政府信息"],
    "not_processed_petition": ["", "（五）不予处理", "1.信访举报投诉类申请"],
    "other_no_correction": ["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    "total_processed": ["", "（七）总计", ""],
}


def _s(v) -> str:
    return "" if v is None else str(v)


def _app_label(row: codes.Row) -> list[str]:
    if row.code in _ITEM_LABELS:
        return list(_ITEM_LABELS[row.code])
    if row.code in ("new_received", "carried_over", "carried_forward"):
        return [row.label if row.code != "new_received" else "一、本年新收政府信息公开申请数量", "", ""]
    return ["", "", f"{row.number}.{row.label}"]


def grid_tables(total_on_first_line: bool = False, apps=None, review=None) -> dict[str, list[list[str]]]:
    """The three tables as grids (lists of rows of cells), every row as wide as its table."""
    apps = apps or APPS
    review = review or REVIEW
    active = [["第二十条第（一）项", "", "", ""], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    active += [[label, *map(_s, ACTIVE[code])] for code, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件"))]
    for block, header, rows in (
        ("第二十条第（五）项", "本年处理决定数量", [("licensing", "行政许可")]),
        ("第二十条第（六）项", "本年处理决定数量", [("penalty", "行政处罚"), ("coercion", "行政强制")]),
        ("第二十条第（八）项", "本年收费金额（单位：万元）", [("fees", "行政事业性收费")]),
    ):
        active += [[block, "", "", ""], ["信息内容", header, "", ""]]
        active += [[label, _s(ACTIVE[code][0]), "", ""] for code, label in rows]

    total_1, total_2 = ("总计", "") if total_on_first_line else ("", "总计")
    applications = [
        [REMARK, "", "", "申请人情况", "", "", "", "", "", total_1],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", total_2],
        ["", "", "", "", *ORGS, ""],
    ]
    for row in codes.application_rows("2021"):
        applications.append(_app_label(row) + [_s(v) for v in apps.get(row.code, [0] * 7)])

    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    review_rows = [
        ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
        heads + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        [""] * 5 + heads * 2,
        [_s(v) for block in codes.REVIEW_BLOCKS for v in review[block]],
    ]
    return {"active_disclosure": active, "applications": applications, "review_litigation": review_rows}


def render(grid: list[list[str]], layout: str) -> str:
    if layout == "tab":
        return "\n".join("\t".join(cells) for cells in grid)
    lines = ["| " + " | ".join(cells) + " |" for cells in grid]
    lines.insert(1, "|" + "---|" * len(grid[0]))  # Markdown: the delimiter row after the first line
    return "\n".join(lines)


def report_text(layout: str, **kwargs) -> str:
    tables = {name: render(grid, layout) for name, grid in grid_tables(**kwargs).items()}
    return "\n".join(
        [
            "示范县民政局2022年政府信息公开工作年度报告",
            "一、总体情况",
            "2022年，示范县民政局认真贯彻落实《中华人民共和国政府信息公开条例》。",
            "二、主动公开政府信息情况",
            "",
            tables["active_disclosure"],
            "",
            "三、收到和处理政府信息公开申请情况",
            "",
            tables["applications"],
            "",
            "四、政府信息公开行政复议、行政诉讼情况",
            "",
            tables["review_litigation"],
            "",
            "五、存在的主要问题及改进情况",
            "公开的深度不够。",
            "六、其他需要报告的事项",
            "无。",
        ]
    )


def parse(text: str):
    return parse_document(SimpleNamespace(path="grid.txt", text=text, format="text", encoding="utf-8", warnings=()))


def table_values(report, table: str) -> dict[str, list]:
    if table == "applications":
        columns = codes.APPLICANT_COLUMNS
    elif table == "review_litigation":
        columns = codes.REVIEW_COLUMNS
    else:
        return {row: [cell.value for cell in cols.values()] for row, cols in report.tables[table].items()}
    return {row: [cols[c].value if c in cols else "<missing>" for c in columns] for row, cols in report.tables[table].items()}


def expected_apps(apps=None) -> dict[str, list]:
    apps = apps or APPS
    return {row.code: list(apps.get(row.code, [0] * 7)) for row in codes.application_rows("2021")}


# --- blank cells keep their column --------------------------------------------------------------


@pytest.mark.parametrize("layout", ["tab", "pipe"])
@pytest.mark.parametrize("total_on_first_line", [False, True], ids=["total-on-line-2", "total-on-line-1"])
def test_blank_total_at_the_end_of_a_padded_row(layout, total_on_first_line):
    text = report_text(layout, total_on_first_line=total_on_first_line)
    if layout == "tab":
        assert "一、本年新收政府信息公开申请数量\t\t\t1\t0\t0\t0\t0\t0\t\n" in text  # ten cells, the last blank
    else:
        assert "| 一、本年新收政府信息公开申请数量 |  |  | 1 | 0 | 0 | 0 | 0 | 0 |  |\n" in text
    report = parse(text)

    cells = report.tables["applications"]["new_received"]
    assert [cells[c].value for c in codes.APPLICANT_COLUMNS] == [1, 0, 0, 0, 0, 0, None]
    assert (cells["total"].value, cells["total"].raw) == (None, "")
    assert table_values(report, "applications") == expected_apps()
    assert report.parsing["applications"].missing == []

    assert table_values(report, "review_litigation") == REVIEW
    assert table_values(report, "active_disclosure") == ACTIVE
    assert [w for w in report.warnings if w.startswith(codes.TABLES)] == []


def test_table_4_in_three_rows_with_a_blank_total_at_the_end():
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [["", *heads]] + [
        [codes.REVIEW_BLOCK_LABELS[b], *map(_s, REVIEW[b])] for b in codes.REVIEW_BLOCKS
    ]
    for layout in ("tab", "pipe"):
        text = report_text(layout)
        start = text.index("四、政府信息公开行政复议")
        end = text.index("五、存在的主要问题")
        text = text[:start] + "四、政府信息公开行政复议、行政诉讼情况\n" + render(rows, layout) + "\n" + text[end:]
        assert "复议后起诉" + ("\t0\t0\t0\t0\t\n" if layout == "tab" else " | 0 | 0 | 0 | 0 |  |\n") in text
        report = parse(text)
        assert table_values(report, "review_litigation") == REVIEW, layout


def test_2019_table_2_with_labels_over_two_cells_and_blank_cells_at_the_end():
    # five cells a line: the label spans two; 本年增/减 of 行政事业性收费 is blank, then padding
    items = ["上一年项目数量", "本年增/减", "处理决定数量"]
    grid = [
        ["第二十条第（一）项", "", "", "", ""],
        ["信息内容", "", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "", "0", "0", "0"],
        ["规范性文件", "", "3", "3", "3"],
        ["第二十条第（五）项", "", "", "", ""],
        ["信息内容", "", *items],
        ["行政许可", "", "12", "0", "45"],
        ["其他对外管理服务事项", "", "5", "", "30"],
        ["第二十条第（六）项", "", "", "", ""],
        ["信息内容", "", *items],
        ["行政处罚", "", "8", "0", "136"],
        ["行政强制", "", "2", "0", "4"],
        ["第二十条第（八）项", "", "", "", ""],
        ["信息内容", "", "上一年项目数量", "本年增/减", ""],
        ["行政事业性收费", "", "3", "", ""],
        ["第二十条第（九）项", "", "", "", ""],
        ["信息内容", "", "采购项目数量", "采购总金额", ""],
        ["政府集中采购", "", "12", "345.6", ""],
    ]
    expected = {
        "regulations": [0, 0, 0],
        "normative_documents": [3, 3, 3],
        "licensing": [12, 0, 45],
        "other_services": [5, None, 30],
        "penalty": [8, 0, 136],
        "coercion": [2, 0, 4],
        "fees": [3, None],
        "procurement": [12, 345.6],
    }
    for layout in ("tab", "pipe"):
        text = report_text(layout)
        start = text.index("二、主动公开政府信息情况")
        end = text.index("三、收到和处理政府信息公开申请情况")
        text = text[:start] + "二、主动公开政府信息情况\n" + render(grid, layout) + "\n" + text[end:]
        report = parse(text.replace("2022年", "2020年"))
        assert report.template == "2019"
        assert table_values(report, "active_disclosure") == expected, layout
        assert report.has_cell("active_disclosure", "fees", "change")


def test_a_header_that_does_not_line_up_with_the_figures_is_not_trusted():
    # the header one cell to the left of the figures: the rows are read as before, not by the header
    apps = {code: [v if v is not None else 0 for v in vals] for code, vals in APPS.items()}
    apps = {code: vals[:6] + [sum(vals[:6])] for code, vals in apps.items()}
    text = report_text("tab", apps=apps)
    text = text.replace("\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计", "\t\t自然人\t法人或其他组织\t\t\t\t\t总计\t")
    text = text.replace("\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t", "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t")
    report = parse(text)
    assert table_values(report, "applications") == expected_apps(apps)


def test_rows_of_another_width_keep_the_other_readings():
    # the seed report's layout: an eight-cell header, rows of eight or eleven cells
    seed = Path(__file__).resolve().parent.parent / "data" / "reports" / "000_f5110ba79a44df9c.txt"
    report = process(seed)
    for row in codes.application_rows("2021"):
        assert [report.value("applications", row.code, c) for c in codes.APPLICANT_COLUMNS] == [0] * 7, row.code


# --- the demo corpus round trip ------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_sample():
    """Every default-corpus report with a blank 总计, and a few of every layout besides."""
    from xxgk_demo import iter_reports

    chosen, others = [], defaultdict(list)
    for rep in iter_reports(2024):
        if rep.path is None:
            continue
        if "blank_total" in rep.record["defects"]:
            chosen.append(rep)
        else:
            others[(rep.record["layout"], rep.record["variant"], rep.record["template"])].append(rep)
    rng = random.Random(2024)
    for key in sorted(others):
        chosen.extend(rng.sample(others[key], min(4, len(others[key]))))
    return chosen


def test_demo_reports_with_a_blank_total_round_trip(demo_sample, tmp_path):
    blank = [rep for rep in demo_sample if "blank_total" in rep.record["defects"]]
    assert len(blank) >= 40
    assert {rep.record["layout"] for rep in blank} >= {"tsv", "pipe", "html"}
    failures = []
    for rep in demo_sample:
        path = tmp_path / rep.path.replace("/", "_")
        path.write_bytes(rep.text.encode("utf-8"))
        report = process(path)
        wrong = []
        for name, want in rep.record["figures"].items():
            table, row, col = name.split(".")
            if not report.has_cell(table, row, col) or report.value(table, row, col) != want:
                wrong.append(f"{name}: {report.tables.get(table, {}).get(row, {}).get(col)} != {want!r}")
        for (table, row, col), want in rep.cells.items():
            if not report.has_cell(table, row, col) or report.value(table, row, col) != want:
                wrong.append(f"{table}.{row}.{col}: != {want!r}")
        if wrong:
            failures.append((rep.path, rep.record["layout"], rep.record["variant"], wrong[:4]))
    assert not failures, failures[:5]
