"""Every printed cell of the real department reports, per input format (``tools/cells.py``).

Per format: at least 99.5 % of the cells exact and not one wrong. The DOCX and PDF formats are
made at test time by LibreOffice and Chromium (cached outside the repository); a format whose
tool is missing skips naming the tool. A format known to fall short is marked xfail(strict)
with its measured figure, so fixing it turns the mark into a failure to remove.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.cells import FORMATS, evaluate_format, format_table  # noqa: E402

BAR = 99.5

# Measured on the code as it is; each names what falls short.
KNOWN_SHORT = {
    "text": "crawler text 2NNt.txt: 2371/2387 exact (99.33 %), 16 unread, 0 wrong — "
            "a run of zeros short of its row with no space inside (a blank dropped by the crawler, "
            "207t, 226t) cannot place the blank, and a 2019 procurement run (211t, 213t) has no "
            "evidence for its split; both stay unread. tests/test_text_blocked_cells.py shows each of "
            "the 16 is absent from the text: the page with the blank or the split elsewhere gives the same text",
}


def _param(fmt: str):
    if fmt in KNOWN_SHORT:
        return pytest.param(fmt, marks=pytest.mark.xfail(strict=True, reason=KNOWN_SHORT[fmt]))
    return fmt


# "ocr" (scans) has its own bar, no cell wrong, on a few reports: tests/test_ocr.py
@pytest.mark.parametrize("fmt", [_param(f) for f in FORMATS if f != "ocr"])
def test_every_cell_exact_and_none_wrong(fmt, corpus_dir):
    result = evaluate_format(corpus_dir, fmt)
    if result.skipped:
        pytest.skip(f"{fmt}: {result.skipped}")
    assert result.total > 2000, "the corpus lost its truth_cells"
    detail = "\n" + format_table([result], verbose=True)
    assert result.count("wrong") == 0, detail
    assert result.exact_pct >= BAR, detail


def test_outcomes_are_sorted_right():
    # the harness itself: a blank read for a printed 0 is wrong, an absent cell is unread
    from xxgk.model import Cell
    from types import SimpleNamespace
    from tools.cells import compare_cells

    truth = {"applications": {"granted": {"total": 0, "natural_person": None, "research": 3, "other_org": 5}}}
    report = SimpleNamespace(tables={"applications": {"granted": {
        "total": Cell(None, ""), "natural_person": Cell(None, ""), "research": Cell(3, "3")}}})
    got = {c.cell.split(".")[-1]: c.outcome for c in compare_cells(report, truth)}
    assert got == {"total": "wrong", "natural_person": "exact", "research": "exact", "other_org": "unread"}
