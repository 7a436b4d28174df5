"""What every dashboard page shares: the database connection, cached metrics, the sidebar.

Pages hold no SQL and no parsing: they call ``query(name, filters)`` and plot the frame.
The connection is read-only and keyed by the published snapshot, so a load that publishes a new
snapshot is picked up on the next rerun without a restart.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from xxgk.db import connect_readonly, default_db_path
from xxgk.filters import KIND_LABELS, Filters
from xxgk.metrics import run_query

# The one list of pages: (file, Chinese label). dashboard.py is the home page.
PAGES: tuple[tuple[str, str], ...] = (
    ("dashboard.py", "总览"),
    ("pages/zero_activity.py", "零活动机构"),
)

ALL = "全部"


def _snapshot() -> tuple[str, int, int]:
    path = default_db_path()
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_ino


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(snapshot: tuple[str, int, int]) -> Any:
    return connect_readonly(snapshot[0])


@st.cache_data(max_entries=512, show_spinner=False)
def _run(snapshot: tuple[str, int, int], name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    cursor = _connection(snapshot).cursor()
    try:
        return run_query(cursor, name, dict(params))
    finally:
        cursor.close()


def query(name: str, filters: Filters | None = None, **extra: Any) -> pd.DataFrame:
    """Run a metric file with the page's filters (and any extra parameters) bound."""
    params = filters.sql_params() if filters else {}
    params.update(extra)
    return _run(_snapshot(), name, tuple(sorted(params.items())))


def ensure_database() -> None:
    """Build the database from the bundled data on first start, showing progress."""
    path = default_db_path()
    if path.exists():
        return
    from xxgk.bootstrap import build_default_database

    with st.status("首次启动：正在建立数据库……", expanded=True) as status:
        st.write("生成演示数据并读取报告，只需几秒钟。")
        bar = st.progress(0.0, text="读取报告")

        def progress(done: int, total: int, seconds: float) -> None:
            bar.progress(done / total if total else 1.0, text=f"已读取 {done:,} / {total:,} 份报告")

        summary = build_default_database(path, progress=progress)
        status.update(label=f"数据库已建立：{summary.loaded:,} 份报告", state="complete", expanded=False)


def page_setup(title: str) -> Filters:
    """Page config, database, navigation, filters and the demo-data banner; returns the filters."""
    st.set_page_config(page_title=f"{title} · 政府信息公开年报", page_icon="📑", layout="wide")
    ensure_database()
    _navigation()
    filters = _sidebar_filters()
    st.title(title)
    for warning in filters.warnings:
        st.warning(warning)
    kpis = query("overview_kpis", filters)
    if not kpis.empty and int(kpis.at[0, "synthetic_count"]) > 0:
        st.info(
            f"注意：当前数据包含 {int(kpis.at[0, 'synthetic_count']):,} 份演示（合成）报告，"
            "其中的机构与数字均为虚构，仅供演示。",
            icon="ℹ️",
        )
    return filters


def _navigation() -> None:
    with st.sidebar:
        st.markdown("### 政府信息公开年报")
        for page, label in PAGES:
            st.page_link(page, label=label)
        st.divider()


def _options() -> pd.DataFrame:
    return query("filter_options")


def _select(label: str, key: str, choices: list[str], current: str | None) -> str | None:
    values = [ALL, *choices]
    if st.session_state.get(key) not in values:
        st.session_state[key] = current if current in values else ALL
    chosen = st.sidebar.selectbox(label, values, key=key)
    return None if chosen == ALL else chosen


def _sidebar_filters() -> Filters:
    """The cascade province → city → district, a year range and the agency kind, kept in the URL."""
    options = _options()
    from_url = Filters.from_query_params(st.query_params.to_dict(), options)
    if "filters_initialised" not in st.session_state:
        st.session_state.filters_initialised = True
        for key in ("province", "city", "district", "kind"):
            st.session_state[f"f_{key}"] = getattr(from_url, key) or ALL
        if from_url.year_from or from_url.year_to:
            years = sorted(int(y) for y in options["year"].dropna().unique())
            if years:
                st.session_state.f_years = (from_url.year_from or years[0], from_url.year_to or years[-1])

    st.sidebar.markdown("#### 筛选")
    rows = options
    province = _select("省份", "f_province", sorted(rows["province"].dropna().unique()), from_url.province)
    if province:
        rows = rows[rows["province"] == province]
    city = _select("城市", "f_city", sorted(rows["city"].dropna().unique()), from_url.city)
    if city:
        rows = rows[rows["city"] == city]
    district = _select("区县", "f_district", sorted(rows["district"].dropna().unique()), from_url.district)

    years = sorted(int(y) for y in options["year"].dropna().unique())
    year_from = year_to = None
    if len(years) > 1:
        if st.session_state.get("f_years") is None or not all(years[0] <= y <= years[-1] for y in st.session_state.f_years):
            st.session_state.f_years = (years[0], years[-1])
        low, high = st.sidebar.select_slider("年份", options=years, key="f_years")
        year_from = low if low != years[0] else None
        year_to = high if high != years[-1] else None
    elif years:
        st.sidebar.caption(f"年份：{years[0]}年")

    kinds = list(KIND_LABELS)
    if st.session_state.get("f_kind") not in [ALL, *kinds]:
        st.session_state.f_kind = ALL
    kind_choice = st.sidebar.selectbox(
        "机构类型", [ALL, *kinds], key="f_kind", format_func=lambda k: k if k == ALL else KIND_LABELS[k]
    )
    filters = Filters(
        province=province,
        city=city,
        district=district,
        year_from=year_from,
        year_to=year_to,
        kind=None if kind_choice == ALL else kind_choice,
        warnings=from_url.warnings,
    )
    wanted = filters.query_params()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.sidebar.caption(f"当前筛选：{filters.describe()}")
    return filters


def download_buttons(frame: pd.DataFrame, name: str) -> None:
    """CSV and Excel downloads of a table as shown; cells starting a formula are neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(_neutralise)
    left, right = st.columns(2)
    left.download_button(
        "下载 CSV", safe.to_csv(index=False).encode("utf-8-sig"), f"{name}.csv", "text/csv", key=f"csv_{name}"
    )
    buffer = io.BytesIO()
    safe.to_excel(buffer, index=False)
    right.download_button(
        "下载 Excel",
        buffer.getvalue(),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{name}",
    )


def _neutralise(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def db_path_for_display() -> str:
    return os.fspath(default_db_path())
