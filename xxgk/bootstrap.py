"""The bundled data the dashboard starts on: the seed report plus the demo city.

Built on first start when the database is missing (and by anyone who calls it), so that a new user
sees a populated dashboard after one command; once, however many sessions start together: the
first takes the writer lock and builds, the others wait for it and find the database there. Demo
reports are generated from a fixed seed into ``demo/`` of the writable data folder (``data/demo/``
in a checkout; see ``xxgk.resources``) and flagged synthetic in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from xxgk import resources
from xxgk.db import DATA_DIR, Waiting, writer_lock
from xxgk.demo import write_demo
from xxgk.load import IngestSummary, ingest

DEMO_SEED = 2024
DEMO_DIR = DATA_DIR / "demo"
SEED_REPORTS = resources.seed_reports_dir()


def bundled_sources(with_demo: bool = True) -> list[Path]:
    """The seed reports, and the demo corpus (written from its fixed seed if not there yet)."""
    sources = [SEED_REPORTS]
    if with_demo:
        marker = DEMO_DIR / ".complete"
        if not marker.exists():
            write_demo(DEMO_DIR, reports=None, seed=DEMO_SEED)
            marker.write_text(str(DEMO_SEED), encoding="utf-8")
        sources.append(DEMO_DIR)
    return sources


def build_default_database(
    path: Path,
    progress: Callable[[int, int, float], None] | None = None,
    with_demo: bool = True,
    stage: Callable[[str], None] | None = None,
    on_wait: Waiting | None = None,
) -> IngestSummary | None:
    """Build the database at ``path`` from the bundled data, or return None if it is there once
    this caller holds the writer lock (another session built it meanwhile)."""
    with writer_lock(path, on_wait=on_wait):
        if path.exists():
            return None
        return ingest([str(s) for s in bundled_sources(with_demo) if s.exists()], path, progress=progress, stage=stage)
