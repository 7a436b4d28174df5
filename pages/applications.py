"""依申请公开办理 — how are applications answered, and which agencies disclose least or hold least?

Outcomes as shares of all processed applications, year by year; then each agency-year's 实质公开率
and “本机关不掌握” share with their counts. Agencies that processed few applications are listed with
their counts but not ranked.
"""

import plotly.express as px
import streamlit as st

from xxgk.ui import (
    MIN_PROCESSED,
    metric_help,
    chart,
    empty_state,
    list_total,
    page_setup,
    plot_text,
    query,
    show_list,
    show_table,
    year_axis,
)
from xxgk.vocabulary import COLUMN_LABELS

QUERIES = ("application_outcomes", "disclosure_rate_lowest", "disclosure_rate", "not_held_rate")

filters = page_setup("依申请公开办理")
outcomes = query("application_outcomes", filters)
if outcomes.empty:
    empty_state(filters, "办理过政府信息公开申请的报告")
    st.stop()

figure = px.bar(
    year_axis(outcomes[outcomes["share_pct"].notna()]), x="年份", y="share_pct", color="outcome_label",
    custom_data=["outcome_count", "processed_count", "counted_reports_count", "excluded_reports_count"],
    category_orders={"outcome_label": list(dict.fromkeys(outcomes["outcome_label"]))},
    labels={"share_pct": "占办理结果总计（%）", "outcome_label": ""}, title="办理结果构成",
)
figure.update_traces(hovertemplate="%{x}年 %{y:.1f}%<br>%{customdata[0]:,} / %{customdata[1]:,} 件"
                     "（计入 %{customdata[2]:,} 份报告，未计入 %{customdata[3]:,} 份）")
chart(figure, filters, "各项占“办理结果总计”之比（总计列）；一份报告只有在该项的各单元格与总计都填写了数字时才计入该项，"
      "空白、符号或未读出的报告不计入（份数见下表），空白从不当作 0。“与总计的差额”表示各项之和与总计不符（规则 R2）。")
with st.expander("数据：办理结果构成"):
    show_table(
        outcomes, "办理结果构成",
        {"year": "", "outcome_label": "办理结果", "outcome_count": "件数", "processed_count": "",
         "share_pct": "占比（%）", "counted_reports_count": "",
         "excluded_reports_count": ""},
        unreported=("outcome_count", "processed_count", "share_pct"),
    )

st.subheader("实质公开率（按机构年度）", help=metric_help("disclosure_rate"))
disclosure = query("disclosure_rate", filters, min_processed=MIN_PROCESSED)
if disclosure.empty:
    empty_state(filters, "填报了予以公开、部分公开与办理结果总计的报告")
else:
    lowest = query("disclosure_rate_lowest", filters, min_processed=MIN_PROCESSED)
    if not lowest.empty:
        latest = int(lowest["year"].iloc[0])
        lowest = lowest.assign(
            机构=plot_text(lowest["agency"] + "（" + lowest["district"].fillna(lowest["city"]).fillna("") + "）"),
            比例与件数=[f"{r:.1f}%（{a:,}/{b:,}）" for r, a, b in
                    zip(lowest["disclosure_rate_pct"], lowest["disclosed_count"], lowest["processed_count"])],
        )
        figure = px.bar(
            lowest.sort_values("disclosure_rate_pct", ascending=False), x="disclosure_rate_pct", y="机构",
            orientation="h", text="比例与件数", custom_data=["disclosed_count", "processed_count"],
            labels={"disclosure_rate_pct": COLUMN_LABELS["disclosure_rate_pct"], "机构": ""}, title=f"{latest}年实质公开率最低的机构",
        )
        figure.update_traces(hovertemplate="%{y}<br>%{x:.1f}%（%{customdata[0]:,} / %{customdata[1]:,} 件）")
        figure.update_yaxes(type="category")
        chart(figure, filters, f"只排办理申请不少于 {MIN_PROCESSED} 件的机构；实质公开率 =（予以公开 + 部分公开）÷ 办理结果总计，括号内为件数。",
              categorical_x=False, height=max(300, 28 * len(lowest) + 120))
    small = list_total(disclosure, "small_sample_count")
    excluded = list_total(disclosure, "excluded_reports_count")
    st.caption("上图为最近一年公开率最低的机构；下表同样按公开率由低到高排列（每年一组，最近的年份在前），排名 1 为当年最低。"
               f"下表共 {list_total(disclosure):,} 个机构年度，其中 {small:,} 个办理申请不足 {MIN_PROCESSED} 件，只列数字、不排名；"
               f"另有 {excluded:,} 份报告的予以公开、部分公开或办理结果总计为空白、符号或未读出，不计算公开率。")
    show_list(
        disclosure, "实质公开率",
        {"disclosure_rank": "当年排名（1 = 公开率最低）", "agency": "", "agency_kind_label": "", "province": "", "city": "", "district": "",
         "year": "", "granted_count": "", "partially_granted_count": "部分公开（件）",
         "processed_count": "", "disclosure_rate_pct": "", "small_sample": ""},
        metric="disclosure_rate", filters=filters, params={"min_processed": MIN_PROCESSED},
    )

st.subheader("“本机关不掌握相关政府信息”的比例（按机构年度）")
not_held = query("not_held_rate", filters, min_processed=MIN_PROCESSED)
if not_held.empty:
    empty_state(filters, "填报了“本机关不掌握”与办理结果总计的报告")
else:
    st.caption(f"比例高可能意味着以“不掌握”回避公开，值得抽查原文；办理申请不足 {MIN_PROCESSED} 件的不排名；"
               f"另有 {list_total(not_held, 'excluded_reports_count'):,} 份报告的“本机关不掌握”或办理结果总计为空白、符号或未读出，不计算比例。")
    show_list(
        not_held, "不掌握信息比例",
        {"not_held_rank": "当年排名（1 = 比例最高）", "agency": "", "agency_kind_label": "", "province": "", "city": "",
         "district": "", "year": "", "not_held_count": "本机关不掌握（件）", "processed_count": "",
         "not_held_rate_pct": COLUMN_LABELS["rate_pct"], "small_sample": ""},
        metric="not_held_rate", filters=filters, params={"min_processed": MIN_PROCESSED},
    )
