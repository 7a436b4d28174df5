"""The ``xxgk`` command line: one face of the library, the dashboard being the other.

A ``click`` group; its commands live by what they work on: ``xxgk.cli.reports`` (parse, demo,
collect, serve) and ``xxgk.cli.database`` (ingest, status, findings, versions). ``main`` installs
the terminal filter over stdout and stderr first, so that everything printed — a report's text, a
file name, a library's message, click's own usage errors — shows control characters instead of
obeying them (``xxgk.safe_text.clean_control``); a command's failure ends as one line naming the
file and what to do (``xxgk.cli.common.guarded``).

Layer: the top of the library: may import any xxgk module (inside the commands), and
``xxgk_demo`` from the ``demo`` command; nothing in xxgk imports it.
"""

from __future__ import annotations

import logging
import sys

import click

from xxgk.cli.common import CleanStream, explain
from xxgk.cli.database import QUERIES, findings_command, ingest_command, status, status_command, versions_command
from xxgk.cli.reports import collect_command, demo_command, parse_command, serve_command

__all__ = ["QUERIES", "main", "explain", "status", "xxgk"]


class _Commands(click.Group):
    """A group that lists its commands in the order they were added, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, no_args_is_help=False)
@click.option("--debug", is_flag=True, help="on an error, print the traceback too")
def xxgk(debug: bool) -> None:
    """Government information disclosure annual reports → DuckDB."""
    if debug:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)


for _command in (parse_command, ingest_command, status_command, findings_command, versions_command, demo_command,
                 collect_command, serve_command):
    xxgk.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code (0 done, 1 failed, 2 a usage error or a broken installation)."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(sys.stdout), CleanStream(sys.stderr)
    try:
        return _run(argv)  # click's messages quote arguments: filtered too
    finally:
        sys.stdout.flush()
        sys.stdout, sys.stderr = streams


def _run(argv: list[str] | None) -> int:
    try:
        code = xxgk.main(args=argv, prog_name="xxgk", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        print("aborted", file=sys.stderr)
        return 1
    except SystemExit as exc:  # argparse (the collect command's options) exits on --help or a bad option
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    return code if isinstance(code, int) else 0
