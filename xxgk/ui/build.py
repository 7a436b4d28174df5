"""Building the database from the dashboard: the first start builds it from the bundled data with
a progress bar, and a database written by an older version is brought up to the current shape."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from xxgk.db import Holder, default_db_path, derived_is_current, refresh_derived_if_stale
from xxgk.ui.data import _LOGGED, _connection, _snapshot, fail


def _check_writable(folder: Path) -> None:
    """Raise the OSError of a folder the first start could not build the database in (fast, before
    any demo report is generated)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder):
        pass


@st.cache_resource(max_entries=4, show_spinner=False)
def _derived_is_current(snapshot: tuple[str, int, int]) -> bool:
    """Whether the snapshot's derived tables are what this version of xxgk makes of it."""
    return derived_is_current(_connection(snapshot))


# What the first start shows for each step after the reports are read (xxgk.load.STAGES).
_STAGE_LABELS = {
    "facts": "汇总各报告的现行版本与数据……",
    "cross_rules": "跨报告核查（R7、R8、R11）……",
    "findings": "汇总核查发现……",
    "publish": "写入并发布数据库……",
}


def ensure_database() -> None:
    """Build the database from the bundled data on first start, showing progress; bring a database
    written by an older version up to the current shape (a new snapshot, as a load publishes)."""
    path = default_db_path()
    if path.exists():
        if not _derived_is_current(_snapshot()):
            with st.status("正在更新数据库结构……", expanded=False) as status:
                try:
                    refresh_derived_if_stale(path, on_wait=_wait_note)
                except OSError as error:
                    status.update(label="数据库结构未能更新", state="error")
                    fail("数据库由旧版本建立，需要更新，但数据文件夹无法写入。请联系系统管理员在可写入的位置重新导入报告。" + _LOGGED, error)
                status.update(label="数据库结构已更新", state="complete")
        return
    from xxgk.bootstrap import build_default_database

    with st.status("首次启动：正在建立数据库……", expanded=True) as status:
        st.write("生成演示数据并读取报告，只需几秒钟。")
        bar = st.progress(0.0, text="读取报告")

        def progress(done: int, total: int, seconds: float) -> None:
            bar.progress(done / total if total else 1.0, text=f"已读取 {done:,} / {total:,} 份报告")

        def stage(name: str) -> None:
            bar.progress(1.0, text=_STAGE_LABELS[name])

        summary = build_default_database(path, progress=progress, stage=stage, on_wait=_wait_note)
        loaded = f"：{summary.loaded:,} 份报告" if summary else "（由另一会话建立）"
        status.update(label=f"数据库已建立{loaded}", state="complete", expanded=False)


def _wait_note(holder: Holder) -> None:
    """Another session or load is writing the database: say so while this one waits for it."""
    started = holder.started_at()
    st.write(f"另一项数据库写入正在进行{f'（开始于 {started:%H:%M:%S}）' if started else ''}，完成后继续。")
