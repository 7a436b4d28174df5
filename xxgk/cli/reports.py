"""The commands on report files and the dashboard: ``parse`` (one report through the pipeline),
``demo`` (a synthetic corpus), ``collect`` (downloads) and ``serve`` (the dashboard).

Layer: may import ``xxgk.pipeline``, ``xxgk_demo`` (the ``demo`` command only), ``xxgk.collect``,
``xxgk.bootstrap``, ``xxgk.resources`` and Streamlit's launcher (inside each command, so that
``xxgk --help`` stays quick) and ``xxgk.cli.common``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import click

from xxgk.cli.common import guarded, json_text
from xxgk.errors import ReportError


@click.command("parse", short_help="parse one report and print what was read")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON (the contract for tools)")
@guarded
def parse_command(file: str, as_json: bool) -> int:
    """Parse one report and print what was read: metadata, tables, prose facts, findings, warnings."""
    from xxgk.pipeline import process

    try:
        report = process(file)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {file}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
        return 1
    data = report.to_json()
    if as_json:
        print(json_text(data))
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


@click.command("demo", short_help="write a synthetic demo corpus")
@click.option("--out", required=True)
@click.option("--reports", type=int, default=None, help="number of reports (default: one city, all years)")
@click.option("--seed", type=int, default=2024, show_default=True)
@guarded
def demo_command(out: str, reports: int | None, seed: int) -> int:
    """Write a synthetic demo corpus (the demo city, from a fixed seed)."""
    from xxgk_demo import write_demo

    written = write_demo(Path(out), reports=reports, seed=seed)
    print(f"wrote {written} demo reports to {out}")
    return 0


def _collect_parser() -> argparse.ArgumentParser:
    from xxgk.collect.command import add_arguments

    parser = argparse.ArgumentParser(
        prog="xxgk collect", description="Download the annual reports of disclosure columns (…/zfxxgknb/).")
    add_arguments(parser)
    return parser


@click.command("collect", short_help="download the annual reports of disclosure columns (…/zfxxgknb/)",
               context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []})
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
@guarded
def collect_command(arguments: tuple[str, ...]) -> int:
    """Download the annual reports of disclosure columns (its options: xxgk collect --help)."""
    from xxgk.collect.command import run

    return run(_collect_parser().parse_args(list(arguments)))


@click.command("serve", short_help="start the dashboard")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--address", help="address to listen on (default: Streamlit's, every interface)")
@click.option("--db", help="database file (default: $XXGK_DB or data/xxgk.duckdb)")
@click.option("--no-demo", is_flag=True,
              help="build a missing database from data/reports only, without the demo city (as XXGK_DEMO=0)")
@guarded
def serve_command(port: int, address: str | None, db: str | None, no_demo: bool) -> int:
    """Start the dashboard of this installation (its dashboard.py and pages/), served by Streamlit
    with the dashboard's own settings (.streamlit/config.toml beside it), from any working folder;
    a missing database is built first."""
    from streamlit.web import cli as streamlit_cli

    from xxgk.resources import dashboard_config, dashboard_script

    if db:
        os.environ["XXGK_DB"] = str(Path(db).resolve())
    if no_demo:
        os.environ["XXGK_DEMO"] = "0"
    from xxgk.bootstrap import prepare_database
    from xxgk.db import default_db_path

    prepare_database(default_db_path(), sys.stderr)  # before the server: no visitor waits for it
    flags = _streamlit_flags(dashboard_config()) + ["--server.port", str(port), "--server.headless", "true"]
    if address:
        flags += ["--server.address", address]
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
