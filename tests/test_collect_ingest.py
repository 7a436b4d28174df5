"""A collected site, ingested and shown (issue #15): one report per item (a page that only links to
its document is that document), the manifest's source URL and date on each report, R12 逾期公布 and
R13 发布后有变动, and the dashboard's on-time page over the result (AppTest)."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from app_support import db_rows as rows  # noqa: E402
from app_support import run_page, serve_database  # noqa: E402
from collect_sites import collected as collect_site  # noqa: E402

from xxgk.load import ingest


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("collected")
    site = collect_site(root, change=True)
    # What a kill during a download leaves: a .part file, never loaded.
    next((root / "out").glob("127.0.0.1_*")).joinpath("cut.docx.part").write_bytes(b"PK\x03\x04 cut")
    db = root / "xxgk.duckdb"
    summary = ingest([root / "out"], db, workers=1)
    return site, db, summary


def test_each_item_loads_once_with_its_source_and_date(collected):
    site, db, summary = collected
    assert not summary.failed, summary.failed
    # Every report of the site, plus the changed page's second version; the page that only links to
    # its .docx is not loaded beside it.
    assert summary.loaded == len(site.expected.reports) + 1
    loaded = {url.removeprefix(site.base): (published, source, version) for url, published, source, version in
              rows(db, "SELECT source_url, published_at, published_from, source_version FROM reports")}
    assert "/ul/nb/content_3.html" not in loaded
    assert site.expected.same_report not in loaded  # the page is that report already
    for path, want in site.expected.reports.items():
        published, source, _ = loaded[path]
        assert (published.isoformat() if published else None) == want["published"], path
        assert source == want["source"], path
    agencies = {a for (a,) in rows(db, "SELECT agency FROM reports")}
    assert {want["agency"] for want in site.expected.reports.values()} <= agencies


def test_r12_late_and_unknown_and_r13_changed(collected):
    site, db, _ = collected
    findings = rows(db, "SELECT r.source_url, f.rule, f.severity, f.message FROM findings f JOIN reports r USING (report_id) "
                        "WHERE f.rule IN ('R12', 'R13')")
    late = {url.removeprefix(site.base) for url, rule, severity, _ in findings if rule == "R12" and severity == "warning"}
    expected_late = set()
    for path, want in site.expected.reports.items():
        if want["published"] is None:
            continue
        month_day = want["published"][5:]
        deadline = "03-31" if want["kind"] == "government" else "01-31"
        if month_day > deadline:
            expected_late.add(path)
    assert late == expected_late and late  # the government's 20 March is on time; a department's 15 March is not
    unknown = {url.removeprefix(site.base) for url, rule, severity, _ in findings if rule == "R12" and severity == "unchecked"}
    assert unknown == {"/att/files/nodate.docx"}
    changed = [(url.removeprefix(site.base), message) for url, rule, _, message in findings if rule == "R13"]
    assert changed == [(site.expected.changing, "发布后有变动：同一网址的内容在首次采集后改变，本文件为第 2 版")]


def test_deadline_table_decides(collected, tmp_path, monkeypatch):
    """A local rule giving departments until 31 March makes the March reports on time."""
    from xxgk import resources
    from xxgk.rules.publication import run_publication_rules

    _, db, _ = collected
    table = tmp_path / "publication_deadlines.csv"
    table.write_text("agency_kind,month,day,basis\ndepartment,3,31,地方规定\ngovernment,3,31,条例\n", encoding="utf-8")
    monkeypatch.setattr(resources, "data_file", lambda name: table)
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    con = duckdb.connect(str(copy))
    try:
        run_publication_rules(con)
        late = con.execute("SELECT count(*) FROM findings WHERE rule = 'R12' AND severity = 'warning'").fetchone()[0]
    finally:
        con.close()
    assert late == 0


def test_dashboard_on_time_page_lists_the_late_reports(collected, monkeypatch):
    site, db, _ = collected
    serve_database(db, monkeypatch)
    at = run_page("pages/timeliness.py", timeout=90)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["逾期公布"] == "3" and metrics["发布日期不明（无法核对）"] == "1"
    frames = [df.value for df in at.dataframe]
    listing = next(f for f in frames if "结果" in f.columns)
    late = listing[listing["结果"] == "逾期"]
    assert len(late) == 3 and (late["逾期天数"] > 0).all()
    assert set(listing["来源网址"].dropna()) <= {f"{site.base}{p}" for p in site.expected.reports} | {
        f"{site.base}{site.expected.changing}"}
    at.radio(key="timeliness_status").set_value("逾期").run()
    listing = next(df.value for df in at.dataframe if "结果" in df.value.columns)
    assert set(listing["结果"]) == {"逾期"}


def test_report_view_shows_source_and_date(collected, monkeypatch):
    site, db, _ = collected
    (report_id,) = rows(db, f"SELECT report_id FROM reports WHERE source_url = '{site.base}/ul/nb/content_1.html'")[0]
    serve_database(db, monkeypatch)
    at = run_page("pages/report.py", timeout=90, report=report_id)
    facts = next(df.value for df in at.dataframe if "项目" in df.value.columns).set_index("项目")["内容"]
    assert facts["来源网址"] == f"{site.base}/ul/nb/content_1.html"
    assert facts["发布日期来源"] == "网页上的“发布时间”"
    assert facts["按时公布"].startswith("逾期")
