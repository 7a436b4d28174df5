"""The collected site in a real browser (issue #15): collect on 127.0.0.1, ingest, serve the
dashboard with Streamlit, and read the 按时公布 page and a report's source link in headless Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from collect_sites import Site  # noqa: E402
from test_browser import CHROMIUM, CHROMIUM_ARGS, _open, _server  # noqa: E402

from xxgk.collect import Options, collect
from xxgk.load import ingest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def collected_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("collected_browser")
    site = Site(root / "site")
    try:
        collect(site.columns, root / "out", Options(delay=0.0, timeout=1.0, retries=2, backoff=0.01, max_bytes=200_000))
    finally:
        site.close()
    db = root / "xxgk.duckdb"
    ingest([root / "out"], db, workers=1)
    return site, db


def test_on_time_page_and_source_link_in_chromium(collected_db):
    from playwright.sync_api import sync_playwright

    site, db = collected_db
    con = duckdb.connect(str(db), read_only=True)
    try:
        report_id, source = con.execute(
            "SELECT report_id, source_url FROM reports WHERE source_url LIKE '%/ul/nb/content_1.html'").fetchone()
    finally:
        con.close()
    late = [want["agency"] for want in site.expected.reports.values() if want["published"]
            and want["published"][5:] > ("03-31" if want["kind"] == "government" else "01-31")]
    assert len(late) == 3
    with _server(db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = _open(browser, f"{url}/timeliness", "collect_timeliness")
            assert page.locator("h1").first.inner_text() == "按时公布"
            metrics = dict(zip(page.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
                               page.locator('[data-testid="stMetricValue"]').all_inner_texts()))
            assert metrics["逾期公布"] == "3" and metrics["发布日期不明（无法核对）"] == "1"
            assert page.locator('[data-testid="stException"]').count() == 0 and page.js_errors == []
            # the list behind the rates: the grid whose headers include 结果, read from its accessible table
            cells = _grid_cells(page, "结果")
            assert cells.count("逾期") == 3 and cells.count("无法核对") == 1, cells
            for agency in set(late):
                assert cells.count(agency) >= late.count(agency), (agency, cells)
            page.close()
            page = _open(browser, f"{url}/report?report={report_id}", "collect_report_source")
            link = page.get_by_role("link", name="打开来源网页")
            assert link.get_attribute("href") == source
            page.close()
        finally:
            browser.close()


def _grid_cells(page, header: str) -> list[str]:
    """The texts of the cells a Streamlit grid has drawn (its canvas keeps an accessible table)."""
    grid = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator(f'th:text-is("{header}")')).first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    return grid.evaluate("g => [...g.querySelectorAll('td, [role=\"gridcell\"]')].map(c => c.textContent.trim())")
