"""Issue #16, the dashboard for an official's working day, under AppTest on a demo database:
the cascade resets what no longer applies, a 市本级 choice and one name for city-level units, no
English or code names on any page, rule codes only beside their names, one-click drill-down keeping
the filters, labels that say what they count, downloads an official can forward."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from xxgk.load import ingest
from xxgk.rules import RULE_NAMES
from xxgk.ui import PAGES, CITY_LEVEL

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    from xxgk_demo import write_demo

    folder = tmp_path_factory.mktemp("day")
    write_demo(folder / "reports", reports=400, seed=11)
    path = folder / "xxgk.duckdb"
    assert ingest([seed_path, folder / "reports"], path, workers=1).loaded > 300
    return path


@pytest.fixture
def demo_env(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XXGK_DB", str(demo_db))
    monkeypatch.chdir(REPO)
    return demo_db


def _run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "dashboard.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def _select(at: AppTest, label: str):
    return next(s for s in at.sidebar.selectbox if s.label == label)


# --- 1. the cascade and 市本级 -----------------------------------------------------------------


def test_setting_the_city_back_to_all_clears_the_district(demo_env: Path) -> None:
    at = _run("dashboard.py", province="河南省", city="洛阳市", district="孟津区")
    assert _select(at, "区县").value == "孟津区"
    _select(at, "城市").set_value("全部").run()
    assert _select(at, "区县").value == "全部"
    assert "district" not in at.query_params
    _select(at, "省份").set_value("全部").run()
    assert _select(at, "城市").value == "全部" and _select(at, "区县").value == "全部"


def test_city_level_is_a_district_choice_and_filters(demo_env: Path) -> None:
    at = _run("pages/zero_activity.py", province="河南省", city="洛阳市")
    assert CITY_LEVEL in _select(at, "区县").options
    _select(at, "区县").set_value(CITY_LEVEL).run()
    assert at.query_params["district"] in (CITY_LEVEL, [CITY_LEVEL])
    caption = " ".join(c.value for c in at.sidebar.caption)
    assert f"洛阳市 · {CITY_LEVEL}" in caption
    # a deep link with 市本级 is accepted, not warned away
    again = _run("dashboard.py", province="河南省", city="洛阳市", district=CITY_LEVEL)
    assert not again.warning, [w.value for w in again.warning]
    assert int(again.metric[0].value.replace(",", "")) > 0


def test_city_level_units_have_one_name_everywhere(demo_env: Path) -> None:
    at = _run("pages/districts.py", province="河南省", city="洛阳市")
    table = at.dataframe[0].value
    areas = set(table["区县"].dropna())
    assert CITY_LEVEL in areas
    assert not any(a.endswith("本级") and a != CITY_LEVEL and a != "省本级" for a in areas), areas


# --- 2. no English, no code names on screen --------------------------------------------------

# What must stay Latin: names of formats and encodings.
ALLOWED_LATIN = {"PDF", "CSV", "Excel", "MB", "Word", "RTF", "UTF", "GBK", "GB"}
# A file's own name is the user's data, not the dashboard's words.
FILE_NAME = re.compile(r"[\w.-]+\.(?:html?|txt|md|docx?|pdf|rtf)\b")


def _visible_texts(at: AppTest) -> list[str]:
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "error", "info", "success"):
        texts += [e.value for e in getattr(at, kind)]
    for kind in ("selectbox", "radio", "multiselect", "text_input", "number_input", "toggle", "button"):
        for widget in getattr(at, kind):
            texts.append(str(widget.label))
            for option in getattr(widget, "options", []) or []:
                texts.append(str(option))
    for metric in at.metric:
        texts += [metric.label, str(metric.value)]
    for frame in at.dataframe:
        value = frame.value.data if hasattr(frame.value, "data") else frame.value
        texts += [str(c) for c in value.columns]
        for column in value.columns:
            # every text cell but relative links (report?report=…), which a reader sees as 查看原文
            texts += [v for v in value[column].tolist() if isinstance(v, str) and not LINK.match(v)]
    return texts


LINK = re.compile(r"^[a-z_]+\?[a-z_]+=")


def _latin_words(texts: list[str]) -> set[str]:
    words = set()
    for text in texts:
        # links and escapes are not words a reader sees
        cleaned = re.sub(r"\\.", "", re.sub(r"\(https?://[^)]*\)|:material/[a-z_]+:|:[a-z-]+\[|[0-9a-f]{16,}", "", FILE_NAME.sub("", text)))
        words |= {w for w in re.findall(r"[A-Za-z][A-Za-z]+", cleaned) if w not in ALLOWED_LATIN}
    return words


@pytest.mark.parametrize("page", [page for page, _ in PAGES if page != "pages/upload.py"])
def test_no_english_or_code_names_on_any_page(demo_env: Path, page: str) -> None:
    at = _run(page, province="河南省", city="洛阳市")
    assert _latin_words(_visible_texts(at)) == set()


def _report_with_rule(db: Path, rule: str) -> str:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(f"SELECT report_id FROM findings WHERE rule = '{rule}' LIMIT 1").fetchall()[0][0]


@pytest.mark.parametrize("rule", ["R11", "R1", "R7"])
def test_the_report_view_speaks_chinese_and_shows_no_path(demo_env: Path, rule: str) -> None:
    at = _run("pages/report.py", report=_report_with_rule(demo_env, rule), city="洛阳市", province="河南省")
    texts = _visible_texts(at)
    assert _latin_words(texts) == set()
    assert not any(str(demo_env.parent) in t or "/reports/" in t for t in texts)
    findings = next(f.value for f in at.dataframe if "说明" in f.value.columns)
    if rule in ("R11", "R7"):
        # the related report is named by agency and year, not a hash
        mine = findings[findings["规则"].str.endswith(f"（{rule}）")]
        assert not mine.empty and mine["涉及的单元格"].str.contains(r"年报告").all(), list(mine["涉及的单元格"])


def test_rule_codes_appear_only_beside_their_names(demo_env: Path) -> None:
    at = _run("pages/data_quality.py", province="河南省", city="洛阳市")
    for frame in at.dataframe:
        for column in frame.value.columns:
            values = frame.value[column].dropna().astype(str)
            bare = values[values.str.fullmatch(r"R\d+")]
            assert bare.empty, (column, list(bare[:3]))
    rule_box = next(s for s in at.selectbox if s.label == "规则")
    assert all(o == "全部规则" or any(name in o for name in RULE_NAMES.values()) for o in rule_box.options)


# --- 3. one-click drill-down keeping the filters -----------------------------------------------


def test_report_links_keep_the_filters_and_name_the_table(demo_env: Path) -> None:
    at = _run("pages/data_quality.py", province="河南省", city="洛阳市", year_from="2022")
    links = [
        v for frame in at.dataframe if "原文链接" in frame.value.columns for v in frame.value["原文链接"].dropna() if v
    ]
    assert links
    query = parse_qs(urlparse(links[0]).query)
    assert query["city"] == ["洛阳市"] and query["year_from"] == ["2022"] and "report" in query
    findings = next(f.value for f in at.dataframe if "说明" in f.value.columns)
    table_links = [parse_qs(urlparse(v).query).get("table", [None])[0] for v in findings["原文链接"]]
    assert {"applications", "active_disclosure", "review_litigation"} & set(table_links)


# --- 4. labels --------------------------------------------------------------------------------


def test_overview_counts_zero_activity_reports_as_reports(demo_env: Path) -> None:
    at = _run("dashboard.py", province="河南省", city="洛阳市")
    labels = [m.label for m in at.metric]
    assert "零活动机构" not in labels
    assert any("零活动报告" in label for label in labels)


# --- 5. downloads -----------------------------------------------------------------------------


def test_downloads_hold_integers_yes_no_and_the_filter() -> None:
    from xxgk.filters import Filters
    from xxgk.ui import download_name, excel_bytes, export_frame

    frame = pd.DataFrame({"排名": [1.0, None], "不符": [True, False], "report_id": ["a" * 64, "b" * 64]})
    out = export_frame(frame)
    assert out["排名"].tolist()[0] == 1 and str(out["排名"].dtype) == "Int64"
    assert out["不符"].tolist() == ["是", "否"]
    assert "report_id" not in out.columns and out["原文链接"].iloc[0].endswith("report=" + "a" * 64)
    filters = Filters(province="河南省", city="洛阳市", year_from=2021, year_to=2023)
    name = download_name("区县对比", filters)
    assert "洛阳市" in name and "2021" in name
    sheet = pd.read_excel(io.BytesIO(excel_bytes(out, "区县对比", filters)), header=None, engine="openpyxl")
    assert "洛阳市" in str(sheet.iloc[0, 0])


# --- 6. correction rates by district, with the minimum sample stated and applied -------------


@pytest.mark.parametrize(("basis", "prefix"), [("行政复议纠错率", "review"), ("行政诉讼纠错率", "litigation")])
def test_districts_compare_correction_rates_with_a_minimum_sample(demo_env: Path, basis: str, prefix: str) -> None:
    from xxgk.ui import MIN_DECIDED

    at = _run("pages/districts.py", province="河南省", city="洛阳市")
    at.radio(key="district_basis").set_value(basis).run()
    assert not at.exception
    assert any(f"不足 {MIN_DECIDED} 件" in c.value for c in at.caption), [c.value for c in at.caption]
    table = at.dataframe[0].value
    assert "诉讼纠错率（%）" in table.columns and "复议纠错率（%）" in table.columns


# --- 10. the database is built at server start; XXGK_DEMO=0 starts on one's own reports --------


def test_the_server_start_builds_the_database_with_progress_and_without_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    from xxgk.bootstrap import prepare_database

    monkeypatch.setenv("XXGK_DEMO", "0")
    out = io.StringIO()
    path = tmp_path / "xxgk.duckdb"
    summary = prepare_database(path, out)
    assert summary is not None and summary.loaded >= 1
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.sql("SELECT count(*) FILTER (WHERE synthetic) FROM reports").fetchall()[0][0] == 0
    printed = out.getvalue()
    assert "data/reports only" in printed and "database ready" in printed and "read " in printed
    assert prepare_database(path, io.StringIO()) is None  # already there: nothing to do


# --- 7. 总览: what needs attention, each a link to its list ------------------------------------


def test_the_overview_says_what_needs_attention(demo_env: Path) -> None:
    at = _run("dashboard.py", province="河南省", city="洛阳市")
    labels = [m.label for m in at.metric]
    for wanted in ("有错误的报告（份）", "内容雷同的报告（份）", "缺报（机构·年度）"):
        assert wanted in labels, labels
    assert any("实质公开率最低的区县" in c.value for c in at.caption)


# --- 8. metric definitions where the figure is, from the SQL file's header -------------------


def test_metric_help_comes_from_the_sql_header_and_is_shown(demo_env: Path) -> None:
    from xxgk.metrics import get_query

    text = get_query("disclosure_rate").help
    assert "予以公开" in text and "办理结果总计" in text and "未填报" in text
    at = _run("pages/districts.py", province="河南省", city="洛阳市")
    assert any(text.split("。")[0] in c.value.replace("\\", "") for c in at.caption)


def test_r11_messages_keep_their_share_and_year_in_view(demo_env: Path) -> None:
    at = _run("pages/data_quality.py", province="河南省", city="洛阳市", rule="R11")
    findings = next(f.value for f in at.dataframe if "说明" in f.value.columns)
    assert not findings.empty
    # the share and the year come within the first 40 characters a 520-px column shows
    assert findings["说明"].map(lambda m: bool(re.search(r"\d+%.*\d{4}年", m[:40]))).all(), findings["说明"].iloc[0]


# --- 4b. ranks say their direction; a chart and the table below it agree ---------------------


def _figures(at: AppTest) -> list[dict]:
    """The plotly figures of a page as their JSON specs."""
    import json

    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def _values(array: object) -> list:
    """A plotly data array, plain or typed (``{"dtype": …, "bdata": …}``), as a list."""
    import base64

    import numpy as np

    if isinstance(array, dict) and "bdata" in array:
        values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        return values.reshape(array["shape"]).tolist() if "shape" in array and isinstance(array["shape"], list) else values.tolist()
    return list(array)


@pytest.mark.parametrize("page", ["pages/applications.py", "pages/districts.py"])
def test_every_rank_says_which_end_is_one(demo_env: Path, page: str) -> None:
    at = _run(page, province="河南省", city="洛阳市")
    ranks = [c for frame in at.dataframe for c in frame.value.columns if "排名" in c and "不排名" not in c]
    assert ranks
    # "当年排名（公开率高者居前）" left the reader to work out what 1 is
    assert all(re.search(r"1\s*=\s*(最|公开率最|比例最)", c) for c in ranks), ranks


def test_the_lowest_rate_chart_and_the_table_below_agree(demo_env: Path) -> None:
    at = _run("pages/applications.py", province="河南省", city="洛阳市")
    figure = next(f for f in _figures(at) if "最低" in f["layout"]["title"]["text"])
    table = next(f.value for f in at.dataframe if "实质公开率（%）" in f.value.columns)
    rank = next(c for c in table.columns if "排名" in c)
    latest = table[table["年度"] == table["年度"].max()].dropna(subset=[rank])
    # the table lists the latest year lowest first, rank 1 the lowest, as the chart above shows it
    rates = latest["实质公开率（%）"].tolist()
    assert rates == sorted(rates), rates[:10]
    assert latest[rank].iloc[0] == 1 and rates[0] == min(rates)
    bars = _values(figure["data"][0]["x"])
    assert min(bars) == rates[0]


def test_the_overview_chart_counts_what_the_kpi_counts(demo_env: Path) -> None:
    at = _run("dashboard.py", province="河南省", city="洛阳市")
    received = next(m for m in at.metric if m.label.startswith("收到申请"))
    figure = next(f for f in _figures(at) if "申请" in f["layout"]["title"]["text"])
    names = [trace.get("name", "") for trace in figure["data"]]
    assert not any("上年结转" in n for n in names), names  # 上年结转 stacked on 本年新收 overstated it
    new = [t for t in figure["data"] if t.get("name") == "本年新收"]
    assert len(new) == 1
    assert sum(_values(new[0]["y"])) == int(received.value.replace(",", ""))


def test_long_finding_messages_wrap_in_full_within_their_column(demo_env: Path) -> None:
    """A message wider than 说明 was cut at the column's edge (long R1, R3, R6 messages at 1920)."""
    import json

    at = _run("pages/data_quality.py", province="河南省", city="洛阳市")
    element = next(f for f in at.dataframe if "说明" in f.value.columns)
    width = json.loads(element.proto.columns)["说明"]["width"]
    assert element.proto.row_height > 64  # the grid wraps text only in rows over 4 rem
    lines = (element.proto.row_height - 8) // 21
    longest = max(element.value["说明"], key=len)
    # every character as wide as a Chinese one (14 px), the cell's padding (2 × 8.5 px) left out
    assert len(longest) * 14 <= lines * (width - 17), (len(longest), lines, width)


def test_the_report_view_keeps_totals_in_view_and_messages_whole(demo_env: Path) -> None:
    """表三 has seven columns: at 1440 px its 总计 was off-screen; 说明 cut long messages."""

    at = _run("pages/report.py", report=_report_with_rule(demo_env, "R3"), table="applications")
    grids = [list(f.proto.column_order) for f in at.dataframe if "总计" in f.value.columns and "自然人" in f.value.columns]
    assert grids and all(order[0] == "总计" for order in grids), grids  # the first column beside the row labels
    findings = next(f for f in at.dataframe if "说明" in f.value.columns)
    assert findings.proto.row_height > 64


# --- 2b. chart axes in Chinese-readable numbers, not "200k" ------------------------------------


@pytest.mark.parametrize("page", ["dashboard.py", "pages/trends.py", "pages/districts.py", "pages/applications.py",
                                  "pages/review_litigation.py", "pages/data_quality.py", "pages/adoption.py"])
def test_number_axes_print_whole_numbers_not_si_suffixes(demo_env: Path, page: str) -> None:
    """Plotly's default tick format writes 200000 as "200k", an English abbreviation."""
    at = _run(page, province="河南省", city="洛阳市")
    figures = _figures(at)
    assert figures
    for figure in figures:
        layout = figure["layout"]
        axes = [layout[k] for k in layout if re.fullmatch(r"[xy]axis\d*", k)]
        numeric = [a for a in axes if a.get("type") != "category"]
        assert all(a.get("tickformat") == "," for a in numeric), (layout.get("title"), numeric)


def test_agency_panels_of_few_cases_tick_whole_numbers(demo_env: Path) -> None:
    """A panel of a count with a few cases ticked 0.5, 1.5 件 — half a case."""
    at = _run("pages/agency.py", province="河南省", city="洛阳市")
    figure = _figures(at)[0]
    layout = figure["layout"]
    highest: dict[str, float] = {}
    for trace in figure["data"]:
        values = [v for v in _values(trace.get("y", [])) if v is not None and v == v]
        axis = "yaxis" + trace.get("yaxis", "y")[1:]
        highest[axis] = max([highest.get(axis, 0), *values])
    titles = [a["text"] for a in layout.get("annotations", []) if a.get("yref") == "paper"]
    counted = [f"yaxis{i + 1 if i else ''}" for i, title in enumerate(titles) if "（件）" in title]
    small = [axis for axis in counted if highest.get(axis, 0) < 5]
    assert small, highest
    assert all(layout[axis].get("dtick") == 1 for axis in small), {a: layout[a] for a in small}


def test_excel_downloads_size_their_columns_to_the_text() -> None:
    """Downloads had no column widths: every column at Excel's default, long names cut."""
    import openpyxl

    from xxgk.ui import excel_bytes

    frame = pd.DataFrame({"机构": ["洛阳市西工区自然资源和规划分局"], "年度": [2022]})
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(frame, "清单"))).active
    widths = {sheet.cell(row=1, column=i).value: sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width
              for i in (1, 2)}
    assert widths["机构"] >= 2 * len("洛阳市西工区自然资源和规划分局") and widths["年度"] < widths["机构"], widths
