"""The loader against a real DuckDB file: idempotency, bad input, snapshots, traceability."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
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
            "FROM current_reports"
        ).fetchone()
        assert report == ("孟津区司法局", 2022, "2021", "河南省", "洛阳市", "孟津区", "410308", 200, 200)
        cell = con.execute(
            "SELECT value, kind, raw, line FROM report_cells WHERE table_name = 'applications' "
            "AND row_code = 'new_received' AND column_code = 'total'"
        ).fetchone()
        assert cell == (0.0, "number", "0", 53)  # the line in the file as published
        assert con.execute("SELECT count(*) FROM report_cells").fetchall()[0][0] == 200
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
    assert _count(db_path, "SELECT count(*) FROM report_cells") == 200


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
        rows = con.execute("SELECT synthetic, revisions_count FROM current_reports ORDER BY synthetic").fetchall()
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


def test_a_small_load_refreshes_the_facts_of_the_agencies_it_touches_as_a_whole_rebuild_would(tmp_path: Path) -> None:
    from xxgk_demo import write_demo

    demo = tmp_path / "demo"
    write_demo(demo, reports=300, seed=11)
    files = sorted(str(p) for p in demo.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".htm"))
    revised = tmp_path / "revised" / Path(files[0]).name  # a re-publication: same agency and year
    revised.parent.mkdir()
    revised.write_bytes(Path(files[0]).read_bytes() + "\n本报告已修订。\n".encode())  # other text: not the same report
    # the second load: one year of an agency whose other years are loaded, a new version of a
    # loaded report, and the last agencies of the corpus
    later = [files[5], *files[-8:], str(revised)]
    first = [f for f in files if f not in later]

    whole = tmp_path / "whole.duckdb"
    ingest([*first, *later], whole, workers=1)
    step = tmp_path / "step.duckdb"
    ingest(first, step, workers=1)
    summary = ingest(later, step, workers=1)
    assert summary.loaded == len(later)

    def facts(db: Path) -> pd.DataFrame:
        with duckdb.connect(str(db), read_only=True) as con:
            frame = con.execute("SELECT * EXCLUDE (agency_id, loaded_at, load_seq) FROM report_facts").df()
        return frame.sort_values("report_id").reset_index(drop=True)

    pd.testing.assert_frame_equal(facts(step), facts(whole))
    with duckdb.connect(str(step), read_only=True) as con:
        # one number per agency_key, and one agency_key per number
        pairs = con.execute("SELECT DISTINCT agency_key, agency_id FROM report_facts WHERE agency_key IS NOT NULL").fetchall()
        assert len({k for k, _ in pairs}) == len({i for _, i in pairs}) == len(pairs)
        # the rows of the agencies the second load touched were appended (the rest left in place)
        touched = {r[0] for r in con.execute(
            "SELECT report_id FROM report_facts WHERE version_key IN "
            f"(SELECT version_key FROM report_versions WHERE report_id IN ({', '.join('?' for _ in summary.new_ids)}))",
            summary.new_ids,
        ).fetchall()}
        last = {r[0] for r in con.execute(f"SELECT report_id FROM report_facts ORDER BY rowid DESC LIMIT {len(touched)}").fetchall()}
        assert len(touched) > len(later) - 1 and last == touched
