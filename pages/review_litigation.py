"""复议诉讼 — how often do administrative reviews and lawsuits overturn disclosure decisions?

纠错率 = corrected / decided, decided = total − pending, per block of table 4, pooled over the
reports that print the block; then every agency-year with a case, so each correction leads to its report.
"""

import plotly.express as px
import streamlit as st

from xxgk.ui import chart, empty_state, figure_text, metric_help, page_setup, query, show_list, show_table, year_axis
from xxgk.vocabulary import COLUMN_LABELS

QUERIES = ("correction_rate", "review_litigation_by_agency")

filters = page_setup("复议诉讼")
rates = query("correction_rate", filters)
cases = query("review_litigation_by_agency", filters)
if rates.empty:
    empty_state(filters, "填报了行政复议、行政诉讼情况的报告")
    st.stop()

# each block's totals over the years selected (the same on every row of the block; NULL: 未填报)
totals = rates.drop_duplicates("block")
columns = st.columns(len(totals))
for column, row in zip(columns, totals.itertuples()):
    column.metric(f"{row.block_label}（件）", figure_text(row.block_cases_count),
                  help=f"其中结果纠正 {figure_text(row.block_corrected_count)} 件；计入 {figure_text(row.block_counted_reports_count)} 份报告。"
                       + metric_help("correction_rate"))

decided = rates[rates["decided_count"] > 0]
if decided.empty:
    empty_state(filters, "已审结的复议或诉讼案件")
else:
    figure = px.line(
        year_axis(decided), x="年份", y="correction_rate_pct", color="block_label", markers=True,
        custom_data=["corrected_count", "decided_count"],
        labels={"correction_rate_pct": COLUMN_LABELS["correction_rate_pct"], "block_label": ""}, title="历年复议、诉讼纠错率",
    )
    figure.update_traces(hovertemplate="%{x}年 %{y:.1f}%<br>纠正 %{customdata[0]:,} / 审结 %{customdata[1]:,} 件")
    figure.update_yaxes(rangemode="tozero")
    chart(figure, filters, "纠错率 = 结果纠正 ÷（总计 − 尚未审结）；只计结果纠正、尚未审结与总计都填写了数字的报告，"
          "未计入的份数见下表；案件少的年份波动大，请对照下表的件数。")

with st.expander("数据：历年纠错率（含分子分母）", expanded=False):
    show_table(
        rates, "复议诉讼纠错率",
        {"year": "", "block_label": "类别", "corrected_count": "结果纠正（件）", "decided_count": "已审结（件）",
         "cases_count": "总计（件）", "correction_rate_pct": "", "counted_reports_count": "",
         "excluded_reports_count": ""},
        unreported=("corrected_count", "decided_count", "cases_count", "correction_rate_pct"),
    )

st.subheader("有复议或诉讼案件的机构")
if cases.empty:
    empty_state(filters, "有复议或诉讼案件的机构")
else:
    st.caption("按被纠正的件数排序；行政诉讼合计“未经复议直接起诉”与“复议后起诉”。")
    show_list(
        cases, "复议诉讼_机构",
        # the two rates first, in view at 1440 px; their counts and the rest of the place follow
        {"agency": "", "district": "", "year": "", "review_correction_rate_pct": "",
         "litigation_correction_rate_pct": "",
         "review_count": "", "review_corrected_count": "复议纠正（件）", "review_decided_count": "",
         "litigation_count": "", "litigation_corrected_count": "诉讼纠正（件）",
         "litigation_decided_count": "", "agency_kind_label": "", "city": "", "province": ""},
        metric="review_litigation_by_agency", filters=filters,
    )
