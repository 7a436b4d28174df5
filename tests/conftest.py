"""Shared fixtures: the seed report, the real corpus beside the checkout, and built databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "reports" / "000_f5110ba79a44df9c.txt"
SHARED = Path(os.environ.get("XXGK_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "real"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the real corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database location, also set as XXGK_DB for code that reads the default."""
    path = tmp_path / "xxgk.duckdb"
    monkeypatch.setenv("XXGK_DB", str(path))
    return path
