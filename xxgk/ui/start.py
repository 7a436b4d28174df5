"""The dashboard's database at the start of a page: opened only when it is there and current.

The dashboard never writes the published database. ``xxgk serve`` builds a missing one and
updates one written by an older version before the server takes visitors
(``xxgk.bootstrap.prepare_database``); a page that finds no database, or an outdated one, stops
with a Chinese page saying how to build it (the command to run, for the administrator).
It imports streamlit and ``xxgk.db`` only (the rest of ``xxgk.ui`` imports it).
"""

from __future__ import annotations

import streamlit as st

from xxgk.db import connect_snapshot, default_db_path, derived_is_current

# What an administrator runs to build or update the database before the server starts.
START_COMMAND = "xxgk serve"


@st.cache_resource(max_entries=4, show_spinner=False)
def _is_current(path: str, modified_ns: int, inode: int) -> bool:
    """Whether the published snapshot (named by path, mtime and inode) has current derived tables."""
    con = connect_snapshot(path)
    try:
        return derived_is_current(con)
    finally:
        con.close()


def _stop(message: str) -> None:
    st.warning(message)
    st.code(START_COMMAND, language=None)
    st.stop()


def require_database() -> None:
    """Go on only with a database this version of xxgk can read; else say how to build it, stop."""
    path = default_db_path()
    if not path.exists():
        _stop("看板的数据库尚未建立。请系统管理员在服务器上用下面的命令启动看板："
              "它先读取报告、建立数据库，完成后才开始接受访问（进度显示在命令行）。")
    if path.is_file():  # a folder or an unreadable file: the page's database guard names the problem
        stat = path.stat()
        if not _is_current(str(path), stat.st_mtime_ns, stat.st_ino):
            _stop("数据库由旧版本建立，需要更新后才能显示。请系统管理员用下面的命令重新启动看板："
                  "它在开始接受访问前更新数据库。")
