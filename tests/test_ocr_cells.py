"""Figure cells of scanned tables read again one by one, kept only where two readings agree.

A real corpus page rasterised at 200 dpi (``tools/cells.py`` format ``ocr``) whose table 3 the page
reading loses (lone zeros read as "o", "n", "oo"), a drawn table whose marks must never become
digits, and the rule that decides a cell from its two readings.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from readers_support import scanned_table_png, tab_rows
from xxgk.parse import parse_document
from xxgk.readers import read_bytes, read_document
from xxgk.readers import ocr
from xxgk.readers.ocr_cells import SURE_CELL, UNSURE, agreed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.cells import compare_cells, source_file  # noqa: E402

needs_tesseract = pytest.mark.skipif(
    ocr.tesseract() is None, reason=f"Tesseract missing: {ocr.INSTALL}")


def test_a_cell_is_a_figure_only_when_two_models_agree_and_the_digits_reading_is_sure():
    sure = (SURE_CELL + 5.0)
    assert agreed(("0", sure), ["0", "oo"]) == "0"  # the cell's Chinese reading agrees
    assert agreed(("7", sure), ["时", "7"]) == "7"  # the page's reading agrees
    assert agreed(("120", sure), ["120", "120"]) == "120"
    assert agreed(("0", sure), ["8", "o"]) is None  # nobody agrees
    assert agreed(("0", SURE_CELL - 1.0), ["0", "0"]) is None  # the digits-only reading is unsure
    assert agreed(("1", sure), ["/", "/"]) is None  # a mark the digits-only reading made a 1
    assert agreed(("", 0.0), ["", ""]) is None  # ink nobody could read
    assert agreed(("12", sure), ["1", "2"]) is None  # part of a figure is not the figure


@needs_tesseract
def test_scan_lone_zeros_of_table_3_are_read(corpus_dir):
    # 203's table 3 is mostly lone zeros in narrow columns; read as one page, Tesseract made them
    # "o", "n", "oo" and the rows' sums could not confirm a figure (21 of 175 cells read)
    path = source_file(corpus_dir, "203", "ocr")
    report = parse_document(read_document(path))
    truth = json.loads((corpus_dir / "203.json").read_text(encoding="utf-8"))["truth_cells"]
    results = compare_cells(report, truth)
    outcomes = Counter((c.cell.split(".")[0], c.outcome) for c in results)
    assert not [c for c in results if c.outcome == "wrong"]
    assert outcomes["applications", "exact"] >= 150, outcomes
    new = report.tables["applications"]["new_received"]
    assert {col: cell.value for col, cell in new.items()} == truth["applications"]["new_received"]


@needs_tesseract
def test_marks_in_a_scanned_table_never_become_figures(tmp_path):
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "/", "—", "0"], ["行政规范性文件", "无", "", "13"]]
    got = tab_rows(read_bytes(scanned_table_png(tmp_path, rows), "scan.png").text)
    rule = next(row for row in got if row[0] == "规章")
    other = next(row for row in got if row[0] == "行政规范性文件")
    assert rule[3] == "0" and other[3] == "13", got
    assert other[2] == "", got  # no ink: blank
    for mark in (rule[1], rule[2], other[1]):
        assert not any(ch.isdigit() for ch in mark) and mark, got  # the mark, or UNSURE
    assert UNSURE == "?"


@needs_tesseract
def test_figures_of_a_scanned_table_without_rules_are_unsure(tmp_path):
    # a table drawn without rules has no cells to read again: only the page reading saw its
    # figures, so they are marked unsure (table 2 has no sums that could catch a misread)
    import io

    from PIL import Image, ImageDraw, ImageFont

    from readers_support import CJK_FONT

    if not CJK_FONT.exists():
        pytest.skip(f"CJK font {CJK_FONT} missing (apt-get install fonts-wqy-microhei)")
    font = ImageFont.truetype(str(CJK_FONT), 40)
    image = Image.new("L", (1654, 900), 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 100), "二、主动公开政府信息情况", font=font, fill=0)
    lines = [("信息内容", "本年制发件数", "本年废止件数"), ("规章", "5", "12"), ("行政规范性文件", "77", "3")]
    for k, (label, a, b) in enumerate(lines):
        y = 220 + 90 * k
        draw.text((120, y), label, font=font, fill=0)
        draw.text((800, y), a, font=font, fill=0)
        draw.text((1200, y), b, font=font, fill=0)
    draw.text((120, 600), "本年共收到申请15件。", font=font, fill=0)
    png = io.BytesIO()
    image.save(png, format="PNG")
    text = read_bytes(png.getvalue(), "scan.png").text
    rows = tab_rows(text)
    assert ["规章", "?", "??"] in rows, text
    assert len(rows) == 3 and not any(ch.isdigit() for row in rows for ch in "".join(row)), text
    assert "15" in text  # prose keeps its digits
