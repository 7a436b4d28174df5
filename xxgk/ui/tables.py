"""Tables and downloads: a table with Chinese headers and a link to each row's report, the list
of a metric's first rows with every row in the downloads, CSV and Excel files safe to open.

Outside text reaches a table only as text (dataframes do not read Markdown); a downloaded cell that
would run as a formula is neutralised (``spreadsheet_safe``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from xxgk.filters import CITY_LEVEL, FIELDS, Filters
from xxgk.safe_text import clean_excel, escape_markdown, neutralise_formula
from xxgk.ui.data import full_list, list_total
from xxgk.ui.report_grid import GRID_TABLES
from xxgk.ui.sidebar import _GOTO
from xxgk.vocabulary import COLUMN_LABELS, FORMAT_LABELS, OTHER_FORMAT, PROVINCE_LEVEL








UNREPORTED = "未填报"


def figure_text(value: Any, decimals: int = 0) -> str:
    """A sum or rate as shown: the number with thousands separators, or 未填报 where it is NULL
    (no report of the selection printed the figure) — never 0, never an empty cell."""
    if value is None or pd.isna(value):
        return UNREPORTED
    return f"{float(value):,.{decimals}f}"


def _decimals(column: str) -> int:
    return 1 if column.endswith("_pct") else 2 if column.endswith("_10k_yuan") else 0



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


# Rows this high (over 64 px) let a table's text cells wrap, three lines each, instead of cutting
# long messages at the column's edge.
WRAPPED_ROWS = 72


def _remember_click(key: str, targets: Mapping[str, list[str]]) -> None:
    """A click on a link cell of a table: remember its address; ``follow_click`` opens it."""
    state = st.session_state.get(key)
    for row, column in (state.selection.cells if state is not None else []):
        addresses = targets.get(column, [])
        if 0 <= row < len(addresses) and addresses[row]:
            st.session_state[_GOTO] = addresses[row]



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
        labelled[labels["format"]] = frame["format"].map(lambda f: FORMAT_LABELS.get(f, OTHER_FORMAT)).to_numpy()
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
        return PROVINCE_LEVEL if isinstance(getattr(row, "province", None), str) else None

    return pd.Series([name(r) for r in frame.itertuples(index=False)], index=frame.index, dtype=object)


def _download_frame(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """A table as downloaded: the columns shown, with Chinese headers, and each row's report number."""
    download = frame[list(labels)].rename(columns=labels)
    if "small_sample" in labels:  # a flag reads 是/否 (export_frame), not True/False
        download[labels["small_sample"]] = frame["small_sample"].astype("boolean").to_numpy()
    if "district" in labels:
        download[labels["district"]] = place_district(frame).to_numpy()
    if "format" in labels:
        download[labels["format"]] = frame["format"].map(lambda f: FORMAT_LABELS.get(f, OTHER_FORMAT)).to_numpy()
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
