"""The command line as a user runs it: a real process, on a terminal where one is expected."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from xxgk.load import STAGES

REPO = Path(__file__).resolve().parents[1]


def test_ingest_on_a_terminal_shows_counts_rate_and_each_step_of_the_end_of_the_load(
    seed_path: Path, tmp_path: Path
) -> None:
    main, terminal = pty.openpty()  # stderr a terminal, as in a shell: the progress display is on
    try:
        done = subprocess.run(
            [sys.executable, "-m", "xxgk.cli", "ingest", str(seed_path), "--db", str(tmp_path / "x.duckdb")],
            cwd=REPO, stdout=subprocess.PIPE, stderr=terminal, timeout=300, text=True,
        )
        os.close(terminal)
        terminal = -1
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        if terminal >= 0:
            os.close(terminal)
    text = shown.decode("utf-8")
    assert done.returncode == 0, (done.stdout, text)
    assert "1/1" in text and "/s" in text
    # every step announced, in order, each but the last with the seconds it took
    positions = [text.index(label) for label in STAGES.values()]
    assert positions == sorted(positions), text
    assert text.count(" s\r\n") + text.count(" s\n") >= len(STAGES) - 1, text
    assert "loaded 1" in done.stdout
