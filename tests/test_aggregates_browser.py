"""趋势 in a real browser: the pre-2019 series and the 2019 mark are drawn, and 总览 says 未填报."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_aggregates import BLANK_ROW, PRE2019, _report
from test_browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, _server
from reports_support import build_report
from xxgk.load import ingest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def old_and_new_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("aggregates_e2e")
    (folder / "reports").mkdir()
    reports = {
        "old2018": PRE2019,
        "new2019": build_report("2019", agency="示范县教育局", year=2019),
        "a2022": _report("示范县民政局", 2022, apps={"new_received": BLANK_ROW}),
    }
    for name, text in reports.items():
        (folder / "reports" / f"{name}.txt").write_text(text, encoding="utf-8")
    db = folder / "xxgk.duckdb"
    assert ingest([folder / "reports"], db, workers=1).loaded == len(reports)
    return db


def test_trends_draw_the_pre2019_series_beside_the_modern_one_with_2019_marked(old_and_new_db: Path) -> None:
    from playwright.sync_api import sync_playwright

    with _server(old_and_new_db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(f"{url}/trends", wait_until="networkidle")
            chart = page.locator(".js-plotly-plot").first
            chart.wait_for(timeout=60_000)
            # plotly draws its annotations and legend as SVG text
            page.get_by_text("2019 年起为新模板口径").first.wait_for(timeout=30_000)
            legend = chart.locator(".legendtext").all_text_contents()  # SVG text: no inner text
            assert "受理申请（2019年以前统计表）" in legend and "本年新收" in legend
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / "trends_pre2019.png"), full_page=True)

            page.goto(f"{url}/?year_from=2022&year_to=2022", wait_until="networkidle")
            metric = page.locator('[data-testid="stMetric"]', has_text="收到申请（件）")
            metric.wait_for(timeout=60_000)
            assert "未填报" in metric.inner_text()
        finally:
            browser.close()
