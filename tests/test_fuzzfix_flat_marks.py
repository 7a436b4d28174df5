"""A mark printed among flattened figures ("3.其他000000—", "行政规范性文件41—", "1100000/二、").

Taken for label text, the mark ended the row's figures: the digits before it were read as the
whole row, so a 总计 printed "—" read 0, printed 0s read blank and a printed 11 read 1
(tests/test_fuzz_found.py). A mark right after a run of figures is a cell of that row
(``flat_marks``); nothing places it among the digits, so the row is unread — never a figure.
"""

from __future__ import annotations

import pytest

from reports_support import build_report, parse, render, table_rows
from xxgk.normalize import normalize
from xxgk.parse.tokens import RUN, TEXT, VALUE, line_tokens, tokenize

ACTIVE = {"regulations": [0, 0, 0], "normative_documents": [4, 1, 7], "licensing": [3], "penalty": [0],
          "coercion": [0], "fees": [0]}
APPS = {"new_received": [11, 0, 0, 0, 0, 0, 11], "granted": [11, 0, 0, 0, 0, 0, 11],
        "total_processed": [11, 0, 0, 0, 0, 0, 11]}
APP_COLUMNS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _flat(**apps) -> str:
    return build_report("2021", tables=render(table_rows("2021", active=ACTIVE, apps=dict(APPS, **apps)), "flat"))


def _row(report, table: str, row: str) -> dict:
    return {c: cell.value for c, cell in report.tables[table].get(row, {}).items()}


def _never_wrong(got: dict, printed: dict) -> None:
    assert {c: v for c, v in got.items() if v != printed[c]} == {}, got


@pytest.mark.parametrize("mark", ["—", "/", "-", "×", " —", "无"])
def test_a_mark_for_a_total_is_never_read_as_a_figure(mark):
    text = _flat()
    old = "3.其他0000000(七)总计" if "3.其他0000000(七)总计" in text else "3.其他0000000（七）总计"
    assert old in text
    report = parse(text.replace(old, old.replace("0000000", "000000" + mark), 1))
    printed = dict(zip(APP_COLUMNS, [0, 0, 0, 0, 0, 0, mark.strip()]))
    _never_wrong(_row(report, "applications", "other_other"), printed)
    # (its 11 | 0 … | 11 or 1 | 10 | 0 … | 11 was settled by the columns' sums, which need the row unread now)
    _never_wrong(_row(report, "applications", "total_processed"), dict(zip(APP_COLUMNS, APPS["total_processed"])))


@pytest.mark.parametrize("mark", ["/", "—"])
def test_a_mark_between_figures_keeps_the_figures_around_it_apart(mark):
    text = _flat()
    assert "本年新收政府信息公开申请数量110000011" in text
    report = parse(text.replace("申请数量110000011", f"申请数量1100000{mark}", 1))
    _never_wrong(_row(report, "applications", "new_received"), dict(zip(APP_COLUMNS, [11, 0, 0, 0, 0, 0, mark])))
    report = parse(text.replace("申请数量110000011", f"申请数量11{mark}00011", 1))
    _never_wrong(_row(report, "applications", "new_received"), dict(zip(APP_COLUMNS, [11, mark, 0, 0, 0, 0, 11])))


def test_a_mark_after_a_table_2_row_is_its_cell():
    text = _flat()
    assert "行政规范性文件417" in text
    report = parse(text.replace("行政规范性文件417", "行政规范性文件41—", 1))
    _never_wrong(_row(report, "active_disclosure", "normative_documents"), {"issued": 4, "repealed": 1, "in_force": "—"})
    assert _row(report, "active_disclosure", "licensing") == {"decisions": 3}


def test_the_tokens_of_a_mark_after_figures():
    assert line_tokens("3.其他000000—(七)总计") == (
        ("text", "3.其他", -1), ("run", "000000", -1), ("value", "—", -1), ("text", "(七)总计", -1))


def test_a_label_beginning_with_a_mark_word_stays_label_text():
    # "…0000000无法提供": 无 begins the next label there, it is no mark
    assert ("text", "无法提供", -1) in line_tokens("0000000无法提供")
    report = parse(_flat())
    assert _row(report, "applications", "unable_not_held") == dict(zip(APP_COLUMNS, [0] * 7))


@pytest.mark.parametrize("between", ["条", "件", " 件", "①", "(注)", "（注）"])
def test_a_unit_or_note_mark_between_flattened_figures_is_a_cell_of_the_row(between):
    """Found by the fuzz test: '行政规范性文件4条17' read 本年制发 blank where 4 is printed (the 条 was
    taken for label text and ended the row's figures). Between two figures it is a cell of the row."""
    text = normalize(f"行政规范性文件4{between}17")
    assert [t.kind for t in tokenize(text, 0, 1, [text])] == [TEXT, RUN, VALUE, RUN]


@pytest.mark.parametrize("after", ["行政规范性文件4条例", "行政许可5件", "行政许可5件。"])
def test_a_unit_before_words_or_at_the_end_stays_text(after):
    text = normalize(after)
    assert VALUE not in [t.kind for t in tokenize(text, 0, 1, [text])]
