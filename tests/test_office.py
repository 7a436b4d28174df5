"""Legacy Word (.doc, .wps, .rtf) through LibreOffice, and spreadsheets (.xlsx, .xls/.et) with calamine.

Real report pages are converted to .doc and .rtf by LibreOffice at test time (``tools/cells.py``
formats ``doc-lo`` and ``rtf-lo``; the whole corpus runs in ``tests/test_cells.py``) and every cell
of ``truth_cells`` must come out exact; a workbook holding a real report's three tables is written
with openpyxl.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from xxgk.errors import ReportError
from xxgk.parse import parse_document
from xxgk.readers import read_bytes, read_document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.cells import compare_cells, source_file  # noqa: E402

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice missing (apt-get install libreoffice-writer-nogui)")


def _outcomes(report, corpus_dir: Path, name: str) -> Counter:
    truth = json.loads((corpus_dir / f"{name}.json").read_text(encoding="utf-8"))["truth_cells"]
    results = compare_cells(report, truth)
    return Counter(c.outcome for c in results), len(results), [c for c in results if c.outcome != "exact"]


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc-lo", "rtf-lo"])
def test_word97_and_rtf_of_a_real_report_read_every_cell(fmt, corpus_dir):
    path = source_file(corpus_dir, "203", fmt)
    doc = read_document(path)
    assert doc.format == fmt.split("-")[0]
    assert any("converted from" in w and "LibreOffice" in w for w in doc.warnings)
    counts, total, off = _outcomes(parse_document(doc), corpus_dir, "203")
    assert counts["exact"] == total, off


def test_without_libreoffice_a_doc_is_refused_saying_so(tmp_path, monkeypatch):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "WordDocument".encode("utf-16-le") + bytes(100)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(ReportError) as info:
        read_bytes(data, "r.wps")
    assert str(info.value) == ("r.wps: the file is a legacy Word file (.doc/.wps); reading it needs LibreOffice: "
                               "install LibreOffice (Debian: libreoffice-writer-nogui)")
    with pytest.raises(ReportError, match="RTF document; reading it needs LibreOffice"):
        read_bytes(b"{\\rtf1\\ansi hello}", "r.rtf")


@needs_soffice
def test_a_damaged_doc_names_the_file(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "WordDocument".encode("utf-16-le") + bytes(100)
    with pytest.raises(ReportError, match=r"^bad\.doc: "):
        read_bytes(data, "bad.doc")


def _workbook_of(text: str) -> bytes:
    """A workbook with a report's text as rows: a TAB line is a table row (figures as numbers), any
    other line one cell, a blank line an empty row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in text.split("\n"):
        cells = line.split("\t") if line else []
        sheet.append([int(c) if re.fullmatch(r"\d+", c) else (c or None) for c in cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_the_three_tables_reads_every_cell(corpus_dir):
    page = read_document(corpus_dir / "201.html")
    doc = read_bytes(_workbook_of(page.text), "201.xlsx")
    assert doc.format == "xlsx"
    counts, total, off = _outcomes(parse_document(doc), corpus_dir, "201")
    assert counts["exact"] == total, off


def test_a_merged_range_appears_once_and_whole_numbers_print_plain():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["第二十条第（一）项", None, None, None])
    sheet.merge_cells("A1:D1")
    sheet.append(["规章", 0, None, 5.0])
    sheet.append([])
    sheet.append(["收费", 1.5])
    out = io.BytesIO()
    book.save(out)
    doc = read_bytes(out.getvalue(), "t.xlsx")
    assert doc.text == "第二十条第（一）项\n规章\t0\t\t5\n\n收费\t1.5\n"
