"""Every page under AppTest: it runs without exceptions, shows Chinese text and honours the URL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from xxgk.load import ingest
from xxgk.metrics import load_queries
from xxgk.ui import PAGES

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    path = tmp_path_factory.mktemp("db") / "xxgk.duckdb"
    summary = ingest([seed_path], path, workers=1)
    assert summary.loaded == 1
    return path


@pytest.fixture
def app_env(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XXGK_DB", str(seed_db))
    monkeypatch.chdir(REPO)
    return seed_db


def _run(page: str, **params: str) -> AppTest:
    # The server's entry file is dashboard.py; other pages are reached from it, as in the browser.
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "dashboard.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _declared_queries(page: str) -> tuple[str, ...]:
    tree = ast.parse((REPO / page).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "QUERIES" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError(f"{page} has no QUERIES tuple")


def test_every_page_declares_its_queries_and_every_query_is_used() -> None:
    declared = {name for page, _ in PAGES for name in _declared_queries(page)}
    assert declared <= set(load_queries()), declared - set(load_queries())
    assert set(load_queries()) <= declared | {"filter_options", "overview_kpis"}, set(load_queries()) - declared


@pytest.mark.parametrize("page,label", PAGES)
def test_every_page_runs_and_speaks_chinese(app_env: Path, page: str, label: str) -> None:
    at = _run(page)
    assert at.title[0].value == label


def test_overview_shows_the_kpis_of_the_seed(app_env: Path) -> None:
    at = _run("dashboard.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"报告数": "1", "机构数": "1", "收到申请（件）": "0", "零活动机构": "1"}
    assert "全部年份 · 全国 · 全部机构" in at.caption[0].value


def test_zero_activity_lists_the_seed_agency(app_env: Path) -> None:
    at = _run("pages/zero_activity.py")
    frame = at.dataframe[0].value
    assert frame[["机构", "区县", "年度"]].to_dict("records") == [{"机构": "孟津区司法局", "区县": "孟津区", "年度": 2022}]


def test_filters_come_from_the_url(app_env: Path) -> None:
    at = _run("dashboard.py", province="河南省", city="洛阳市", kind="department")
    assert at.sidebar.selectbox(key="f_city").value == "洛阳市"
    assert "河南省 · 洛阳市 · 政府部门" in at.caption[0].value


def test_a_bad_link_falls_back_with_a_visible_warning(app_env: Path) -> None:
    at = _run("dashboard.py", city="不存在市")
    assert [w.value for w in at.warning] == ["链接中的城市“不存在市”在当前数据中不存在，已改为全部城市。"]
    assert {m.label: m.value for m in at.metric}["报告数"] == "1"


def test_an_empty_selection_says_so(app_env: Path) -> None:
    at = _run("dashboard.py", kind="street")
    assert any("没有报告" in i.value for i in at.info)
