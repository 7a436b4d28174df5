"""数据质量 — which reports do not add up, where, and which could not be read in full?

The consistency rules R1–R11 (核查发现) per rule, per district and year, the reports with most
findings and every finding, each leading to its report; then the reports whose tables were read only
in part, and those that loaded without an agency, a year or a table. A finding is a fact about the report, not a failure of loading.
"""

import pandas as pd
import plotly.express as px
import streamlit as st

from xxgk.rules import RULE_NAMES
from xxgk.ui import (
    CITY_LEVEL,
    WRAPPED_ROWS,
    cells_in_words,
    chart,
    empty_state,
    escape_markdown,
    figure_text,
    filter_link,
    page_setup,
    plot_text,
    query,
    rule_label,
    rule_list_label,
    set_url_param,
    show_list,
    show_table,
    url_param,
    year_axis,
)
from xxgk.vocabulary import COLUMN_LABELS, PROVINCE_LEVEL, SEVERITY_LABELS, UNKNOWN_TEMPLATE

# The rules about publication, not figures (逾期公布, 发布后有变动): the 按时公布 page draws them.
PUBLICATION_RULES = ("R12", "R13")

QUERIES = (
    "findings_summary", "findings_by_area_year", "findings_by_rule", "findings_by_district_year",
    "reports_most_findings", "findings_list", "parsing_coverage", "reports_with_problems", "parsing_by_producer",
)



def with_cell_labels(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings with the cells each involves in words (表三·…·总计)."""
    return findings.assign(
        cells_label=findings["cells"].map(cells_in_words), rule_label=findings["rule"].map(rule_label),
        # R11's long aside (what was left out before comparing) pushed its share and year out of view
        message=findings["message"].str.replace(r"（去除[^）]*后）", "", regex=True),
    )


filters = page_setup("数据质量")
by_rule = query("findings_by_rule", filters)
by_place = query("findings_by_district_year", filters)

if by_place.empty:
    empty_state(filters, "报告")
    st.stop()

summary = query("findings_summary", filters).iloc[0]
a, b, c = st.columns(3)
a.metric("报告数", f"{int(summary['reports_count']):,}")
b.metric("有错误的报告", f"{int(summary['reports_with_errors_count']):,}", help="至少一条“错误”级核查发现：表格数字对不上")
c.metric("有错误的报告占比", f"{figure_text(summary['reports_with_errors_pct'], 1)}%")

st.subheader("各核查规则")
if by_rule.empty:
    empty_state(filters, "核查发现")
else:
    by_rule["规则"] = by_rule["rule"].map(rule_label)
    # The chart draws the rules about the figures; the publication rules (R12, R13) have their page,
    # and R12's 无法核对 for every undated file would leave the other bars a few pixels wide.
    drawn = by_rule[~by_rule["rule"].isin(PUBLICATION_RULES)]
    if not drawn.empty:  # only publication findings: the table below says it all
        figure = px.bar(
            drawn, x="findings_count", y="规则", color="severity_label", orientation="h",
            custom_data=["reports_count", "reports_pct"],
            category_orders={"规则": list(dict.fromkeys(drawn["规则"])), "severity_label": list(SEVERITY_LABELS.values())},
            color_discrete_map=dict(zip(SEVERITY_LABELS.values(), ("#d62728", "#ff7f0e", "#1f77b4", "#9e9e9e"))),
            labels={"findings_count": COLUMN_LABELS["findings_count"], "规则": "", "severity_label": ""}, title="各规则的核查发现",
        )
        figure.update_traces(hovertemplate="%{y}<br>%{x:,} 条，涉及 %{customdata[0]:,} 份报告（%{customdata[1]:.1f}%）")
        figure.update_yaxes(autorange="reversed")
        chart(figure, filters, "错误：表内或跨年数字对不上；警示：软性规则；提示：值得注意；无法核对：所需单元格空白、为符号或未读出。"
              "图中为表格与正文数字的核查；逾期公布、发布后有变动计入下表，详见“按时公布”页。",
              categorical_x=False, height=120 + 32 * max(drawn["rule"].nunique(), 1))
    show_table(
        by_rule, "核查发现_按规则",
        {"规则": "规则", "severity_label": "", "findings_count": "",
         "reports_count": "涉及报告数", "reports_pct": "占所选报告（%）"},
        links={"清单": lambda row: filter_link("pages/data_quality.py", row, filters, rule=row["rule"])},
    )

st.subheader("各地区、各年度")
# One row per place one level below the selection (provinces nationally, then cities, then
# districts): thousands of district rows nationally would make a chart nobody can read. A place of
# the level above's own agencies (no name at this level) reads as that level's own.
OWN_LEVEL = {"province": "（未识别）", "city": PROVINCE_LEVEL, "district": CITY_LEVEL}
heat = year_axis(query("findings_by_area_year", filters))
heat["地区"] = plot_text(heat["area"].fillna(heat["area_level"].map(OWN_LEVEL)))
pivot = heat.pivot(index="地区", columns="年份", values="reports_with_errors_pct")
figure = px.imshow(
    pivot, text_auto=".0f", aspect="auto", color_continuous_scale="Reds",
    labels={"color": "有错误的报告（%）", "x": "年份", "y": ""}, title="有错误的报告占比（%）",
)
chart(figure, filters, "每格：该地区当年有至少一条“错误”级核查发现的报告占比。", height=160 + 26 * len(pivot))
show_table(
    by_place, "核查发现_按地区年度",
    {"province": "", "city": "", "district": "", "year": "", "reports_count": "", "errors_count": "",
     "warnings_count": "", "info_count": "", "unchecked_count": "",
     "reports_with_errors_count": "有错误的报告数", "reports_with_errors_pct": "有错误的报告占比（%）"},
    links={"下钻": lambda row: filter_link("pages/data_quality.py", row, filters)},
)

st.subheader("核查发现最多的报告")
worst = query("reports_most_findings", filters)
if worst.empty:
    empty_state(filters, "有核查发现的报告")
else:
    st.caption(f"按错误、警示、全部核查发现的条数排序，列出最多的 {len(worst):,} 份。")
    worst["rules_label"] = worst["rules"].map(rule_list_label)
    show_table(
        worst, "核查发现最多的报告",
        {"agency": "", "province": "", "city": "", "district": "", "year": "", "errors_count": "",
         "warnings_count": "", "info_count": "", "unchecked_count": "",
         "findings_count": "合计（条）", "rules_label": "涉及规则"},
        column_config={"涉及规则": st.column_config.TextColumn("涉及规则", width=360)}, row_height=WRAPPED_ROWS,
    )

st.subheader("核查发现清单")
rules = ["全部规则", *RULE_NAMES]
wanted = url_param("rule")
if wanted is not None and wanted not in RULE_NAMES:
    st.warning(escape_markdown(f"链接中的规则“{wanted}”不存在，已改为全部规则。"))
    wanted = None
if st.session_state.get("rule_choice") not in rules or st.session_state.get("rule_from_url") != wanted:
    st.session_state.rule_from_url = wanted
    st.session_state.rule_choice = wanted or "全部规则"
choice = st.selectbox(
    "规则", rules, key="rule_choice", format_func=lambda r: r if r == "全部规则" else rule_label(r)
)
rule = None if choice == "全部规则" else choice
st.session_state.rule_from_url = rule
set_url_param("rule", rule)
findings = query("findings_list", filters, rule=rule)
if findings.empty:
    empty_state(filters, "这条规则的核查发现" if rule else "核查发现")
else:
    st.caption("按规则、级别、地区排序；选择规则或缩小地区、年份范围可在屏幕上查看其余，下载的文件包含全部。")
    show_list(
        findings, "核查发现清单",
        # 说明 early and wide: at 1440 px it is read without scrolling right
        {"agency": "", "year": "", "severity_label": "", "message": "", "rule_label": "",
         "cells_label": "", "district": "", "city": "", "province": ""},
        metric="findings_list", filters=filters, params={"rule": rule}, prepare=with_cell_labels,
        # rows high enough to wrap: the longest messages (R3, R6: 90 characters) read in full
        column_config={"说明": st.column_config.TextColumn("说明", width=520),
                       "规则": st.column_config.TextColumn("规则", width=200)},
        row_height=WRAPPED_ROWS,
    )

st.subheader("未能完整读取的报告")
coverage = query("parsing_coverage", filters)
st.caption(
    f"{escape_markdown(filters.describe())} · 读出的模板单元格少于模板应有的（空白与符号算作已读出），或未识别出全国模板"
    "（2019年以前的旧式统计表只读取能对应到模板的数字）。"
)
if coverage.empty:
    empty_state(filters, "未能完整读取的报告")
else:
    show_list(
        coverage, "未完整读取的报告",
        {"agency": "", "province": "", "city": "", "district": "", "year": "", "template": "",
         "cells_read": "", "cells_expected": "", "read_pct": "",
         "cells_blank": "空白单元格", "cells_mark": "符号单元格"},
        metric="parsing_coverage", filters=filters,
    )

st.subheader("按生成软件统计的读取情况")
producers = query("parsing_by_producer", filters)
st.caption(f"{escape_markdown(filters.describe())} · 按生成文件的软件（PDF 文件记录的生成程序、Word 文件的应用程序，不含版本号）和文件格式"
           "分组；网页和文本文件不记录生成软件。文字识别读出的表格只保留能通过表内加总核对的数字。")
if producers.empty:
    empty_state(filters, "报告")
else:
    show_table(
        producers, "按生成软件统计的读取情况",
        {"producer": "生成软件", "format": "", "reports_count": "", "partial_reports_count": "未完整读取",
         "unrecognised_reports_count": UNKNOWN_TEMPLATE, "ocr_reports_count": "文字识别", "cells_read": "",
         "cells_expected": "", "read_pct": ""},
    )

st.subheader("入库时有缺项的报告")
problems = query("reports_with_problems", filters)
st.caption(f"{filters.describe()} · 已入库，但未识别出机构名称或报告年度，或未找到模板应有的统计表格。")
if problems.empty:
    empty_state(filters, "入库时有缺项的报告")
else:
    show_list(
        problems, "入库时有缺项的报告",
        {"agency": "", "province": "", "city": "", "district": "", "year": "", "template": "",
         "problems": "缺项", "path": ""},
        metric="reports_with_problems", filters=filters,
    )
