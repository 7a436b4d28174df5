"""趋势 — year by year, are applications, their outcomes, the backlog and active disclosure moving?

Every series sums or pools the reports of the selection per report year; a blank cell is left out,
never read as zero. Rates keep their numerator and denominator in the tables beneath.
"""

import plotly.express as px
import streamlit as st

from xxgk.ui import chart, empty_state, page_setup, query, show_table, year_axis

QUERIES = ("applications_by_year", "application_rates_by_year", "carry_forward_backlog", "active_disclosure_volume")

filters = page_setup("趋势")

applications = query("applications_by_year", filters)
if applications.empty:
    empty_state(filters, "带年度的报告")
    st.stop()

st.subheader("依申请公开：收到与办结")
plotted = year_axis(applications).rename(
    columns={"new_received_count": "本年新收", "processed_count": "办理结果总计", "carried_forward_count": "结转下年度"}
)
figure = px.line(
    plotted, x="年份", y=["本年新收", "办理结果总计", "结转下年度"], markers=True,
    labels={"value": "件数", "variable": ""}, title="历年申请数量（总计列）",
)
figure.update_yaxes(rangemode="tozero")
chart(figure, filters, "各报告总计列之和；空白不计入。")
with st.expander("数据：历年申请数量"):
    show_table(
        applications, "趋势_申请数量",
        {"year": "", "reports_count": "", "new_received_reports_count": "填报新收申请的报告数",
         "new_received_count": "本年新收（件）", "carried_over_count": "上年结转（件）",
         "processed_count": "办理结果总计（件）", "granted_count": "予以公开（件）",
         "carried_forward_count": "结转下年度（件）"},
    )

st.subheader("实质公开率与“本机关不掌握”比例")
rates = query("application_rates_by_year", filters)
rates = rates[rates["denominator_count"] > 0]
if rates.empty:
    empty_state(filters, "办理过申请的报告")
else:
    figure = px.line(
        year_axis(rates), x="年份", y="rate_pct", color="rate_label", markers=True,
        custom_data=["numerator_count", "denominator_count", "reports_count"],
        labels={"rate_pct": "比例（%）", "rate_label": ""}, title="历年实质公开率与不掌握信息比例",
    )
    figure.update_traces(hovertemplate="%{x}年 %{y:.1f}%<br>%{customdata[0]:,} / %{customdata[1]:,} 件（%{customdata[2]:,} 份报告）")
    figure.update_yaxes(rangemode="tozero")
    chart(figure, filters, "实质公开率 =（予以公开 + 部分公开）÷ 办理结果总计；不掌握信息比例 = 本机关不掌握相关政府信息 ÷ 办理结果总计；只计三项都填报的报告。")
    with st.expander("数据：历年比例（含分子分母）"):
        show_table(
            rates, "趋势_比例",
            {"year": "", "rate_label": "指标", "numerator_count": "分子（件）", "denominator_count": "分母：办理结果总计（件）",
             "rate_pct": "比例（%）", "reports_count": "计入的报告数"},
        )

st.subheader("结转下年度的积压")
backlog = query("carry_forward_backlog", filters)
if backlog.empty:
    empty_state(filters, "填报结转数字的报告")
else:
    figure = px.bar(
        year_axis(backlog), x="年份", y="backlog_pct", text="carried_forward_count",
        custom_data=["carried_forward_count", "workload_count"],
        labels={"backlog_pct": "结转占比（%）"}, title="年底仍未办结的申请占当年应办申请的比例",
    )
    figure.update_traces(texttemplate="%{text:,} 件", hovertemplate="%{x}年 %{y:.1f}%<br>结转 %{customdata[0]:,} / 应办 %{customdata[1]:,} 件")
    chart(figure, filters, "结转占比 = 结转下年度继续办理 ÷（本年新收 + 上年结转），总计列。")
    with st.expander("数据：积压"):
        show_table(
            backlog, "趋势_积压",
            {"year": "", "carried_forward_count": "结转下年度（件）", "workload_count": "本年新收+上年结转（件）",
             "backlog_pct": "结转占比（%）", "reports_count": "计入的报告数", "reports_with_backlog_count": "有结转的报告数"},
        )

st.subheader("主动公开")
volume = query("active_disclosure_volume", filters)
if volume.empty:
    empty_state(filters, "按全国模板填报的报告")
else:
    plotted = year_axis(volume).rename(columns={
        "licensing_decisions_count": "行政许可", "penalty_decisions_count": "行政处罚", "coercion_decisions_count": "行政强制",
    })
    figure = px.line(
        plotted, x="年份", y=["行政许可", "行政处罚", "行政强制"], markers=True,
        labels={"value": "处理决定数量（件）", "variable": ""}, title="主动公开的行政许可、处罚、强制决定数量",
    )
    figure.update_yaxes(rangemode="tozero")
    chart(figure, filters, "表二“本年处理决定数量”之和；只计2019与2021模板的报告。")
    with st.expander("数据：主动公开"):
        show_table(
            volume, "趋势_主动公开",
            {"year": "", "reports_count": "", "regulations_issued_count": "规章制发（件）",
             "normative_documents_issued_count": "规范性文件制发（件）", "licensing_decisions_count": "行政许可决定（件）",
             "licensing_reports_count": "填报行政许可的报告数", "penalty_decisions_count": "行政处罚决定（件）",
             "penalty_reports_count": "填报行政处罚的报告数", "coercion_decisions_count": "行政强制决定（件）",
             "fees_10k_yuan": "行政事业性收费（万元）", "fees_reports_count": "填报收费的报告数"},
        )
