"""Shared fixtures: the seed report, the real corpus beside the checkout, and built databases.

Where the corpus is looked for, and what happens without it, is ``shared_corpus``'s business: here
the run reports it in its header and, under CI, stops after collection when it is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import shared_corpus

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "reports" / "000_f5110ba79a44df9c.txt"
SHARED = shared_corpus.SHARED
CORPUS = shared_corpus.CORPUS


def pytest_report_header(config: pytest.Config) -> str:
    state = "found" if shared_corpus.available() else "MISSING — the tests that read it skip"
    return f"real corpus: {CORPUS} ({state})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under CI a missing corpus fails the run: one error naming where it was looked for."""
    if shared_corpus.available() or not shared_corpus.required_by_ci():
        return
    pytest.exit(f"CI=true and {shared_corpus.MISSING}", returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real corpus folder; every test reading the corpus takes this fixture (it skips without)."""
    return shared_corpus.require()


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database location, also set as XXGK_DB for code that reads the default."""
    path = tmp_path / "xxgk.duckdb"
    monkeypatch.setenv("XXGK_DB", str(path))
    return path


@pytest.fixture
def site(tmp_path):
    """A local disclosure site (tests/collect_sites.py) served on 127.0.0.1 for one test."""
    from collect_sites import Site

    served = Site(tmp_path / "site")
    yield served
    served.close()
