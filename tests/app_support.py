"""Running the dashboard: its pages under Streamlit's AppTest, as the browser reaches them; a real
server process until it answers; and the rows of the database a page shows."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]


def serve_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the dashboard at ``path`` and run it from the repository, as `streamlit run` does."""
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.chdir(REPO)
    return path


def run_page(page: str, check: bool = True, timeout: float = 60, **params: str) -> AppTest:
    """One page with URL parameters ``params``; the entry file is dashboard.py and other pages are
    reached from it. ``check``: fail on an exception the page raised; ``timeout``: AppTest's limit
    on one run of the script."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "dashboard.py":
        at.switch_page(page)
    at.run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at


def db_rows(db: Path, sql: str) -> list[tuple]:
    """The rows ``sql`` gives on the database file ``db``, opened read-only and closed again."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(command: list[str], url: str, cwd: Path, env: dict[str, str], seconds: float = 90) -> Iterator[subprocess.Popen]:
    """Run ``command`` (a Streamlit server that will listen at ``url``) until its health check answers
    "ok", the test failing with the server's output if it stops or stays silent ``seconds``; stopped
    after the block. The process is yielded: its output can be read once the block ends."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"{command[0]} did not answer at {url}: {proc.stdout.read().decode(errors='replace')[-2000:]}")
                time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
