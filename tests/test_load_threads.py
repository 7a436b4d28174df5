"""A load started inside a threaded process (the dashboard's server: first build, uploads).

Forking a process that runs other threads copies locks those threads may hold at that moment; the
child can then wait on them forever. A first build inside the Streamlit server was seen to hang so,
its parse worker and the loading thread idle with the writer lock held. Parse workers of a load in
a threaded process therefore start from a clean server process (forkserver), not by fork.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from xxgk.load import _pool_context, ingest


def test_a_single_threaded_process_forks_its_workers() -> None:
    # in a process of its own: the test run may have threads of its own (servers, browsers)
    code = "from xxgk.load import _pool_context; print(_pool_context().get_start_method())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "fork"


def test_workers_of_a_load_in_a_threaded_process_are_not_forked_from_it(seed_path: Path, tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def load() -> None:
        seen["method"] = _pool_context().get_start_method()
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
    assert seen["method"] != "fork"
    assert seen["summary"].loaded == 60 and not seen["summary"].failed, seen["summary"].lines()
    shutil.rmtree(folder)
