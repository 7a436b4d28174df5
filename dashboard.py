"""总览 — how much did the selected agencies report, and how many reported nothing at all?

The home page: headline figures of the selection and the yearly trend of applications.
"""

import plotly.express as px
import streamlit as st

from xxgk.ui import chart, empty_state, escape_markdown, page_setup, query, show_table, year_axis

QUERIES = ("overview_kpis", "applications_by_year", "filter_options")

filters = page_setup("总览")
kpis = query("overview_kpis", filters)
row = kpis.iloc[0]

if int(row["reports_count"]) == 0:
    empty_state(filters, "报告")
    st.stop()

a, b, c, d = st.columns(4)
a.metric("报告数", f"{int(row['reports_count']):,}")
b.metric("机构数", f"{int(row['agencies_count']):,}")
c.metric("收到申请（件）", f"{int(row['applications_received_count']):,}")
d.metric("零活动机构", f"{int(row['zero_activity_count']):,}")
st.caption(
    f"{escape_markdown(filters.describe())} · 收到申请为各报告“本年新收政府信息公开申请数量”总计列之和"
    f"（{int(row['reports_with_applications_count']):,} 份报告填报；空白不计为零）。"
    "零活动机构：三张表格每个单元格都明确填写 0 的报告，详见“零活动机构”页。"
)

by_year = query("applications_by_year", filters)
if by_year.empty:
    empty_state(filters, "带年度的报告")
    st.stop()
plotted = year_axis(by_year).rename(columns={"new_received_count": "本年新收", "carried_over_count": "上年结转"})
figure = px.bar(
    plotted,
    x="年份",
    y=["本年新收", "上年结转"],
    labels={"value": "申请数（件）", "variable": ""},
    title="历年收到的政府信息公开申请",
    barmode="stack",
)
figure.update_yaxes(rangemode="tozero")
chart(figure, filters, "按报告年度汇总总计列；空白单元格不计入。")

with st.expander("按年度的数据", expanded=False):
    show_table(
        by_year,
        "历年依申请公开",
        {
            "year": "",
            "reports_count": "",
            "new_received_reports_count": "填报新收申请的报告数",
            "new_received_count": "本年新收（件）",
            "carried_over_count": "上年结转（件）",
            "processed_count": "办理结果总计（件）",
            "granted_count": "予以公开（件）",
            "carried_forward_count": "结转下年度（件）",
        },
    )
