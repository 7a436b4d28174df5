"""The commands on the database: ``ingest`` (with its progress on the terminal), ``status``,
``findings`` and ``versions``.

Layer: may import the loader, ``xxgk.db``, ``xxgk.metrics`` and ``xxgk.versions`` (inside each
command, so that ``xxgk --help`` stays quick) and ``xxgk.cli.common``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from xxgk.cli.common import db_path, guarded, json_text, plain

# The metrics the command line runs (status and findings count what the dashboard counts, from the
# same queries; the --all-versions ones are the command line's own).
QUERIES = ("overview_kpis", "findings_by_rule", "findings_list", "version_counts", "findings_all_versions", "report_versions")

DB_HELP = "database file (default: $XXGK_DB or data/xxgk.duckdb)"
NO_DATABASE = "error: no database at {}; load reports with `xxgk ingest PATH`"


class LoadProgress:
    """A load's progress on stderr when it is a terminal: a bar with the counts, the rate and the
    time left (tqdm's), then one line per step of the end of the load with the time it took."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.out = getattr(sys.stderr, "unfiltered", sys.stderr)  # our own drawing, not filtered
        self.bar: Any = None
        self.step: str | None = None
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, seconds: float) -> None:
        if not self.enabled or total == 0:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.out, unit="", ascii=False,
                            bar_format="{bar:30} {n_fmt}/{total_fmt}  {rate_fmt}  {remaining} left")
        self.bar.update(done - self.bar.n)
        if done == total:
            self.close()

    def close(self) -> None:
        """End the bar (its last state stays on the terminal)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def stage(self, name: str) -> None:
        """One line per step of the end of a load, with the time the step before it took."""
        from xxgk.load import STAGES

        if not self.enabled:
            return
        self.close()
        now = time.perf_counter()
        if self.step:
            print(f" {now - self.started:,.1f} s", file=self.out)
        self.step, self.started = name, now
        print(f"  {STAGES[name]} …", end="" if name != "publish" else "\n", file=self.out, flush=True)
        if name == "publish":
            self.step = None


def _waiting(holder: Any) -> None:
    print(f"waiting for the load of {holder.describe()} …", file=sys.stderr, flush=True)


@click.command("ingest", short_help="load files and folders into the database")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", help=DB_HELP)
@click.option("--workers", type=int, default=None, help="parser processes (default: one per core)")
@click.option("--no-wait", is_flag=True, help="fail at once if another load is writing the database")
@guarded
def ingest_command(paths: tuple[str, ...], db: str | None, workers: int | None, no_wait: bool) -> int:
    """Load files and folders into the database (idempotent by content)."""
    from xxgk.db import DatabaseBusy
    from xxgk.load import ingest

    bar = LoadProgress()
    try:
        summary = ingest(
            list(paths), db_path(db), workers=workers, progress=bar, stage=bar.stage,
            wait=not no_wait, on_wait=_waiting,
        )
    except DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        bar.close()
    for line in summary.lines():
        print(line)
    return 0 if summary.ok else 1


def status(db: Path, all_versions: bool = False) -> dict[str, Any]:
    """What the database holds: the counts of the dashboard's overview (current versions, the
    metrics overview_kpis and findings_by_rule) or, with ``all_versions``, of every version."""
    from xxgk.db import connect_readonly, statements
    from xxgk.metrics import run_query

    con = connect_readonly(db)
    try:
        if all_versions:
            counts = run_query(con, "version_counts").iloc[0]
            reports, agencies, synthetic, findings = (
                int(counts[c]) for c in ("reports_count", "agencies_count", "synthetic_count", "findings_count")
            )
        else:
            kpis = run_query(con, "overview_kpis").iloc[0]
            reports, agencies, synthetic = (int(kpis[c]) for c in ("reports_count", "agencies_count", "synthetic_count"))
            findings = int(run_query(con, "findings_by_rule")["findings_count"].sum())
        return {
            "database": str(db),
            "all_versions": all_versions,
            "reports": reports,
            "report_versions": statements.scalar(con, "status.report_versions_count"),
            "agencies": agencies,
            "years": [r[0] for r in statements.rows(con, "status.years")],
            "templates": dict(statements.rows(con, "status.templates")),
            "synthetic": synthetic,
            "real": reports - synthetic,
            "findings": findings,
            "load_errors": statements.scalar(con, "status.load_errors_count"),
        }
    finally:
        con.close()


def _existing_db(db: str | None) -> Path | None:
    """The database path ``--db`` names (or the default); None, said on stderr, when there is none."""
    path = db_path(db)
    if not path.exists():
        print(NO_DATABASE.format(path), file=sys.stderr)
        return None
    return path


def _counting_options(func: Any) -> Any:
    """The options ``status`` and ``findings`` share."""
    func = click.option("--all-versions", is_flag=True,
                        help="count superseded report versions too (default: current versions, as the dashboard)")(func)
    func = click.option("--json", "as_json", is_flag=True)(func)
    return click.option("--db")(func)


@click.command("status", short_help="what the database holds")
@_counting_options
@guarded
def status_command(db: str | None, as_json: bool, all_versions: bool) -> int:
    """What the database holds, counted as the dashboard counts it."""
    path = _existing_db(db)
    if path is None:
        return 1
    data = status(path, all_versions)
    if as_json:
        print(json_text(data))
        return 0
    print(f"database   {data['database']}")
    which = "every version" if data["all_versions"] else f"current versions; {data['report_versions']} versions loaded"
    print(f"reports    {data['reports']} ({data['real']} real, {data['synthetic']} synthetic; {which})")
    print(f"agencies   {data['agencies']}")
    years = data["years"]
    print(f"years      {years[0]}–{years[-1]}" if years else "years      none")
    print("templates  " + ", ".join(f"{k}: {v}" for k, v in data["templates"].items()))
    print(f"findings   {data['findings']}")
    print(f"failed     {data['load_errors']} files could not be loaded")
    return 0


@click.command("findings", short_help="every finding")
@_counting_options
@guarded
def findings_command(db: str | None, as_json: bool, all_versions: bool) -> int:
    """The consistency findings of the current versions (or of every version)."""
    from xxgk.db import connect_readonly

    path = _existing_db(db)
    if path is None:
        return 1
    from xxgk.metrics import run_query

    con = connect_readonly(path)
    try:
        # the dashboard's list (current versions), or every version's
        if all_versions:
            frame = run_query(con, "findings_all_versions")
        else:
            frame = run_query(con, "findings_list", {"all_rows": True})
    finally:
        con.close()
    keys = ["rule", "severity", "agency", "year", "message", "cells", "report_id"] + (["is_current", "path"] if all_versions else [])
    rows = [{k: plain(v) for k, v in record.items()} for record in frame[keys].astype(object).to_dict("records")]
    if as_json:
        print(json_text(rows))
        return 0
    for row in rows:
        print("\t".join(str(row[k]) for k in ("rule", "severity", "agency", "year", "message", "report_id")))
    print(f"{len(rows)} findings", file=sys.stderr)
    return 0


@click.command("versions", short_help="the versions of a report's agency-year; choose the current one")
@click.argument("report")
@click.option("--db")
@click.option("--make-current", is_flag=True, help="make this version the current one")
@click.option("--automatic", is_flag=True, help="let publication date, else load order, decide again")
@click.option("--reason", help="why (required with --make-current or --automatic; kept in the history)")
@click.option("--by", help="who decides (default: the user name)")
@guarded
def versions_command(report: str, db: str | None, make_current: bool, automatic: bool, reason: str | None,
                     by: str | None) -> int:
    """List the versions of a report's agency-year, or record which is current (with a reason).

    REPORT is the report id (sha256 of the file) of any version."""
    from xxgk.db import connect_readonly
    from xxgk.versions import VersionError, choose, versions

    if make_current and automatic:
        raise click.UsageError("--make-current and --automatic cannot be used together")
    path = _existing_db(db)
    if path is None:
        return 1
    action = "make_current" if make_current else "automatic" if automatic else None
    try:
        if action:
            frame = choose(report, action, reason or "", by, path)
        else:
            con = connect_readonly(path)
            try:
                frame = versions(con, report)
            finally:
                con.close()
            if frame.empty:
                raise VersionError(f"no report {report} in the database")
    except VersionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for row in frame.itertuples():
        basis = {"admin": f"admin: {row.choice_reason}", "published": "latest publication date",
                 "load_order": "last loaded", "only": "the only version"}.get(row.current_basis, row.current_basis)
        state = f"current ({basis})" if row.is_current else "superseded"
        published = row.published_at.date().isoformat() if hasattr(row.published_at, "date") and row.published_at == row.published_at else "-"
        line = f"{row.report_id}\t{state}\tpublished {published}\tloaded {row.loaded_at:%Y-%m-%d %H:%M}\t{row.path}"
        # a path or a reason never reaches the terminal as control characters
        print("\t".join("".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in part) for part in line.split("\t")))
    return 0
