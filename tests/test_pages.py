"""Every page under AppTest: it runs without exceptions, shows Chinese text and honours the URL."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path
from urllib.parse import parse_qs

import duckdb
import pandas as pd
import pytest

from app_support import run_page, serve_database
from xxgk.db import derived_is_current
from xxgk.filters import Filters
from xxgk.load import ingest
from xxgk.metrics import load_queries
from xxgk.ui import (
    BLANK_TEXT,
    PAGES,
    STYLE_BLANK,
    STYLE_FINDING,
    STYLE_MARK,
    UNREAD_TEXT,
    cell_grid,
    cell_label,
    escape_markdown,
    plot_text,
    rule_label,
)

REPO = Path(__file__).resolve().parents[1]

# A selection every page is opened with in the demo database, and how captions describe it.
DEMO_LINK = {"province": "河南省", "city": "洛阳市", "year_from": "2021", "year_to": "2023", "kind": "department"}
DEMO_DESCRIBED = "2021–2023年 · 河南省 · 洛阳市 · 政府部门"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    path = tmp_path_factory.mktemp("db") / "xxgk.duckdb"
    summary = ingest([seed_path], path, workers=1)
    assert summary.loaded == 1
    return path


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """The seed plus a few hundred demo reports of one city over several years."""
    from xxgk_demo import write_demo

    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder / "reports", reports=400, seed=11)
    path = folder / "xxgk.duckdb"
    summary = ingest([seed_path, folder / "reports"], path, workers=1)
    assert summary.loaded > 300
    return path


@pytest.fixture
def app_env(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_database(seed_db, monkeypatch)


@pytest.fixture
def demo_env(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_database(demo_db, monkeypatch)


_run = run_page


def _declared_queries(page: str) -> tuple[str, ...]:
    tree = ast.parse((REPO / page).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "QUERIES" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError(f"{page} has no QUERIES tuple")


def _one(db: Path, sql: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_every_page_declares_its_queries_and_every_query_is_used() -> None:
    declared = {name for page, _ in PAGES for name in _declared_queries(page)}
    assert declared <= set(load_queries()), declared - set(load_queries())
    from xxgk.cli import QUERIES as CLI_QUERIES

    assert set(CLI_QUERIES) <= set(load_queries())
    assert set(load_queries()) <= declared | {"filter_options", "overview_kpis"} | set(CLI_QUERIES), set(load_queries()) - declared


def test_every_page_file_is_in_the_navigation_and_opens_with_a_docstring() -> None:
    files = {"dashboard.py", *(f"pages/{p.name}" for p in (REPO / "pages").glob("*.py"))}
    assert files == {page for page, _ in PAGES}
    for page, _ in PAGES:
        tree = ast.parse((REPO / page).read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{page} has no docstring saying which question it answers"


def test_no_page_holds_sql_or_html() -> None:
    for page, _ in PAGES:
        text = (REPO / page).read_text(encoding="utf-8")
        assert not re.search(r"\bSELECT\b[\s\S]*\bFROM\b", text, re.IGNORECASE), page
        assert "duckdb" not in text and ".execute(" not in text, page
        assert "unsafe_allow_html" not in text, page


@pytest.mark.parametrize("page,label", PAGES)
def test_every_page_runs_and_speaks_chinese(app_env: Path, page: str, label: str) -> None:
    at = _run(page)
    assert at.title[0].value == label


@pytest.mark.parametrize("page,label", PAGES)
def test_every_page_with_filters_from_the_url(demo_env: Path, page: str, label: str) -> None:
    at = _run(page, **DEMO_LINK)
    assert at.title[0].value == label
    assert not at.warning, [w.value for w in at.warning]
    assert at.sidebar.selectbox(key="f_city").value == "洛阳市"
    assert at.sidebar.selectbox(key="f_kind").value == "department"
    captions = [c.value for c in at.caption]
    assert f"当前筛选：{DEMO_DESCRIBED}" in captions
    # every chart has the filter in the caption beneath it
    charts = at.get("plotly_chart")
    assert sum(DEMO_DESCRIBED in c for c in captions if not c.startswith("当前筛选")) >= len(charts)
    # every table on screen can be downloaded as CSV and as Excel
    buttons = [b.proto.label for b in at.get("download_button")]
    assert buttons.count("下载 CSV") == buttons.count("下载 Excel") == len(at.dataframe)


def test_overview_shows_the_kpis_of_the_seed(app_env: Path) -> None:
    at = _run("dashboard.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"报告数": "1", "机构数": "1", "收到申请（件）": "0", "零活动报告（份）": "1",
                       "有错误的报告（份）": "1", "内容雷同的报告（份）": "0", "缺报（机构·年度）": "0"}
    assert "全部年份 · 全国 · 全部机构" in at.caption[0].value


def test_zero_activity_lists_the_seed_agency(app_env: Path) -> None:
    at = _run("pages/zero_activity.py")
    frame = at.dataframe[0].value
    assert frame[["机构", "区县", "年度"]].to_dict("records") == [{"机构": "孟津区司法局", "区县": "孟津区", "年度": 2022}]


def test_every_table_row_with_a_report_links_to_its_report_view(demo_env: Path) -> None:
    known = {r[0] for r in duckdb.connect(str(demo_env), read_only=True).execute("SELECT report_id FROM reports").fetchall()}
    linked = 0
    for page, _ in PAGES:
        at = _run(page, **DEMO_LINK)
        for table in at.dataframe:
            frame = table.value
            if "原文" in frame.columns:
                links = frame["原文链接"].tolist()
                assert all(link.startswith("report?") for link in links), page
                assert {parse_qs(link.split("?", 1)[1])["report"][0] for link in links} <= known, page
                linked += len(links)
    assert linked > 100


def test_filters_come_from_the_url(app_env: Path) -> None:
    at = _run("dashboard.py", province="河南省", city="洛阳市", kind="department")
    assert at.sidebar.selectbox(key="f_city").value == "洛阳市"
    assert "河南省 · 洛阳市 · 政府部门" in at.caption[0].value


def test_a_bad_link_falls_back_with_a_visible_warning(app_env: Path) -> None:
    at = _run("dashboard.py", city="不存在市")
    assert [w.value for w in at.warning] == ["链接中的城市“不存在市”在当前数据中不存在，已改为全部城市。"]
    assert {m.label: m.value for m in at.metric}["报告数"] == "1"


def test_bad_years_and_kinds_in_a_link_fall_back_with_warnings(demo_env: Path) -> None:
    first, last = _one(demo_env, "SELECT min(year) FROM reports"), _one(demo_env, "SELECT max(year) FROM reports")
    at = _run("pages/trends.py", year_from="abc", year_to="1900", kind="ministry")
    assert [w.value for w in at.warning] == [
        "链接中的起始年份“abc”不是年份，已忽略。",
        f"链接中的截止年份1900超出数据范围（{first}–{last}），已忽略。",
        "链接中的机构类型“ministry”无效，已改为全部机构。",
    ]
    assert dict(at.query_params) == {}


def test_an_empty_selection_says_so(app_env: Path) -> None:
    at = _run("dashboard.py", kind="street")
    assert any("没有报告" in i.value for i in at.info)


@pytest.mark.parametrize("page,label", PAGES)
def test_every_page_has_an_empty_state(app_env: Path, page: str, label: str) -> None:
    at = _run(page, kind="street")
    assert at.title[0].value == label
    if page not in ("pages/upload.py",):
        assert any("当前筛选" in i.value and "下没有" in i.value for i in at.info), [i.value for i in at.info]


def test_the_cascade_narrows_and_the_url_follows(demo_env: Path) -> None:
    at = _run("pages/districts.py", province="河南省")
    assert at.sidebar.selectbox(key="f_city").options == ["全部", "洛阳市"]
    at.sidebar.selectbox(key="f_city").select("洛阳市").run()
    districts = at.sidebar.selectbox(key="f_district").options
    assert districts[0] == "全部" and "孟津区" in districts and len(districts) > 3
    at.sidebar.selectbox(key="f_district").select("孟津区").run()
    assert dict(at.query_params) == {"province": "河南省", "city": "洛阳市", "district": "孟津区"}
    assert "河南省 · 洛阳市 · 孟津区" in at.sidebar.caption[-1].value


def test_changing_the_province_drops_a_city_outside_it(tmp_path: Path, seed_path: Path, corpus_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "corpus.duckdb"
    ingest([seed_path, corpus_dir], db, workers=1)
    monkeypatch.setenv("XXGK_DB", str(db))
    at = _run("dashboard.py", province="湖南省", city="益阳市")
    assert at.sidebar.selectbox(key="f_city").options == ["全部", "怀化市", "益阳市"]
    assert at.sidebar.selectbox(key="f_district").options == ["全部", "桃江县"]
    at.sidebar.selectbox(key="f_province").select("河南省").run()
    assert at.sidebar.selectbox(key="f_city").value == "全部"
    assert at.sidebar.selectbox(key="f_city").options == ["全部", "洛阳市"]
    assert dict(at.query_params) == {"province": "河南省"}


def test_navigation_links_carry_the_filters(demo_env: Path) -> None:
    at = _run("pages/trends.py", **DEMO_LINK)
    links = at.sidebar.get("page_link")
    assert [link.proto.label for link in links] == [label for _, label in PAGES]
    assert [link.proto.page for link in links] == ["", *(Path(page).stem for page, _ in PAGES[1:])]
    for link in links:
        assert parse_qs(link.proto.query_string) == {key: [value] for key, value in DEMO_LINK.items()}


def test_district_rows_drill_down_to_the_district(demo_env: Path) -> None:
    at = _run("pages/districts.py", province="河南省", city="洛阳市")
    frame = at.dataframe[0].value
    row = frame[frame["区县"] == "孟津区"].iloc[0]
    assert row["下钻链接"] == "applications?province=%E6%B2%B3%E5%8D%97%E7%9C%81&city=%E6%B4%9B%E9%98%B3%E5%B8%82&district=%E5%AD%9F%E6%B4%A5%E5%8C%BA"


def test_small_samples_are_shown_with_their_counts_but_not_ranked(demo_env: Path) -> None:
    at = _run("pages/applications.py", **DEMO_LINK)
    frame = next(t.value for t in at.dataframe if "实质公开率（%）" in t.value.columns)
    small = frame[frame["样本过少（不排名）"]]
    assert not small.empty
    assert small["当年排名（1 = 公开率最低）"].isna().all()
    assert (small["办理结果总计（件）"] < 10).all()
    assert frame.loc[~frame["样本过少（不排名）"], "当年排名（1 = 公开率最低）"].notna().all()


def test_the_report_view_shows_metadata_text_tables_findings_and_prose(app_env: Path) -> None:
    report_id = _one(app_env, "SELECT report_id FROM reports")
    at = _run("pages/report.py", report=report_id)
    assert at.subheader[0].value == "孟津区司法局 · 2022年"
    facts = dict(at.dataframe[0].value.values.tolist())
    assert facts["机构"] == "孟津区司法局"
    assert facts["地区"] == "河南省 · 洛阳市 · 孟津区（410308）"
    assert facts["模板"].startswith("2021年模板")
    assert facts["报告编号"] == report_id
    findings = next(t.value for t in at.dataframe if "规则" in t.value.columns)
    assert findings["规则"].str.endswith("（R9）").any()  # the code only beside the rule's name
    assert "正文·文中所述采用率（%）" in findings["涉及的单元格"].iloc[0]
    # the source text is shown as text, in full
    assert "孟津区司法局" in at.code[0].value and "采用率18%" in at.code[0].value
    prose = next(t.value for t in at.dataframe if "原句" in t.value.columns)
    assert "2022年上报政务信息35条，采用信息6条，采用率18%" in prose["原句"].tolist()
    parsing = next(t.value for t in at.dataframe if "缺失的单元格" in t.value.columns)
    assert parsing["是否找到"].tolist() == ["找到", "找到", "找到"]
    grids = [t.value for t in at.dataframe if t.value.index.name == "项目"]
    assert len(grids) == 3
    applications = grids[1]
    assert applications.loc["本年新收政府信息公开申请数量", "总计"] == "0"
    assert list(applications.columns) == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_an_unknown_report_in_a_link_says_so_and_offers_a_search(app_env: Path) -> None:
    at = _run("pages/report.py", report="deadbeef")
    assert any("deadbeef" in w.value and "不存在" in w.value for w in at.warning)
    assert at.text_input(key="report_search") is not None
    assert "report" not in at.query_params


def test_the_report_view_without_a_report_searches(app_env: Path) -> None:
    at = _run("pages/report.py")
    at.text_input(key="report_search").input("司法").run()
    frame = at.dataframe[0].value
    assert frame["机构"].tolist() == ["孟津区司法局"]
    assert frame["原文链接"].iloc[0].startswith("report?") and "report=" in frame["原文链接"].iloc[0]


def test_the_agency_profile_follows_the_link(demo_env: Path) -> None:
    # a department that processed applications, so that its profile has a disclosure rate
    key = _one(
        demo_env,
        "SELECT agency_key FROM report_figures WHERE agency_kind = 'department' "
        "AND applications__total_processed__total > 0 ORDER BY agency_key LIMIT 1",
    )
    at = _run("pages/agency.py", agency=key)
    assert at.selectbox(key="agency_choice").value == key
    frame = at.dataframe[0].value
    assert {"本年新收申请（件）", "实质公开率（%）"} <= set(frame["指标"])
    assert at.query_params["agency"] == key
    bogus = _run("pages/agency.py", agency="不存在的机构|000000")
    assert any("不在当前筛选范围" in w.value for w in bogus.warning)


def test_a_grid_keeps_blank_zero_and_mark_apart_and_marks_finding_cells() -> None:
    cells = pd.DataFrame(
        [
            ("review_litigation", "review", "upheld", 0.0, "number", "0", 80),
            ("review_litigation", "review", "corrected", None, "blank", "", 80),
            ("review_litigation", "review", "other", None, "mark", "/", 80),
            ("review_litigation", "review", "pending", 2.0, "number", "2", 80),
            # review.total not read at all
        ],
        columns=["table_name", "row_code", "column_code", "value", "kind", "raw", "line"],
    )
    styler = cell_grid(cells, "review_litigation", "2021", highlight={"review_litigation.review.pending"})
    grid = styler.data
    assert grid.loc["行政复议"].tolist() == ["0", BLANK_TEXT, "/", "2", UNREAD_TEXT]
    assert list(grid.columns) == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert grid.index.tolist() == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    html = styler.to_html()
    assert STYLE_BLANK.split(";")[0] in html and STYLE_MARK.split(";")[0] in html and STYLE_FINDING.split(";")[0] in html


def test_finding_cells_read_in_chinese() -> None:
    assert cell_label("applications.new_received.total") == "表三·本年新收政府信息公开申请数量·总计"
    assert cell_label("prose.info_submitted") == "正文·上报政务信息（条）"
    assert cell_label("abcdef0123456789:applications.carried_forward.total") == "另一份报告·表三·结转下年度继续办理·总计"
    assert cell_label("review_litigation.litigation_direct.corrected") == "表四·未经复议直接起诉·结果纠正"


def test_filters_describe_what_captions_say() -> None:
    assert Filters(province="河南省", city="洛阳市", year_from=2021, year_to=2023, kind="department").describe() == DEMO_DESCRIBED


def test_report_text_never_becomes_markup() -> None:
    hostile = '孟津区<a href="javascript:alert(1)">司法局</a>**粗体**[链接](http://x)'
    assert plot_text(hostile) == '孟津区&lt;a href="javascript:alert(1)"&gt;司法局&lt;/a&gt;**粗体**[链接](http://x)'
    escaped = escape_markdown(hostile)
    assert "\\<a" in escaped and "\\*\\*" in escaped and "\\[链接\\]\\(" in escaped
    assert pd.isna(plot_text(pd.Series([hostile, None])).tolist()[1])


def test_a_hostile_agency_name_shows_as_text_on_the_report_view(tmp_path: Path, seed_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("孟津区司法局", "孟津区**司法**局")
    report = tmp_path / "hostile.txt"
    report.write_text(text, encoding="utf-8")
    db = tmp_path / "hostile.duckdb"
    ingest([report], db, workers=1)
    monkeypatch.setenv("XXGK_DB", str(db))
    monkeypatch.chdir(REPO)
    report_id = _one(db, "SELECT report_id FROM reports")
    assert _one(db, "SELECT agency FROM reports") == "孟津区**司法**局"
    at = _run("pages/report.py", report=report_id)
    assert at.subheader[0].value == "孟津区\\*\\*司法\\*\\*局 · 2022年"  # shown as typed, not in bold
    assert "孟津区**司法**局" in at.code[0].value  # the source text, verbatim, in a code block


def test_the_findings_list_follows_the_rule_in_the_link(demo_env: Path) -> None:
    at = _run("pages/data_quality.py", rule="R1")
    assert at.selectbox(key="rule_choice").value == "R1"
    findings = next(t.value for t in at.dataframe if "说明" in t.value.columns and "机构" in t.value.columns)
    assert set(findings["规则"]) == {rule_label("R1")}
    by_rule = next(t.value for t in at.dataframe if "清单" in t.value.columns)
    assert all(rule_label(parse_qs(link.split("?", 1)[1])["rule"][0]) == rule for link, rule in zip(by_rule["清单链接"], by_rule["规则"]))
    bogus = _run("pages/data_quality.py", rule="R99")
    assert [w.value for w in bogus.warning] == ["链接中的规则“R99”不存在，已改为全部规则。"]
    assert bogus.selectbox(key="rule_choice").value == "全部规则"


# --- long lists: the first 500 rows on screen, the whole list in the downloads ---------------------


@pytest.fixture(scope="module")
def long_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """620 zero-activity reports of one year: more than a page lists."""
    from tests.test_metrics import make_db, many_reports

    path = tmp_path_factory.mktemp("long") / "xxgk.duckdb"
    make_db(many_reports(620, new_received=0), path).close()
    return path


@pytest.fixture
def long_env(long_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XXGK_DB", str(long_db))
    monkeypatch.chdir(REPO)
    return long_db


def test_a_long_list_shows_its_first_500_rows_and_says_how_many_there_are(long_env: Path) -> None:
    at = _run("pages/zero_activity.py")
    assert {m.label: m.value for m in at.metric}["零活动报告（份）"] == "620"
    assert len(at.dataframe[0].value) == 500
    assert "共 620 条，显示前 500 条；下载的文件包含全部 620 条。" in [c.value for c in at.caption]


def test_the_download_of_a_long_list_reads_every_row(long_env: Path) -> None:
    from xxgk.ui import full_list

    every = full_list("zero_activity_agencies", Filters())()
    assert len(every) == 620 and every["report_id"].is_unique
    assert len(full_list("zero_activity_agencies", Filters(year_from=2023))()) == 0


def test_the_agency_profile_finds_an_agency_by_name(long_env: Path) -> None:
    at = _run("pages/agency.py")
    assert len(at.selectbox(key="agency_choice").options) == 500
    assert "共 620 个机构，下拉列表列出前 500 个；输入名称可查找其余机构。" in [c.value for c in at.caption]
    at.text_input(key="agency_search").input("机构0612").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [o for o in at.selectbox(key="agency_choice").options] == ["机构0612（河南省 洛阳市 孟津区，2022–2022年）"]
    assert at.query_params["agency"] in ("机构0612|41030612", ["机构0612|41030612"])
    # a search that finds nothing says so
    at.text_input(key="agency_search").input("没有这个机构").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("名称包含“没有这个机构”的机构" in i.value for i in at.info)


def test_a_database_of_an_older_version_is_brought_up_to_date(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "xxgk.duckdb"
    ingest([seed_path], path, workers=1)
    con = duckdb.connect(str(path))
    con.execute("CREATE OR REPLACE TABLE report_facts AS SELECT * EXCLUDE (agency_id, derived__zero_run_ends) FROM report_facts")
    con.execute("DROP TABLE report_filter_options")
    con.execute("DROP TABLE finding_facts")
    con.execute("UPDATE xxgk_meta SET derived_version = 3")  # stamped by hand by an older version
    con.close()
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.chdir(REPO)
    # the page only reads: it names the command that updates the database, and writes nothing
    before = path.stat().st_ino, path.stat().st_mtime_ns
    at = _run("pages/zero_activity.py")
    assert any("旧版本" in w.value for w in at.warning) and not at.metric
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == before
    from xxgk.bootstrap import prepare_database  # what xxgk serve runs before the server starts

    prepare_database(path, io.StringIO())
    at = _run("pages/zero_activity.py")
    assert {m.label: m.value for m in at.metric}["零活动报告（份）"] == "1"
    con = duckdb.connect(str(path), read_only=True)
    columns = {r[0] for r in con.execute("DESCRIBE report_facts").fetchall()}
    assert {"agency_id", "derived__zero_run_ends"} <= columns
    assert derived_is_current(con)
    assert con.execute("SELECT count(*) FROM finding_facts").fetchall()[0][0] > 0
