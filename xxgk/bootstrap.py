"""The bundled data the dashboard starts on: the seed report plus the demo city.

Built by ``xxgk serve`` before the server starts (``prepare_database``, progress on the terminal),
so that a new user sees a populated dashboard after one command and no visitor waits; the
dashboard's pages never build or update it. Once, however many processes start together: the
first takes the writer lock and builds, the others wait for it and find the database there. Demo
reports are generated from a fixed seed into ``demo/`` of the writable data folder (``data/demo/``
in a checkout; see ``xxgk.resources``) and flagged synthetic in the database. ``XXGK_DEMO=0``
leaves them out: the database starts on the reports in ``data/reports/`` alone.

Layer: app — may import the loader, ``xxgk.db``, ``xxgk.resources`` and the demo generator
(``xxgk_demo``); never the dashboard.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from xxgk import resources
from xxgk.db import DATA_DIR, Waiting, refresh_derived_if_stale, writer_lock
from xxgk_demo import write_demo
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


def demo_wanted() -> bool:
    """Whether the first build adds the demo city: yes unless ``XXGK_DEMO`` is 0, false, no or off
    (then the database starts on the reports in ``data/reports/`` alone, one's own)."""
    return os.environ.get("XXGK_DEMO", "1").strip().lower() not in ("0", "false", "no", "off")


def prepare_database(path: Path, out: TextIO) -> IngestSummary | None:
    """Build the database at server start (``xxgk serve``), with progress on ``out``, so that no
    visitor waits for it; None when it is already there (its derived tables are then brought up to
    this version's, if an older one wrote them: the pages only read)."""
    if path.exists():
        if refresh_derived_if_stale(path):
            print(f"updated the derived tables of {path} to this version of xxgk", file=out, flush=True)
        return None
    with_demo = demo_wanted()
    print(f"building the database {path} ({'seed and demo reports' if with_demo else 'data/reports only'})",
          file=out, flush=True)
    step = [0]

    def progress(done: int, total: int, seconds: float) -> None:
        if done == total or done >= step[0]:
            step[0] = done + max(total // 10, 1)
            print(f"  read {done:,} / {total:,} reports ({seconds:.0f} s)", file=out, flush=True)

    summary = build_default_database(path, progress=progress, with_demo=with_demo,
                                     stage=lambda name: print(f"  {name}", file=out, flush=True))
    if summary is not None:
        print(f"database ready: {summary.loaded:,} reports", file=out, flush=True)
    return summary


def build_default_database(
    path: Path,
    progress: Callable[[int, int, float], None] | None = None,
    with_demo: bool | None = None,
    stage: Callable[[str], None] | None = None,
    on_wait: Waiting | None = None,
) -> IngestSummary | None:
    """Build the database at ``path`` from the bundled data, or return None if it is there once
    this caller holds the writer lock (another session built it meanwhile)."""
    with writer_lock(path, on_wait=on_wait):
        if path.exists():
            return None
        demo = demo_wanted() if with_demo is None else with_demo
        return ingest([str(s) for s in bundled_sources(demo) if s.exists()], path, progress=progress, stage=stage)
