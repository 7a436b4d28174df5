"""Issue #17: the versions of each report are a mart (derived in ``xxgk/db/marts/versions.sql``), so
they carry a mart's name, ``report_versions``, not a staging view's ``stg_`` one; and a database
written before the rename still works once ``xxgk serve`` or ``xxgk ingest`` has opened it (the
derived tables are rebuilt because the stamp of the SQL changed, and the old name is dropped).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pytest

from xxgk.db import derived_is_current
from xxgk.load import ingest
from xxgk.metrics import run_query

REPO = Path(__file__).resolve().parents[1]
OLD_NAME = "stg_report_versions"
NEW_NAME = "report_versions"


def _views(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}


def _as_before_the_rename(path: Path) -> None:
    """Make a database look as the xxgk before the rename left it: the view under its staging
    name, report_facts' source reading it by that name, derived tables stamped by that version."""
    with duckdb.connect(str(path)) as con:
        (sql,) = con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ?", [NEW_NAME]).fetchone()
        con.execute(f"DROP VIEW {NEW_NAME}")
        con.execute(sql.replace(f"VIEW {NEW_NAME}", f"VIEW {OLD_NAME}", 1))
        con.execute(f"CREATE OR REPLACE VIEW stg_report_facts_source AS SELECT * FROM report_facts_of('{OLD_NAME}')")
        con.execute("UPDATE xxgk_meta SET derived_version = 'made-by-an-xxgk-before-the-rename'")


def _answers(path: Path, report_id: str) -> tuple[object, ...]:
    """What the pages and the command line read from the versions."""
    with duckdb.connect(str(path), read_only=True) as con:
        return (
            run_query(con, "version_counts", {}).to_dict("records"),
            run_query(con, "report_versions", {"report": report_id}).to_dict("records"),
            run_query(con, "report_metadata", {"report": report_id}).to_dict("records"),
            con.execute("SELECT count(*) FROM report_facts").fetchone(),
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> tuple[Path, str]:
    """A database of the seed report and a second version of it (the same agency and year)."""
    folder = tmp_path_factory.mktemp("versions_mart")
    reports = folder / "reports"
    reports.mkdir()
    shutil.copy(seed_path, reports / seed_path.name)
    text = seed_path.read_text(encoding="utf-8")
    (reports / "revised.txt").write_text(text.replace("一、", "一、 （修订版）", 1), encoding="utf-8")
    db = folder / "xxgk.duckdb"
    ingest([reports], db, workers=1)
    with duckdb.connect(str(db), read_only=True) as con:
        (report_id,) = con.execute("SELECT report_id FROM reports ORDER BY load_seq LIMIT 1").fetchone()
    return db, report_id


def test_the_versions_mart_has_a_mart_name(built: tuple[Path, str]) -> None:
    db, _ = built
    views = _views(db)
    assert NEW_NAME in views and OLD_NAME not in views
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(f"SELECT count(DISTINCT version_key) FROM {NEW_NAME}").fetchone() == (1,)
    readers = [
        path.relative_to(REPO).as_posix()
        for folder in ("xxgk", "queries", "pages")
        for path in (REPO / folder).rglob("*")
        if path.suffix in (".py", ".sql") and OLD_NAME in path.read_text(encoding="utf-8")
    ]
    assert readers == ["xxgk/db/marts/versions.sql"]  # only where the old name is dropped


def test_xxgk_serve_brings_a_database_from_before_the_rename_up_to_date(built: tuple[Path, str], tmp_path: Path) -> None:
    from xxgk.bootstrap import prepare_database

    db, report_id = built
    old = tmp_path / "xxgk.duckdb"
    shutil.copy(db, old)
    _as_before_the_rename(old)
    views = _views(old)
    assert OLD_NAME in views and NEW_NAME not in views
    with duckdb.connect(str(old), read_only=True) as con:
        assert not derived_is_current(con)  # the dashboard alone says to run xxgk serve; it writes nothing

    out = io.StringIO()
    prepare_database(old, out)  # what `xxgk serve` runs before the server takes visitors
    assert "updated the derived tables" in out.getvalue()
    views = _views(old)
    assert NEW_NAME in views and OLD_NAME not in views
    with duckdb.connect(str(old), read_only=True) as con:
        assert derived_is_current(con)
    assert _answers(old, report_id) == _answers(db, report_id)


def test_xxgk_ingest_into_a_database_from_before_the_rename(built: tuple[Path, str], tmp_path: Path, seed_path: Path) -> None:
    db, report_id = built
    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    _as_before_the_rename(old)
    third = tmp_path / "third.txt"
    third.write_text(seed_path.read_text(encoding="utf-8").replace("一、", "一、 （再次修订）", 1), encoding="utf-8")
    assert len(ingest([third], old, workers=1).new_ids) == 1
    views = _views(old)
    assert NEW_NAME in views and OLD_NAME not in views
    with duckdb.connect(str(old), read_only=True) as con:
        assert derived_is_current(con)
        current = con.execute(f"SELECT path FROM {NEW_NAME} WHERE is_current").fetchall()
        assert current == con.execute("SELECT path FROM report_facts").fetchall() == [(str(third),)]
    with duckdb.connect(str(old), read_only=True) as con:
        versions = run_query(con, "report_versions", {"report": report_id})
    assert len(versions) == 3 and versions["is_current"].sum() == 1
