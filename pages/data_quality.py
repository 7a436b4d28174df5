"""数据质量 — which reports could not be read in full?

Reports whose tables were read only in part (cells missing, text cut inside a table) or that follow
no national template; each row opens the report, its parsing report and what is missing.
"""

import streamlit as st

from xxgk.ui import empty_state, page_setup, query, show_table

QUERIES = ("parsing_coverage",)

filters = page_setup("数据质量")

st.subheader("未能完整读取的报告")
coverage = query("parsing_coverage", filters)
st.caption(
    f"{filters.describe()} · 读出的模板单元格少于模板应有的（空白与符号算作已读出），或未识别出全国模板"
    "（2019年以前的旧式统计表只读取能对应到模板的数字）。"
)
if coverage.empty:
    empty_state(filters, "未能完整读取的报告")
else:
    show_table(
        coverage, "未完整读取的报告",
        {"agency": "", "province": "", "city": "", "district": "", "year": "", "template": "",
         "cells_read": "读出单元格", "cells_expected": "模板单元格", "read_pct": "读出比例（%）",
         "cells_blank": "空白单元格", "cells_mark": "符号单元格"},
    )
