"""信息采用率 — do the adoption rates reports state agree with their own figures, district by district?

信息采用率 = adopted / submitted government information, read from the prose (上报政务信息35条，
采用信息6条，采用率18%). The stated rate sits beside the one computed from the stated figures.
"""

import plotly.express as px
import streamlit as st

from xxgk.ui import chart, empty_state, page_setup, plot_text, query, show_list, show_table
from xxgk.vocabulary import COLUMN_LABELS

QUERIES = ("information_adoption_by_district", "information_adoption_rate")

filters = page_setup("信息采用率")
by_district = query("information_adoption_by_district", filters)
if by_district.empty:
    empty_state(filters, "在正文中写明信息报送或采用数字的报告")
    st.stop()

selection = by_district.iloc[0]  # the metric's selection_* columns: counts over every district shown
a, b, c = st.columns(3)
a.metric("写明采用情况的报告", f"{int(selection['selection_reports_count']):,}")
b.metric("写明采用率的报告", f"{int(selection['selection_rate_stated_count']):,}")
c.metric("所述采用率与数字不符", f"{int(selection['selection_mismatch_count']):,}")

plotted = by_district[by_district["stated_reports_count"] > 0].melt(
    id_vars=["area", "stated_reports_count"], value_vars=["stated_mean_pct", "computed_mean_pct"],
    var_name="口径", value_name="采用率（%）",
)
if not plotted.empty:
    plotted["area"] = plot_text(plotted["area"])
    plotted["口径"] = plotted["口径"].map({"stated_mean_pct": "文中所述（平均）", "computed_mean_pct": "按所述数字计算（平均）"})
    figure = px.bar(
        plotted, x="area", y="采用率（%）", color="口径", barmode="group",
        custom_data=["stated_reports_count"], labels={"area": COLUMN_LABELS["area"]}, title="各区县：所述采用率与按数字计算的采用率",
    )
    figure.update_traces(hovertemplate="%{x}<br>%{y:.1f}%（%{customdata[0]} 份报告）")
    chart(figure, filters, "只计同时写明采用率、上报数与采用数的报告；计算采用率 = 采用 ÷ 上报。")

st.subheader("按区县")
show_table(
    by_district,
    "信息采用率_区县",
    {"province": "", "city": "", "area": "", "reports_count": "写明采用情况的报告数",
     "submitted_count": "上报信息（条）", "adopted_count": "被采用（条）", "adoption_rate_pct": "采用率（合计，%）",
     "counted_reports_count": "计入合计的报告数", "excluded_reports_count": "只写明一项、未计入合计的报告数",
     "stated_reports_count": "写明采用率的报告数", "stated_mean_pct": "所述采用率均值（%）",
     "computed_mean_pct": "计算采用率均值（%）", "mismatch_count": "不符的报告数"},
    unreported=("submitted_count", "adopted_count"),
)
st.caption("合计只计同时写明上报数与采用数的报告；没有这样的报告时显示“未填报”。")

st.subheader("按机构年度")
st.caption("差值 = 所述 − 计算；相差超过 0.5 个百分点（四舍五入的容差）标为不符。原句按原文显示。")
only_mismatch = st.toggle("只看不符的报告", key="adoption_only_mismatch")
selection = {"mismatch_only": True} if only_mismatch else {}
shown = query("information_adoption_rate", filters, **selection)
if shown.empty:
    empty_state(filters, "所述采用率与数字不符的报告")
else:
    show_list(
        shown,
        "信息采用率_机构",
        # the comparison first: at 1440 px 差值 and 不符 are in view without scrolling right
        {"agency": "", "year": "", "stated_rate_pct": "所述采用率（%）", "computed_rate_pct": "计算采用率（%）",
         "difference_pct_points": "差值（百分点）", "mismatch": "不符", "submitted_count": "上报（条）",
         "adopted_count": "采用（条）", "district": "", "city": "", "province": "", "sentence": ""},
        metric="information_adoption_rate",
        filters=filters,
        params=selection,
    )
