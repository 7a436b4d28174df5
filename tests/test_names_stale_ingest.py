"""Issue #17: an ``xxgk ingest`` that loads nothing new into a database whose derived tables an
older version of xxgk wrote (their stamp differs from this code's) brings them up to date, as the
README says, instead of leaving the dashboard asking for ``xxgk serve``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from xxgk.db import derived_is_current
from xxgk.load import ingest
from xxgk.metrics import run_query
from xxgk_demo import write_demo

DERIVED = ("report_facts", "finding_facts", "report_filter_options")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> tuple[Path, Path]:
    """A folder of reports (the seed report and a small demo city) and a database built from it."""
    folder = tmp_path_factory.mktemp("stale_ingest")
    reports = folder / "reports"
    write_demo(reports, reports=40, seed=7)
    shutil.copy(seed_path, reports / seed_path.name)
    db = folder / "fresh.duckdb"
    summary = ingest([reports], db, workers=1)
    assert summary.loaded > 1 and not summary.failed
    return reports, db


def _make_stale(path: Path) -> None:
    """Derived tables as an older xxgk left them: other contents, another stamp."""
    with duckdb.connect(str(path)) as con:
        con.execute("DELETE FROM report_facts WHERE year = (SELECT max(year) FROM report_facts)")
        con.execute("DELETE FROM finding_facts")
        con.execute("DELETE FROM report_filter_options")
        con.execute("UPDATE xxgk_meta SET derived_version = 'made-by-an-older-xxgk'")
        assert not derived_is_current(con)


def _answers(path: Path) -> dict[str, object]:
    """The derived tables whole, and what the overview and the findings pages ask of them."""
    with duckdb.connect(str(path), read_only=True) as con:
        answers: dict[str, object] = {
            table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in DERIVED
        }
        for query in ("overview_kpis", "findings_by_rule", "filter_options"):
            answers[query] = run_query(con, query, {}).to_dict("records")
    return answers


def test_ingest_of_nothing_new_rebuilds_stale_derived_tables(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    reports, db = fresh
    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    _make_stale(old)
    assert _answers(old) != _answers(db)  # the staleness is visible in the answers

    summary = ingest([reports], old, workers=1)  # every file is loaded already

    assert summary.loaded == 0 and not summary.new_ids and not summary.failed
    with duckdb.connect(str(old), read_only=True) as con:
        assert derived_is_current(con)
    assert _answers(old) == _answers(db)


def test_ingest_of_nothing_new_into_a_current_database_changes_nothing(
    fresh: tuple[Path, Path], tmp_path: Path
) -> None:
    reports, db = fresh
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    summary = ingest([reports], copy, workers=1)
    assert summary.loaded == 0
    with duckdb.connect(str(copy), read_only=True) as con:
        assert derived_is_current(con)
    assert _answers(copy) == _answers(db)
