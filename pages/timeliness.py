"""按时公布 — were the reports published by the deadline (R12), per district and per agency?

The deadline is 条例第四十九条's (departments by 31 January, people's governments by 31 March of the
following year), from a table a user can change (data/publication_deadlines.csv). A report whose
publication date is not known counts as 无法核对, never as on time; the rate is over the reports
whose date could be checked, with the unknown ones counted beside it.
"""

import pandas as pd
import streamlit as st

from xxgk.ui import empty_state, escape_markdown, list_total, page_setup, query, show_list, show_table
from xxgk.vocabulary import PUBLICATION_STATUS_LABELS

QUERIES = ("publication_timeliness", "publication_timeliness_list")
STATUS = {"全部": None, "逾期": "late", "无法核对": "unknown", "按时": "on_time"}

filters = page_setup("按时公布")
districts = query("publication_timeliness", filters)

if districts.empty:
    empty_state(filters, "报告")
    st.stop()

reports = int(districts["reports_count"].sum())
on_time, late, unknown = (int(districts[c].sum()) for c in ("on_time_count", "late_count", "unknown_count"))
a, b, c, d = st.columns(4)
a.metric("报告（份）", f"{reports:,}")
b.metric("按时公布", f"{on_time:,}")
c.metric("逾期公布", f"{late:,}")
d.metric("发布日期不明（无法核对）", f"{unknown:,}")
checked = on_time + late
st.caption(
    escape_markdown(filters.describe())
    + " · 按时率 = 按时 ÷（按时 + 逾期），只计发布日期可知的报告"
    + (f"：{100.0 * on_time / checked:.1f}%" if checked else "：无可核对的报告")
    + "；期限依《政府信息公开条例》第四十九条（部门1月31日前，人民政府3月31日前），可在期限表中按地方规定修改。"
)

st.subheader("各区县按时公布情况")
show_table(
    districts,
    "按时公布_区县",
    {"province": "", "city": "", "district": "", "reports_count": "", "on_time_count": PUBLICATION_STATUS_LABELS["on_time"],
     "late_count": PUBLICATION_STATUS_LABELS["late"], "unknown_count": PUBLICATION_STATUS_LABELS["unknown"], "on_time_pct": "按时率（%）"},
)

st.subheader("逐份报告")
choice = st.radio("显示", list(STATUS), horizontal=True, key="timeliness_status")
listing = query("publication_timeliness_list", filters, status=STATUS[choice])
if listing.empty:
    empty_state(filters, f"“{choice}”的报告")
else:
    def sources(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame["source_url"] = frame["source_url"].where(frame["source_url"].fillna("").str.match(r"https?://"), None)
        return frame

    show_list(
        listing,
        "按时公布清单",
        {"agency": "", "agency_kind_label": "", "province": "", "city": "", "district": "", "year": "",
         "status_label": "结果", "published_at": "发布日期", "published_from_label": "日期来源",
         "deadline": "公布期限", "days_late": "逾期天数", "source_url": "来源网址"},
        metric="publication_timeliness_list",
        filters=filters,
        params={"status": STATUS[choice]},
        prepare=sources,
        column_config={"来源网址": st.column_config.LinkColumn("来源网址", display_text="打开来源"),
                       "发布日期": st.column_config.DateColumn("发布日期", format="YYYY-MM-DD"),
                       "公布期限": st.column_config.DateColumn("公布期限", format="YYYY-MM-DD")},
    )
st.caption(f"共 {list_total(listing):,} 份。")
