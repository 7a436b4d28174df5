"""Wrong numbers found by tests/test_fuzz_never_wrong.py, each reduced to one edit of a real
crawler text (``2NNt.txt``, its tables flattened into runs of digits) and recorded as a strict xfail.

All three lie in reading rows of flattened figures (``xxgk/parse/tokens.py``, ``row_reader.py``,
``row_tables.py``, ``blank_cells.py``: files the ``unread`` branch owns), so they are recorded here
rather than fixed. Each asserts what the edited report now prints, or the cell unread; a fix turns
its mark into a failure to remove (and the matching marks of ``KNOWN`` in the property test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import shared_corpus
from xxgk.pipeline import process

UNREAD = "unread"


def _cell(tmp_path: Path, name: str, old: str, new: str, cell: str):
    """``cell`` ("table.row.column") as read from report ``name`` with ``old`` replaced by ``new``
    once; UNREAD when the parser left it out."""
    text = shared_corpus.file(name).read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} is not in {name}"
    path = tmp_path / f"edited_{name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    table, row, col = cell.split(".")
    cols = process(path).to_json()["tables"].get(table, {}).get(row, {})
    return cols[col] if col in cols else UNREAD


def _same(got, allowed) -> bool:
    """``got`` is one of ``allowed``: a number equal to a number, or the same text (a mark, UNREAD)."""
    def number(v) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    return any(got == a if number(got) and number(a) else type(got) is type(a) and got == a for a in allowed)


@pytest.mark.parametrize("separator", [",", "，"])
def test_a_thousands_separator_in_flattened_figures(separator, tmp_path):
    got = _cell(tmp_path, "202t.txt", "行政许可7677", f"行政许可7{separator}677", "active_disclosure.licensing.decisions")
    assert _same(got, (7677, UNREAD)), got


# (file, edit from, edit to, cell, what it may read as); the id says what it read as when recorded
MARKS = [
    pytest.param("201t.txt", "3.其他0000000", "3.其他000000—", "applications.other_other.total", ("—", UNREAD),
                 id="dash-in-total-read-0"),
    pytest.param("201t.txt", "3.其他0000000", "3.其他0?00000", "applications.other_other.natural_person",
                 (0, UNREAD), id="question-mark-turns-printed-0-blank", marks=pytest.mark.xfail(
                     strict=True, reason="a '?' inside a run of flattened figures is not kept as a cell")),
    pytest.param("201t.txt", "3.其他0000000", "3.其他0/00000", "applications.other_other.research",
                 (0, UNREAD), id="slash-turns-printed-0-blank"),
    pytest.param("201t.txt", "行政规范性文件417", "行政规范性文件41—", "active_disclosure.normative_documents.issued",
                 (4, UNREAD), id="table2-dash-turns-printed-4-blank"),
    pytest.param("224t.txt", "110000011二、", "1100000/二、", "applications.new_received.natural_person",
                 (11, UNREAD), id="slash-total-shifts-11-to-1"),
    pytest.param("223t.txt", "规范性文件106", "规范性文件10", "active_disclosure.normative_documents.issued",
                 (1, UNREAD), id="dropped-blank-turns-printed-1-blank", marks=pytest.mark.xfail(
                     strict=True, reason="a run short of its row's cells reads a printed figure as blank (blank_cells)")),
]


@pytest.mark.parametrize(("name", "old", "new", "cell", "allowed"), MARKS)
def test_a_mark_in_flattened_figures_is_a_cell(name, old, new, cell, allowed, tmp_path):
    got = _cell(tmp_path, name, old, new, cell)
    assert _same(got, allowed), got


@pytest.mark.parametrize(("name", "old", "new", "cell", "allowed"), [
    pytest.param("201t.txt", "行政处罚157", "行政处罚157\n2\n", "active_disclosure.penalty.decisions", (157, UNREAD),
                 id="page-2-joined-to-157"),
    pytest.param("213t.txt", "行政许可00 0", "行政许可00 0\n3/7\n", "active_disclosure.licensing.decisions",
                 (0, UNREAD), id="page-3-of-7-read-as-decisions"),
])
def test_a_page_number_line_is_not_a_figure(name, old, new, cell, allowed, tmp_path):
    got = _cell(tmp_path, name, old, new, cell)
    assert _same(got, allowed), got
