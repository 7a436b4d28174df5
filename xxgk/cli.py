"""The ``xxgk`` command line: one face of the library, the dashboard being the other."""

from __future__ import annotations

import argparse
import errno
import io
import json
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from xxgk.db import default_db_path
from xxgk.errors import ReportError
from xxgk.resources import MissingResourceError
from xxgk.safe_text import clean_control

log = logging.getLogger("xxgk.cli")

# The metrics the command line runs (status and findings count what the dashboard counts, from the
# same queries; the --all-versions ones are the command line's own).
QUERIES = ("overview_kpis", "findings_by_rule", "findings_list", "version_counts", "findings_all_versions", "report_versions")


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


def cmd_parse(args: argparse.Namespace) -> int:
    from xxgk.parse import parse_file

    try:
        report = parse_file(args.file)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {args.file}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
        return 1
    data = report.to_json()
    if args.json:
        print(_json_text(data))
        return 0
    region = " / ".join(x for x in (report.province, report.city, report.district) if x) or "?"
    print(f"{report.agency or '?'} · {report.year or '?'} · template {report.template or '?'} · {region}")
    for table, rep in report.parsing.items():
        state = f"{rep.cells_read}/{rep.cells_expected} cells" if rep.found else "not found"
        print(f"  {table}: {state}")
    for code, fact in report.prose.items():
        print(f"  prose {code} = {fact.value}")
    for finding in report.findings:
        print(f"  {finding.rule} [{finding.severity}] {finding.message}")
    for warning in report.warnings:
        print(f"  warning: {warning}")
    return 0


class _ProgressBar:
    """A one-line progress display on stderr: counts, rate and time left."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.out = getattr(sys.stderr, "unfiltered", sys.stderr)  # our own text, drawn with "\r"
        self.step: str | None = None
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, seconds: float) -> None:
        if not self.enabled or total == 0:
            return
        rate = done / seconds if seconds > 0 else 0.0
        left = (total - done) / rate if rate else 0.0
        width = 30
        filled = int(width * done / total)
        bar = "█" * filled + "·" * (width - filled)
        print(f"\r{bar} {done:,}/{total:,}  {rate:,.0f}/s  {left:,.0f}s left", end="", file=self.out, flush=True)
        if done == total:
            print(file=self.out)

    def stage(self, name: str) -> None:
        """One line per step of the end of a load, with the time the step before it took."""
        from xxgk.load import STAGES

        if not self.enabled:
            return
        now = time.perf_counter()
        if self.step:
            print(f" {now - self.started:,.1f} s", file=self.out)
        self.step, self.started = name, now
        print(f"  {STAGES[name]} …", end="" if name != "publish" else "\n", file=self.out, flush=True)
        if name == "publish":
            self.step = None


def _waiting(holder: Any) -> None:
    print(f"waiting for the load of {holder.describe()} …", file=sys.stderr, flush=True)


def cmd_ingest(args: argparse.Namespace) -> int:
    from xxgk.db import DatabaseBusy
    from xxgk.load import ingest

    bar = _ProgressBar()
    try:
        summary = ingest(
            args.paths, _db(args), workers=args.workers, progress=bar, stage=bar.stage,
            wait=not args.no_wait, on_wait=_waiting,
        )
    except DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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


def cmd_status(args: argparse.Namespace) -> int:
    db = _db(args)
    if not db.exists():
        print(f"error: no database at {db}; load reports with `xxgk ingest PATH`", file=sys.stderr)
        return 1
    data = status(db, args.all_versions)
    if args.json:
        print(_json_text(data))
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


def cmd_findings(args: argparse.Namespace) -> int:
    from xxgk.db import connect_readonly

    db = _db(args)
    if not db.exists():
        print(f"error: no database at {db}; load reports with `xxgk ingest PATH`", file=sys.stderr)
        return 1
    from xxgk.metrics import run_query

    con = connect_readonly(db)
    try:
        # the dashboard's list (current versions), or every version's
        if args.all_versions:
            frame = run_query(con, "findings_all_versions")
        else:
            frame = run_query(con, "findings_list", {"all_rows": True})
    finally:
        con.close()
    keys = ["rule", "severity", "agency", "year", "message", "cells", "report_id"] + (["is_current", "path"] if args.all_versions else [])
    rows = [{k: _plain(v) for k, v in record.items()} for record in frame[keys].astype(object).to_dict("records")]
    if args.json:
        print(_json_text(rows))
        return 0
    for row in rows:
        print("\t".join(str(row[k]) for k in ("rule", "severity", "agency", "year", "message", "report_id")))
    print(f"{len(rows)} findings", file=sys.stderr)
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    """List the versions of a report's agency-year, or record which is current (with a reason)."""
    from xxgk.db import connect_readonly
    from xxgk.versions import VersionError, choose, versions

    db = _db(args)
    if not db.exists():
        print(f"error: no database at {db}; load reports with `xxgk ingest PATH`", file=sys.stderr)
        return 1
    action = "make_current" if args.make_current else "automatic" if args.automatic else None
    try:
        if action:
            frame = choose(args.report, action, args.reason or "", args.by, db)
        else:
            con = connect_readonly(db)
            try:
                frame = versions(con, args.report)
            finally:
                con.close()
            if frame.empty:
                raise VersionError(f"no report {args.report} in the database")
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


def _plain(value: Any) -> Any:
    """A value of a query's frame as JSON has it: None for a missing one, lists, whole numbers."""
    if hasattr(value, "tolist"):  # a numpy array or scalar
        value = value.tolist()
    if isinstance(value, float):
        return None if value != value else int(value) if value.is_integer() else value
    return value


def cmd_demo(args: argparse.Namespace) -> int:
    from xxgk.demo import write_demo

    written = write_demo(Path(args.out), reports=args.reports, seed=args.seed)
    print(f"wrote {written} demo reports to {args.out}")
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from xxgk.collect.command import run

    return run(args)


def cmd_serve(args: argparse.Namespace) -> int:
    """The dashboard of this installation (its dashboard.py and pages/), served by Streamlit with
    the dashboard's own settings (``.streamlit/config.toml`` beside it), from any working folder."""
    from streamlit.web import cli as streamlit_cli

    from xxgk.resources import dashboard_config, dashboard_script

    if args.db:
        os.environ["XXGK_DB"] = str(Path(args.db).resolve())
    if args.no_demo:
        os.environ["XXGK_DEMO"] = "0"
    from xxgk.bootstrap import prepare_database
    from xxgk.db import default_db_path

    prepare_database(default_db_path(), sys.stderr)  # before the server: no visitor waits for it
    flags = _streamlit_flags(dashboard_config()) + ["--server.port", str(args.port), "--server.headless", "true"]
    if args.address:
        flags += ["--server.address", args.address]
    streamlit_cli.main(["run", str(dashboard_script()), *flags], prog_name="streamlit", standalone_mode=False)
    return 0


def _streamlit_flags(config: Path) -> list[str]:
    """A Streamlit config file as command-line options (Streamlit reads its file only from the
    working folder): ``[client] toolbarMode = "minimal"`` → ``--client.toolbarMode minimal``."""
    import tomllib

    flags = []
    for section, options in tomllib.loads(config.read_text(encoding="utf-8")).items():
        for name, value in options.items():
            flags += [f"--{section}.{name}", str(value).lower() if isinstance(value, bool) else str(value)]
    return flags


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xxgk", description="Government information disclosure annual reports → DuckDB.")
    parser.add_argument("--debug", action="store_true", help="on an error, print the traceback too")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one report and print what was read")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the report as JSON (the contract for tools)")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="load files and folders into the database")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", help="database file (default: $XXGK_DB or data/xxgk.duckdb)")
    p.add_argument("--workers", type=int, default=None, help="parser processes (default: one per core)")
    p.add_argument("--no-wait", action="store_true", help="fail at once if another load is writing the database")
    p.set_defaults(func=cmd_ingest)

    for name, func, text in (("status", cmd_status, "what the database holds"), ("findings", cmd_findings, "every finding")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--db")
        p.add_argument("--json", action="store_true")
        p.add_argument("--all-versions", action="store_true", help="count superseded report versions too (default: current versions, as the dashboard)")
        p.set_defaults(func=func)

    p = sub.add_parser("versions", help="the versions of a report's agency-year; choose the current one")
    p.add_argument("report", help="report id (sha256 of the file) of any version")
    p.add_argument("--db")
    choice = p.add_mutually_exclusive_group()
    choice.add_argument("--make-current", action="store_true", help="make this version the current one")
    choice.add_argument("--automatic", action="store_true", help="let publication date, else load order, decide again")
    p.add_argument("--reason", help="why (required with --make-current or --automatic; kept in the history)")
    p.add_argument("--by", help="who decides (default: the user name)")
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("demo", help="write a synthetic demo corpus")
    p.add_argument("--out", required=True)
    p.add_argument("--reports", type=int, default=None, help="number of reports (default: one city, all years)")
    p.add_argument("--seed", type=int, default=2024)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("collect", help="download the annual reports of disclosure columns (…/zfxxgknb/)")
    from xxgk.collect.command import add_arguments

    add_arguments(p)
    p.set_defaults(func=cmd_collect)

    p = sub.add_parser("serve", help="start the dashboard")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", help="address to listen on (default: Streamlit's, every interface)")
    p.add_argument("--db", help="database file (default: $XXGK_DB or data/xxgk.duckdb)")
    p.add_argument("--no-demo", action="store_true",
                   help="build a missing database from data/reports only, without the demo city (as XXGK_DEMO=0)")
    p.set_defaults(func=cmd_serve)
    return parser


# Characters json.dumps leaves raw in a string that a terminal would obey (DEL, C1) or that reorder a
# line (bidi controls); JSON may escape any character, so \uXXXX keeps the data exactly.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _json_text(data: Any) -> str:
    """``data`` as indented JSON (non-ASCII kept readable) with no control character left raw."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _CleanStream(io.TextIOBase):
    """A text stream that shows control characters instead of passing them to the terminal.

    Installed over stdout and stderr by ``main``, so nothing a report, a file name or a library
    message holds can move the cursor or erase the operator's lines, whichever command printed it.
    ``unfiltered`` is the stream underneath, for the progress bar's own carriage returns.
    """

    def __init__(self, stream: Any) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(clean_control(text))
        return len(text)

    def flush(self) -> None:
        self.unfiltered.flush()

    def isatty(self) -> bool:
        return self.unfiltered.isatty()

    def fileno(self) -> int:
        return self.unfiltered.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.unfiltered, "encoding", "utf-8")


# DuckDB's words for a database file it cannot trust.
_DAMAGED = re.compile(r"not a valid DuckDB database|Could not read enough bytes|Corrupt database|checksum", re.I)


def explain(exc: BaseException, db: Path | None) -> str:
    """One line for an error the command could not handle: what is wrong, the file, what to do."""
    text = str(exc)
    code = getattr(exc, "errno", None)
    where = db if db is not None else Path(getattr(exc, "filename", None) or ".")
    if isinstance(exc, IsADirectoryError) or "Is a directory" in text:
        return (f"{where}: is a directory, not a database file; point --db or XXGK_DB at a file, "
                f"e.g. {where / 'xxgk.duckdb'}")
    if code == errno.ENOSPC or "No space left on device" in text:
        return (f"{where}: the disk is full; free some space in {where.parent} (a load needs room for a "
                "copy of the database) and run the command again; the published database is unchanged")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "Read-only file system" in text:
        why = "read-only file system" if code == errno.EROFS or "Read-only" in text else "permission denied"
        return (f"{where}: cannot write in {where.parent} ({why}); choose a writable location with --db "
                "or XXGK_DB")
    if _is_duckdb_error(exc) and _DAMAGED.search(text):
        return (f"{where}: the database file is damaged or truncated; restore it from a backup, or move it "
                "away and load the reports again with `xxgk ingest PATH`")
    first = text.strip().splitlines()[0] if text.strip() else ""
    return f"{where}: {type(exc).__name__}: {first}"


def _is_duckdb_error(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb")


def main(argv: list[str] | None = None) -> int:
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _CleanStream(sys.stdout), _CleanStream(sys.stderr)
    try:
        return _run(build_parser().parse_args(argv))  # argparse's messages quote arguments: filtered too
    finally:
        sys.stdout.flush()
        sys.stdout, sys.stderr = streams


def _run(args: argparse.Namespace) -> int:
    if args.debug:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    try:
        return args.func(args)
    except MissingResourceError as exc:  # a broken installation, not a bad input
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - every failure ends as one line; --debug shows the rest
        db = _db(args) if hasattr(args, "db") else Path(args.file) if hasattr(args, "file") else None
        hint = "" if args.debug else " (details: `xxgk --debug " + args.command + " …`)"
        print(f"error: {explain(exc, db)}{hint}", file=sys.stderr)
        if args.debug:
            log.exception("%s failed", args.command)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
