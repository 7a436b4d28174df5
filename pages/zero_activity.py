"""零活动机构 — which agencies report an explicit zero in every cell of every table?

A blank cell or a mark ("/") is not a zero, so only reports that print 0 everywhere are listed.
"""

import streamlit as st

from xxgk.ui import download_buttons, page_setup, query

QUERIES = ("zero_activity_agencies",)

filters = page_setup("零活动机构")
frame = query("zero_activity_agencies", filters)
st.caption(
    f"{filters.describe()} · 报告三张表格的每个单元格均明确填写为 0 的机构（空白、“/”等符号或未能读取的单元格不算作 0）。"
)
if frame.empty:
    st.info("当前筛选下没有零活动机构。")
    st.stop()

st.metric("零活动机构（报告份数）", f"{len(frame):,}")
shown = frame.rename(
    columns={
        "agency": "机构",
        "agency_kind_label": "机构类型",
        "province": "省份",
        "city": "城市",
        "district": "区县",
        "year": "年度",
        "template": "模板",
        "cells_count": "单元格数",
    }
)[["机构", "机构类型", "省份", "城市", "区县", "年度", "模板", "单元格数"]]
st.dataframe(shown, hide_index=True, width="stretch")
download_buttons(shown, "零活动机构")
