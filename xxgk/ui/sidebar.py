"""The page frame: the list of pages and the navigation, the filters in the sidebar, the URL.

The URL is the state a link reproduces: the six filters (``xxgk.filters.FIELDS``) plus any page
parameter (``report``, ``agency``). Navigation links carry the filters from page to page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pandas as pd
import streamlit as st

from xxgk.filters import CITY_LEVEL, FIELDS, KIND_LABELS, Filters
from xxgk.safe_text import escape_markdown
from xxgk.ui.data import database_guard, query
from xxgk.ui.start import require_database


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



_GOTO = "_xxgk_goto"



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
