"""What every ``xxgk`` command shares: the terminal filter, JSON output, the default database and
the one-line error a command ends with when something it could not handle goes wrong.

Layer: may import ``xxgk.db`` (the default database path), ``xxgk.resources`` and
``xxgk.safe_text``; no command logic.
"""

from __future__ import annotations

import errno
import functools
import io
import json
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from xxgk.db import default_db_path
from xxgk.resources import MissingResourceError
from xxgk.safe_text import clean_control

log = logging.getLogger("xxgk.cli")


def db_path(db: str | None) -> Path:
    """The database a command works on: ``--db``, else ``XXGK_DB``, else the default."""
    return Path(db) if db else default_db_path()


def guarded(func: Callable[..., int]) -> Callable[..., int]:
    """A command whose failures end as one line on stderr (exit code 1; 2 for a broken
    installation); ``xxgk --debug`` logs the traceback too."""

    @functools.wraps(func)
    def command(**params: Any) -> int:
        context = click.get_current_context()
        debug = context.find_root().params.get("debug", False)
        try:
            return func(**params)
        except click.ClickException:  # a usage error: click's message and exit code 2
            raise
        except MissingResourceError as exc:  # a broken installation, not a bad input
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except Exception as exc:  # noqa: BLE001 - every failure ends as one line; --debug shows the rest
            db = db_path(params["db"]) if "db" in params else Path(params["file"]) if "file" in params else None
            name = context.info_name
            hint = "" if debug else " (details: `xxgk --debug " + name + " …`)"
            print(f"error: {explain(exc, db)}{hint}", file=sys.stderr)
            if debug:
                log.exception("%s failed", name)
            return 1

    return command


# Characters json.dumps leaves raw in a string that a terminal would obey (DEL, C1) or that reorder a
# line (bidi controls); JSON may escape any character, so \uXXXX keeps the data exactly.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any) -> str:
    """``data`` as indented JSON (non-ASCII kept readable) with no control character left raw."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plain(value: Any) -> Any:
    """A value of a query's frame as JSON has it: None for a missing one, lists, whole numbers."""
    if hasattr(value, "tolist"):  # a numpy array or scalar
        value = value.tolist()
    if isinstance(value, float):
        return None if value != value else int(value) if value.is_integer() else value
    return value


class CleanStream(io.TextIOBase):
    """A text stream that shows control characters instead of passing them to the terminal.

    Installed over stdout and stderr by ``main``, so nothing a report, a file name or a library
    message holds can move the cursor or erase the operator's lines, whichever command printed it.
    ``unfiltered`` is the stream underneath, for the progress bar's own drawing.
    """

    def __init__(self, stream: Any) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # a text stream (click probes for a binary one with b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
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
