"""Aggregates on screen (AppTest over a database built by the real loader): a sum no report printed
reads 未填报, the reports counted and excluded are in the captions and tables, and the pre-2019
figures are a series of their own on 趋势 with 2019 marked."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path

import numpy as np

import pytest
from streamlit.testing.v1 import AppTest

from test_aggregates import BLANK_ROW, PRE2019, _report
from reports_support import build_report
from app_support import run_page, serve_database
from xxgk.load import ingest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def aggregates_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("aggregates_pages")
    reports = {
        "a2022": _report("示范县民政局", 2022, apps={"new_received": BLANK_ROW}),
        "b2022": _report("示范县财政局", 2022, apps={"new_received": BLANK_ROW, "granted": BLANK_ROW}),
        "a2023": _report("示范县民政局", 2023),
        "old2018": PRE2019,
        "new2019": build_report("2019", agency="示范县教育局", year=2019),
    }
    (folder / "reports").mkdir()
    for name, text in reports.items():
        (folder / "reports" / f"{name}.txt").write_text(text, encoding="utf-8")
    path = folder / "xxgk.duckdb"
    assert ingest([folder / "reports"], path, workers=1).loaded == len(reports)
    return path


@pytest.fixture
def env(aggregates_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_database(aggregates_db, monkeypatch)


_run = run_page


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _values(array) -> list:
    """A plotly array as sent to the browser (a list, or typed {"dtype", "bdata"}), NaN as None."""
    if isinstance(array, dict):
        array = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return [None if isinstance(v, float) and math.isnan(v) else v for v in array]


def _table(at: AppTest, column: str):
    return next(t.value for t in at.dataframe if column in t.value.columns)


def test_the_overview_says_unreported_where_no_report_printed_the_figure(env: Path) -> None:
    at = _run("dashboard.py", year_from="2022", year_to="2022")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["收到申请（件）"] == "未填报"
    assert "0 / 2 份报告填报" in at.caption[0].value
    by_year = _table(at, "本年新收（件）")
    assert by_year[["本年新收（件）", "填报本年新收的报告数", "予以公开（件）", "填报予以公开的报告数"]].values.tolist() == [
        ["未填报", 0, "3", 1]
    ]


def test_trends_show_the_pre2019_series_apart_with_2019_marked(env: Path) -> None:
    at = _run("pages/trends.py")
    applications = next(f for f in _figures(at) if f["layout"]["title"]["text"] == "历年申请数量（总计列）")
    by_series = {trace["name"]: dict(zip(trace["x"], _values(trace["y"]))) for trace in applications["data"]}
    older = by_series["受理申请（2019年以前统计表）"]
    assert older == {"2018": 12}
    # the 2018 report adds nothing to the modern line; 2022 has no printed 本年新收 (a gap, not 0)
    assert by_series["本年新收"] == {"2018": None, "2019": 8, "2022": None, "2023": 8}
    dotted = {t["name"] for t in applications["data"] if t.get("line", {}).get("dash") == "dot"}
    assert dotted == {"受理申请（2019年以前统计表）", "答复总数（2019年以前统计表）"}
    notes = [a["text"] for a in applications["layout"].get("annotations", [])]
    assert "2019 年起为新模板口径" in notes
    assert applications["layout"]["shapes"][0]["x0"] == 0.5  # between 2018 (0) and 2019 (1)
    older_table = _table(at, "受理申请（件）")
    assert older_table[["年度", "受理申请（件）", "填报受理申请的报告数"]].values.tolist() == [[2018, "12", 1]]
    counts = _table(at, "填报本年新收的报告数")
    assert counts.loc[counts["年度"] == 2022, "本年新收（件）"].tolist() == ["未填报"]


def test_rates_on_screen_say_how_many_reports_were_left_out(env: Path) -> None:
    at = _run("pages/applications.py", year_from="2022", year_to="2022")
    outcomes = _table(at, "办理结果")
    granted = outcomes[outcomes["办理结果"] == "予以公开"]
    assert granted[["件数", "办理结果总计（件）", "计入的报告数", "因单元格空白、符号或未读出而未计入的报告数"]].values.tolist() == [
        ["3", "8", 1, 1]
    ]
    assert any("另有 1 份报告的予以公开、部分公开或办理结果总计为空白" in c.value for c in at.caption)
