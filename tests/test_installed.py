"""xxgk installed from a built wheel, not a checkout: the command line and the dashboard work.

The wheel is built from a copy of the source (``pip wheel --no-deps --no-build-isolation``, so no
download) and installed into a fresh virtual environment in a temporary folder. The environment
sees this environment's site-packages through a ``.pth`` file, for the dependencies only: the
``xxgk`` it imports is the wheel's, and every command runs with its working folder outside the
checkout and a home of its own, so nothing can come from the source tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest

from app_support import free_port, serving

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "000_f5110ba79a44df9c.txt"
CHROMIUM = Path("/usr/bin/chromium")

# Not copied: version control, environments, caches, build output, and what a checkout's data/
# gathers in use (databases, the generated demo corpus, uploads).
_ANYWHERE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist", "screenshots", ".pytest_cache",
    "*.duckdb", "*.duckdb.wal",
)


def _not_source(folder: str, names: list[str]) -> set[str]:
    ignored = set(_ANYWHERE(folder, names))
    if Path(folder) == REPO / "data":
        ignored |= {n for n in names if n in ("demo", "uploads", "snapshots") or n.startswith(".")}
    return ignored


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "xxgk"
    shutil.copytree(REPO, source, ignore=_not_source)
    out = tmp_path_factory.mktemp("wheels")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [built] = out.glob("xxgk-*.whl")
    return built


def _venv(folder: Path, wheel: Path) -> Path:
    """A fresh environment with the wheel installed; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    # the dependencies of this environment, after the new one's own site-packages
    Path(purelib, "_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, text=True,
    )
    return python


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("installed")
    python = _venv(root / "venv", wheel)
    work = root / "work"
    work.mkdir()
    shutil.copy(REPO / "data" / "reports" / SEED_NAME, work / SEED_NAME)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XXGK_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(root / "home"), XDG_DATA_HOME=str(root / "xdg"), PATH=f"{python.parent}:{env.get('PATH', '')}")
    return {"python": python, "xxgk": python.parent / "xxgk", "work": work, "env": env, "root": root}


def _run(installed: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(installed["xxgk"]), *args], cwd=installed["work"], env=installed["env"],
        capture_output=True, text=True, timeout=300, **kwargs,
    )


def test_the_wheel_carries_the_queries_the_sql_the_data_and_the_dashboard(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"xxgk/queries/{p.relative_to(REPO / 'queries').as_posix()}" for p in (REPO / "queries").rglob("*.sql")}
    wanted |= {p.relative_to(REPO).as_posix() for p in (REPO / "xxgk" / "db").rglob("*.sql")}
    wanted |= {"xxgk/data/gazetteer.csv", "xxgk/data/gazetteer_renames.csv", f"xxgk/data/reports/{SEED_NAME}"}
    wanted |= {"xxgk/app/dashboard.py", "xxgk/app/.streamlit/config.toml"}
    wanted |= {f"xxgk/app/pages/{p.name}" for p in (REPO / "pages").glob("*.py")}
    wanted |= {p.relative_to(REPO).as_posix() for package in ("xxgk", "xxgk_demo")
               for p in (REPO / package).rglob("*.py") if "__pycache__" not in p.parts}
    assert wanted - names == set()
    assert not [n for n in names if n.endswith((".duckdb", ".wal")) or "/demo/" in n and n.endswith(".txt")]
    assert not [n for n in names if n.startswith("xxgk/app/")
                and not n.startswith(("xxgk/app/dashboard.py", "xxgk/app/pages/", "xxgk/app/.streamlit/"))]


def test_the_installed_package_is_the_wheel(installed: dict) -> None:
    done = subprocess.run(
        [str(installed["python"]), "-c", "import xxgk; print(xxgk.__file__)"],
        cwd=installed["work"], env=installed["env"], capture_output=True, text=True, check=True,
    )
    assert Path(done.stdout.strip()).is_relative_to(installed["root"] / "venv")


def test_parse_ingest_status_and_findings_from_the_installed_package(installed: dict) -> None:
    parsed = _run(installed, "parse", SEED_NAME)
    assert parsed.returncode == 0, parsed.stderr
    assert parsed.stdout.splitlines()[0] == "孟津区司法局 · 2022 · template 2021 · 河南省 / 洛阳市 / 孟津区"
    assert "prose adoption_rate_stated_pct = 18" in parsed.stdout

    loaded = _run(installed, "ingest", SEED_NAME)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("loaded 1,")
    # the database went to the per-user data folder, not into site-packages nor the working folder
    database = installed["root"] / "xdg" / "xxgk" / "xxgk.duckdb"
    assert database.is_file()
    assert not list(installed["work"].glob("**/*.duckdb"))

    status = _run(installed, "status")
    assert status.returncode == 0, status.stderr
    assert f"database   {database}" in status.stdout
    assert "reports    1 (1 real, 0 synthetic; current versions; 1 versions loaded)" in status.stdout

    findings = _run(installed, "findings")
    assert findings.returncode == 0, findings.stderr
    assert re.search(r"^R9\t", findings.stdout, re.M), findings.stdout


def test_the_demo_corpus_and_uploads_go_to_the_user_data_folder(installed: dict) -> None:
    done = subprocess.run(
        [str(installed["python"]), "-c",
         "from xxgk import bootstrap, uploads; print(bootstrap.DEMO_DIR); print(uploads.UPLOAD_DIR); "
         "print(*bootstrap.bundled_sources(with_demo=False))"],
        cwd=installed["work"], env=installed["env"], capture_output=True, text=True, check=True,
    )
    demo, uploads, seed = (Path(line) for line in done.stdout.splitlines())
    assert demo == installed["root"] / "xdg" / "xxgk" / "demo"
    assert uploads == installed["root"] / "xdg" / "xxgk" / "uploads"
    assert (seed / SEED_NAME).is_file() and seed.is_relative_to(installed["root"] / "venv")


def test_serve_starts_the_dashboard_from_the_installed_package(installed: dict, tmp_path: Path) -> None:
    database = tmp_path / "served.duckdb"
    assert _run(installed, "ingest", SEED_NAME, "--db", str(database)).returncode == 0
    port = free_port()
    command = [str(installed["xxgk"]), "serve", "--port", str(port), "--address", "127.0.0.1", "--db", str(database)]
    url = f"http://127.0.0.1:{port}"
    with serving(command, url, cwd=installed["work"], env=installed["env"]):
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
        if CHROMIUM.exists():
            _the_overview_shows_the_seed(url)


def _the_overview_shows_the_seed(url: str) -> None:
    """The installed app runs its pages: the overview counts the one report, the navigation lists all."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(url)
            page.get_by_text("报告数").first.wait_for(timeout=60_000)
            body = page.inner_text("body")
            assert "总览" in body and "数据质量" in body and "报告原文" in body
            assert "Traceback" not in body and "Error" not in body
            # the dashboard's own settings (.streamlit/config.toml) apply: no list of file names
            assert not re.search(r"\b(dashboard|data_quality|review_litigation)\b", body), body
            page.goto(f"{url}/data_quality")
            page.get_by_text("各核查规则").first.wait_for(timeout=60_000)
        finally:
            browser.close()


def test_a_missing_data_file_is_named_and_not_blamed_on_the_input(wheel: Path, tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv", wheel)
    gazetteer = Path(
        subprocess.run(
            [str(python), "-c", "import importlib.util as u; print(u.find_spec('xxgk').submodule_search_locations[0])"],
            cwd=tmp_path, capture_output=True, text=True, check=True,
        ).stdout.strip(),
        "data", "gazetteer.csv",
    )
    gazetteer.unlink()
    report = tmp_path / SEED_NAME
    shutil.copy(REPO / "data" / "reports" / SEED_NAME, report)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XXGK_", "PYTHON"))}
    done = subprocess.run(
        [str(python.parent / "xxgk"), "parse", str(report)], cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert done.returncode != 0
    assert str(gazetteer) in done.stderr, done.stderr
    assert "cannot be read" not in done.stderr and str(report) not in done.stderr
    assert "Traceback" not in done.stderr
