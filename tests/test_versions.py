"""Agency identity and report versions: which reports are one agency, which is the current version
of an agency's report for a year and why, and the command line agreeing with the dashboard."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

from reports_support import APPS, build_report, parse, render, table_rows
from xxgk.load import ingest
from xxgk.metrics import run_query

REPO = Path(__file__).resolve().parents[1]
ALL = dict(province=None, city=None, district=None, year_from=None, year_to=None, kind=None)

TOWN = "城关镇人民政府"
# Each township's own prose (distinct wording: R11 must have no reason to pair the two).
PROSE = {
    "a": ("本镇依托便民服务中心公开栏和村务公开栏，按月更新财务收支、低保名单和项目招投标信息，"
          "群众可在服务大厅查阅纸质档案，镇纪委对公开内容逐月抽查。", "村级公开栏更新不够及时，个别村的财务明细过于笼统。"),
    "b": ("围绕乡村振兴和人居环境整治，我们通过微信公众号推送惠农补贴发放进度，组织网格员入户解读医保政策，"
          "并在集市日设立咨询台现场答复群众提问。", "新媒体平台的互动回应还不充分，信息发布人员流动较大。"),
}
# Table 3 of township b: 2 carried over and 2 carried forward, where a carries 1 (so that R7 would
# find a's 2022 against b's 2021, or b's against a's, if it ever paired them).
APPS_B = {**APPS, "carried_over": [2, 0, 0, 0, 0, 0, 2], "carried_forward": [2, 0, 0, 0, 0, 0, 2]}


def town_report(which: str, year: int) -> str:
    general, problems = PROSE[which]
    rows = table_rows("2021", apps=APPS if which == "a" else APPS_B)
    return build_report(
        year=year, agency=TOWN, tables=render(rows, "tab"),
        general=f"{year}年，{TOWN}认真贯彻落实《中华人民共和国政府信息公开条例》。{general}", problems=problems,
    )


def query(db: Path, name: str, **params: Any) -> Any:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return run_query(con, name, {**ALL, **params})
    finally:
        con.close()


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def assert_never_paired(db: Path, first: set[str], second: set[str]) -> None:
    """No R7/R11 finding of a report in one set names a report of the other."""
    for mine, theirs in ((first, second), (second, first)):
        for report_id, rule, cells in rows(db, "SELECT report_id, rule, cells FROM findings WHERE rule IN ('R7', 'R11')"):
            if report_id in mine:
                named = {c.split(":", 1)[0] for c in cells or [] if ":" in c}
                assert not named & theirs, (rule, report_id, cells)


# --- 1. identity ------------------------------------------------------------------------------


def test_two_townships_of_one_name_whose_place_is_unknown_stay_two_agencies(tmp_path: Path, db_path: Path) -> None:
    """Two 城关镇人民政府 of two provinces, collected from their own sites (folders); neither names a
    place the resolver can settle. Both years of both are current, both count, R7/R11 never pair them."""
    ids: dict[str, set[str]] = {"a": set(), "b": set()}
    for which, site in (("a", "gansu_site"), ("b", "henan_site")):
        folder = tmp_path / site
        folder.mkdir()
        for year in (2021, 2022):
            (folder / f"{year}.txt").write_text(town_report(which, year), encoding="utf-8")
    summary = ingest([tmp_path / "gansu_site", tmp_path / "henan_site"], db_path, workers=1)
    assert (summary.loaded, summary.failed) == (4, [])
    for report_id, path in rows(db_path, "SELECT report_id, path FROM reports"):
        ids["a" if "gansu_site" in path else "b"].add(report_id)

    current = rows(db_path, "SELECT report_id FROM report_versions WHERE is_current")
    assert {r for (r,) in current} == ids["a"] | ids["b"]
    kpis = query(db_path, "overview_kpis").iloc[0]
    assert (int(kpis["reports_count"]), int(kpis["agencies_count"])) == (4, 2)
    assert_never_paired(db_path, ids["a"], ids["b"])
    # within one township R7 has its pair and finds it consistent; R11 pairs its years
    assert rows(db_path, "SELECT count(*) FROM findings WHERE rule = 'R7'") == [(0,)]


def test_a_database_keyed_the_old_way_is_rekeyed_by_the_next_load(tmp_path: Path, db_path: Path, seed_path: Path) -> None:
    from xxgk.db import refresh_derived

    for which, site in (("a", "gansu_site"), ("b", "henan_site")):
        (tmp_path / site).mkdir()
        (tmp_path / site / "2022.txt").write_text(town_report(which, 2022), encoding="utf-8")
    ingest([tmp_path / "gansu_site", tmp_path / "henan_site"], db_path, workers=1)
    with duckdb.connect(str(db_path)) as con:  # as the code before this fix keyed them
        con.execute("UPDATE reports SET agency_key = '|城关镇人民政府'")
        con.execute("DROP TABLE IF EXISTS xxgk_identity")
        refresh_derived(con)
    assert rows(db_path, "SELECT count(*) FROM report_facts") == [(1,)]
    assert ingest([seed_path], db_path, workers=1).loaded == 1
    assert rows(db_path, "SELECT count(*) FROM report_facts") == [(3,)]
    assert len(rows(db_path, "SELECT DISTINCT agency_key FROM reports")) == 3


def test_reports_with_no_place_and_no_source_folder_stand_alone(tmp_path: Path, db_path: Path) -> None:
    """Uploads are stored under their content hash: their folder says nothing about the agency."""
    from xxgk.uploads import accept

    result = accept(
        [("gansu.txt", town_report("a", 2022).encode("utf-8")), ("henan.txt", town_report("b", 2022).encode("utf-8"))],
        db_path, root=tmp_path / "uploads",
    )
    assert result.summary is not None and result.summary.loaded == 2
    current = rows(db_path, "SELECT agency_key FROM report_versions WHERE is_current")
    assert len(current) == 2 and len({k for (k,) in current}) == 2
    kpis = query(db_path, "overview_kpis").iloc[0]
    assert (int(kpis["reports_count"]), int(kpis["agencies_count"])) == (2, 2)


def test_an_agency_named_after_an_ambiguous_district_keeps_its_whole_name() -> None:
    from xxgk.regions import Region, agency_identity, resolve_region

    # 鼓楼区 is in 南京, 徐州, 福州 and 开封: never "|教育局", one key for every 教育局 of unknown place
    region = resolve_region("鼓楼区教育局")[0]
    assert agency_identity("鼓楼区教育局", region) is None
    assert agency_identity("鼓楼区教育局", region, "site") != agency_identity("鼓楼区卫生健康委员会", region, "site")
    # a district-level word with only the city known: not one 区审计局 for every district of 洛阳市
    city = Region("河南省", "洛阳市", None, "410300")
    assert agency_identity("区审计局", city, "site-1") != agency_identity("区审计局", city, "site-2")
    # settled: the place folded in as before, whatever the source
    assert agency_identity("孟津县司法局", resolve_region("孟津县司法局")[0], "x") == "410308|司法局"


# --- 2. versions ------------------------------------------------------------------------------


def county_report(received: int, ending: str = "") -> str:
    """孟津区司法局 2022; ``received`` new applications (a correction changes it), ``ending`` after
    the last section (a publication date)."""
    apps = {**APPS, "new_received": [received - 3, 2, 0, 1, 0, 0, received],
            "total_processed": [received - 3, 2, 0, 1, 0, 0, received]}
    return build_report(year=2022, agency="孟津区司法局", tables=render(table_rows("2021", apps=apps), "tab")) + ending


def current_of(db: Path) -> list[tuple[Any, ...]]:
    return rows(db, "SELECT path, current_basis FROM report_versions WHERE is_current")


def current_paths(db: Path) -> list[str]:
    return [p for (p,) in rows(db, "SELECT path FROM report_versions WHERE is_current")]


def test_the_original_saved_again_in_other_bytes_is_the_same_report_and_never_undoes_its_correction(
    tmp_path: Path, db_path: Path
) -> None:
    original, corrected = county_report(8), county_report(9)
    (tmp_path / "original.txt").write_text(original, encoding="utf-8")
    (tmp_path / "corrected.txt").write_text(corrected, encoding="utf-8")
    assert ingest([tmp_path / "original.txt"], db_path, workers=1).loaded == 1
    assert ingest([tmp_path / "corrected.txt"], db_path, workers=1).loaded == 1
    assert current_paths(db_path) == [str(tmp_path / "corrected.txt")]

    resaved = tmp_path / "resaved"
    resaved.mkdir()
    crlf = original.replace("\n", "   \r\n")  # Windows line ends, trailing spaces
    (resaved / "crlf.txt").write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    (resaved / "gb18030.txt").write_bytes(original.encode("gb18030"))
    summary = ingest([resaved], db_path, workers=1)
    assert current_paths(db_path) == [str(tmp_path / "corrected.txt")]
    figures = rows(db_path, "SELECT applications__new_received__total FROM report_facts")
    assert figures == [(9.0,)]
    assert (summary.loaded, summary.skipped, summary.failed) == (0, 2, [])
    assert "2 with the same text as a loaded report" in summary.lines()[0]
    assert rows(db_path, "SELECT count(*) FROM reports") == [(2,)]


def test_the_publication_date_decides_the_current_version_before_load_order(tmp_path: Path, db_path: Path) -> None:
    # In one folder file names decide the load order: the correction loads first here.
    (tmp_path / "a_corrected.txt").write_text(county_report(9, "\n发布日期：2023年3月10日\n"), encoding="utf-8")
    (tmp_path / "b_original.txt").write_text(county_report(8, "\n孟津区司法局\n2023年1月20日\n"), encoding="utf-8")
    assert ingest([tmp_path], db_path, workers=1).loaded == 2
    assert current_of(db_path) == [(str(tmp_path / "a_corrected.txt"), "published")]
    assert sorted(rows(db_path, "SELECT strftime(published_at, '%Y-%m-%d') FROM reports")) == [("2023-01-20",), ("2023-03-10",)]

    # without dates on every version, load order decides, and says so
    (tmp_path / "c_undated.txt").write_text(county_report(10), encoding="utf-8")
    assert ingest([tmp_path / "c_undated.txt"], db_path, workers=1).loaded == 1
    assert current_of(db_path) == [(str(tmp_path / "c_undated.txt"), "load_order")]


def test_a_publication_date_is_read_from_the_end_of_the_report_never_from_the_period() -> None:
    assert parse(county_report(8, "\n孟津区司法局\n2023年1月20日\n")).published_at == "2023-01-20"
    assert parse(county_report(8, "\n发布时间：2023-02-03 10:12\n")).published_at == "2023-02-03"
    body = county_report(8).replace("认真贯彻", "统计期限为2022年1月1日至2022年12月31日，认真贯彻")
    assert parse(body).published_at is None
    # a date before the end of the year reported on is no publication date of it
    assert parse(county_report(8, "\n2022年6月1日\n")).published_at is None


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xxgk.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def test_an_administrator_sets_the_current_version_with_a_reason_kept_in_history(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "original.txt").write_text(county_report(8), encoding="utf-8")
    (tmp_path / "corrected.txt").write_text(county_report(9), encoding="utf-8")
    ingest([tmp_path / "original.txt"], db_path, workers=1)
    ingest([tmp_path / "corrected.txt"], db_path, workers=1)
    (original_id,) = rows(db_path, "SELECT report_id FROM reports WHERE path LIKE '%original.txt'")[0]

    done = run_cli("versions", original_id, "--make-current", "--reason", "更正版本未经审核，暂用原版", "--by", "审核员甲",
                   "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert current_of(db_path) == [(str(tmp_path / "original.txt"), "admin")]
    versions = query(db_path, "report_versions", report=original_id)
    chosen = versions[versions["is_current"]].iloc[0]
    assert (chosen["current_basis"], chosen["choice_reason"], chosen["chosen_by"]) == ("admin", "更正版本未经审核，暂用原版", "审核员甲")
    assert rows(db_path, "SELECT applications__new_received__total FROM report_facts") == [(8.0,)]
    history = rows(db_path, "SELECT report_id, action, reason, chosen_by, chosen_at IS NOT NULL FROM version_choices")
    assert history == [(original_id, "make_current", "更正版本未经审核，暂用原版", "审核员甲", True)]

    listing = run_cli("versions", original_id, "--db", str(db_path))
    assert listing.returncode == 0 and "current (admin: 更正版本未经审核，暂用原版)" in listing.stdout, listing.stdout

    # a later load does not undo the administrator's choice; handing back to the rules does
    (tmp_path / "third.txt").write_text(county_report(10), encoding="utf-8")
    ingest([tmp_path / "third.txt"], db_path, workers=1)
    assert current_of(db_path) == [(str(tmp_path / "original.txt"), "admin")]
    done = run_cli("versions", original_id, "--automatic", "--reason", "审核完毕", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert current_of(db_path) == [(str(tmp_path / "third.txt"), "load_order")]
    assert len(rows(db_path, "SELECT * FROM version_choices")) == 2

    refused = run_cli("versions", original_id, "--make-current", "--db", str(db_path))
    assert refused.returncode != 0 and "reason" in refused.stderr


# --- 3. the command line and the dashboard ------------------------------------------------------


def test_findings_and_status_on_the_command_line_count_what_the_dashboard_counts(tmp_path: Path, db_path: Path) -> None:
    # the original breaks R1 (9 received + 1 carried over ≠ 8 processed + 1 carried forward); the
    # correction is consistent
    broken = {**APPS, "new_received": [6, 2, 0, 1, 0, 0, 9]}
    wrong = build_report(year=2022, agency="孟津区司法局", tables=render(table_rows("2021", apps=broken), "tab"))
    (tmp_path / "original.txt").write_text(wrong, encoding="utf-8")
    (tmp_path / "corrected.txt").write_text(county_report(8), encoding="utf-8")
    ingest([tmp_path / "original.txt"], db_path, workers=1)
    ingest([tmp_path / "corrected.txt"], db_path, workers=1)
    assert rows(db_path, "SELECT count(*) FROM findings f JOIN report_versions v USING (report_id) "
                         "WHERE NOT v.is_current AND f.rule = 'R1'")[0][0] > 0

    page = query(db_path, "findings_list", all_rows=True)
    done = run_cli("findings", "--json", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    key = lambda r: (r["year"], r["rule"], r["severity"], r["message"])  # noqa: E731
    assert sorted(map(key, cli)) == sorted(map(key, page.to_dict("records")))
    assert {r["report_id"] for r in cli} <= set(page["report_id"])
    assert "R1" not in {r["rule"] for r in cli}

    every = json.loads(run_cli("findings", "--json", "--all-versions", "--db", str(db_path)).stdout)
    assert len(every) == rows(db_path, "SELECT count(*) FROM findings")[0][0]
    assert "R1" in {r["rule"] for r in every}

    status = json.loads(run_cli("status", "--json", "--db", str(db_path)).stdout)
    kpis = query(db_path, "overview_kpis").iloc[0]
    assert (status["reports"], status["agencies"]) == (int(kpis["reports_count"]), int(kpis["agencies_count"])) == (1, 1)
    assert status["findings"] == int(query(db_path, "findings_by_rule")["findings_count"].sum()) == len(cli)
    everything = json.loads(run_cli("status", "--json", "--all-versions", "--db", str(db_path)).stdout)
    assert (everything["reports"], everything["findings"]) == (2, len(every))


# --- the report page --------------------------------------------------------------------------


def test_the_report_page_shows_how_the_current_version_was_decided_and_lets_an_administrator_choose(
    tmp_path: Path, db_path: Path, monkeypatch: Any
) -> None:
    from streamlit.testing.v1 import AppTest

    (tmp_path / "original.txt").write_text(county_report(8), encoding="utf-8")
    (tmp_path / "corrected.txt").write_text(county_report(9), encoding="utf-8")
    ingest([tmp_path / "original.txt"], db_path, workers=1)
    ingest([tmp_path / "corrected.txt"], db_path, workers=1)
    (original_id,) = rows(db_path, "SELECT report_id FROM reports WHERE path LIKE '%original.txt'")[0]
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("XXGK_ADMIN_PASSWORD", "secret-管理")

    def page() -> AppTest:
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
        at.query_params["report"] = original_id
        at.switch_page("pages/report.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    at = page()
    assert any("当前版本的确定方式：依载入顺序" in c.value for c in at.caption)
    table = next(t.value for t in at.dataframe if "发布日期" in t.value.columns and "当前" in t.value.columns)
    assert table["发布日期"].tolist() == ["未注明", "未注明"]
    assert table["当前"].tolist() == ["当前", "旧版"]

    from xxgk import uploads

    # a clock that stands still: the delay after a failure cannot pass while a slow machine reruns
    monkeypatch.setattr(uploads.LOGIN_THROTTLE, "clock", lambda: 5000.0)
    uploads.LOGIN_THROTTLE.forget()
    at.text_input(key="version_password").input("wrong").run()
    at.button(key="version_login").click().run()
    assert any("密码不正确" in e.value for e in at.error)
    # the admin password is throttled here as on the upload page: right after a failure, even the
    # right password waits
    at.text_input(key="version_password").input("secret-管理").run()
    at.button(key="version_login").click().run()
    assert any("秒后再试" in e.value for e in at.error), [e.value for e in at.error]
    uploads.LOGIN_THROTTLE.forget()  # the delay has passed
    at.button(key="version_login").click().run()
    at.selectbox(key="version_pick").select(original_id).run()
    at.button(key="version_save").click().run()  # no reason: refused
    assert any("请填写理由" in e.value for e in at.error)
    assert rows(db_path, "SELECT count(*) FROM version_choices") == [(0,)]
    at.text_input(key="version_reason").input("更正版本的*数字*有误").run()
    at.text_input(key="version_by").input("审核员乙").run()
    at.button(key="version_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已保存并发布" in s.value for s in at.success)
    assert current_of(db_path) == [(str(tmp_path / "original.txt"), "admin")]
    assert rows(db_path, "SELECT reason, chosen_by FROM version_choices") == [("更正版本的*数字*有误", "审核员乙")]

    at = page()
    caption = next(c.value for c in at.caption if "当前版本的确定方式" in c.value)
    assert "管理员指定：更正版本的\\*数字\\*有误（审核员乙，" in caption  # the reason shown as text
    assert not any("旧版本" in w.value for w in at.warning)  # the page's own version is current now


def test_an_agency_of_unknown_place_is_listed_as_such(tmp_path: Path, db_path: Path, monkeypatch: Any) -> None:
    from streamlit.testing.v1 import AppTest

    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "2022.txt").write_text(town_report("a", 2022), encoding="utf-8")
    ingest([folder], db_path, workers=1)
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/agency.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    choice = at.selectbox(key="agency_choice")
    assert [choice.format_func(o) for o in choice.options] == [f"{TOWN}（地区未识别，2022–2022年）"]


def test_the_versions_listing_never_prints_control_characters(tmp_path: Path, db_path: Path) -> None:
    from xxgk.versions import choose

    (tmp_path / "original.txt").write_text(county_report(8), encoding="utf-8")
    ingest([tmp_path / "original.txt"], db_path, workers=1)
    (report_id,) = rows(db_path, "SELECT report_id FROM reports")[0]
    choose(report_id, "make_current", "理由\x1b[2J\x07", "甲", db_path)
    listing = run_cli("versions", report_id, "--db", str(db_path))
    assert listing.returncode == 0, listing.stderr
    assert "\x1b" not in listing.stdout and "\x07" not in listing.stdout
    assert "理由\\u001b[2J\\u0007" in listing.stdout
