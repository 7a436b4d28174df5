"""The loader against a real DuckDB file: idempotency, bad input, snapshots, traceability."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from xxgk.load import ingest


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_seed_loads_with_every_cell_traceable(seed_path: Path, db_path: Path) -> None:
    summary = ingest([seed_path], db_path, workers=1)
    assert (summary.loaded, summary.skipped, summary.failed) == (1, 0, [])
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        report = con.execute(
            "SELECT agency, year, template, province, city, district, region_code, cells_expected, cells_zero "
            "FROM stg_reports"
        ).fetchone()
        assert report == ("孟津区司法局", 2022, "2021", "河南省", "洛阳市", "孟津区", "410308", 200, 200)
        cell = con.execute(
            "SELECT value, kind, raw, line FROM stg_cells WHERE table_name = 'applications' "
            "AND row_code = 'new_received' AND column_code = 'total'"
        ).fetchone()
        assert cell == (0.0, "number", "0", 53)  # the line in the file as published
        assert con.execute("SELECT count(*) FROM stg_cells").fetchall()[0][0] == 200
        assert con.execute("SELECT applications__new_received__total FROM figures").fetchone()[0] == 0.0
    finally:
        con.close()


def test_loading_the_same_file_twice_changes_nothing(seed_path: Path, db_path: Path, tmp_path: Path) -> None:
    ingest([seed_path], db_path, workers=1)
    copy = tmp_path / "again" / "same_report.txt"
    copy.parent.mkdir()
    shutil.copy(seed_path, copy)
    summary = ingest([seed_path, copy], db_path, workers=1)
    assert (summary.loaded, summary.skipped) == (0, 2)
    assert _count(db_path, "SELECT count(*) FROM reports") == 1
    assert _count(db_path, "SELECT count(*) FROM stg_cells") == 200


def test_bad_files_are_named_and_the_rest_of_the_batch_loads(seed_path: Path, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(seed_path, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.txt").write_text("今天天气很好，我们去公园散步。", encoding="utf-8")
    summary = ingest([folder], db_path, workers=1)
    assert summary.loaded == 1
    failed = dict(summary.failed)
    assert set(failed) == {str(folder / "empty.txt"), str(folder / "notes.txt")}
    assert failed[str(folder / "empty.txt")].startswith(f"{folder / 'empty.txt'}: ")
    assert "not a government information disclosure report" in failed[str(folder / "notes.txt")]
    assert _count(db_path, "SELECT count(*) FROM load_errors") == 2


def test_a_failed_load_leaves_the_published_snapshot_intact(seed_path: Path, db_path: Path) -> None:
    ingest([seed_path], db_path, workers=1)
    before = db_path.read_bytes()

    def explode(done: int, total: int, seconds: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([seed_path.parent.parent.parent / "tests"], db_path, workers=1, progress=explode)
    assert db_path.read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".loading")] == []


def test_a_demo_report_never_replaces_a_real_one(seed_path: Path, db_path: Path, tmp_path: Path) -> None:
    from xxgk.load import SYNTHETIC_MARK

    demo = tmp_path / "demo.txt"
    demo.write_text(SYNTHETIC_MARK + seed_path.read_text(encoding="utf-8").lstrip(), encoding="utf-8")
    ingest([seed_path, demo], db_path, workers=1)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute("SELECT synthetic, revisions_count FROM stg_reports ORDER BY synthetic").fetchall()
    finally:
        con.close()
    assert rows == [(False, 0), (True, 0)]


def test_a_database_from_before_figures_became_a_view_opens_and_loads(tmp_path: Path, seed_path: Path) -> None:
    # Earlier versions stored the figures twice, as a wide table beside cell_sources; the schema
    # replaces it with the view, and the figures read back from the lists.
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE figures (report_id VARCHAR PRIMARY KEY, applications__new_received__total DOUBLE)")
    con.close()
    ingest([seed_path], db, workers=1)
    with duckdb.connect(str(db), read_only=True) as con:
        kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'figures'").fetchall()
        assert kind == [("VIEW",)]
        value = con.execute("SELECT applications__new_received__total FROM figures").fetchall()
        facts = con.execute("SELECT applications__new_received__total FROM report_facts").fetchall()
    assert value == facts and value[0][0] is not None
