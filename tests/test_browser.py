"""End to end: a real Streamlit server, a real headless Chromium, the pages a user opens.

Every server here is started fresh for the test, so the first request it sees is a deep link:
navigation labels must be Chinese before anyone has opened the home page, and again after a
restart. Screenshots of every page go to ``screenshots/`` (ignored by git) for a person to look at.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import duckdb
import pytest

from app_support import free_port, serving
from xxgk.load import ingest
from xxgk.ui import PAGES

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "screenshots"
LABELS = [label for _, label in PAGES]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LINK = {"province": "河南省", "city": "洛阳市", "year_from": "2021", "year_to": "2024"}
DESCRIBED = "2021–2024年 · 河南省 · 洛阳市 · 全部机构"


@contextlib.contextmanager
def _server(db: Path) -> Iterator[str]:
    """A fresh `streamlit run dashboard.py` on a free port, reading ``db``; its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]
    with serving(command, url, cwd=REPO, env={**os.environ, "XXGK_DB": str(db)}, seconds=60):
        yield url


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    db = tmp_path_factory.mktemp("e2e_seed") / "xxgk.duckdb"
    ingest([seed_path], db, workers=1)
    return db


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    from xxgk_demo import write_demo

    folder = tmp_path_factory.mktemp("e2e_demo")
    write_demo(folder / "reports", reports=600, seed=3)
    db = folder / "xxgk.duckdb"
    ingest([seed_path, folder / "reports"], db, workers=1)
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    with _server(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _settle(page: object) -> None:
    """Wait until the script has run and every element has drawn (no spinner, no skeleton)."""
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=60_000,
    )
    page.wait_for_timeout(1200)


def _open(browser: object, url: str, shot: str | None = None, height: int = 1000) -> object:
    page = browser.new_page(viewport={"width": 1400, "height": height}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="domcontentloaded")
    _settle(page)
    if shot:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    page.js_errors = errors  # type: ignore[attr-defined]
    return page


def _navigation(page: object) -> list[str]:
    return [n.strip() for n in page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').all_inner_texts()]


def _assert_healthy(page: object, title: str) -> None:
    assert page.locator("h1").first.inner_text() == title
    assert _navigation(page) == LABELS
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.js_errors == []  # type: ignore[attr-defined]


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_deep_links_on_a_fresh_server_and_after_a_restart(seed_db: Path, browser: object) -> None:
    report_id = duckdb.connect(str(seed_db), read_only=True).execute("SELECT report_id FROM reports").fetchone()[0]
    with _server(seed_db) as url:
        # the very first request of this server is a deep link into the report view
        page = _open(browser, f"{url}/report?report={report_id}", "fresh_report_deep_link")
        _assert_healthy(page, "报告原文")
        assert "孟津区司法局 · 2022年" in page.locator('[data-testid="stMain"] h3').first.inner_text()
        page.close()
    with _server(seed_db) as url:
        page = _open(browser, f"{url}/zero_activity?province={quote('河南省')}", "restart_zero_activity_deep_link")
        _assert_healthy(page, "零活动机构")
        page.close()
        page = _open(browser, url, "restart_overview")
        _assert_healthy(page, "总览")
        metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
        assert [[part for part in m.split("\n") if part.strip()][:2] for m in metrics] == [
            ["报告数", "1"], ["机构数", "1"], ["收到申请（件）", "0"], ["零活动报告（份）", "1"],
            ["有错误的报告（份）", "1"], ["内容雷同的报告（份）", "0"], ["缺报（机构·年度）", "0"],
        ]
        page.close()


@pytest.mark.parametrize("file,label", PAGES)
def test_every_page_by_deep_link_with_chinese_navigation(server: str, browser: object, file: str, label: str) -> None:
    slug = "" if file == "dashboard.py" else Path(file).stem
    query = "&".join(f"{key}={quote(value)}" for key, value in LINK.items())
    page = _open(browser, f"{server}/{slug}?{query}", f"page_{Path(file).stem}", height=2400)
    _assert_healthy(page, label)
    assert page.locator('[data-testid="stSidebar"]').get_by_text(f"当前筛选：{DESCRIBED}").count() == 1
    charts = page.locator('[data-testid="stPlotlyChart"]').count()
    captions = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').all_inner_texts()
    assert sum(DESCRIBED in c for c in captions) >= charts
    # the navigation links carry the selection to the next page
    for href in page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').evaluate_all("els => els.map(e => e.href)"):
        assert _query(href) == {key: [value] for key, value in LINK.items()}
    page.close()


def test_a_report_link_in_a_table_opens_the_report_view(server: str, browser: object) -> None:
    page = _open(browser, f"{server}/zero_activity?province={quote('河南省')}")
    table = page.locator('[data-testid="stDataFrame"]').first
    box = table.bounding_box()
    # first data row, first column ("原文"): the grid is a canvas, so point at the cell
    x, y = box["x"] + 40, box["y"] + 35 + 17
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)  # one click opens the report in this tab (issue #16), filters kept
    page.wait_for_url(lambda address: urlparse(address).path == "/report", timeout=30_000)
    report = page
    _settle(report)
    assert _query(report.url)["province"] == ["河南省"]
    assert len(_query(report.url)["report"][0]) == 64
    _assert_healthy(report, "报告原文")
    assert report.get_by_text("原文与解析出的表格").count() == 1
    SHOTS.mkdir(exist_ok=True)
    report.screenshot(path=str(SHOTS / "report_from_table_link.png"))
    page.close()


def test_choosing_a_city_updates_the_url(server: str, browser: object) -> None:
    page = _open(browser, f"{server}/districts?province={quote('河南省')}")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()
    page.get_by_role("option", name="洛阳市").click()
    page.wait_for_function("() => decodeURIComponent(location.search).includes('city=洛阳市')", timeout=30_000)
    _settle(page)
    assert _query(page.url) == {"province": ["河南省"], "city": ["洛阳市"]}
    hrefs = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').evaluate_all("els => els.map(e => e.href)")
    assert all(_query(h) == {"province": ["河南省"], "city": ["洛阳市"]} for h in hrefs)
    page.close()


def test_a_bad_link_shows_a_warning_and_the_page_still_works(server: str, browser: object) -> None:
    page = _open(browser, f"{server}/trends?city={quote('不存在市')}&kind=ministry", "bad_link_warning")
    _assert_healthy(page, "趋势")
    warnings = page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    assert any("不存在市" in w for w in warnings) and any("ministry" in w for w in warnings)
    page.close()


def test_a_table_downloads_as_csv(server: str, browser: object) -> None:
    page = _open(browser, f"{server}/zero_activity?province={quote('河南省')}")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="下载 CSV").first.click()
    path = download.value.path()
    text = Path(path).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["机构", "机构类型", "省份", "城市", "区县", "年度", "模板", "单元格数", "原文链接"]
    # each row links to its report view (issue #16), not a bare 64-character number
    assert len(rows) > 1 and all(re.search(r"/report\?report=[0-9a-f]{64}$", r[-1]) for r in rows[1:])
    page.close()


def test_the_download_of_a_long_list_holds_every_row(tmp_path: Path, browser: object) -> None:
    """A list longer than a page shows: 500 rows on screen, all 620 in the file made on the click."""
    from tests.test_metrics import make_db, many_reports

    db = tmp_path / "xxgk.duckdb"
    make_db(many_reports(620, new_received=0), db).close()
    with _server(db) as url:
        page = _open(browser, f"{url}/zero_activity")
        assert page.get_by_text("共 620 条，显示前 500 条；下载的文件包含全部 620 条。").count() == 1
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="下载 CSV").first.click()
        text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][0] == "机构" and rows[0][-1] == "原文链接"
        assert len(rows) == 1 + 620 and len({r[-1] for r in rows[1:]}) == 620
        page.close()


def test_html_and_markdown_in_a_report_are_shown_as_text(tmp_path: Path, seed_path: Path, browser: object) -> None:
    """A report whose name and text carry HTML and markdown: the browser shows them, runs nothing."""
    hostile_name = "孟津区<b>司法</b>局"
    payload = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">**粗体**'
    text = seed_path.read_text(encoding="utf-8").replace("孟津区司法局", hostile_name, 1)
    text = text.replace("六、其他需要报告的事项\n", f"六、其他需要报告的事项\n{payload}\n")
    report = tmp_path / "hostile.txt"
    report.write_text(text, encoding="utf-8")
    db = tmp_path / "hostile.duckdb"
    ingest([report], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        report_id, agency = con.execute("SELECT report_id, agency FROM reports").fetchall()[0]
    finally:
        con.close()
    assert agency == hostile_name
    with _server(db) as url:
        page = _open(browser, f"{url}/report?report={report_id}", "hostile_report")
        body = page.locator("body").inner_text()
        assert f"{hostile_name} · 2022年" in body  # the tags as typed, not bold
        assert payload in body  # the source text verbatim
        assert page.evaluate("() => window.__xss") is None  # nothing ran
        assert page.locator("b", has_text="司法").count() == 0
        assert page.js_errors == []
        page.close()
