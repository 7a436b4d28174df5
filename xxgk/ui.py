"""What every dashboard page shares: the database connection, cached metrics, the sidebar, tables
with report links and downloads, charts with their filter caption, and the report view's grids.

Pages hold no SQL and no parsing: they call ``query(name, filters)`` and show the frame.
The connection is read-only and keyed by the published snapshot, so a load that publishes a new
snapshot is picked up on the next rerun without a restart.

The URL is the state a link reproduces: the six filters (``xxgk.filters.FIELDS``) plus any page
parameter (``report``, ``agency``). Navigation links carry the filters from page to page.

Outside text (URL values, search input, names and text from reports, file names, library error
messages) reaches the page only as text: it is shown by elements that do not read Markdown
(dataframes, ``st.code``, selectbox options) or passed through ``escape_markdown``
(``xxgk.safe_text``) on its way into one that does. Every text column a query returns has its
control characters shown, not obeyed (``clean_control``: ESC as "␛", a bidi override as "�") in
``_run``, so no name reads reversed in a table, chart or heading; identifiers (``*_id``,
``*_key``) stay as stored, for the queries they go back into. A database that cannot be opened or built stops the page with a short Chinese message;
the details go to the server log (logger ``xxgk.dashboard``, on stderr), never to the screen.

Layer: ui — the only xxgk code that imports Streamlit (with ``xxgk.uploads``); may import any
layer below it (db, load, bootstrap, rules, base); nothing in xxgk imports it.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import logging
import sys
from urllib.parse import parse_qsl, urlencode
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NoReturn

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from xxgk import codes
from xxgk.db import connect_snapshot, default_db_path
from xxgk.filters import CITY_LEVEL, FIELDS, KIND_LABELS, Filters
from xxgk.metrics import run_query
from xxgk.rules import RULE_NAMES
from xxgk.safe_text import clean_control, clean_excel, escape_markdown, has_control, neutralise_formula
from xxgk.ui_start import require_database

# The one list of pages: (file, Chinese label). dashboard.py is the home page; a page's address is
# its file stem (pages/report.py → /report).
PAGES: tuple[tuple[str, str], ...] = (
    ("dashboard.py", "总览"),
    ("pages/trends.py", "趋势"),
    ("pages/districts.py", "区县对比"),
    ("pages/agency.py", "机构画像"),
    ("pages/zero_activity.py", "零活动机构"),
    ("pages/adoption.py", "信息采用率"),
    ("pages/applications.py", "依申请公开办理"),
    ("pages/review_litigation.py", "复议诉讼"),
    ("pages/data_quality.py", "数据质量"),
    ("pages/timeliness.py", "按时公布"),
    ("pages/report.py", "报告原文"),
    ("pages/upload.py", "上传报告"),
)

REPORT_PAGE = "pages/report.py"
ALL = "全部"
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"

# Fewer processed applications than this and a rate is shown with its counts but not ranked.
MIN_PROCESSED = 10
# Fewer decided review (or litigation) cases than this and a correction rate is not ranked.
MIN_DECIDED = 5

# Rows this high (over 64 px) let a table's text cells wrap, three lines each, instead of cutting
# long messages at the column's edge.
WRAPPED_ROWS = 72

# Column labels shared by every table; a page passes only the ones particular to it.
COLUMN_LABELS: dict[str, str] = {
    "agency": "机构",
    "agency_kind_label": "机构类型",
    "province": "省份",
    "city": "城市",
    "district": "区县",
    "area": "区县",
    "year": "年度",
    "template": "模板",
    "format": "格式",
    "reports_count": "报告数",
    "agencies_count": "机构数",
    "small_sample": "样本过少（不排名）",
}

PROSE_LABELS: dict[str, str] = {
    "info_submitted": "上报政务信息（条）",
    "info_adopted": "被采用信息（条）",
    "adoption_rate_stated_pct": "文中所述采用率（%）",
    "portal_items_published": "门户网站公开信息（条）",
    "active_disclosure_total_stated": "主动公开信息总数（条）",
    "mailbox_replies": "领导信箱办理回复（条）",
    "special_topics": "政务专题（个）",
    "online_interviews": "在线访谈（期）",
    "requests_handled_stated": "文中所述申请数（件）",
    "processing_fees_yuan": "信息处理费（元）",
    "review_stated": "文中所述行政复议（件）",
    "litigation_stated": "文中所述行政诉讼（件）",
    "normative_docs_in_force_stated": "现行有效规范性文件（件）",
    "normative_docs_issued_stated": "制发规范性文件（件）",
}

SEVERITY_LABELS = {"error": "错误", "warning": "警示", "info": "提示", "unchecked": "无法核对"}

# How a table was laid out in the text, in words (the parser's ``layout``).
LAYOUT_LABELS = {"cells": "分隔的单元格", "flattened": "数字连写"}

# The stored format of a report in words (which reader read it).
FORMAT_LABELS = {"text": "纯文本", "html": "网页", "docx": "Word 文档", "doc": "Word 文档", "pdf": "PDF 文件", "rtf": "RTF 文件"}


def metric_help(name: str) -> str:
    """A metric's definition as the page shows it (a help popover): the ``-- help:`` line of its SQL
    file, the same words wherever the figure appears."""
    from xxgk.metrics import get_query

    return get_query(name).help


def rule_label(code: str) -> str:
    """A rule as users see it: its Chinese name, the code only beside it ("内容雷同（R11）")."""
    name = RULE_NAMES.get(code)
    return f"{name}（{code}）" if name else code


def rule_list_label(codes_: str | None) -> str:
    """A space-separated list of rule codes ("R1 R9") as their names."""
    return "；".join(rule_label(c) for c in (codes_ or "").split())


# --- data ---------------------------------------------------------------------------------


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


UNREPORTED = "未填报"


def figure_text(value: Any, decimals: int = 0) -> str:
    """A sum or rate as shown: the number with thousands separators, or 未填报 where it is NULL
    (no report of the selection printed the figure) — never 0, never an empty cell."""
    if value is None or pd.isna(value):
        return UNREPORTED
    return f"{float(value):,.{decimals}f}"


def _decimals(column: str) -> int:
    return 1 if column.endswith("_pct") else 2 if column.endswith("_10k_yuan") else 0


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


# --- page frame: navigation, filters, URL ---------------------------------------------------


def page_setup(title: str) -> Filters:
    """Page config, database, navigation, filters and the demo-data banner; returns the filters."""
    st.set_page_config(page_title=f"{title} · 政府信息公开年报", page_icon="📑", layout="wide")
    follow_click()
    with database_guard():
        require_database()  # never builds or updates it: xxgk serve does, at start
    with st.sidebar:
        st.markdown("### 政府信息公开年报")
        navigation = st.container()
        st.divider()
    filters = _sidebar_filters(title)
    with navigation:
        # Links carry the filters, so the next page opens on the same selection.
        for page, label in PAGES:
            st.page_link(page, label=label, query_params=filters.query_params())
    st.title(title)
    for warning in filters.warnings:
        st.warning(escape_markdown(warning))
    kpis = query("overview_kpis")  # the whole database: demo reports anywhere are worth a word
    if not kpis.empty and int(kpis.at[0, "synthetic_count"]) > 0:
        st.info(
            f"注意：当前数据包含 {int(kpis.at[0, 'synthetic_count']):,} 份演示（合成）报告，"
            "其中的机构与数字均为虚构，仅供演示。",
            icon=":material/info:",
        )
    return filters


# Streamlit draws the file uploader's button and limits in English ("Upload", "200MB per file");
# the page states the limits in Chinese, so the widget's own words are hidden and the button renamed.
_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"] button { visibility: hidden; position: relative; min-width: 6rem; }
[data-testid="stFileUploaderDropzone"] button::after {
  content: "选择文件"; visibility: visible; position: absolute; inset: 0; display: flex;
  align-items: center; justify-content: center; font-size: 0.875rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #ffffff; }
</style>"""


def chinese_file_uploader() -> None:
    """Make the next file uploaders on the page speak Chinese (see _UPLOADER_CSS)."""
    st.html(_UPLOADER_CSS)


def url_param(name: str) -> str | None:
    """A page parameter from the URL (``report``, ``agency``), or None."""
    value = st.query_params.get(name)
    return value.strip() or None if isinstance(value, str) else None


def set_url_param(name: str, value: str | None) -> None:
    if value is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def _options() -> pd.DataFrame:
    return query("filter_options")


def _select(label: str, key: str, choices: list[str], current: str | None, below: tuple[str, ...] = ()) -> str | None:
    """One level of the cascade; changing it sets the levels ``below`` (their widget keys) back to
    全部, so that a district chosen under a city no longer filters once the city is 全部 again."""
    values = [ALL, *choices]
    if st.session_state.get(key) not in values:
        st.session_state[key] = current if current in values else ALL
    chosen = st.sidebar.selectbox(label, values, key=key, on_change=_reset, args=below)
    return None if chosen == ALL else chosen


def _reset(*keys: str) -> None:
    for key in keys:
        st.session_state[key] = ALL


def _district_choices(rows: pd.DataFrame) -> list[str]:
    """The districts of the rows, after 市本级 where some agency of a city has no district."""
    city_level = [CITY_LEVEL] if (rows["district"].isna() & rows["city"].notna()).any() else []
    return city_level + sorted(rows["district"].dropna().unique())


def _sidebar_filters(page: str) -> Filters:
    """The cascade province → city → district, a year range and the agency kind, kept in the URL.

    On entering a page (a deep link, a navigation link, a new session) the widgets take the URL's
    values; after that the widgets rule and the URL follows them.
    """
    options = _options()
    url = st.query_params.to_dict()
    from_url = Filters.from_query_params(url, options)
    years = sorted(int(y) for y in options["year"].dropna().unique())
    if st.session_state.get("filters_page") != page:
        st.session_state.filters_page = page
        for key in ("province", "city", "district", "kind"):
            st.session_state[f"f_{key}"] = getattr(from_url, key) or ALL

    st.sidebar.markdown("#### 筛选")
    rows = options
    province = _select("省份", "f_province", sorted(rows["province"].dropna().unique()), from_url.province,
                       ("f_city", "f_district"))
    if province:
        rows = rows[rows["province"] == province]
    city = _select("城市", "f_city", sorted(rows["city"].dropna().unique()), from_url.city, ("f_district",))
    if city:
        rows = rows[rows["city"] == city]
    district = _select("区县", "f_district", _district_choices(rows), from_url.district)

    year_from = year_to = None
    if len(years) > 1:
        # The range comes from the URL as the slider's value (not through session state: a range set
        # that way reads back as one year under AppTest); the widget keeps the user's later choice.
        low, high = st.sidebar.select_slider(
            "年份", options=years, value=(from_url.year_from or years[0], from_url.year_to or years[-1]), key="f_years"
        )
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
    # Page parameters (report=…, agency=…) stay; the filters follow the widgets.
    wanted = {k: v for k, v in url.items() if k not in FIELDS} | filters.query_params()
    if url != wanted:
        st.query_params.from_dict(wanted)
    st.sidebar.caption(f"当前筛选：{escape_markdown(filters.describe())}")
    return filters


# --- tables -----------------------------------------------------------------------------------


def report_link(report_id: str, table: str | None = None) -> str:
    """The address of the report view of one report, relative to the app (works under any base path),
    keeping the current filters, opening on ``table`` (the table of a finding) where given."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k in FIELDS}
    params["report"] = report_id
    if table:
        params["table"] = table
    return f"report?{urlencode(params)}"


def finding_table(cells: Iterable[str] | None) -> str | None:
    """The table of a finding's first cell of its own report ("applications.x.total" → applications)."""
    for code in cells if cells is not None else ():
        if ":" not in code and code.split(".")[0] in GRID_TABLES:
            return code.split(".")[0]
    return None


_GOTO = "_xxgk_goto"


def _remember_click(key: str, targets: Mapping[str, list[str]]) -> None:
    """A click on a link cell of a table: remember its address; ``follow_click`` opens it."""
    state = st.session_state.get(key)
    for row, column in (state.selection.cells if state is not None else []):
        addresses = targets.get(column, [])
        if 0 <= row < len(addresses) and addresses[row]:
            st.session_state[_GOTO] = addresses[row]


def follow_click() -> None:
    """Open the page a table's link cell was clicked for, in this tab, with its parameters (the
    filters among them): one click from any list to the evidence."""
    address = st.session_state.pop(_GOTO, None)
    if not address:
        return
    stem, _, query_string = address.partition("?")
    pages = {page.rsplit("/", 1)[-1].removesuffix(".py"): page for page, _ in PAGES}
    if stem in pages:
        st.switch_page(pages[stem], query_params=dict(parse_qsl(query_string)))


def show_table(
    frame: pd.DataFrame,
    name: str,
    columns: Mapping[str, str],
    *,
    column_config: Mapping[str, Any] | None = None,
    links: Mapping[str, Callable[[pd.Series], str | None]] | None = None,
    height: int | str | None = None,
    shown_rows: int | None = 10_000,
    total: int | None = None,
    full: Callable[[], pd.DataFrame] | None = None,
    unreported: Iterable[str] = (),
    row_height: int | None = None,
) -> None:
    """A table with Chinese headers, a 原文 link per row, and CSV / Excel downloads of it.

    ``columns`` maps the frame's columns (in the order shown) to their labels; COLUMN_LABELS fills
    the common ones when the label given is empty. A frame with ``report_id`` gets a first column
    “原文” linking to the report view of that row's report. ``links`` adds other link columns:
    label → function of the row giving the address. ``height="fit"`` shows every row;
    ``shown_rows`` caps the rows put on screen (the downloads keep them all).
    ``frame`` may hold only the first ``total`` rows of a list; ``full`` then reads them all for
    the downloads, and a caption says how many are shown (see ``show_list``).
    ``unreported`` names columns (sums and rates) whose NULL means that no report printed the
    figure: on screen it reads 未填报 (see ``figure_text``); the downloads keep an empty cell.
    ``row_height``: pixels per row (``WRAPPED_ROWS``: long text wraps instead of being cut).
    """
    labels = {source: label or COLUMN_LABELS.get(source, source) for source, label in columns.items()}
    labelled = frame[list(labels)].rename(columns=labels)
    if "district" in labels:
        labelled[labels["district"]] = place_district(frame).to_numpy()
    if "format" in labels:
        labelled[labels["format"]] = frame["format"].map(lambda f: FORMAT_LABELS.get(f, "其他")).to_numpy()
    # Links and the on-screen frame are built for the rows shown only: at national scale a list
    # can hold a million rows, and building a link per row would cost the page seconds.
    visible = frame if not shown_rows or len(frame) <= shown_rows else frame.head(shown_rows)
    shown = labelled.head(len(visible))
    config: dict[str, Any] = {}
    for source, label in labels.items():
        if source.endswith("_pct"):
            config[label] = st.column_config.NumberColumn(label, format="%.1f")
        elif source == "year" or source.endswith("_year"):
            config[label] = st.column_config.NumberColumn(label, format="%d")
    # Link columns: a click on the cell opens the address in this tab, filters kept (follow_click);
    # the address itself sits in a hidden column "<label>链接".
    targets: dict[str, list[str]] = {}
    if "report_id" in frame.columns:
        tables = visible["cells"].map(finding_table) if "cells" in visible.columns else [None] * len(visible)
        targets["原文"] = [report_link(r, t) for r, t in zip(visible["report_id"], tables)]
    for label, make in (links or {}).items():
        # A row without a link gets "" (shown empty; None would show as "None").
        targets[label] = [make(row) or "" for _, row in visible.iterrows()]
    for position, (label, addresses) in enumerate(targets.items()):
        words = "查看原文" if label == "原文" else "查看"
        shown.insert(position, label, [words if a else "" for a in addresses])
        shown[f"{label}链接"] = addresses
        config[label] = st.column_config.TextColumn(label, help="点击打开（在本页打开，保留当前筛选）", width="small")
    for source in unreported:
        if source in labels:
            shown[labels[source]] = visible[source].map(functools.partial(figure_text, decimals=_decimals(source))).to_numpy()
            config[labels[source]] = st.column_config.TextColumn(labels[source])
    config.update(column_config or {})
    # A missing value (no district above district level, no rank for a small sample) shows as "—".
    options: dict[str, Any] = {"hide_index": True, "width": "stretch", "column_config": config, "placeholder": "—"}
    if row_height:  # over 64 px a text cell wraps instead of being cut (WRAPPED_ROWS)
        options["row_height"] = row_height
    if height == "fit":
        options["height"] = 38 + (row_height or 35) * max(len(shown), 1)
    elif height:
        options["height"] = height
    if total is not None and total > len(visible):
        st.caption(f"共 {total:,} 条，显示前 {len(visible):,} 条；下载的文件包含全部 {total:,} 条。")
    elif len(visible) < len(frame):
        st.caption(f"共 {len(frame):,} 行，屏幕上显示前 {len(visible):,} 行；下载的文件包含全部。")
    if targets:
        key = f"table_{name}"
        options.update(
            column_order=[c for c in shown.columns if c not in {f"{label}链接" for label in targets}],
            on_select=functools.partial(_remember_click, key, targets), selection_mode="single-cell", key=key,
        )
    st.dataframe(shown, **options)
    if full is not None and total is not None and total > len(frame):
        download_buttons(lambda: _download_frame(full(), labels), name)
    else:
        download_buttons(_download_frame(frame, labels), name)


def place_district(frame: pd.DataFrame) -> pd.Series:
    """The district column as shown: a city's own agencies (no district) read 市本级, a province's
    own 省本级 — one name everywhere, never "—" or blank."""
    def name(row: Any) -> Any:
        if isinstance(row.district, str) and row.district:
            return row.district
        if isinstance(getattr(row, "city", None), str):
            return CITY_LEVEL
        return "省本级" if isinstance(getattr(row, "province", None), str) else None

    return pd.Series([name(r) for r in frame.itertuples(index=False)], index=frame.index, dtype=object)


def _download_frame(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """A table as downloaded: the columns shown, with Chinese headers, and each row's report number."""
    download = frame[list(labels)].rename(columns=labels)
    if "small_sample" in labels:  # a flag reads 是/否 (export_frame), not True/False
        download[labels["small_sample"]] = frame["small_sample"].astype("boolean").to_numpy()
    if "district" in labels:
        download[labels["district"]] = place_district(frame).to_numpy()
    if "format" in labels:
        download[labels["format"]] = frame["format"].map(lambda f: FORMAT_LABELS.get(f, "其他")).to_numpy()
    if "report_id" in frame.columns:
        download["report_id"] = frame["report_id"].to_numpy()  # a link in the file (export_frame)
    return download


def _app_base() -> str:
    """The dashboard's address ("http://host:8501/"), for links in a downloaded file; "" outside a
    browser session (the links then stay relative)."""
    try:
        url = st.context.url
    except Exception:  # no session (a test, a script): relative links
        return ""
    if not url:
        return ""
    stem = url.split("?", 1)[0]
    return stem.rsplit("/", 1)[0] + "/"


def export_frame(frame: pd.DataFrame, base: str = "") -> pd.DataFrame:
    """A table as an official forwards it: whole numbers as integers (a rank 1, not 1.0; no rank
    left empty, not NaN), flags as 是/否, and each row's report as a link to its report view
    (原文链接) instead of its 64-character number."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_bool_dtype(values):
            out[column] = values.map(lambda v: None if v is None or pd.isna(v) else ("是" if v else "否"))
        elif pd.api.types.is_float_dtype(values):
            present = values.dropna()
            if not present.empty and (present == present.round()).all():
                out[column] = values.astype("Int64")
    if "report_id" in out.columns:
        out.insert(len(out.columns), "原文链接", [f"{base}report?report={r}" if isinstance(r, str) else None for r in out["report_id"]])
        out = out.drop(columns="report_id")
    return out


def _current_filters() -> Filters | None:
    """The selection the URL holds (the sidebar keeps it there), for the names of downloaded files."""
    try:
        params = st.query_params.to_dict()
    except Exception:
        return None
    years = {k: int(params[k]) for k in ("year_from", "year_to") if str(params.get(k, "")).isdigit()}
    return Filters(**{k: params.get(k) for k in ("province", "city", "district", "kind")}, **years)


def download_name(name: str, filters: Filters | None) -> str:
    """A file name that says what it holds: "区县对比_2021–2023年_河南省_洛阳市_全部机构"."""
    if filters is None:
        return name
    words = filters.describe().replace(" · ", "_")
    return "".join(c for c in f"{name}_{words}" if c not in '\\/:*?"<>|')


def show_list(
    frame: pd.DataFrame,
    name: str,
    columns: Mapping[str, str],
    *,
    metric: str,
    filters: Filters,
    params: Mapping[str, Any] | None = None,
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    total: int | None = None,
    **options: Any,
) -> None:
    """A per-report list: its first rows on screen, every row in the downloads.

    ``frame`` is ``query(metric, filters, **params)``: the first rows of the list with
    ``rows_count``, the length of the whole list (or ``total``, for a list counted by another
    metric). The caption says 共 N 条，显示前 500 条; pressing a download button reads the whole list
    then. ``prepare`` adds computed columns, to the rows shown and to the downloaded ones alike.
    """
    prepare = prepare or (lambda f: f)
    everything = full_list(metric, filters, **dict(params or {}))
    show_table(
        prepare(frame),
        name,
        columns,
        total=list_total(frame) if total is None else total,
        full=lambda: prepare(everything()),
        **options,
    )


def download_buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str) -> None:
    """CSV and Excel downloads of a table as shown; cells starting a formula are neutralised.

    The files are made only when a button is pressed, so a large table costs nothing per rerun;
    ``frame`` may be a function giving the table, which is then called only at that moment too.
    """

    filters = _current_filters()
    file_name = download_name(name, filters)
    base = _app_base()  # read now: the files are made outside this run

    def table() -> pd.DataFrame:
        return export_frame(frame() if callable(frame) else frame, base)

    def as_csv() -> bytes:
        return csv_bytes(table())

    def as_excel() -> bytes:
        return excel_bytes(table(), name, filters)

    row = st.container(horizontal=True)
    row.download_button("下载 CSV", as_csv, f"{file_name}.csv", "text/csv", key=f"csv_{name}", on_click="ignore")
    row.download_button(
        "下载 Excel",
        as_excel,
        f"{file_name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{name}",
        on_click="ignore",
    )


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The CSV download of a table as shown (UTF-8 with a BOM, for Excel)."""
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")


def excel_bytes(frame: pd.DataFrame, name: str, filters: Filters | None = None) -> bytes:
    """The Excel download of a table as shown, one sheet named after it; with ``filters``, a first
    line says what the table holds ("区县对比 · 2021–2023年 · 河南省 · 洛阳市 · 全部机构"). Columns
    are as wide as their headers and values (within 8–60 characters)."""
    buffer = io.BytesIO()
    sheet_name = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "data"
    start = 2 if filters is not None else 0
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe = spreadsheet_safe(frame)
        safe.to_excel(writer, index=False, sheet_name=sheet_name, startrow=start)
        sheet = writer.sheets[sheet_name]
        if filters is not None:
            sheet.cell(row=1, column=1, value=neutralise_formula(clean_excel(f"{name} · {filters.describe()}")))
        for position, column in enumerate(safe.columns, start=1):
            texts = [str(column), *(str(v) for v in safe[column].head(200) if v is not None and not pd.isna(v))]
            width = min(60, max(8, max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in t) for t in texts) + 2))
            sheet.column_dimensions[sheet.cell(row=start + 1, column=position).column_letter].width = width
    return buffer.getvalue()


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy a spreadsheet takes as data: characters a cell cannot hold (ESC, NUL …) shown as
    "␛", "␀"; a cell that would run as a formula gets a leading "'" (a printed mark such as "-" or
    "—", or a number, does not: ``xxgk.safe_text.neutralise_formula``)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_spreadsheet_cell)
    return out


def _spreadsheet_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    if isinstance(value, str):
        return neutralise_formula(clean_excel(value))
    return value


def empty_state(filters: Filters, what: str) -> None:
    """Nothing to show under the filters; ``what`` may hold outside text (a search), shown as text."""
    text = escape_markdown(f"当前筛选（{filters.describe()}）下没有{what}。可放宽左侧的筛选条件。")
    st.info(text, icon=":material/search_off:")


def filter_link(page: str, row: pd.Series, filters: Filters, **extra: str) -> str:
    """The address of ``page`` narrowed to the row's place (a drill-down), plus page parameters.

    The row's province, city and district replace the filter's where the row has those columns; a
    row of a city-level agency (no district) opens the city's 市本级.
    """
    place = {key: row[key] for key in ("province", "city", "district") if key in row.index}
    if "district" in place and not (isinstance(place["district"], str) and place["district"]) and isinstance(place.get("city"), str):
        place["district"] = CITY_LEVEL  # a city's own agencies
    narrowed = filters.with_(**{k: (v if isinstance(v, str) and v else None) for k, v in place.items()})
    stem = page.rsplit("/", 1)[-1].removesuffix(".py")
    return f"{stem}?{urlencode({**narrowed.query_params(), **extra})}"


# --- charts -----------------------------------------------------------------------------------


def plot_text(value: Any) -> Any:
    """Text from a report, made safe for a plotly label: plotly reads <a>, <b>, <br> in any label.

    Works on a string or a pandas Series; plotly shows the escaped entities as the original
    characters.
    """
    if isinstance(value, pd.Series):
        return value.map(plot_text)
    return html.escape(value, quote=False) if isinstance(value, str) else value


def year_axis(frame: pd.DataFrame, column: str = "year") -> pd.DataFrame:
    """A copy with 年份 as text, so that a chart's year axis is categorical (no 2021.5)."""
    out = frame.copy()
    out["年份"] = out[column].astype("Int64").astype(str)
    return out


# Reports before 2019 print an older statistics table (codes.PRE2019_TABLE): its figures are a series
# of their own, and a chart whose years span 2019 marks where the national template begins.
TEMPLATE_BREAK_YEAR = 2019
TEMPLATE_BREAK_NOTE = "2019 年起为新模板口径"
PRE2019_SERIES = "（2019年以前统计表）"


def year_series(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """Columns of a per-year frame as long rows (年份, 系列, 数值) for one chart; a NULL stays NULL,
    so that the line breaks there instead of joining across a year no report printed."""
    rows = year_axis(frame).melt(id_vars=["年份"], value_vars=list(columns), var_name="系列", value_name="数值")
    return rows.assign(系列=rows["系列"].map(columns))


def mark_template_break(figure: go.Figure, years: Iterable[Any]) -> None:
    """On a chart with a categorical year axis: the pre-2019 series (named with PRE2019_SERIES)
    drawn dotted, and a dashed line between 2018 and 2019 with the note “2019 年起为新模板口径”
    when the years shown lie on both sides of it."""
    figure.for_each_trace(
        lambda trace: trace.update(line_dash="dot") if trace.type == "scatter" and PRE2019_SERIES in (trace.name or "") else None
    )
    shown = sorted({int(y) for y in years if pd.notna(y)})
    before = sum(1 for y in shown if y < TEMPLATE_BREAK_YEAR)
    if not before or before == len(shown):
        return
    figure.add_shape(type="line", x0=before - 0.5, x1=before - 0.5, y0=0, y1=1, yref="paper",
                     line=dict(dash="dash", color="#777777", width=1))
    figure.add_annotation(x=before - 0.5, y=1, yref="paper", text=TEMPLATE_BREAK_NOTE, showarrow=False,
                          xanchor="left", yanchor="bottom", font=dict(size=12, color="#555555"))


def chart(
    figure: go.Figure, filters: Filters, note: str = "", categorical_x: bool = True, height: int = 400, top: int = 60
) -> None:
    """Show a plotly figure in the house style, with the filter in the caption beneath it."""
    figure.update_layout(
        font=dict(family=FONT, size=13),
        title_font=dict(size=16),
        legend_title_text="",
        height=height,
        margin=dict(t=top, b=30, l=10, r=10),
        hoverlabel=dict(font_family=FONT),
    )
    # whole numbers with separators (200,000), never plotly's SI "200k"
    figure.update_xaxes(tickformat=",")
    figure.update_yaxes(tickformat=",")
    if categorical_x:
        figure.update_xaxes(type="category", categoryorder="category ascending")
    st.plotly_chart(figure, width="stretch", config={"displaylogo": False})
    st.caption(escape_markdown(" · ".join(part for part in (filters.describe(), note) if part)))


# --- report view: the parsed tables as Chinese grids ------------------------------------------

BLANK_TEXT = "（空白）"
UNREAD_TEXT = "（未读出）"
STYLE_FINDING = "background-color: #ffd08a; font-weight: bold"
STYLE_BLANK = "background-color: #e8e8ea; color: #555555"
STYLE_MARK = "background-color: #dbeafe; color: #1e3a8a"
STYLE_UNREAD = "color: #d62728"

GRID_TABLES = ("active_disclosure", "applications", "review_litigation", "pre2019_statistics")
GRID_TITLES = {
    "active_disclosure": "表二 · 主动公开政府信息情况",
    "applications": "表三 · 收到和处理政府信息公开申请情况",
    "review_litigation": "表四 · 政府信息公开行政复议、行政诉讼情况",
    "pre2019_statistics": "政府信息公开情况统计表（2019年以前）",
}


def _layout(table: str, template: str | None) -> list[tuple[str, str, tuple[str, ...]]]:
    """(row code, row label, columns) of a table in the report's template, in printed order."""
    if table == "review_litigation":
        return [(b, codes.REVIEW_BLOCK_LABELS[b], codes.REVIEW_COLUMNS) for b in codes.REVIEW_BLOCKS]
    if table == "applications":
        groups = {row: label for label, rows in codes.APPLICATION_GROUPS.values() for row in rows}
        groups["other_handling"] = ""
        return [
            (r.code, f"{groups[r.code]}：{r.label}" if groups.get(r.code) else r.label, r.columns)
            for r in codes.application_rows(template or "2021")
        ]
    if table == "active_disclosure":
        return [(r.code, r.label, r.columns) for r in codes.active_rows(template or "2021")]
    if table == "pre2019_statistics":
        return [(r.code, r.label, r.columns) for r in codes.PRE2019_INDICATORS]
    return []


def _column_label(table: str, column: str) -> str:
    if table == "pre2019_statistics":
        return codes.PRE2019_COLUMN_LABELS.get(column, column)
    return codes.column_label(table, column)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def cell_grid(cells: pd.DataFrame, table: str, template: str | None, highlight: Iterable[str] = ()) -> Any:
    """One parsed table as a grid of what was printed, styled so blank, zero and a mark differ.

    ``cells`` is the result of ``report_cells``; ``highlight`` holds "table.row.column" codes (the
    cells of findings). A number shows as printed, a blank cell as （空白）, a mark as its text
    ("/", "—"), a template cell the parser could not read as （未读出）; a cell the row does not have
    stays empty. Returns a pandas Styler.
    """
    part = cells[cells["table_name"] == table]
    read = {(r.row_code, r.column_code): r for r in part.itertuples()}
    layout = _layout(table, template)
    known = {row for row, _, _ in layout}
    # Rows the template does not list (an unknown layout) still show, by their codes.
    for row in dict.fromkeys(part["row_code"]):
        if row not in known:
            layout.append((row, row, tuple(dict.fromkeys(part.loc[part["row_code"] == row, "column_code"]))))
    columns = list(dict.fromkeys(c for _, _, cols in layout for c in cols))
    marked = set(highlight)
    values: list[list[str]] = []
    styles: list[list[str]] = []
    for row, _, row_columns in layout:
        texts, css = [], []
        for column in columns:
            cell = read.get((row, column))
            style = ""
            if column not in row_columns and cell is None:
                text = ""
            elif cell is None:
                text, style = UNREAD_TEXT, STYLE_UNREAD
            elif cell.kind == "blank":
                text, style = BLANK_TEXT, STYLE_BLANK
            elif cell.kind == "mark":
                text, style = str(cell.raw), STYLE_MARK
            else:
                text = _number(cell.value)
            if f"{table}.{row}.{column}" in marked:
                style = STYLE_FINDING
            texts.append(text)
            css.append(style)
        values.append(texts)
        styles.append(css)
    labels = [label for _, label, _ in layout]
    # The styler needs unique labels; a repeated one (an unknown layout) gets its code.
    labels = [f"{label}（{row}）" if labels.count(label) > 1 else label for (row, _, _), label in zip(layout, labels)]
    index = pd.Index(labels, name="项目")
    header = [_column_label(table, c) for c in columns]
    grid = pd.DataFrame(values, index=index, columns=header)
    style_frame = pd.DataFrame(styles, index=index, columns=header)
    return grid.style.apply(lambda _: style_frame, axis=None)


TABLE_SHORT = {
    "active_disclosure": "表二",
    "applications": "表三",
    "review_litigation": "表四",
    "pre2019_statistics": "统计表",
}


@functools.lru_cache(maxsize=8192)  # a list of findings names the same few hundred cells again and again
def cell_label(code: str, template: str | None = None) -> str:
    """A finding's cell code in words: "applications.new_received.total" → "表三·本年新收…·总计".

    "prose.<fact>" is a figure from the prose; "<report_id>:table.row.column" a cell of another
    report (the previous year's, for the cross-year rules).
    """
    other, _, code = code.rpartition(":")
    if other:
        return f"另一份报告·{cell_label(code, template)}"
    if code == "prose":
        return "正文"
    parts = code.split(".")
    if parts[0] == "prose" and len(parts) == 2:
        return f"正文·{PROSE_LABELS.get(parts[1], parts[1])}"
    if len(parts) != 3 or parts[0] not in TABLE_SHORT:
        return code
    table, row, column = parts
    # A row of the other template (a finding listed without its report's template) still reads in words.
    rows = {code_: label for t in ("2019", "2021", template) for code_, label, _ in _layout(table, t)}
    return f"{TABLE_SHORT[table]}·{rows.get(row, row)}·{_column_label(table, column)}"


def report_title(report_id: str) -> str:
    """A report named as a reader knows it: "洛阳市某局 2022年报告" (or 另一份报告 when it is gone)."""
    meta = query("report_metadata", report=report_id)
    if meta.empty:
        return "另一份报告（已不在数据库中）"
    m = meta.iloc[0]
    year = f"{int(m['year'])}年" if pd.notna(m["year"]) else "年度未识别的"
    return f"{m['agency']} {year}报告"


def cells_in_words(cells: Iterable[str] | None, template: str | None = None) -> str:
    """A finding's cells in words, each cell of another report (R7, R8, R11) under that report's
    agency and year: "洛阳市某局 2022年报告·正文"."""
    labels = []
    for code in cells if cells is not None else ():
        other, _, own = code.rpartition(":")
        labels.append(f"{report_title(other)}·{cell_label(own, template)}" if other else cell_label(code, template))
    return "；".join(labels)


def other_report(cells: Iterable[str] | None) -> str | None:
    """The first other report a finding names ("<report_id>:table.row.column"), if any."""
    for code in cells if cells is not None else ():
        other, _, _ = code.rpartition(":")
        if other:
            return other
    return None
