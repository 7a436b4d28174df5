"""Running the dashboard's pages under Streamlit's AppTest, as the browser reaches them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]


def serve_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the dashboard at ``path`` and run it from the repository, as `streamlit run` does."""
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.chdir(REPO)
    return path


def run_page(page: str, check: bool = True, **params: str) -> AppTest:
    """One page with URL parameters ``params``; the entry file is dashboard.py and other pages are
    reached from it. ``check``: fail on an exception the page raised."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "dashboard.py":
        at.switch_page(page)
    at.run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at
