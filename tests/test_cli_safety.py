"""The command line against hostile report text and broken databases, run as a user runs it.

Report text reaches the terminal without control characters (an ANSI sequence in a sentence could
erase or hide the operator's lines), and a database that is damaged, a directory, unwritable or on a
full disk ends in one line saying what is wrong, with which file and what to do — no traceback
unless ``--debug`` asks for one.

The read-only folder and the full disk are real: small tmpfs mounts (this needs root, as on the
CI machine; the tests skip with a message where ``mount`` is not permitted).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# What a terminal obeys: C0 controls except tab and newline, DEL, C1 controls (ESC starts them all).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Erase the line, move up, the same as a one-byte C1 CSI, and a bell: in a sentence the prose reader
# quotes in an R6 finding ("文中…称…5件", the table says 0).
HOSTILE = "区司法局\x1b[2K\x1b[1A\x9b2K\x07处理信息公开件5件"


def _xxgk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xxgk.cli", *args], cwd=REPO, capture_output=True, text=True,
        timeout=300, env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    text = seed_path.read_text(encoding="utf-8")
    assert "区司法局处理信息公开件0件" in text
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text(text.replace("区司法局处理信息公开件0件", HOSTILE), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_db(hostile_report: Path) -> Path:
    db = hostile_report.with_suffix(".duckdb")
    done = _xxgk("ingest", str(hostile_report), "--db", str(db), "--workers", "1")
    assert done.returncode == 0, done.stderr
    return db


def _r6(lines: str) -> str:
    return next(line for line in lines.splitlines() if "R6" in line)


def test_parse_shows_control_characters_in_a_sentence_without_obeying_them(hostile_report: Path) -> None:
    done = _xxgk("parse", str(hostile_report))
    assert done.returncode == 0, done.stderr
    assert not CONTROL.search(done.stdout + done.stderr), repr(_r6(done.stdout))
    line = _r6(done.stdout)
    # replaced visibly, the rest of the sentence kept
    assert "区司法局" in line and "处理信息公开件5件" in line
    assert line.count("[2K") == 1 and "[1A" in line


def test_parse_json_keeps_the_sentence_exactly_and_stays_valid(hostile_report: Path) -> None:
    done = _xxgk("parse", str(hostile_report), "--json")
    assert done.returncode == 0, done.stderr
    assert not CONTROL.search(done.stdout), "raw control characters in the JSON"
    data = json.loads(done.stdout)
    messages = [f["message"] for f in data["findings"] if f["rule"] == "R6"]
    assert any(HOSTILE[:20] in m for m in messages), messages  # escaped, not lost


def test_findings_show_control_characters_without_obeying_them(hostile_db: Path) -> None:
    done = _xxgk("findings", "--db", str(hostile_db))
    assert done.returncode == 0, done.stderr
    assert not CONTROL.search(done.stdout.replace("\t", "") + done.stderr)
    assert "处理信息公开件5件" in _r6(done.stdout)
    done = _xxgk("findings", "--db", str(hostile_db), "--json")
    assert not CONTROL.search(done.stdout)
    rows = json.loads(done.stdout)
    assert any(HOSTILE[:20] in r["message"] for r in rows if r["rule"] == "R6")


# --- broken databases -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    db = tmp_path_factory.mktemp("good") / "xxgk.duckdb"
    done = _xxgk("ingest", str(seed_path), "--db", str(db), "--workers", "1")
    assert done.returncode == 0, done.stderr
    return db


def _one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _damaged(good_db: Path, tmp_path: Path, how: str) -> Path:
    db = tmp_path / f"{how}.duckdb"
    data = good_db.read_bytes()
    if how == "truncated":
        db.write_bytes(data[: len(data) // 3])
    else:  # the blocks after the header overwritten, as by a bad disk or a half-copied file
        db.write_bytes(data[:8192] + bytes(range(256)) * ((len(data) - 8192) // 256))
    return db


@pytest.mark.parametrize("how", ["truncated", "corrupted"])
@pytest.mark.parametrize("command", ["status", "findings", "ingest"])
def test_a_damaged_database_is_one_line_naming_the_file_and_what_to_do(
    good_db: Path, tmp_path: Path, seed_path: Path, how: str, command: str
) -> None:
    db = _damaged(good_db, tmp_path, how)
    args = [command, "--db", str(db)] + ([str(seed_path)] if command == "ingest" else [])
    line = _one_line_error(_xxgk(*args), str(db), "damaged", "xxgk ingest")
    assert line.startswith("error: ")
    debug = _xxgk("--debug", *args)
    assert debug.returncode != 0 and "Traceback" in debug.stderr  # the details, when asked for


@pytest.mark.parametrize("command", ["status", "ingest"])
def test_a_database_path_that_is_a_directory_says_so(tmp_path: Path, seed_path: Path, command: str) -> None:
    folder = tmp_path / "xxgk.duckdb"
    folder.mkdir()
    args = [command] + ([str(seed_path)] if command == "ingest" else [])
    _one_line_error(_xxgk(*args, env={"XXGK_DB": str(folder)}), str(folder), "directory", "XXGK_DB")


@contextlib.contextmanager
def _tmpfs(path: Path, options: str) -> Iterator[Path]:
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_read_only_data_folder_without_a_database_says_so(tmp_path: Path, seed_path: Path) -> None:
    with _tmpfs(tmp_path / "ro", "ro,size=1m") as folder:
        db = folder / "xxgk.duckdb"
        _one_line_error(_xxgk("ingest", str(seed_path), "--db", str(db)), str(db), "read-only", "--db")
        _one_line_error(_xxgk("status", "--db", str(db)), str(db), "xxgk ingest")


def _besides_lock(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if not p.name.endswith(".duckdb.lock")]


def test_a_full_disk_says_so_and_keeps_the_published_database(
    tmp_path: Path, good_db: Path, corpus_dir: Path, seed_path: Path
) -> None:
    with _tmpfs(tmp_path / "full", "size=1m") as folder:
        # nothing fits: the first load cannot even write its private copy
        db = folder / "xxgk.duckdb"
        _one_line_error(_xxgk("ingest", str(seed_path), "--db", str(db)), str(db), "disk is full")
        # no copy or database left; the writer's lock file (empty, reused by every load) may be
        assert not db.exists() and _besides_lock(folder) == []
    size = good_db.stat().st_size
    with _tmpfs(tmp_path / "small", f"size={size + size // 2}") as folder:
        # the published database fits, the copy a load makes of it does not
        db = folder / "xxgk.duckdb"
        shutil.copyfile(good_db, db)
        _one_line_error(_xxgk("ingest", str(corpus_dir), "--db", str(db)), str(db), "disk is full")
        assert db.read_bytes() == good_db.read_bytes() and _besides_lock(folder) == [db]
