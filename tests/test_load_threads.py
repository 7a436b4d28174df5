"""A load started inside a threaded process (the dashboard's server: first build, uploads).

Forking a process that runs other threads copies locks those threads may hold at that moment; the
child can then wait on them forever. A first build inside the Streamlit server was seen to hang so,
its parse worker and the loading thread idle with the writer lock held. Parse workers of a load in
a threaded process therefore parse in that process, not in forked workers.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from xxgk.load import _may_fork, ingest


def test_a_single_threaded_process_forks_its_workers() -> None:
    # in a process of its own: the test run may have threads of its own (servers, browsers)
    code = "from xxgk.load import _may_fork; print(_may_fork())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_a_load_in_a_threaded_process_forks_no_workers(seed_path: Path, tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def load() -> None:
        seen["forks"] = _may_fork()
        seen["summary"] = ingest([folder], tmp_path / "x.duckdb", workers=2)

    folder = tmp_path / "reports"
    folder.mkdir()
    text = seed_path.read_text(encoding="utf-8")
    for i in range(60):  # enough files for the load to use its workers
        (folder / f"{i:02d}.txt").write_text(text.replace("35条", f"{100 + i}条"), encoding="utf-8")
    worker = threading.Thread(target=load)
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the load in a thread never finished"
    assert seen["forks"] is False
    assert seen["summary"].loaded == 60 and not seen["summary"].failed, seen["summary"].lines()
    shutil.rmtree(folder)
