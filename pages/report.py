"""报告原文 — what exactly does this report say, and how was each figure read from it?

Opened with ?report=<report_id> from any table row. Shows the report's metadata and versions, the
source text beside the parsed tables (blank, zero and a mark visibly distinct), the consistency
findings with their cells highlighted, the figures read from the prose with their sentences, the
parser's warnings and its parsing report. Report text is shown as text, never as HTML.
"""

from pathlib import Path

import pandas as pd
import streamlit as st

from xxgk import codes
from xxgk.db import default_db_path

from xxgk.ui import (
    BLANK_TEXT,
    GRID_TABLES,
    GRID_TITLES,
    PROSE_LABELS,
    SEVERITY_LABELS,
    UNREAD_TEXT,
    WRAPPED_ROWS,
    cell_grid,
    cell_label,
    cells_in_words,
    download_buttons,
    empty_state,
    FORMAT_LABELS,
    LAYOUT_LABELS,
    escape_markdown,
    other_report,
    page_setup,
    query,
    report_link,
    rule_label,
    set_url_param,
    show_table,
    url_param,
)
from xxgk.uploads import admin_password, login
from xxgk.versions import VersionError, choose, versions_summary
from xxgk.vocabulary import PUBLICATION_STATUS_LABELS, TEMPLATE_LABELS, UNKNOWN_TEMPLATE

QUERIES = (
    "report_search",
    "report_metadata",
    "report_versions",
    "report_text",
    "report_cells",
    "report_findings",
    "report_prose_facts",
    "report_warnings",
    "report_parsing",
)

filters = page_setup("报告原文")
report_id = url_param("report")


def search() -> None:
    st.caption("从任何表格的“原文”列都可以直接打开一份报告；也可以在当前筛选范围内按机构名称查找。")
    text = st.text_input("机构名称或标题包含", key="report_search") or None
    found = query("report_search", filters, search=text)
    if found.empty:
        empty_state(filters, "符合条件的报告")
        return
    if len(found) == 200:
        st.caption("只列出前 200 份，请输入更具体的名称。")
    show_table(
        found, "查找报告",
        {"agency": "", "agency_kind_label": "", "province": "", "city": "", "district": "", "year": "", "template": "",
         "format": "", "revision_label": "修订"},
    )


if report_id is None:
    search()
    st.stop()

meta = query("report_metadata", report=report_id)
if meta.empty:
    st.warning(escape_markdown(f"链接中的报告编号“{report_id}”在当前数据中不存在（可能已被新版本替换或数据库已重建）。请重新查找。"))
    set_url_param("report", None)
    search()
    st.stop()

m = meta.iloc[0]
template = m["template"] if isinstance(m["template"], str) else None
year = f"{int(m['year'])}年" if pd.notna(m["year"]) else "年度未识别"
st.subheader(escape_markdown(f"{m['agency']} · {year}"))
place = " · ".join(p for p in (m["province"], m["city"], m["district"]) if isinstance(p, str)) or "地区未识别"
template_label = TEMPLATE_LABELS.get(template or "", UNKNOWN_TEMPLATE)
if bool(m["synthetic"]):
    st.info("这是一份演示（合成）报告：机构与数字均为虚构。", icon=":material/info:")

versions = query("report_versions", report=report_id)
if not bool(m["is_current"]):
    current = versions[versions["is_current"]]
    st.warning("这是该机构本年度报告的旧版本，统计中使用的是较新的版本（见下方“版本”）。")
    if not current.empty:
        st.page_link("pages/report.py", label="打开当前版本", query_params={"report": current.iloc[0]["report_id"]})

facts = pd.DataFrame(
    [
        ("机构", m["agency"]),
        ("机构类型", m["agency_kind_label"]),
        ("年度", year),
        ("地区", place + (f"（{m['region_code']}）" if isinstance(m["region_code"], str) else "")),
        ("模板", template_label),
        ("标题", m["title"] if isinstance(m["title"], str) else "（无）"),
        ("文件", Path(m["path"]).name),
        ("格式 / 编码", f"{FORMAT_LABELS.get(m['format'], '其他')} / {(m['encoding'] or '—').upper()}"),
        ("单元格", f"读出 {int(m['cells_read'])} / 模板 {int(m['cells_expected'])}：数字 {int(m['cells_number'])}"
                   f"（其中 0 有 {int(m['cells_zero'])}）、空白 {int(m['cells_blank'])}、符号 {int(m['cells_mark'])}"),
        ("版本", f"共 {int(m['revisions_count']) + 1} 个版本，{'本版本为当前版本' if bool(m['is_current']) else '本版本已被替换'}"
                 + (f"（当前版本{versions_summary(versions)}）" if len(versions) > 1 else "")),
        ("发布日期", m["published_at"].date().isoformat() if pd.notna(m["published_at"]) else "报告未注明"),
        ("发布日期来源", m["published_from_label"] if isinstance(m["published_from_label"], str) else "—"),
        ("按时公布", PUBLICATION_STATUS_LABELS.get(m["publication_status"], PUBLICATION_STATUS_LABELS["unknown"])
                     + (f"（期限 {m['deadline'].date().isoformat()}）" if pd.notna(m["deadline"]) else "")),
        ("来源网址", m["source_url"] if isinstance(m["source_url"], str) else "（非采集所得）"),
        ("报告编号", m["report_id"]),
    ],
    columns=["项目", "内容"],
)
st.dataframe(facts, hide_index=True, width="stretch", height=38 + 35 * len(facts))
if isinstance(m["source_url"], str) and m["source_url"].startswith(("http://", "https://")):
    st.link_button("打开来源网页", m["source_url"])
download_buttons(facts, "报告信息")

def version_choice_form(versions: pd.DataFrame) -> None:
    """管理员：指定当前版本（或交还规则决定），理由必填，记入历史。Only where an admin password is set."""
    if not admin_password():
        return
    with st.expander("管理员：指定当前版本", expanded=bool(st.session_state.get("version_saved"))):
        if st.session_state.pop("version_saved", False):
            st.success("已保存并发布，统计与核查结果已按新的当前版本更新。")
        if not st.session_state.get("admin_ok"):
            given = st.text_input("管理员密码", type="password", key="version_password")
            if st.button("登录", key="version_login"):
                refused = login(given, st.context.ip_address)  # throttled per client, like the upload page
                if refused is None:
                    st.session_state.admin_ok = True
                    st.rerun()
                st.error(refused)
            return
        labels = {
            row.report_id: f"{'当前 · ' if row.is_current else ''}入库 {row.loaded_at:%Y-%m-%d %H:%M} · {Path(row.path).name}"
            for row in versions.itertuples()
        }
        picked = st.selectbox("版本", list(labels), format_func=labels.get, key="version_pick")
        automatic = st.checkbox("不指定，交还规则决定（发布日期，否则载入顺序）", key="version_automatic")
        reason = st.text_input("理由（必填，记入历史）", key="version_reason")
        who = st.text_input("操作人", key="version_by")
        if st.button("保存", key="version_save", type="primary"):
            try:
                choose(picked, "automatic" if automatic else "make_current", reason, who or "网页管理员", default_db_path())
            except VersionError:
                st.error("请填写理由。" if not reason.strip() else "未能保存：这份报告已不在数据库中。")
                return
            st.session_state.version_saved = True
            st.rerun()


if len(versions) > 1:
    st.markdown("#### 版本")
    st.caption(escape_markdown(f"当前版本的确定方式：{versions_summary(versions)}。") + "管理员指定的版本优先；否则各版本都注明发布日期"
               "时取发布日期最晚的，不然取最后载入的。")
    published = versions["published_at"].map(lambda d: d.date().isoformat() if pd.notna(d) else "未注明")
    show_table(versions.assign(当前=versions["is_current"].map({True: "当前", False: "旧版"}), 发布日期=published,
                               path=versions["path"].map(lambda p: Path(p).name)), "报告版本",
               {"当前": "", "发布日期": "", "loaded_at": "入库时间", "path": "", "format": ""})
    version_choice_form(versions)

findings = query("report_findings", report=report_id)
cells = query("report_cells", report=report_id)
text = query("report_text", report=report_id)
parsing = query("report_parsing", report=report_id)

st.markdown("#### 核查发现")
focus = None
if findings.empty:
    st.caption("这份报告没有核查发现。")
else:
    findings["rule_label"] = findings["rule"].map(rule_label)
    findings["severity_label"] = findings["severity"].map(SEVERITY_LABELS).fillna(findings["severity"])
    findings["cells_label"] = findings["cells"].map(lambda codes_: cells_in_words(codes_, template))
    others = findings["cells"].map(other_report)
    show_table(
        findings, "核查发现", {"rule_label": "", "severity_label": "", "message": "", "cells_label": ""},
        column_config={"说明": st.column_config.TextColumn("说明", width=520)}, height="fit", row_height=WRAPPED_ROWS,
        links={"相关报告": lambda row: report_link(others[row.name]) if others[row.name] else None} if others.notna().any() else None,
    )
    choices = ["全部核查发现", *[f"{rule_label(r.rule)} · {r.message[:40]}" for r in findings.itertuples()]]
    picked = st.selectbox("在表格中突出显示", range(len(choices)), format_func=lambda i: choices[i], key="finding_focus")
    focus = None if picked == 0 else picked - 1

highlight: set[str] = set()
for i, row in enumerate(findings.itertuples()):
    if focus is None or focus == i:
        highlight.update(row.cells if row.cells is not None else [])

st.markdown("#### 原文与解析出的表格")
st.caption(
    f"数字按原样显示；{BLANK_TEXT} 表示单元格空白；“/”“—”“无”等符号按原样显示并以蓝底标出；{UNREAD_TEXT} 表示模板中有、"
    "但未能从原文读出的单元格；橙底为核查发现涉及的单元格。空白、0 与符号是三种不同的事实。"
)
st.markdown(
    f"图例：数字 `120` · 零 `0` · 空白 :gray-background[{BLANK_TEXT}] · 符号 :blue-background[/] · "
    f"未读出 :red[{UNREAD_TEXT}] · 核查发现涉及 :orange-background[**5**]"
)

source, tables = st.columns([5, 6])
with source:
    st.markdown("**原文**（行号与解析报告中的行号一致）")
    if text.empty:
        st.caption("没有保存这份报告的文字。")
    else:
        st.code(text.iloc[0]["text"], language=None, line_numbers=True, wrap_lines=True, height=900)
with tables:
    present = [t for t in GRID_TABLES if t in set(cells["table_name"]) or (t != "pre2019_statistics" and template in ("2019", "2021"))]
    if not present:
        st.caption("没有读出任何表格。")
    else:
        names = [GRID_TITLES[t].split(" · ")[0] if " · " in GRID_TITLES[t] else GRID_TITLES[t] for t in present]
        # A link from a finding names its table (?table=applications): the view opens on it.
        wanted = url_param("table")
        tabs = st.tabs(names, default=names[present.index(wanted)] if wanted in present else None)
        for tab, table in zip(tabs, present):
            with tab:
                st.markdown(f"**{GRID_TITLES[table]}**")
                grid = cell_grid(cells, table, template, highlight)
                # narrow number columns, 总计 first beside the row labels, so that it is in view however
                # many columns the table has (表三 has seven: at 1440 px 总计 was off-screen). Not
                # pinned: the grid draws pinned columns faded.
                total = codes.column_label(table, "total")
                st.dataframe(grid, width="stretch", height=min(38 + 35 * len(grid.data), 960),
                             column_order=sorted(grid.data.columns, key=lambda c: c != total),
                             column_config={c: st.column_config.Column(width="small") for c in grid.data.columns})
                download_buttons(grid.data.reset_index(), f"{GRID_TITLES[table].split(' · ')[0]}_{report_id[:8]}")

st.markdown("#### 解析报告")
if parsing.empty:
    st.caption("没有解析报告。")
else:
    parsing["table_label"] = parsing["table_name"].map(lambda t: GRID_TITLES.get(t, t))
    parsing["lines"] = [
        f"{int(a)}–{int(b)}" if pd.notna(a) and pd.notna(b) else "—" for a, b in zip(parsing["first_line"], parsing["last_line"])
    ]
    parsing["missing_label"] = [
        "；".join(cell_label(f"{t}.{c}", template) for c in (missing if missing is not None else [])) or "无"
        for t, missing in zip(parsing["table_name"], parsing["missing"])
    ]
    parsing["layout"] = parsing["layout"].map(lambda v: LAYOUT_LABELS.get(v, "—") if isinstance(v, str) else "—")
    parsing["found_label"] = parsing["found"].map({True: "找到", False: "未找到"})
    parsing["truncated_label"] = parsing["truncated"].map({True: "是", False: "否"})
    show_table(
        parsing, "解析报告",
        {"table_label": "表格", "found_label": "是否找到", "lines": "原文行号", "layout": "版式", "cells_read": "",
         "cells_expected": "", "missing_label": "缺失的单元格", "truncated_label": "原文在表内截断",
         "confidence": "可信度"},
        column_config={"可信度": st.column_config.NumberColumn("可信度", format="%.2f")},
    )

st.markdown("#### 正文中的数字")
prose = query("report_prose_facts", report=report_id)
if prose.empty:
    st.caption("没有从正文读出数字。")
else:
    prose["label"] = prose["code"].map(lambda c: PROSE_LABELS.get(c, c))
    show_table(prose, "正文数字", {"label": "项目", "value": "数值", "sentence": "", "start": "位置（字符）"})

st.markdown("#### 解析提示")
warnings = query("report_warnings", report=report_id)
if warnings.empty:
    st.caption("解析时没有提示。")
else:
    show_table(warnings, "解析提示", {"message": SEVERITY_LABELS["info"]})
