"""总览 — how much did the selected agencies report, and how many reported nothing at all?

The home page: headline figures of the selection and the yearly trend of applications.
"""

import plotly.express as px
import streamlit as st

from xxgk.ui import page_setup, query

QUERIES = ("overview_kpis", "applications_by_year", "filter_options")

filters = page_setup("总览")
kpis = query("overview_kpis", filters)
row = kpis.iloc[0]

if int(row["reports_count"]) == 0:
    st.info(f"当前筛选（{filters.describe()}）下没有报告。请放宽筛选条件。")
    st.stop()

a, b, c, d = st.columns(4)
a.metric("报告数", f"{int(row['reports_count']):,}")
b.metric("机构数", f"{int(row['agencies_count']):,}")
c.metric("收到申请（件）", f"{int(row['applications_received_count']):,}")
d.metric("零活动机构", f"{int(row['zero_activity_count']):,}")
st.caption(
    f"{filters.describe()} · 收到申请为各报告“本年新收政府信息公开申请数量”总计列之和"
    f"（{int(row['reports_with_applications_count']):,} 份报告填报；空白不计为零）。"
)

by_year = query("applications_by_year", filters)
by_year["年份"] = by_year["year"].astype(str)
figure = px.bar(
    by_year,
    x="年份",
    y=["new_received_count", "carried_over_count"],
    labels={"value": "申请数（件）", "variable": ""},
    title=f"历年收到的政府信息公开申请 · {filters.describe()}",
    barmode="stack",
)
names = {"new_received_count": "本年新收", "carried_over_count": "上年结转"}
figure.for_each_trace(lambda t: t.update(name=names.get(t.name, t.name)))
figure.update_xaxes(type="category")
figure.update_yaxes(rangemode="tozero")
figure.update_layout(legend_title_text="", height=380, margin=dict(t=60, b=20))
st.plotly_chart(figure, width="stretch")
st.caption(f"{filters.describe()} · 按报告年度汇总；空白单元格不计入。")
