"""Charts in the house style: the font, a categorical year axis, the break where the 2019 template
begins, and the filter in the caption beneath each chart. Text from reports is escaped for plotly
(``plot_text``), which reads HTML tags in any label."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from xxgk.filters import Filters
from xxgk.safe_text import escape_markdown


FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"



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
