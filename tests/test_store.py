"""The storage layer's integrity: one writer at a time across processes, figures stored by their
stable codes whatever the templates in code become, permissions kept, leftovers of killed loads
removed, and one first build however many sessions ask for it."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from xxgk import codes
from xxgk.load import ingest

REPO = Path(__file__).resolve().parents[1]


def _variants(seed_path: Path, folder: Path, count: int, tag: str) -> Path:
    """``count`` distinct reports (the seed with a tagged closing line): distinct hashes."""
    folder.mkdir(parents=True)
    text = seed_path.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"{tag}{i:05d}.txt").write_text(f"{text}\n（{tag} {i}）\n", encoding="utf-8")
    return folder


def _reports(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    finally:
        con.close()


def _start_ingest(db: Path, folder: Path, *extra: str, workers: int = 2) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "xxgk.cli", "ingest", str(folder), "--db", str(db), "--workers", str(workers), *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _wait_for_loading_file(db: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.endswith(".loading") for p in db.parent.iterdir()):
            return
        time.sleep(0.01)
    raise AssertionError("the load finished or never started before it could be observed")


# --- 1. one writer at a time ---------------------------------------------------------------


def test_two_command_line_loads_at_once_keep_both_batches(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    first = _start_ingest(db, _variants(seed_path, tmp_path / "a", 3000, "a"))
    _wait_for_loading_file(db, first)
    second = _start_ingest(db, _variants(seed_path, tmp_path / "b", 40, "b"), workers=1)
    out_b, err_b = second.communicate(timeout=900)
    out_a, err_a = first.communicate(timeout=900)
    assert first.returncode == 0, err_a
    assert second.returncode == 0, err_b
    assert out_a.startswith("loaded 3000,") and out_b.startswith("loaded 40,")
    assert _reports(db) == 1 + 3000 + 40  # the union: neither load lost
    # the second waited, and said for whose load
    assert f"waiting for the load of pid {first.pid}" in err_b, err_b
    assert "xxgk.cli ingest" in err_b and "started" in err_b


def test_no_wait_fails_at_once_naming_the_load_in_progress(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    first = _start_ingest(db, _variants(seed_path, tmp_path / "a", 3000, "a"))
    try:
        _wait_for_loading_file(db, first)
        refused = subprocess.run(
            [sys.executable, "-m", "xxgk.cli", "ingest", str(seed_path), "--db", str(db), "--no-wait"],
            cwd=REPO, capture_output=True, text=True, timeout=300,
        )
        still_running = first.poll() is None
    finally:
        out_a, err_a = first.communicate(timeout=900)
    assert still_running, "the first load ended before the refusal could be observed"
    assert refused.returncode == 1, refused
    assert refused.stdout == ""
    assert f"pid {first.pid}" in refused.stderr and "another load is writing" in refused.stderr, refused.stderr
    assert first.returncode == 0, err_a
    assert _reports(db) == 3001


def test_an_upload_during_a_command_line_load_keeps_both(seed_path: Path, tmp_path: Path) -> None:
    from xxgk.uploads import accept

    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    first = _start_ingest(db, _variants(seed_path, tmp_path / "a", 3000, "a"))
    _wait_for_loading_file(db, first)
    text = seed_path.read_text(encoding="utf-8").replace("孟津区司法局", "孟津区民政局")
    result = accept([("民政局.txt", text.encode("utf-8"))], db, root=tmp_path / "uploads")
    out_a, err_a = first.communicate(timeout=900)
    assert first.returncode == 0, err_a
    assert result.summary is not None and result.summary.loaded == 1
    assert _reports(db) == 1 + 3000 + 1


def test_an_upload_that_waits_is_told_whose_load_it_waits_for(seed_path: Path, tmp_path: Path) -> None:
    from xxgk.uploads import accept

    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    first = _start_ingest(db, _variants(seed_path, tmp_path / "a", 3000, "a"))
    _wait_for_loading_file(db, first)
    waited = []
    text = seed_path.read_text(encoding="utf-8").replace("孟津区司法局", "孟津区民政局")
    result = accept([("民政局.txt", text.encode("utf-8"))], db, root=tmp_path / "uploads", on_wait=waited.append)
    first.communicate(timeout=900)
    assert [holder.pid for holder in waited] == [first.pid]
    assert result.summary is not None and result.summary.loaded == 1
    assert _reports(db) == 3002


# --- 2. figures keyed by stable codes --------------------------------------------------------

_NEW_ROW = codes.Row("granted_supplemented", "依职权补充公开", ("依职权补充公开",), codes.APPLICANT_COLUMNS)


def _report_with(seed_path: Path, path: Path, new_row: bool) -> Path:
    """The seed with 7 applications: 3 granted, 4 not held; with ``new_row``, another agency's
    report with 2 more in a row the templates in code do not have yet, after 予以公开."""
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    figures = {"本年新收": 7, "予以公开\t": 3, "本机关不掌握": 4, "(七) 总计": 7}
    for i, line in enumerate(lines):
        for key, total in figures.items():
            if key in line:
                parts = line.split("\t")
                zeros = [j for j, part in enumerate(parts) if part == "0"]
                parts[zeros[0]] = parts[zeros[6]] = str(total)
                lines[i] = "\t".join(parts)
                if key == "予以公开\t" and new_row:
                    lines.insert(i + 1, "\t(一之二) 依职权补充公开\t\t2\t0\t0\t0\t0\t0\t2")
    text = "\n".join(lines) + "\n"
    path.write_text(text.replace("孟津区司法局", "孟津区民政局") if new_row else text, encoding="utf-8")
    return path


def _figures(db: Path, report_id: str) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM figures WHERE report_id = ?", [report_id])
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchall()[0]))
    finally:
        con.close()


def _report_ids(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT report_id FROM reports ORDER BY load_seq").fetchall()]
    finally:
        con.close()


def test_a_row_added_to_the_templates_in_code_never_changes_a_stored_figure(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "x.duckdb"
    ingest([_report_with(seed_path, tmp_path / "old.txt", new_row=False)], db, workers=1)
    (old_id,) = _report_ids(db)
    before = _figures(db, old_id)
    assert before["applications__unable_not_held__total"] == 4
    assert before["applications__total_processed__total"] == 7

    # a developer adds a row after 予以公开 to the 2021 template
    rows = list(codes.APPLICATION_ROWS_2021)
    rows.insert([r.code for r in rows].index("granted") + 1, _NEW_ROW)
    monkeypatch.setattr(codes, "APPLICATION_ROWS_2021", tuple(rows))

    ingest([_report_with(seed_path, tmp_path / "new.txt", new_row=True)], db, workers=1)
    old_id, new_id = _report_ids(db)
    after = _figures(db, old_id)
    assert {k: after[k] for k in before} == before  # every stored figure as it was
    assert after["applications__granted_supplemented__total"] is None  # not in the old report
    new = _figures(db, new_id)
    assert new["applications__granted_supplemented__total"] == 2
    assert new["applications__unable_not_held__total"] == 4 and new["applications__total_processed__total"] == 7

    # the derived tables and the long view agree with the stored figures
    con = duckdb.connect(str(db), read_only=True)
    try:
        facts = dict(con.execute(
            "SELECT report_id, applications__unable_not_held__total FROM report_facts"
        ).fetchall())
        cells = con.execute(
            "SELECT report_id, row_code, value FROM report_cells WHERE table_name = 'applications' "
            "AND column_code = 'total' AND row_code IN ('unable_not_held', 'granted_supplemented') ORDER BY 1, 2"
        ).fetchall()
    finally:
        con.close()
    assert facts == {old_id: 4, new_id: 4}
    assert sorted(cells) == sorted([(old_id, "unable_not_held", 4), (new_id, "granted_supplemented", 2), (new_id, "unable_not_held", 4)])


def test_the_derived_stamp_follows_what_the_derived_tables_depend_on(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xxgk.db import derived_is_current, refresh_derived_if_stale

    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    with duckdb.connect(str(db), read_only=True) as con:
        assert derived_is_current(con)
    rows = list(codes.APPLICATION_ROWS_2021) + [_NEW_ROW]
    monkeypatch.setattr(codes, "APPLICATION_ROWS_2021", tuple(rows))
    with duckdb.connect(str(db), read_only=True) as con:
        assert not derived_is_current(con)  # a new code makes report_facts a column short
    assert refresh_derived_if_stale(db) is True
    with duckdb.connect(str(db), read_only=True) as con:
        assert derived_is_current(con)
        columns = {r[0] for r in con.execute("DESCRIBE report_facts").fetchall()}
    assert "applications__granted_supplemented__total" in columns
    inode = db.stat().st_ino
    assert refresh_derived_if_stale(db) is False  # current: nothing rebuilt, nothing published
    assert db.stat().st_ino == inode


# --- 3. permissions ---------------------------------------------------------------------------


def test_a_load_keeps_the_permissions_of_the_snapshot_it_replaces(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    old_umask = os.umask(0o022)
    try:
        ingest([seed_path], db, workers=1)
        assert stat.S_IMODE(db.stat().st_mode) == 0o644  # a new database: 0666 less the umask
        other = tmp_path / "other.txt"
        other.write_text(seed_path.read_text(encoding="utf-8") + "\n（另一份）\n", encoding="utf-8")
        ingest([other], db, workers=1)
        assert stat.S_IMODE(db.stat().st_mode) == 0o644
        db.chmod(0o640)
        other.write_text(seed_path.read_text(encoding="utf-8") + "\n（第三份）\n", encoding="utf-8")
        ingest([other], db, workers=1)
        assert stat.S_IMODE(db.stat().st_mode) == 0o640
    finally:
        os.umask(old_umask)
    assert _reports(db) == 3


# --- 4. leftovers and the first build ----------------------------------------------------------


def test_the_next_load_removes_what_a_killed_load_left(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    folder = _variants(seed_path, tmp_path / "batch", 3000, "k")
    proc = _start_ingest(db, folder)
    _wait_for_loading_file(db, proc)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    left = [p.name for p in tmp_path.iterdir() if ".loading" in p.name]
    assert left, "the killed load left nothing to clean"
    summary = ingest([folder], db, workers=1)
    assert summary.loaded == 3000
    assert [p.name for p in tmp_path.iterdir() if ".loading" in p.name] == []
    assert _reports(db) == 3001


def test_three_sessions_starting_together_build_the_bundled_database_once(tmp_path: Path) -> None:
    from xxgk.bootstrap import build_default_database

    db = tmp_path / "x.duckdb"
    start = threading.Barrier(3)
    results: list[object] = []
    errors: list[BaseException] = []

    def session() -> None:
        try:
            start.wait()
            results.append(build_default_database(db, with_demo=False))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=session) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    built = [r for r in results if r is not None]
    assert len(results) == 3 and len(built) == 1, results
    assert built[0].loaded == 1
    assert _reports(db) == 1


def test_a_load_killed_alone_leaves_no_lock_behind_even_while_its_workers_live(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    proc = _start_ingest(db, _variants(seed_path, tmp_path / "a", 3000, "a"))
    try:
        _wait_for_loading_file(db, proc)
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGKILL)  # the main process only: its forked parse workers live on
        proc.wait(timeout=30)
        other = tmp_path / "other.txt"
        other.write_text(seed_path.read_text(encoding="utf-8").replace("孟津区司法局", "孟津区民政局"), encoding="utf-8")
        after = subprocess.run(
            [sys.executable, "-m", "xxgk.cli", "ingest", str(other), "--db", str(db), "--no-wait"],
            cwd=REPO, capture_output=True, text=True, timeout=300,
        )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert after.returncode == 0, after.stderr
    assert after.stdout.startswith("loaded 1,")
    assert _reports(db) == 2


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_upload_page_says_an_upload_is_queued_behind_a_load_and_then_loads_it(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM_ARGS, SHOTS, _server

    from xxgk.uploads import UPLOAD_DIR

    db = tmp_path / "x.duckdb"
    ingest([seed_path], db, workers=1)
    upload = tmp_path / "民政局.txt"
    upload.write_text(seed_path.read_text(encoding="utf-8").replace("孟津区司法局", "孟津区民政局"), encoding="utf-8")
    monkeypatch.setenv("XXGK_ADMIN_PASSWORD", "s3cret")
    with _server(db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page.goto(f"{url}/upload", wait_until="domcontentloaded")
        page.get_by_label("管理员密码").fill("s3cret", timeout=60_000)
        page.get_by_role("button", name="登录").click()
        page.locator('input[type="file"]').set_input_files(str(upload), timeout=60_000)
        button = page.get_by_role("button", name="上传并入库")
        button.wait_for(timeout=60_000)
        load = _start_ingest(db, _variants(seed_path, tmp_path / "a", 3000, "a"))
        try:
            _wait_for_loading_file(db, load)
            button.click()
            queued = page.get_by_text("本次上传已排队", exact=False)
            queued.wait_for(timeout=120_000)
            assert load.poll() is None, "the command-line load ended before the upload could queue"
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / "upload_queued.png"), full_page=True)
            page.get_by_text("新数据已发布", exact=False).wait_for(timeout=900_000)
            assert page.get_by_text("本次上传已排队", exact=False).count() == 0  # said while it waited only
        finally:
            out, err = load.communicate(timeout=900)
            _forget_upload(UPLOAD_DIR, upload)
        page.screenshot(path=str(SHOTS / "upload_done_after_queue.png"), full_page=True)
        browser.close()
    assert load.returncode == 0, err
    assert _reports(db) == 1 + 3000 + 1


def _forget_upload(root: Path, upload: Path) -> None:
    """Remove what the page stored of ``upload`` under the repository's data folder."""
    digest = hashlib.sha256(upload.read_bytes()).hexdigest()
    folder = root / digest[:2]
    for path in folder.glob(f"{digest}.*"):
        path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()
        root.rmdir()


def test_a_load_removes_only_its_own_database_s_leftovers(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    ours = [".x.duckdb.4242.loading", ".x.duckdb.4242.loading.wal", ".x.duckdb.a1b2c3d4.loading"]
    theirs = [".x.duckdb.bak.4242.loading", ".x.duckdb.bak.4242.loading.wal", "x.duckdb.4242.loading"]
    for name in ours + theirs:
        (tmp_path / name).write_bytes(b"left by a killed load")
    ingest([seed_path], db, workers=1)
    assert sorted(p.name for p in tmp_path.iterdir() if "loading" in p.name) == sorted(theirs)
