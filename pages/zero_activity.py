"""零活动机构 — which agencies report nothing: zeros everywhere, no applications for years, or no report?

A blank cell or a mark ("/") is not a zero, so only reports that print 0 everywhere are listed as
zero activity. A run of years without applications needs an explicit 0 each year. A missing report
is a year t for which an agency that reported for t−1 has none.
"""

import streamlit as st

from xxgk.ui import empty_state, escape_markdown, list_total, page_setup, query, show_list

QUERIES = ("zero_activity_agencies", "no_applications_years", "missing_reports")

filters = page_setup("零活动机构")

zero = query("zero_activity_agencies", filters)
streaks_n = st.session_state.get("min_years", 3)
streaks = query("no_applications_years", filters, min_years=streaks_n)
missing = query("missing_reports", filters)

a, b, c = st.columns(3)
a.metric("零活动报告（份）", f"{list_total(zero):,}")
b.metric(f"连续{streaks_n}年以上无申请（机构）", f"{list_total(streaks, 'agencies_count'):,}")
c.metric("缺报（机构·年度）", f"{list_total(missing):,}")

st.subheader("三张表格全部为 0 的报告")
st.caption(
    f"{escape_markdown(filters.describe())} · 报告三张表格的每个单元格均明确填写为 0 的机构（空白、“/”等符号或未能读取的单元格不算作 0）。"
)
if zero.empty:
    empty_state(filters, "零活动机构")
else:
    show_list(
        zero,
        "零活动机构",
        {"agency": "", "agency_kind_label": "", "province": "", "city": "", "district": "", "year": "", "template": "",
         "cells_count": "单元格数"},
        metric="zero_activity_agencies",
        filters=filters,
    )

st.subheader("连续多年没有收到申请")
st.number_input("至少连续（年）", min_value=2, max_value=10, step=1, key="min_years", value=3)
st.caption(
    f"{escape_markdown(filters.describe())} · 每年“本年新收政府信息公开申请数量”总计均明确为 0；空白、缺报或筛选范围外的年份会中断连续。"
)
if streaks.empty:
    empty_state(filters, f"连续{streaks_n}年以上没有收到申请的机构")
else:
    show_list(
        streaks,
        "连续无申请",
        {"agency": "", "agency_kind_label": "", "province": "", "city": "", "district": "",
         "first_year": "起始年度", "last_year": "截止年度", "years_count": "连续年数"},
        metric="no_applications_years",
        filters=filters,
        params={"min_years": streaks_n},
    )

st.subheader("缺报：上一年有报告，本年没有")
st.caption(
    f"{escape_markdown(filters.describe())} · 只检查到数据库中最新的年份为止；“原文”打开该机构上一年的报告。"
)
if missing.empty:
    empty_state(filters, "缺报的机构")
else:
    show_list(
        missing,
        "缺报",
        {"agency": "", "agency_kind_label": "", "province": "", "city": "", "district": "",
         "missing_year": "缺报年度", "previous_year": "上一份报告年度"},
        metric="missing_reports",
        filters=filters,
    )
