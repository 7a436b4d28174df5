"""Loading never blocks readers and never loses the published snapshot, even when killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from xxgk.load import ingest

REPO = Path(__file__).resolve().parents[1]


def _variants(seed_path: Path, folder: Path, count: int) -> Path:
    """``count`` distinct reports (the seed with a numbered closing line): distinct hashes."""
    folder.mkdir(parents=True)
    text = seed_path.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"r{i:05d}.txt").write_text(f"{text}\n（编号 {i}）\n", encoding="utf-8")
    return folder


def _reports(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    finally:
        con.close()


def _start_ingest(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "xxgk.cli", "ingest", str(folder), "--db", str(db), "--workers", "2"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )


def _wait_for_loading_file(db: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.endswith(".loading") for p in db.parent.iterdir()):
            return
        time.sleep(0.01)
    raise AssertionError("the load finished or never started before it could be observed")


def test_readers_keep_reading_while_a_load_runs_and_see_it_after(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    folder = _variants(seed_path, tmp_path / "batch", 3000)
    proc = _start_ingest(db, folder)
    _wait_for_loading_file(db, proc)
    assert _reports(db) == 1  # a reader during the load sees the published snapshot, unblocked
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    assert out.decode().startswith("loaded 3000, skipped as already loaded 0, failed 0")
    assert _reports(db) == 3001


def test_a_killed_load_leaves_the_snapshot_and_a_rerun_completes(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    before = db.read_bytes()
    folder = _variants(seed_path, tmp_path / "batch", 3000)
    proc = _start_ingest(db, folder)
    _wait_for_loading_file(db, proc)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert db.read_bytes() == before
    assert _reports(db) == 1
    summary = ingest([folder], db)
    assert (summary.loaded, summary.failed) == (3000, [])
    assert _reports(db) == 3001


def test_the_dashboard_shows_a_new_snapshot_without_a_restart(
    seed_path: Path, tmp_path: Path, monkeypatch: "pytest.MonkeyPatch"
) -> None:
    from streamlit.testing.v1 import AppTest

    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    monkeypatch.setenv("XXGK_DB", str(db))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert {m.label: m.value for m in at.metric}["报告数"] == "1"
    other = tmp_path / "other.txt"
    other.write_text(seed_path.read_text(encoding="utf-8").replace("孟津区司法局", "孟津区民政局"), encoding="utf-8")
    ingest([other], db, workers=1)  # publishes a new snapshot while the app holds the old one open
    at.run()
    assert {m.label: m.value for m in at.metric}["报告数"] == "2"
