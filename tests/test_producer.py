"""The program that wrote each report is stored (``reports.producer``) and 数据质量 groups parse
problems by it (``queries/parsing_by_producer.sql``), over a database the real loader built from real
reports in several formats: LibreOffice and Chromium PDFs, a LibreOffice Word file, an HTML page, a
crawler's text (read in part) and a scan read by OCR.
"""

from __future__ import annotations

import shutil
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from xxgk.load import ingest
from xxgk.metrics import run_query
from xxgk.pipeline import process
from xxgk.readers import ocr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.cells import source_file  # noqa: E402

ALL = dict(province=None, city=None, district=None, year_from=None, year_to=None, kind=None)
# report → format made of it; each a different agency-year, so every one is a current version
FILES = {"201": "pdf-lo", "202": "pdf-chromium", "203": "docx-lo", "204": "html", "207": "text", "211": "ocr"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, corpus_dir) -> tuple[Path, dict]:
    if shutil.which("soffice") is None or shutil.which("chromium") is None or ocr.tesseract() is None:
        pytest.skip(f"needs LibreOffice, Chromium and Tesseract ({ocr.INSTALL})")
    folder = tmp_path_factory.mktemp("producers")
    for name, fmt in FILES.items():
        made = source_file(corpus_dir, name, fmt)
        shutil.copy(made, folder / f"{name}{made.suffix}")
    path = folder / "xxgk.duckdb"
    summary = ingest([folder], path, workers=1)
    assert summary.ok and summary.loaded == len(FILES), summary.lines()
    return path, {p.stem: process(p) for p in folder.iterdir() if p.stem in FILES}


def test_the_producer_is_stored_with_each_report(loaded):
    path, reports = loaded
    con = duckdb.connect(str(path), read_only=True)
    try:
        stored = dict(con.execute("SELECT report_id, producer FROM reports").fetchall())
    finally:
        con.close()
    assert stored[reports["201"].sha256].startswith("LibreOffice")
    assert stored[reports["202"].sha256].startswith("Skia/PDF")
    assert stored[reports["203"].sha256].startswith("LibreOffice")  # docProps/app.xml
    assert stored[reports["204"].sha256] is None and stored[reports["207"].sha256] is None


def test_parse_problems_grouped_by_producer_match_the_reports(loaded):
    path, reports = loaded
    con = duckdb.connect(str(path), read_only=True)
    try:
        got = run_query(con, "parsing_by_producer", ALL)
    finally:
        con.close()
    names = {"201": "LibreOffice", "202": "Skia/PDF", "203": "LibreOffice", "204": "（未记录）", "207": "（未记录）",
             "211": "（未记录）"}
    expected: dict = defaultdict(lambda: [0, 0, 0, 0, 0])
    for name, report in reports.items():
        read = sum(rep.cells_read for rep in report.parsing.values())
        want = sum(rep.cells_expected for rep in report.parsing.values())
        group = expected[names[name], report.format]
        group[0] += 1
        group[1] += read < want
        group[2] += any(rep.ocr for rep in report.parsing.values())
        group[3] += read
        group[4] += want
    rows = {(r.producer, r.format): [r.reports_count, r.partial_reports_count, r.ocr_reports_count, r.cells_read,
                                     r.cells_expected] for r in got.itertuples()}
    assert rows == dict(expected)
    # the scan shows as read by OCR (read in full since OCR names garbled labels: not partial)
    assert rows["（未记录）", "pdf"][2] == 1
    assert got["read_pct"].between(0, 100).all()


def test_data_quality_page_shows_the_producers(loaded, monkeypatch):
    path, _ = loaded
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("pages/data_quality.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "按生成软件统计的读取情况" in [h.value for h in at.subheader]
    shown = [frame.value for frame in at.dataframe]
    assert any("生成软件" in frame.columns and "Skia/PDF" in set(frame["生成软件"]) for frame in shown)
