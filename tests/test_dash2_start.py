"""Issues #16 and #17, the first start: the README's first command starts the dashboard with the
database built before the server takes visitors, and the dashboard never writes the published
database (a missing or outdated one gets a Chinese page saying how to build it; ``xxgk serve``
builds or updates it at start)."""

from __future__ import annotations

import hashlib
import io
import os
import re
import sys
from pathlib import Path

import duckdb
import pytest

from tests.app_support import REPO, free_port, run_page, serving
from tests.test_browser import CHROMIUM, _settle, browser, seed_db  # noqa: F401 - fixtures
from xxgk.ui import PAGES

# Pages that only read (the upload page loads reports through the loader, for administrators).
READING_PAGES = [page for page, _ in PAGES if page != "pages/upload.py"]


def _identity(path: Path) -> tuple[int, int, str]:
    """What changes when anybody writes or replaces the file: inode, mtime and content."""
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def _outdated_copy(seed_db: Path, folder: Path) -> Path:  # noqa: F811
    """A copy of a database whose derived tables were made by another version of xxgk."""
    path = folder / "xxgk.duckdb"
    path.write_bytes(seed_db.read_bytes())
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE xxgk_meta SET derived_version = 'made-by-an-older-xxgk'")
    return path


def _page_text(at: object) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "code"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


# --- the README's first command -----------------------------------------------------------------


def test_the_readme_first_command_serves_with_the_database_built_first() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    assert "xxgk serve" in first and "streamlit run" not in first, first
    assert "streamlit run dashboard.py` still builds" not in readme


# --- a page never builds or updates the database -------------------------------------------------


@pytest.mark.parametrize("page", ["dashboard.py", "pages/report.py", "pages/zero_activity.py"])
def test_a_missing_database_is_not_built_by_a_page(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "xxgk.duckdb"
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.setenv("XXGK_DEMO", "0")  # were it built, quickly
    monkeypatch.chdir(REPO)
    at = run_page(page)
    assert not path.exists() and not list(tmp_path.iterdir())
    text = _page_text(at)
    assert "尚未建立" in text and "xxgk serve" in text, text
    assert not at.exception


def test_an_outdated_database_is_not_rewritten_by_a_page(seed_db: Path, tmp_path: Path,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = _outdated_copy(seed_db, tmp_path)
    before = _identity(path)
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.chdir(REPO)
    at = run_page("dashboard.py")
    assert _identity(path) == before
    text = _page_text(at)
    assert "旧版本" in text and "xxgk serve" in text, text


def test_the_page_code_calls_no_writer() -> None:
    """No page and no page helper builds, loads or rebuilds derived tables: those are the loader's
    and the server start's (xxgk.bootstrap)."""
    writers = re.compile(r"\b(?:refresh_derived\w*|build_default_database|prepare_database|snapshot_session|"
                         r"snapshot_writer|ingest)\s*\(|read_only\s*=\s*False")
    files = [REPO / p for p in READING_PAGES] + sorted((REPO / "xxgk").glob("ui*.py")) + sorted((REPO / "xxgk").glob("ui/*.py"))
    found = {f.name: writers.findall(f.read_text(encoding="utf-8")) for f in files if f.exists()}
    assert not {name: hits for name, hits in found.items() if hits}


@pytest.mark.parametrize("page", READING_PAGES)
def test_every_page_reads_a_current_database_without_writing_it(page: str, seed_db: Path,  # noqa: F811
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = _identity(seed_db)
    monkeypatch.setenv("XXGK_DB", str(seed_db))
    monkeypatch.chdir(REPO)
    run_page(page)
    assert _identity(seed_db) == before


# --- the server start builds and updates ---------------------------------------------------------


def test_the_server_start_updates_an_outdated_database(seed_db: Path, tmp_path: Path) -> None:  # noqa: F811
    from xxgk.bootstrap import prepare_database
    from xxgk.db import derived_is_current

    path = _outdated_copy(seed_db, tmp_path)
    out = io.StringIO()
    prepare_database(path, out)
    with duckdb.connect(str(path), read_only=True) as con:
        assert derived_is_current(con)
    assert "updat" in out.getvalue()
    before = _identity(path)
    prepare_database(path, io.StringIO())  # current now: nothing written
    assert _identity(path) == before


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_xxgk_serve_answers_its_first_visitor_without_building(tmp_path: Path, browser: object) -> None:  # noqa: F811
    """Started as the README says: the database is there before the server answers, and the first
    page a visitor opens neither builds nor writes it."""
    path = tmp_path / "data" / "xxgk.duckdb"
    port = free_port()
    env = {**os.environ, "XXGK_DB": str(path), "XXGK_DEMO": "0"}
    command = [str(Path(sys.executable).with_name("xxgk")), "serve", "--port", str(port), "--address", "127.0.0.1"]
    url = f"http://127.0.0.1:{port}"
    with serving(command, url, cwd=tmp_path, env=env, seconds=180) as proc:
        assert path.exists()  # built before the first answer
        before = _identity(path)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page.goto(url, wait_until="domcontentloaded")
        _settle(page)
        assert page.locator("h1").first.inner_text() == "总览"
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "建立数据库" not in main and "尚未建立" not in main, main[:500]
        assert int(page.locator('[data-testid="stMetricValue"]').first.inner_text().replace(",", "")) >= 1
        page.close()
        assert _identity(path) == before
    assert "database ready" in proc.stdout.read().decode(errors="replace")


def test_the_readme_points_to_no_file_the_repository_lacks() -> None:
    """It cited DESIGN.md, which is not in the repository; it also carries a guide for officials."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"[\w./-]+\.md\b", readme)) - {"README.md"}
    assert {name for name in named if not (REPO / name).exists()} == set()
    for page in ("总览", "区县对比", "数据质量", "实质公开率", "零活动"):
        assert page in readme
