"""What the throughput work on the loader must keep: a load by forked parse workers stores what a
load in one process stores, and ``load_seq`` follows the order of the files across the chunks of a
batch (the reports of a batch are inserted in one statement, each chunk's numbered on from the last).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from xxgk.load import expand_paths, ingest

# In a process of its own: forked workers only start in a single-threaded process (the test run
# may have threads of its own).
_LOAD = """
import sys
from xxgk.load import _may_fork, ingest
assert _may_fork()
summary = ingest([sys.argv[1]], sys.argv[2], workers=2)
print(summary.loaded, len(summary.failed))
"""

_STORED = (
    "SELECT path, load_seq, year, cells_read, cells_number, cells_zero, text_sha256 FROM reports ORDER BY load_seq",
    "SELECT r.path, c.value, c.raw, c.line FROM cell_sources c JOIN reports r USING (report_id) ORDER BY r.path",
    "SELECT r.path, f.rule, f.message FROM findings f JOIN reports r USING (report_id) ORDER BY ALL",
    "SELECT r.path, count(*) FROM r11_shingles s JOIN r11_docs d USING (doc) JOIN reports r USING (report_id) GROUP BY ALL ORDER BY ALL",
)


def _stored(db: Path) -> list[list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [con.execute(sql).fetchall() for sql in _STORED]
    finally:
        con.close()


def test_forked_workers_store_what_one_process_stores_in_the_order_of_the_files(seed_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = seed_path.read_text(encoding="utf-8")
    for i in range(60):  # enough files for the load to use its workers, in chunks of 25
        (folder / f"{i:02d}.txt").write_text(text.replace("35条", f"{100 + i}条"), encoding="utf-8")

    forked = tmp_path / "forked.duckdb"
    out = subprocess.run(
        [sys.executable, "-c", _LOAD, str(folder), str(forked)], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["60", "0"]
    alone = ingest([folder], tmp_path / "alone.duckdb", workers=1)
    assert alone.loaded == 60 and not alone.failed, alone.lines()

    stored = _stored(forked)
    assert stored == _stored(tmp_path / "alone.duckdb")
    first, last = stored[0][0][1], stored[0][-1][1]
    assert [row[0] for row in stored[0]] == list(expand_paths([folder]))
    assert [row[1] for row in stored[0]] == list(range(first, last + 1))
    assert json.dumps(stored[3]) and len(stored[3]) == 60  # every report fingerprinted by its worker
