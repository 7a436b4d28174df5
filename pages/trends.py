"""趋势 — year by year, are applications, their outcomes, the backlog and active disclosure moving?

Every series sums or pools the reports of the selection per report year; a blank, marked or unread
cell is left out, never read as zero, and a year no report printed reads 未填报. Rates keep their
numerator, denominator and the reports counted and excluded in the tables beneath. Reports before
2019 print an older statistics table: its figures are series of their own, with 2019 marked.
"""

import pandas as pd
import plotly.express as px
import streamlit as st

from xxgk.ui import (
    PRE2019_SERIES,
    chart,
    empty_state,
    mark_template_break,
    page_setup,
    query,
    show_table,
    year_axis,
    year_series,
)
from xxgk.vocabulary import COLUMN_LABELS, SERIES_LABELS

QUERIES = (
    "applications_by_year",
    "application_rates_by_year",
    "carry_forward_backlog",
    "active_disclosure_volume",
    "pre2019_statistics_by_year",
)

filters = page_setup("趋势")

applications = query("applications_by_year", filters)
if applications.empty:
    empty_state(filters, "带年度的报告")
    st.stop()
older = query("pre2019_statistics_by_year", filters)

st.subheader("依申请公开：收到与办结")
plotted = pd.concat([
    year_series(applications, SERIES_LABELS),
    year_series(older, {"requests_count": "受理申请" + PRE2019_SERIES, "replies_count": "答复总数" + PRE2019_SERIES}),
])
figure = px.line(
    plotted, x="年份", y="数值", color="系列", markers=True,
    labels={"数值": "件数", "系列": ""}, title="历年申请数量（总计列）",
)
figure.update_yaxes(rangemode="tozero")
mark_template_break(figure, plotted["年份"])
chart(figure, filters, "各报告总计列之和；空白、符号与未读出的单元格不计入，某年没有报告填报则该点空缺（未填报）。"
      "2019年以前的报告只有旧统计表（受理依申请公开信息总数、对申请的答复总数），口径不同，单列为点线，不与新模板相加。")
with st.expander("数据：历年申请数量"):
    show_table(
        applications, "趋势_申请数量",
        {"year": "", "reports_count": "",
         "new_received_count": "", "new_received_reports_count": "",
         "carried_over_count": "", "carried_over_reports_count": "",
         "processed_count": "", "processed_reports_count": "",
         "granted_count": "", "granted_reports_count": "",
         "carried_forward_count": "", "carried_forward_reports_count": ""},
        unreported=("new_received_count", "carried_over_count", "processed_count", "granted_count", "carried_forward_count"),
    )
if not older.empty:
    with st.expander("数据：2019年以前旧统计表的历年数字"):
        st.caption("旧统计表“本年度”列之和，各列旁为填报该数字的报告数；口径与2019年起的新模板不同，不相加。")
        show_table(
            older, "趋势_2019年以前统计表",
            {"year": "", "reports_count": "",
             "requests_count": "受理申请（件）", "requests_reports_count": "填报受理申请的报告数",
             "replies_count": "答复总数（件）", "replies_reports_count": "填报答复总数的报告数",
             "granted_count": "同意公开（件）", "partially_granted_count": "同意部分公开（件）",
             "disclosure_rate_pct": "同意公开比例（%）", "disclosure_counted_reports_count": "计入比例的报告数",
             "disclosure_excluded_reports_count": "因单元格空白等未计入的报告数",
             "active_count": "主动公开信息（条）", "active_reports_count": "填报主动公开的报告数",
             "review_count": "", "litigation_count": ""},
            unreported=("requests_count", "replies_count", "granted_count", "partially_granted_count",
                        "disclosure_rate_pct", "active_count", "review_count", "litigation_count"),
        )

st.subheader("实质公开率与“本机关不掌握”比例")
rates = query("application_rates_by_year", filters)
older_rate = older.assign(rate_label="同意公开比例" + PRE2019_SERIES).rename(columns={
    "disclosure_rate_pct": "rate_pct", "disclosed_count": "numerator_count", "disclosure_replies_count": "denominator_count",
    "disclosure_counted_reports_count": "counted_reports_count", "disclosure_excluded_reports_count": "excluded_reports_count",
})
charted = pd.concat([rates, older_rate[list(rates.columns.drop("rate"))]])
charted = charted[charted["rate_pct"].notna()]
if charted.empty:
    empty_state(filters, "办理过申请的报告")
else:
    figure = px.line(
        year_axis(charted), x="年份", y="rate_pct", color="rate_label", markers=True,
        custom_data=["numerator_count", "denominator_count", "counted_reports_count", "excluded_reports_count"],
        labels={"rate_pct": COLUMN_LABELS["rate_pct"], "rate_label": ""}, title="历年实质公开率与不掌握信息比例",
    )
    figure.update_traces(hovertemplate="%{x}年 %{y:.1f}%<br>%{customdata[0]:,} / %{customdata[1]:,} 件"
                         "（计入 %{customdata[2]:,} 份报告，未计入 %{customdata[3]:,} 份）")
    figure.update_yaxes(rangemode="tozero")
    mark_template_break(figure, charted["year"])
    chart(figure, filters, "实质公开率 =（予以公开 + 部分公开）÷ 办理结果总计；不掌握信息比例 = 本机关不掌握相关政府信息 ÷ 办理结果总计。"
          "一份报告只有在分子、分母的单元格都填写了数字时才计入，空白、符号或未读出的报告不计入，其份数见下表。"
          "2019年以前为旧统计表的（同意公开 + 同意部分公开）÷ 答复总数，口径不同，单列为点线。")
    with st.expander("数据：历年比例（含分子分母）"):
        show_table(
            rates, "趋势_比例",
            {"year": "", "rate_label": COLUMN_LABELS["measure_label"], "numerator_count": "分子（件）", "denominator_count": "分母：办理结果总计（件）",
             "rate_pct": "", "counted_reports_count": "",
             "excluded_reports_count": ""},
            unreported=("numerator_count", "denominator_count", "rate_pct"),
        )

st.subheader("结转下年度的积压")
backlog = query("carry_forward_backlog", filters)
drawn = backlog[backlog["backlog_pct"].notna()]
if drawn.empty:
    empty_state(filters, "填报结转数字的报告")
else:
    figure = px.bar(
        year_axis(drawn), x="年份", y="backlog_pct", text="carried_forward_count",
        custom_data=["carried_forward_count", "workload_count", "counted_reports_count"],
        labels={"backlog_pct": COLUMN_LABELS["backlog_pct"]}, title="年底仍未办结的申请占当年应办申请的比例",
    )
    figure.update_traces(texttemplate="%{text:,} 件", hovertemplate="%{x}年 %{y:.1f}%<br>结转 %{customdata[0]:,} / 应办 %{customdata[1]:,} 件"
                         "（%{customdata[2]:,} 份报告）")
    chart(figure, filters, "结转占比 = 结转下年度继续办理 ÷（本年新收 + 上年结转），总计列；只计三项都填写了数字的报告。")
with st.expander("数据：积压"):
    show_table(
        backlog, "趋势_积压",
        {"year": "", "carried_forward_count": "", "workload_count": "本年新收+上年结转（件）",
         "backlog_pct": "", "counted_reports_count": "",
         "excluded_reports_count": "", "reports_with_backlog_count": "有结转的报告数"},
        unreported=("carried_forward_count", "workload_count", "backlog_pct"),
    )

st.subheader("主动公开")
volume = query("active_disclosure_volume", filters)
if volume.empty:
    empty_state(filters, "按全国模板填报的报告")
else:
    plotted = year_series(volume, {"licensing_decisions_count": "行政许可", "penalty_decisions_count": "行政处罚",
                                   "coercion_decisions_count": "行政强制"})
    figure = px.line(
        plotted, x="年份", y="数值", color="系列", markers=True,
        labels={"数值": "处理决定数量（件）", "系列": ""}, title="主动公开的行政许可、处罚、强制决定数量",
    )
    figure.update_yaxes(rangemode="tozero")
    chart(figure, filters, "表二“本年处理决定数量”之和；只计2019与2021模板的报告，某年没有报告填报则该点空缺（未填报）。"
          + ("2019年以前的旧统计表只有“主动公开信息数”，见上方“2019年以前旧统计表的历年数字”。" if not older.empty else ""))
    with st.expander("数据：主动公开"):
        show_table(
            volume, "趋势_主动公开",
            {"year": "", "reports_count": "",
             "regulations_issued_count": "规章制发（件）", "regulations_reports_count": "填报规章的报告数",
             "normative_documents_issued_count": "规范性文件制发（件）",
             "normative_documents_reports_count": "填报规范性文件的报告数",
             "licensing_decisions_count": "", "licensing_reports_count": "填报行政许可的报告数",
             "penalty_decisions_count": "", "penalty_reports_count": "填报行政处罚的报告数",
             "coercion_decisions_count": "行政强制决定（件）", "coercion_reports_count": "填报行政强制的报告数",
             "fees_10k_yuan": "行政事业性收费（万元）", "fees_reports_count": "填报收费的报告数"},
            unreported=("regulations_issued_count", "normative_documents_issued_count", "licensing_decisions_count",
                        "penalty_decisions_count", "coercion_decisions_count", "fees_10k_yuan"),
        )
