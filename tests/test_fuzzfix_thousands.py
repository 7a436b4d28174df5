"""A figure printed with thousands separators in flattened crawler text ("行政许可7,677").

The separator must not end the figure (it read 7, the ",677" left as label text): a strict
thousands pattern (1–3 digits, then groups of exactly three) is one figure; anything else
with a comma between digits ("1,234,5", "0,677") is not a figure the reader can be sure of, and
the row is left unread. Found by tests/test_fuzz_never_wrong.py (tests/test_fuzz_found.py).
"""

from __future__ import annotations

import pytest

from reports_support import build_report, parse, render, table_rows
from xxgk.parse.tokens import line_tokens

ACTIVE = {"regulations": [0, 0, 0], "normative_documents": [2, 0, 25], "licensing": [7], "penalty": [0],
          "coercion": [0], "fees": [0]}
UNREAD = "unread"


def _read(table: str, row: str, **changes) -> dict:
    active = dict(ACTIVE, **changes.pop("active", {}))
    report = parse(build_report("2021", tables=render(table_rows("2021", active=active, **changes), "flat")))
    return {c: cell.value for c, cell in report.tables[table].get(row, {}).items()}


@pytest.mark.parametrize("printed", ["7,677", "7，677", "1,234,567"])
def test_a_strict_thousands_figure_is_one_figure(printed):
    got = _read("active_disclosure", "licensing", active={"licensing": [printed]})
    assert got == {"decisions": int(printed.replace(",", "").replace("，", ""))}


@pytest.mark.parametrize("printed", ["1,234,5", "0,677", "12,34", "1,2345"])
def test_digits_around_a_comma_that_are_no_thousands_figure_are_left_unread(printed):
    assert _read("active_disclosure", "licensing", active={"licensing": [printed]}) == {}


def test_a_thousands_figure_is_never_cut_into_several_cells():
    # "12,345" for 本年制发 | 本年废止 | 现行有效: one figure where three are due, so unread, never 1 | 2 | 345
    assert _read("active_disclosure", "normative_documents", active={"normative_documents": ["12,345"]}) == {}


def test_thousands_figures_among_spaced_figures_keep_their_cells():
    apps = {"new_received": ["1,234", 0, 0, 0, 0, 0, "1,234"]}
    text = build_report("2021", tables=render(table_rows("2021", active=ACTIVE, apps=apps), "flat"))
    report = parse(text.replace("1,23400000", "1,234 0 0 0 0 0 "))
    cells = {c: cell.value for c, cell in report.tables["applications"]["new_received"].items()}
    assert cells == {"natural_person": 1234, "commercial": 0, "research": 0, "social_org": 0, "legal_service": 0,
                     "other_org": 0, "total": 1234}


def test_an_item_number_after_a_comma_stays_with_its_label():
    # "00000002,其他…" (、 folded to ","): the 2 numbers the next item, it is no thousands group
    assert line_tokens("00000002,其他") == (("run", "0000000", -1), ("text", "2,其他", -1))
