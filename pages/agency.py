"""机构画像 — how has one agency fared over the years, against the median of its peers?

Peers are the other agencies of the same kind in the selected place, year by year. The agency is
chosen from the selection and kept in the URL (?agency=…), so a link reproduces the profile.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from xxgk.filters import KIND_LABELS
from xxgk.safe_text import clean_bidi
from xxgk.ui import (
    MIN_PROCESSED,
    chart,
    empty_state,
    escape_markdown,
    list_total,
    page_setup,
    plot_text,
    query,
    set_url_param,
    show_table,
    url_param,
)

QUERIES = ("agency_list", "agency_profile")

filters = page_setup("机构画像")
# Nationally there are a hundred thousand agencies: the list offers the first 500 of the selection,
# and a search by name finds any other.
search = st.text_input("查找机构", key="agency_search", placeholder="输入机构名称中的文字，如“司法局”").strip()
agencies = query("agency_list", filters, search=search or None)
wanted = url_param("agency")
# The agency in the URL stays on offer beyond the first rows of the list, unless a search asks for
# others (then the first agency found is shown).
linked = wanted if wanted and not search else None
if agencies.empty and not linked:
    empty_state(filters, f"名称包含“{search}”的机构" if search else "机构")
    st.stop()
total = list_total(agencies)
if total > len(agencies):
    st.caption(f"共 {total:,} 个机构，下拉列表列出前 {len(agencies):,} 个；输入名称可查找其余机构。")

if linked and linked not in set(agencies["agency_key"]):
    agencies = pd.concat([query("agency_list", filters, agency_key=linked), agencies], ignore_index=True)
keys = agencies["agency_key"].tolist()
names = {
    row.agency_key: f"{row.agency}（{' '.join(p for p in (row.province, row.city, row.district) if isinstance(p, str)) or '地区未识别'}，"
    f"{row.first_year}–{row.last_year}年）"
    for row in agencies.itertuples()
}
if linked and linked not in names:
    st.warning("链接中的机构不在当前筛选范围内，仍按其全部报告显示画像；同类机构按当前筛选取。")
    keys = [linked, *keys]
    names[linked] = clean_bidi(linked)  # a key from the URL: shown as text, in stored order
if st.session_state.get("agency_choice") not in keys:
    st.session_state.agency_choice = wanted if wanted in keys else keys[0]
agency_key = st.selectbox("机构", keys, format_func=lambda k: names.get(k, k), key="agency_choice")
set_url_param("agency", agency_key)

profile = query("agency_profile", filters, agency_key=agency_key)
if profile.empty:
    empty_state(filters, "这个机构的报告")
    st.stop()

row = agencies[agencies["agency_key"] == agency_key]
kind = row["agency_kind"].iloc[0] if not row.empty else None
peers = KIND_LABELS.get(kind, "同类机构") if kind else "同类机构"
place = " · ".join(p for p in (filters.province, filters.city, filters.district) if p) or "全国"
st.caption(f"同类机构：{escape_markdown(place)}的其他{peers}，逐年取中位数；机构自身的数字来自其当年的现行报告。")

# A rate on a handful of applications misleads: such points are drawn hollow, with their count.
processed = profile[profile["measure"] == "processed"].set_index("year")["agency_value"]
measures = list(dict.fromkeys(profile["measure_label"]))
columns = 3
rows = (len(measures) + columns - 1) // columns
figure = make_subplots(rows=rows, cols=columns, subplot_titles=measures, vertical_spacing=0.12)
for i, label in enumerate(measures):
    part = profile[profile["measure_label"] == label]
    years = part["year"].astype(str)
    at = dict(row=i // columns + 1, col=i % columns + 1)
    counts = part["year"].map(processed)
    small = part["measure"].str.endswith("_pct") & (counts.fillna(0) < MIN_PROCESSED)
    figure.add_trace(go.Scatter(x=years, y=part["agency_value"], mode="lines+markers", name="本机构",
                                line=dict(color="#1f77b4"), showlegend=i == 0, legendgroup="agency",
                                marker=dict(size=8, symbol=["circle-open" if s else "circle" for s in small]),
                                customdata=counts.fillna(0), hovertemplate="%{x}年 %{y}<br>办理申请 %{customdata:,.0f} 件"), **at)
    figure.add_trace(go.Scatter(x=years, y=part["peer_median_value"], mode="lines+markers", name=f"同类{peers}中位数",
                                line=dict(color="#ff7f0e", dash="dash"), showlegend=i == 0, legendgroup="peers",
                                customdata=part["peers_count"],
                                hovertemplate="%{x}年 中位数 %{y}<br>%{customdata} 个同类机构"), **at)
    figure.update_xaxes(type="category", categoryorder="category ascending", **at)
    highest = pd.concat([part["agency_value"], part["peer_median_value"]]).max()
    if not part["measure"].iloc[0].endswith("_pct") and not highest >= 5:
        # a count of a few cases: whole-number ticks (0, 1, 2), never 0.5 件
        figure.update_yaxes(tick0=0, dtick=1, **at)
    if part["agency_value"].isna().all():
        figure.add_annotation(text="未填报", showarrow=False, xref=f"x{i + 1 if i else ''} domain",
                              yref=f"y{i + 1 if i else ''} domain", x=0.5, y=0.5)
figure.update_yaxes(rangemode="tozero")
figure.update_layout(title=plot_text(f"{names.get(agency_key, agency_key)}：历年与同类机构中位数"))
chart(figure, filters, f"同类机构：{place} · {peers}。空心点：当年办理申请不足 {MIN_PROCESSED} 件，比例仅供参考。",
      categorical_x=False, height=300 * rows + 120, top=110)

st.subheader("逐年数字")
show_table(
    profile,
    "机构画像",
    {"year": "", "measure_label": "", "agency_value": "本机构", "peer_median_value": "同类中位数", "peers_count": "同类机构数"},
)
