"""The dashboard on a shared intranet (issue #13), in a real Chromium against a real Streamlit
server: a crafted link or search shows its text and makes the browser fetch nothing from elsewhere,
a broken database shows a Chinese message and no traceback, a name with control and bidi
characters shows them visibly and downloads as a file Excel opens.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import duckdb
import openpyxl
import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _server, _settle
from xxgk.load import ingest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

FILTERS = ("province", "city", "district", "kind", "year_from", "year_to")


class _Beacon(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def beacon() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on another loopback address: the "any address" a crafted link names."""
    with socket.socket() as s:
        s.bind(("127.0.0.2", 0))
        port = s.getsockname()[1]
    hits: list[str] = []
    handler = type("Beacon", (_Beacon,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.2", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.2:{port}", hits
    finally:
        server.shutdown()
        server.server_close()


def payload(host: str) -> str:
    """A phishing link, a tracking image, bold, KaTeX, a colour directive, raw HTML, bare addresses
    a renderer links by itself and an icon code, in one value."""
    return (
        f"[点此重新登录](http://{host}/login) ![x](http://{host}/beacon.png) **粗体** $x^2$ :red[红字] "
        f"<img src=http://{host}/img.png> http://{host}/bare www.example.com a@example.com :material/home:"
    )


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    db = tmp_path_factory.mktemp("screen_e2e") / "xxgk.duckdb"
    ingest([seed_path], db, workers=1)
    return db


@pytest.fixture(scope="module")
def server(seed_db: Path) -> Iterator[str]:
    with _server(seed_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def _watched(browser: object, server: str) -> Iterator[tuple[object, list[str], list[str]]]:
    """A page with every request it makes to another host and every dialog it opens recorded."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="zh-CN")
    own = urlparse(server).netloc
    foreign: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(r.url).netloc != own else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        yield page, foreign, dialogs
    finally:
        page.close()


def _assert_only_text(page: object, foreign: list[str], dialogs: list[str], hits: list[str], host: str,
                      raw: str, times: int) -> None:
    page.wait_for_timeout(1500)  # time for an image the page might load
    assert foreign == [] and hits == [], (foreign, hits)
    assert dialogs == []
    assert page.locator(f"a[href*='{host}']").count() == 0
    hrefs = page.locator("[data-testid='stMain'] a").evaluate_all("els => els.map(e => e.href)")
    assert all(urlparse(h).netloc == urlparse(page.url).netloc for h in hrefs), hrefs
    assert page.locator(f"img[src*='{host}']").count() == 0
    assert page.locator("[data-testid='stMain'] strong", has_text="粗体").count() == 0
    assert page.locator(".katex").count() == 0
    # bold, KaTeX and :red[…] rendered would leave their markers out of the text: it is shown whole
    body = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")  # invisible joiners
    assert body.count(raw) >= times, body


def test_a_crafted_link_shows_its_filter_values_as_text(server: str, browser: object, beacon: tuple[str, list[str]]) -> None:
    host, hits = beacon
    raw = payload(host)
    query = "&".join(f"{key}={quote(raw)}" for key in FILTERS)
    with _watched(browser, server) as (page, foreign, dialogs):
        page.goto(f"{server}/?{query}", wait_until="domcontentloaded")
        _settle(page)
        assert page.locator('[data-testid="stAlertContentWarning"]').count() == 6
        _assert_only_text(page, foreign, dialogs, hits, host, raw, times=6)


@pytest.mark.parametrize("address", ["report?report=", "data_quality?rule="])
def test_a_crafted_report_or_rule_shows_as_text(server: str, browser: object, beacon: tuple[str, list[str]],
                                                address: str) -> None:
    host, hits = beacon
    raw = payload(host)
    with _watched(browser, server) as (page, foreign, dialogs):
        page.goto(f"{server}/{address}{quote(raw)}", wait_until="domcontentloaded")
        _settle(page)
        _assert_only_text(page, foreign, dialogs, hits, host, raw, times=1)


def test_a_crafted_agency_search_shows_as_text(server: str, browser: object, beacon: tuple[str, list[str]]) -> None:
    host, hits = beacon
    raw = payload(host)
    with _watched(browser, server) as (page, foreign, dialogs):
        page.goto(f"{server}/agency", wait_until="domcontentloaded")
        _settle(page)
        box = page.get_by_label("查找机构")
        box.fill(raw)
        box.press("Enter")
        page.get_by_text("下没有名称包含").wait_for(timeout=30_000)
        _settle(page)
        _assert_only_text(page, foreign, dialogs, hits, host, raw, times=1)


def test_a_broken_database_shows_no_traceback(tmp_path: Path, seed_db: Path, browser: object) -> None:
    db = tmp_path / "broken.duckdb"
    db.write_bytes(seed_db.read_bytes()[:100_000])
    with _server(db) as url, _watched(browser, url) as (page, foreign, dialogs):
        page.goto(url, wait_until="domcontentloaded")
        page.locator('[data-testid="stAlertContentError"]').wait_for(timeout=60_000)
        _settle_quietly(page)
        body = page.locator("body").inner_text()
        assert "数据库文件不完整或已损坏" in body
        assert str(tmp_path) not in body and "Traceback" not in body and "IO Error" not in body
        assert page.locator('[data-testid="stException"]').count() == 0


def _settle_quietly(page: object) -> None:
    """A stopped page has no title to wait for: wait until the script is no longer running."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1000)


NAME = "孟津区\x1b\u202e司法局"  # an escape and a right-to-left override, read from a real report
SHOWN = "孟津区␛\ufffd司法局"


@pytest.fixture(scope="module")
def hostile_name_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile_name")
    report = folder / "named.txt"
    report.write_text(seed_path.read_text(encoding="utf-8").replace("孟津区司法局", NAME), encoding="utf-8")
    db = folder / "xxgk.duckdb"
    ingest([report], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        report_id, agency = con.execute("SELECT report_id, agency FROM reports").fetchone()
    finally:
        con.close()
    assert agency == NAME  # the loader keeps the name as read
    return db, report_id


def test_a_name_with_an_override_shows_in_stored_order_and_downloads(hostile_name_db: tuple[Path, str],
                                                                    browser: object) -> None:
    db, report_id = hostile_name_db
    with _server(db) as url, _watched(browser, url) as (page, foreign, dialogs):
        page.goto(f"{url}/report?report={report_id}", wait_until="domcontentloaded")
        _settle(page)
        heading = page.locator('[data-testid="stMain"] h3').first.inner_text()
        assert heading.startswith(SHOWN) and "\u202e" not in heading and "\x1b" not in heading
        page.goto(f"{url}/zero_activity", wait_until="domcontentloaded")
        _settle(page)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="下载 Excel").first.click()
        sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        rows = list(sheet.iter_rows(values_only=True))
        # a first line names the table and the filter (issue #16); the header follows a blank line
        assert rows[0][0].startswith("零活动机构 · ") and rows[2][0] == "机构" and rows[3][0] == SHOWN
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="下载 CSV").first.click()
        text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
        assert SHOWN in text and "\x1b" not in text and "\u202e" not in text
        assert foreign == [] and dialogs == []
