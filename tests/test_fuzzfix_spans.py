"""A figure cell spanning two columns (colspan=2, a Word gridSpan) in a row of separated cells.

Readers print a merged cell once, where it starts; the columns it covers are absent, not padded
(``xxgk.readers.document``). Such a row is a cell short, and the reader took that for a crawler
that dropped a blank cell: it placed a blank where the prose pointed, so 行政规范性文件 | 15 |
6 (spanning two columns) read 本年废止 15 (tests/test_fuzz_found.py), and with no prose it cut
the printed 15 into 1 | 5. In a row of separated cells nothing was dropped: which column a
spanning figure belongs to is unknown, and a printed figure is cut only where the row's sums
confirm it — otherwise the row is unread, never shifted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import shared_corpus
from reports_support import build_report, parse, render, table_rows
from xxgk.pipeline import process

ACTIVE = {"regulations": [0, 0, 0], "normative_documents": [15, 6, 21], "licensing": [3], "penalty": [0],
          "coercion": [0], "fees": [0]}
APPS = {"new_received": [5, 2, 0, 1, 0, 0, 8], "granted": [5, 2, 0, 1, 0, 0, 8],
        "total_processed": [5, 2, 0, 1, 0, 0, 8]}
PROSE = "本年废止规范性文件6件，制定规范性文件15件。"


def _tab(prose: str = "本年度共主动公开政府信息120条。") -> str:
    return build_report("2021", tables=render(table_rows("2021", active=ACTIVE, apps=APPS), "tab"), prose=prose)


def _row(report, table: str, row: str) -> dict:
    return {c: cell.value for c, cell in report.tables[table].get(row, {}).items()}


def _never_wrong(got: dict, allowed: dict) -> None:
    wrong = {c: v for c, v in got.items() if v not in allowed[c]}
    assert not wrong, (got, allowed)


@pytest.mark.parametrize("prose", [PROSE, "本年度共主动公开政府信息120条。"])
def test_a_figure_spanning_two_columns_is_never_shifted(prose):
    text = _tab(prose)
    assert "行政规范性文件\t15\t6\t21" in text
    report = parse(text.replace("行政规范性文件\t15\t6\t21", "行政规范性文件\t15\t6", 1))
    _never_wrong(_row(report, "active_disclosure", "normative_documents"),
                 {"issued": (15,), "repealed": (6,), "in_force": (6,)})
    assert _row(report, "active_disclosure", "licensing") == {"decisions": 3}


def test_a_printed_figure_is_not_cut_where_no_sum_confirms_it():
    # 15 | 6 for three columns: 1 | 5 | 6 keeps both cell edges, but nothing says 15 is two figures
    report = parse(_tab().replace("行政规范性文件\t15\t6\t21", "行政规范性文件\t15\t6", 1))
    assert _row(report, "active_disclosure", "normative_documents") == {}
    assert any("normative_documents" in w and "unread" in w for w in report.warnings)


def test_a_spanning_cell_in_a_row_with_sums_is_never_shifted():
    text = _tab()
    row = "一、本年新收政府信息公开申请数量\t5\t2\t0\t1\t0\t0\t8"
    assert row in text
    report = parse(text.replace(row, "一、本年新收政府信息公开申请数量\t5\t2\t0\t1\t0\t8", 1))
    _never_wrong(_row(report, "applications", "new_received"),
                 {"natural_person": (5,), "commercial": (2,), "research": (0,), "social_org": (1,),
                  "legal_service": (0,), "other_org": (0,), "total": (8,)})


def test_the_published_page_with_a_figure_spanning_two_columns(corpus_dir, tmp_path):
    td = '<td width="161" valign="center" style="border-width: 1px; border-style: solid; border-color: rgb(0, 0, 0);">'
    last = '<td width="162" valign="center" style="border-width: 1px; border-style: solid; border-color: rgb(0, 0, 0);">'
    old = f"{td}<p>15</p></td>{td}<p>6</p></td>{last}<p>21</p></td>"
    text = shared_corpus.file("204.html").read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = Path(tmp_path) / "204.html"
    path.write_text(text.replace(old, f'{td}<p>15</p></td><td colspan="2"><p>6</p></td>'), encoding="utf-8")
    got = process(path).to_json()["tables"]["active_disclosure"].get("normative_documents", {})
    _never_wrong(got, {"issued": (15,), "repealed": (6,), "in_force": (6,)})


@pytest.mark.parametrize("word", ["N/A", "不详", "一"])
def test_a_row_of_zeros_short_of_its_cells_reads_no_total(word):
    # a word in the 总计 cell is taken for label text: the row is then six zeros in separated cells,
    # and nothing says the missing cell is a 0 (a crawler drops blanks; a page drops no cell)
    text = _tab()
    row = "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0"
    assert row in text
    report = parse(text.replace(row, row[: -len("0")] + word, 1))
    _never_wrong(_row(report, "applications", "carried_over"),
                 {c: (0,) for c in ("natural_person", "commercial", "research", "social_org", "legal_service",
                                    "other_org")} | {"total": (word,)})


@pytest.mark.parametrize("layout", ["tab", "lines"])
def test_a_row_a_cell_short_is_not_read_a_digit_a_cell_against_its_sums(layout):
    # （一）予以公开 with its first cell left out: 0 | 0 | 0 | 0 | 0 | 18 has as many digits as the row has
    # cells, but the cell edges are printed: 0 … 1 | 8 would cut the printed 18 (and its sums fail)
    apps = dict(APPS, granted=[18, 0, 0, 0, 0, 0, 18])
    rows = [(t, labels, values[1:] if labels[-1:] == ["（一）予以公开"] else values)
            for t, labels, values in table_rows("2021", active=ACTIVE, apps=apps)]
    assert any(labels[-1:] == ["（一）予以公开"] for _, labels, _ in rows)
    report = parse(build_report("2021", tables=render(rows, layout)))
    _never_wrong(_row(report, "applications", "granted"),
                 {"natural_person": (18,), "commercial": (0,), "research": (0,), "social_org": (0,),
                  "legal_service": (0,), "other_org": (0,), "total": (18,)})
