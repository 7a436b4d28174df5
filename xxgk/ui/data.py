"""Cached data access for the dashboard: the read-only connection keyed by the published
snapshot, metric results cached for all sessions, and what a page shows when the database fails.

Pages hold no SQL: they call ``query(name, filters)`` and show the frame. The connection is
read-only and keyed by the published snapshot, so a load that publishes a new snapshot is picked up
on the next rerun without a restart. Every text column a query returns has its control characters
shown, not obeyed (``displayable``). A database that cannot be opened or built stops the page with
a short Chinese message; the details go to the server log (logger ``xxgk.dashboard``, on stderr).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import duckdb
import pandas as pd
import streamlit as st

from xxgk.db import connect_snapshot, default_db_path
from xxgk.filters import Filters
from xxgk.metrics import run_query
from xxgk.safe_text import clean_control, has_control


# Fewer processed applications than this and a rate is shown with its counts but not ranked.
MIN_PROCESSED = 10
# Fewer decided review (or litigation) cases than this and a correction rate is not ranked.
MIN_DECIDED = 5



def metric_help(name: str) -> str:
    """A metric's definition as the page shows it (a help popover): the ``-- help:`` line of its SQL
    file, the same words wherever the figure appears."""
    from xxgk.metrics import get_query

    return get_query(name).help



def _snapshot() -> tuple[str, int, int]:
    path = default_db_path()
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_ino


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(snapshot: tuple[str, int, int]) -> Any:
    return connect_snapshot(snapshot[0])


@st.cache_data(max_entries=512, show_spinner=False)
def _run(snapshot: tuple[str, int, int], name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    cursor = _connection(snapshot).cursor()
    try:
        return displayable(run_query(cursor, name, dict(params)))
    finally:
        cursor.close()


def displayable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the control and bidi characters of every text column made visible (in place):
    ESC → "␛", a right-to-left override → "�" (``clean_control``); newline and tab stay.

    Identifier columns (``report_id``, ``agency_key`` …) keep their stored text: they go back into
    queries and links. Non-text values (numbers, lists of cell codes, missing) are left alone.
    """
    for column in frame.columns:
        name = str(column)
        text = frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column].dtype)
        if not text or name.endswith(("_id", "_key")):
            continue
        # One scan of the column joined (a million rows in a download): most columns hold nothing.
        if has_control("".join(v for v in frame[column].tolist() if isinstance(v, str))):
            frame[column] = frame[column].map(lambda v: clean_control(v) if isinstance(v, str) else v)
    return frame


def query(name: str, filters: Filters | None = None, **extra: Any) -> pd.DataFrame:
    """Run a metric file with the page's filters (and any extra parameters) bound.

    The frame comes from the cache shared by all sessions: copy it before changing it.
    """
    params = filters.sql_params() if filters else {}
    params.update(extra)
    with database_guard():
        return _run(_snapshot(), name, tuple(sorted(params.items()))).copy()


def full_list(name: str, filters: Filters | None = None, **extra: Any) -> Callable[[], pd.DataFrame]:
    """Every row of a per-report list (``all_rows``), made only when called: for its downloads.

    A list metric returns its first rows to a page; the whole list can hold hundreds of thousands
    of rows at national scale, so it is read when a user asks for the file, and not cached.
    """
    params = filters.sql_params() if filters else {}
    params.update(extra, all_rows=True)
    with database_guard():
        connection = _connection(_snapshot())

    def read() -> pd.DataFrame:
        cursor = connection.cursor()
        try:
            return displayable(run_query(cursor, name, params))
        finally:
            cursor.close()

    return read


def list_total(frame: pd.DataFrame, column: str = "rows_count") -> int:
    """How many rows a per-report list holds in all (its ``rows_count``), 0 when it is empty."""
    return int(frame[column].iloc[0]) if not frame.empty else 0



# --- failures: a short Chinese message on screen, the details in the server log ---------------

log = logging.getLogger("xxgk.dashboard")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)

_LOGGED = "详细信息已记入服务器日志。"


def fail(message: str, error: BaseException) -> NoReturn:
    """Stop the page: ``message`` (Chinese, no path, no library text) on screen, ``error`` with its
    traceback and the database location in the server log."""
    log.error("page stopped (database %s): %s", default_db_path(), error, exc_info=error)
    st.error(message)
    st.stop()


def _database_problem(error: BaseException) -> str:
    """What is wrong with the database, in words a user can pass on, and what to do."""
    path = default_db_path()
    if path.is_dir():
        what = "无法打开数据库：设置的数据库位置是一个文件夹，而不是数据库文件。请联系系统管理员更正这项设置。"
    elif not path.exists():
        what = "数据库文件已不在原处。请联系系统管理员重新建立数据库。"
    elif isinstance(error, duckdb.Error):
        what = "无法读取数据库：数据库文件不完整或已损坏。请联系系统管理员重新导入报告以重建数据库。"
    else:
        what = "无法读取数据库文件（没有读取权限或磁盘出错）。请联系系统管理员检查数据库文件。"
    return what + _LOGGED


@contextlib.contextmanager
def database_guard() -> Iterator[None]:
    """Turn a database that cannot be opened, read or built into ``fail`` with the right words."""
    try:
        yield
    except (duckdb.Error, OSError) as error:
        fail(_database_problem(error), error)
