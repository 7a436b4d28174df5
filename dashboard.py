"""总览 — how much did the selected agencies report, how many reported nothing at all, and what needs
attention (reports with errors, copied reports, missing reports, the worst districts)?

The home page: headline figures of the selection, what needs attention (each a link to its list) and
the yearly trend of applications.
"""

import pandas as pd
import plotly.express as px
import streamlit as st

from xxgk.ui import (
    MIN_DECIDED,
    MIN_PROCESSED,
    PRE2019_SERIES,
    list_total,
    metric_help,
    chart,
    empty_state,
    escape_markdown,
    figure_text,
    mark_template_break,
    page_setup,
    query,
    show_table,
    year_series,
)
from xxgk.vocabulary import SERIES_LABELS

QUERIES = (
    "overview_kpis", "applications_by_year", "pre2019_statistics_by_year", "filter_options",
    "findings_summary", "missing_reports", "district_ranking",
)

def attention(filters) -> None:
    """What needs attention in the selection, each figure a link to its list (filters kept)."""
    st.subheader("需要关注")
    summary = query("findings_summary", filters).iloc[0]
    missing = query("missing_reports", filters)
    params = filters.query_params()
    items = [
        ("有错误的报告（份）", int(summary["reports_with_errors_count"]), "pages/data_quality.py", {},
         "至少一条“错误”级核查发现：表格数字对不上"),
        ("内容雷同的报告（份）", int(summary["copied_reports_count"]),
         "pages/data_quality.py", {"rule": "R11"}, "正文与上一年或同年其他机构的报告高度相同"),
        ("缺报（机构·年度）", list_total(missing), "pages/zero_activity.py", {}, "上一年有报告、本年没有的机构"),
    ]
    for column, (label, value, page, extra, note) in zip(st.columns(len(items)), items):
        column.metric(label, f"{value:,}", help=note)
        column.page_link(page, label="查看清单", query_params={**params, **extra})
    ranking = query("district_ranking", filters, min_processed=MIN_PROCESSED, min_decided=MIN_DECIDED)
    lines = []
    ranked = ranking[~ranking["small_sample"]].dropna(subset=["disclosure_rate_pct"])
    if not ranked.empty:
        low = ranked.sort_values("disclosure_rate_pct").iloc[0]
        lines.append(f"实质公开率最低的区县：{low['city'] or ''} · {low['area']} {low['disclosure_rate_pct']:.1f}%"
                     f"（{int(low['disclosed_count']):,} / {int(low['processed_count']):,} 件）")
    ranked = ranking[~ranking["review_small_sample"]].dropna(subset=["review_correction_rate_pct"])
    if not ranked.empty:
        high = ranked.sort_values("review_correction_rate_pct", ascending=False).iloc[0]
        lines.append(f"行政复议纠错率最高的区县：{high['city'] or ''} · {high['area']} {high['review_correction_rate_pct']:.1f}%"
                     f"（{int(high['review_corrected_count']):,} / {int(high['review_decided_count']):,} 件）")
    if lines:
        st.caption(escape_markdown("；".join(lines) + f"。样本过少（办理不足 {MIN_PROCESSED} 件、审结不足 {MIN_DECIDED} 件）的区县不参与比较。"))
        st.page_link("pages/districts.py", label="区县对比", query_params=params)


filters = page_setup("总览")
kpis = query("overview_kpis", filters)
row = kpis.iloc[0]

if int(row["reports_count"]) == 0:
    empty_state(filters, "报告")
    st.stop()

a, b, c, d = st.columns(4)
a.metric("报告数", f"{int(row['reports_count']):,}")
b.metric("机构数", f"{int(row['agencies_count']):,}")
c.metric("收到申请（件）", figure_text(row["applications_received_count"]))
d.metric("零活动报告（份）", f"{int(row['zero_activity_count']):,}",
         help=metric_help("zero_activity_agencies"))
older = int(row["pre2019_reports_count"])
st.caption(
    f"{escape_markdown(filters.describe())} · 收到申请为各报告“本年新收政府信息公开申请数量”总计列之和"
    f"（{int(row['reports_with_applications_count']):,} / {int(row['reports_count']):,} 份报告填报；"
    "空白、符号与未读出的单元格不计为零，没有报告填报时显示“未填报”）。"
    + (f"其中 {older:,} 份为2019年以前的旧统计表报告，其数字口径不同，不计入此数，另列于图中。" if older else "")
    + "零活动报告：三张表格每个单元格都明确填写 0 的报告，详见“零活动机构”页。"
)

attention(filters)

by_year = query("applications_by_year", filters)
if by_year.empty:
    empty_state(filters, "带年度的报告")
    st.stop()
older_years = query("pre2019_statistics_by_year", filters)
plotted = pd.concat([
    # the same figure as the 收到申请 KPI: new applications only (上年结转 is in the table below)
    year_series(by_year, {"new_received_count": SERIES_LABELS["new_received_count"]}),
    year_series(older_years, {"requests_count": "受理申请" + PRE2019_SERIES}),
])
figure = px.bar(
    plotted, x="年份", y="数值", color="系列",
    labels={"数值": "申请数（件）", "系列": ""}, title="历年本年新收的政府信息公开申请", barmode="stack",
)
figure.update_yaxes(rangemode="tozero")
mark_template_break(figure, plotted["年份"])
chart(
    figure, filters,
    "按报告年度汇总总计列；空白、符号与未读出的单元格不计入，某年没有报告填报则不画。"
    "2019年以前的报告只有旧统计表的“受理依申请公开信息总数”，单列一色，不与新模板的数字相加。",
)

with st.expander("按年度的数据", expanded=False):
    show_table(
        by_year,
        "历年依申请公开",
        {
            "year": "",
            "reports_count": "",
            "new_received_count": "",
            "new_received_reports_count": "",
            "carried_over_count": "",
            "carried_over_reports_count": "",
            "processed_count": "",
            "processed_reports_count": "",
            "granted_count": "",
            "granted_reports_count": "",
            "carried_forward_count": "",
            "carried_forward_reports_count": "",
        },
        unreported=("new_received_count", "carried_over_count", "processed_count", "granted_count", "carried_forward_count"),
    )
