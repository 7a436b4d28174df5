"""Load test: many concurrent browser sessions against one dashboard server while a load runs.

    python benchmarks/load_test.py [--sessions 12] [--rounds 5] [--reports 2000]

Builds a database from the demo city, starts a real Streamlit server on 127.0.0.1, then opens
``--sessions`` headless Chromium pages at once, each visiting every dashboard page by deep link,
``--rounds`` times. Halfway through, ``xxgk ingest`` loads ``--reports`` more demo reports into the
same database (publishing a new snapshot). It reports page latency (median, p95, max), the number of
pages that showed an exception or failed to render, and whether the sessions saw the new data
after the load without a restart. Only loopback addresses are used; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from xxgk_demo import write_demo  # noqa: E402
from xxgk.load import ingest  # noqa: E402
from xxgk.ui import PAGES  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not become healthy")


async def _visit(browser, url: str, latencies: list[float], failures: list[str]) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        started = time.perf_counter()
        await page.goto(url, wait_until="domcontentloaded", timeout=60_000)
        await page.wait_for_selector("h1", timeout=60_000)
        await page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
        )
        latencies.append(time.perf_counter() - started)
        if await page.locator('[data-testid="stException"]').count():
            failures.append(f"exception on {url}")
    except Exception as exc:  # noqa: BLE001 - counted, reported, and the run goes on
        failures.append(f"{url}: {exc.__class__.__name__}")
    finally:
        await page.close()


async def _reports_shown(browser, url: str) -> str:
    page = await browser.new_page()
    await page.goto(url, wait_until="domcontentloaded")
    await page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    metrics = await page.locator('[data-testid="stMetric"]').all_inner_texts()
    await page.close()
    # "报告数 3,415 · 收到申请（件） 12,345 …": a new version of a report changes the figures, not the count
    return " · ".join(" ".join(t for t in m.split("\n") if t.strip()) for m in metrics)


async def run(url: str, sessions: int, rounds: int, load: subprocess.Popen | None, start_load) -> dict:
    from playwright.async_api import async_playwright

    latencies: list[float] = []
    failures: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        before = await _reports_shown(browser, url)
        for round_no in range(rounds):
            if round_no == rounds // 2:
                load = start_load()
            for slug in ["" if f == "dashboard.py" else Path(f).stem for f, _ in PAGES]:
                await asyncio.gather(*(_visit(browser, f"{url}/{slug}", latencies, failures) for _ in range(sessions)))
        if load is not None:
            load.wait(timeout=600)
        after = await _reports_shown(browser, url)
        await browser.close()
    latencies.sort()
    return {
        "visits": len(latencies) + len(failures),
        "failures": failures,
        "median_s": statistics.median(latencies) if latencies else None,
        "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
        "max_s": latencies[-1] if latencies else None,
        "reports_before": before,
        "reports_after": after,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--reports", type=int, default=2000, help="demo reports loaded during the test")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="xxgk-load-"))
    db = work / "load.duckdb"
    write_demo(work / "city", reports=None, seed=2024)
    ingest([work / "city"], db)
    write_demo(work / "more", reports=args.reports, seed=99)

    port = _port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env={**os.environ, "XXGK_DB": str(db)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_healthy(url)

        def start_load() -> subprocess.Popen:
            return subprocess.Popen(
                [sys.executable, "-m", "xxgk.cli", "ingest", str(work / "more"), "--db", str(db)],
                cwd=REPO, stdout=open(work / "load.log", "w"), stderr=subprocess.STDOUT,
            )

        result = asyncio.run(run(url, args.sessions, args.rounds, None, start_load))
        result["load_log"] = (work / "load.log").read_text(encoding="utf-8").strip()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)

    print(f"### {args.sessions} concurrent sessions × {len(PAGES)} pages × {args.rounds} rounds, "
          f"{args.reports} reports loaded halfway\n")
    print("| measure | value |\n|---|---|")
    print(f"| page visits | {result['visits']} |")
    print(f"| failed or with an exception | {len(result['failures'])} |")
    print(f"| page latency median / p95 / max | {result['median_s']:.2f} s / {result['p95_s']:.2f} s / {result['max_s']:.2f} s |")
    print(f"| overview before the load | {result['reports_before']} |")
    print(f"| overview after the load (same server, no restart) | {result['reports_after']} |")
    print(f"\nThe load: {result['load_log']}")
    for failure in result["failures"][:10]:
        print(f"- {failure}")
    return 0 if not result["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
