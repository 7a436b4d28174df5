"""The ``xxgk`` command line: one face of the library, the dashboard being the other."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from xxgk.db import default_db_path
from xxgk.errors import ReportError
from xxgk.resources import MissingResourceError


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
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
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
        print(f"\r{bar} {done:,}/{total:,}  {rate:,.0f}/s  {left:,.0f}s left", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)

    def stage(self, name: str) -> None:
        """One line per step of the end of a load, with the time the step before it took."""
        from xxgk.load import STAGES

        if not self.enabled:
            return
        now = time.perf_counter()
        if self.step:
            print(f" {now - self.started:,.1f} s", file=sys.stderr)
        self.step, self.started = name, now
        print(f"  {STAGES[name]} …", end="" if name != "publish" else "\n", file=sys.stderr, flush=True)
        if name == "publish":
            self.step = None


def cmd_ingest(args: argparse.Namespace) -> int:
    from xxgk.load import ingest

    bar = _ProgressBar()
    summary = ingest(args.paths, _db(args), workers=args.workers, progress=bar, stage=bar.stage)
    for line in summary.lines():
        print(line)
    return 0 if summary.ok else 1


def status(db: Path) -> dict[str, Any]:
    from xxgk.db import connect_readonly

    con = connect_readonly(db)
    try:
        one = lambda sql: con.execute(sql).fetchall()[0][0]  # noqa: E731
        return {
            "database": str(db),
            "reports": one("SELECT count(*) FROM stg_reports"),
            "report_versions": one("SELECT count(*) FROM reports"),
            "agencies": one("SELECT count(DISTINCT agency_key) FROM stg_reports"),
            "years": [r[0] for r in con.execute("SELECT DISTINCT year FROM stg_reports WHERE year IS NOT NULL ORDER BY 1").fetchall()],
            "templates": dict(con.execute("SELECT coalesce(template, 'unknown'), count(*) FROM stg_reports GROUP BY 1 ORDER BY 1").fetchall()),
            "synthetic": one("SELECT count(*) FROM stg_reports WHERE synthetic"),
            "real": one("SELECT count(*) FROM stg_reports WHERE NOT synthetic"),
            "findings": one("SELECT count(*) FROM findings"),
            "load_errors": one("SELECT count(*) FROM load_errors"),
        }
    finally:
        con.close()


def cmd_status(args: argparse.Namespace) -> int:
    db = _db(args)
    if not db.exists():
        print(f"error: no database at {db}; load reports with `xxgk ingest PATH`", file=sys.stderr)
        return 1
    data = status(db)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"database   {data['database']}")
    print(f"reports    {data['reports']} ({data['real']} real, {data['synthetic']} synthetic; {data['report_versions']} versions)")
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
    con = connect_readonly(db)
    try:
        rows = con.execute(
            """
            SELECT f.rule, f.severity, r.agency, r.year, r.path, f.message, f.cells
            FROM findings f JOIN stg_report_versions r USING (report_id)
            ORDER BY length(f.rule), f.rule, r.agency, r.year
            """
        ).fetchall()
    finally:
        con.close()
    if args.json:
        keys = ("rule", "severity", "agency", "year", "path", "message", "cells")
        json.dump([dict(zip(keys, row)) for row in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for rule, severity, agency, year, path, message, _cells in rows:
        print(f"{rule}\t{severity}\t{agency}\t{year}\t{message}\t{path}")
    print(f"{len(rows)} findings", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from xxgk.demo import write_demo

    written = write_demo(Path(args.out), reports=args.reports, seed=args.seed)
    print(f"wrote {written} demo reports to {args.out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The dashboard of this installation (its dashboard.py and pages/), served by Streamlit with
    the dashboard's own settings (``.streamlit/config.toml`` beside it), from any working folder."""
    from streamlit.web import cli as streamlit_cli

    from xxgk.resources import dashboard_config, dashboard_script

    if args.db:
        os.environ["XXGK_DB"] = str(Path(args.db).resolve())
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
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one report and print what was read")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the report as JSON (the contract for tools)")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="load files and folders into the database")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", help="database file (default: $XXGK_DB or data/xxgk.duckdb)")
    p.add_argument("--workers", type=int, default=None, help="parser processes (default: one per core)")
    p.set_defaults(func=cmd_ingest)

    for name, func, text in (("status", cmd_status, "what the database holds"), ("findings", cmd_findings, "every finding")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--db")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("demo", help="write a synthetic demo corpus")
    p.add_argument("--out", required=True)
    p.add_argument("--reports", type=int, default=None, help="number of reports (default: one city, all years)")
    p.add_argument("--seed", type=int, default=2024)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="start the dashboard")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", help="address to listen on (default: Streamlit's, every interface)")
    p.add_argument("--db", help="database file (default: $XXGK_DB or data/xxgk.duckdb)")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except MissingResourceError as exc:  # a broken installation, not a bad input
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
