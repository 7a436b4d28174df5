"""End to end: a real Streamlit server, a real headless Chromium, the pages a user opens."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from xxgk.load import ingest
from xxgk.ui import PAGES

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "screenshots"

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "xxgk.duckdb"
    ingest([seed_path], db, workers=1)
    port = _free_port()
    env = {**os.environ, "XXGK_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            proc.kill()
            raise RuntimeError(f"streamlit did not start: {proc.stdout.read().decode(errors='replace')[-2000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser: object, url: str, shot: str) -> object:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1500)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    return page


def test_overview_in_a_real_browser(server: str, browser: object) -> None:
    page = _open(browser, server, "overview")
    assert page.locator("h1").first.inner_text() == "总览"
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    assert [[part for part in m.split("\n") if part.strip()][:2] for m in metrics] == [["报告数", "1"], ["机构数", "1"], ["收到申请（件）", "0"], ["零活动机构", "1"]]
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


@pytest.mark.parametrize("file,label", PAGES)
def test_every_page_by_deep_link_with_chinese_navigation(server: str, browser: object, file: str, label: str) -> None:
    slug = "" if file == "dashboard.py" else Path(file).stem
    page = _open(browser, f"{server}/{slug}?province=河南省", f"page_{Path(file).stem}")
    assert page.locator("h1").first.inner_text() == label
    nav = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').all_inner_texts()
    assert [n.strip() for n in nav] == [lbl for _, lbl in PAGES]
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
