"""区县对比 — which districts disclose most, where do agencies report nothing, and where are
decisions corrected most often on review or in court?

One row per district over the selected years. A district that processed few applications keeps its
counts on screen but is left out of the rate ranking: a rate on a handful of cases misleads.
"""

import pandas as pd
import plotly.express as px
import streamlit as st

from xxgk.ui import MIN_DECIDED, MIN_PROCESSED, chart, escape_markdown, metric_help, empty_state, filter_link, page_setup, plot_text, query, show_table
from xxgk.vocabulary import COLUMN_LABELS

QUERIES = ("district_ranking",)

filters = page_setup("区县对比")
ranking = query("district_ranking", filters, min_processed=MIN_PROCESSED, min_decided=MIN_DECIDED)
if ranking.empty:
    empty_state(filters, "报告")
    st.stop()

selection = ranking.iloc[0]  # the metric's selection_* columns: totals over every district shown
ranking["地区"] = plot_text(ranking["city"].fillna(ranking["province"]).fillna("") + " · " + ranking["area"])
# rates carry their counts on the bar, not only in the hover
ranking["比例与件数"] = [
    f"{rate:.1f}%（{int(a):,}/{int(b):,}）" if pd.notna(rate) else "" for rate, a, b in
    zip(ranking["disclosure_rate_pct"], ranking["disclosed_count"], ranking["processed_count"])
]

# 纠错率 by district: (column prefix, what was decided) per option; a district with fewer than
# MIN_DECIDED decided cases keeps its counts in the table but is not ranked.
CORRECTION = {"行政复议纠错率": ("review", "行政复议"), "行政诉讼纠错率": ("litigation", "行政诉讼")}

with st.popover("指标定义", icon=":material/help:"):
    for metric in ("disclosure_rate", "zero_activity_agencies", "correction_rate"):
        st.caption(escape_markdown(metric_help(metric)))

basis = st.radio(
    "排名依据", ["实质公开率", "零活动报告占比", "收到申请数", *CORRECTION], horizontal=True, key="district_basis"
)
if basis == "实质公开率":
    ranked = ranking[~ranking["small_sample"]].sort_values("disclosure_rate_pct", ascending=True)
    left_out = int(selection["selection_small_sample_count"])
    figure = px.bar(
        ranked, y="地区", x="disclosure_rate_pct", orientation="h", text="比例与件数",
        custom_data=["disclosed_count", "processed_count"],
        labels={"disclosure_rate_pct": COLUMN_LABELS["disclosure_rate_pct"], "地区": ""}, title="各区县实质公开率",
    )
    figure.update_traces(hovertemplate="%{y}<br>%{x:.1f}%（%{customdata[0]:,} / %{customdata[1]:,} 件）")
    note = (
        "实质公开率 =（予以公开 + 部分公开）÷ 办理结果总计，括号内为件数；只计三项都填写了数字的报告"
        f"（共计入 {int(selection['selection_disclosure_counted_reports_count']):,} 份，"
        f"因单元格空白、符号或未读出而未计入 {int(selection['selection_disclosure_excluded_reports_count']):,} 份）。"
    )
    if left_out:
        note += f"办理申请不足 {MIN_PROCESSED} 件的 {left_out} 个区县样本过少，不参与排名，其数字见下表。"
elif basis == "零活动报告占比":
    ranked = ranking[ranking["reports_with_tables_count"] > 0].sort_values("zero_activity_pct", ascending=False)
    figure = px.bar(
        ranked, y="地区", x="zero_activity_pct", orientation="h", text="zero_activity_count",
        custom_data=["zero_activity_count", "reports_with_tables_count"],
        labels={"zero_activity_pct": "零活动报告占比（%）", "地区": ""}, title="各区县零活动报告占比",
    )
    figure.update_traces(texttemplate="%{text} 份", hovertemplate="%{y}<br>%{x:.1f}%（%{customdata[0]:,} / %{customdata[1]:,} 份）")
    note = "零活动：三张表格每个单元格都明确填写 0 的报告，占按全国模板填报的报告之比。"
elif basis in CORRECTION:
    prefix, what = CORRECTION[basis]
    rate, corrected, decided = f"{prefix}_correction_rate_pct", f"{prefix}_corrected_count", f"{prefix}_decided_count"
    ranked = ranking[~ranking[f"{prefix}_small_sample"]].sort_values(rate, ascending=True)
    ranked = ranked.assign(比例与件数=[f"{r:.1f}%（{int(a):,}/{int(b):,}）" for r, a, b in
                                  zip(ranked[rate], ranked[corrected], ranked[decided])])
    figure = px.bar(
        ranked, y="地区", x=rate, orientation="h", text="比例与件数",
        labels={rate: f"{basis}（%）", "地区": ""}, title=f"各区县{basis}（高者在上）",
    )
    note = (
        f"{basis} = 结果纠正 ÷（总计 − 尚未审结），括号内为件数；只计这几格都填写了数字的报告"
        f"（计入 {int(selection[f'selection_{prefix}_counted_reports_count']):,} 份，"
        f"未计入 {int(selection[f'selection_{prefix}_excluded_reports_count']):,} 份）。"
        f"已审结{what}案件不足 {MIN_DECIDED} 件的 {int(selection[f'selection_{prefix}_small_sample_count'])} 个区县样本过少，"
        "不参与排名，其数字见下表。"
    )
else:
    ranked = ranking[ranking["applications_received_count"].notna()].sort_values("applications_received_count", ascending=True)
    figure = px.bar(
        ranked, y="地区", x="applications_received_count", orientation="h", text="applications_received_count",
        labels={"applications_received_count": COLUMN_LABELS["applications_received_count"], "地区": ""}, title="各区县收到的政府信息公开申请",
    )
    note = (
        "本年新收政府信息公开申请数量，总计列之和，只计填写了数字的报告"
        f"（{int(selection['selection_applications_received_reports_count']):,} / {int(selection['selection_reports_count']):,} 份）；"
        "没有报告填报的区县不画，下表中为“未填报”。"
    )

if ranked.empty:
    empty_state(filters, "可以排名的区县（办理申请都不足 %d 件）" % MIN_PROCESSED)
else:
    figure.update_yaxes(type="category")
    chart(figure, filters, note, categorical_x=False, height=max(300, 28 * len(ranked) + 120))

st.subheader("区县一览")
st.caption("“下钻”打开该区县的依申请公开办理页，逐个机构查看，并可再打开每份报告的原文。")
show_table(
    ranking,
    "区县对比",
    {
        # the headline rates first, so that each is in view at 1440 px; their ranks and counts follow
        "area": "", "disclosure_rate_pct": "", "review_correction_rate_pct": "",
        "litigation_correction_rate_pct": "", "zero_activity_pct": "零活动占比（%）",
        "disclosure_rank": "实质公开率排名（1 = 最高）", "review_correction_rank": "复议纠错率排名（1 = 最高）",
        "applications_received_count": "",
        "reports_count": "", "agencies_count": "",
        "zero_activity_count": "零活动报告数", "reports_with_tables_count": "按模板填报的报告数",
        "zero_activity_rank": "零活动占比排名（1 = 最少）", "applications_received_reports_count": "填报收到申请的报告数",
        "disclosed_count": "公开与部分公开（件）", "processed_count": "",
        "disclosure_counted_reports_count": "计入公开率的报告数",
        "disclosure_excluded_reports_count": "未计入公开率的报告数", "small_sample": "",
        "review_corrected_count": "复议纠错（件）", "review_decided_count": "",
        "review_counted_reports_count": "计入复议纠错率的报告数",
        "review_excluded_reports_count": "未计入复议纠错率的报告数",
        "litigation_corrected_count": "诉讼纠错（件）",
        "litigation_decided_count": "", "litigation_counted_reports_count": "计入诉讼纠错率的报告数",
        "litigation_excluded_reports_count": "未计入诉讼纠错率的报告数", "city": "", "province": "",
    },
    unreported=("applications_received_count", "disclosed_count", "processed_count", "review_corrected_count",
                "review_decided_count", "litigation_corrected_count", "litigation_decided_count"),
    links={"下钻": lambda row: filter_link("pages/applications.py", row, filters)},
)
