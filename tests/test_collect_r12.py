"""R12 逾期公布 judges every report (issue #15): a report loaded from a plain file or an upload,
with no source URL and no publication date, gives 无法核对 (never a pass, never silence), and the
按时公布 page counts it as 日期不明 and lists it. The deadline table is the user's to change."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_support import db_rows as _rows
from app_support import run_page, serve_database
from xxgk_demo import iter_reports
from xxgk.load import ingest


def _plain_reports(folder: Path, count: int = 6) -> list[Path]:
    """Demo reports written as plain text files (no manifest, no URL), any date line removed."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for report in iter_reports(7, 60):
        if report.path is None or report.record["layout"] not in ("tsv", "cells"):
            continue
        lines = [ln for ln in report.text.splitlines() if "发布" not in ln and not ln.strip().endswith("日")]
        path = folder / f"plain_{len(written)}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
        if len(written) == count:
            break
    return written


@pytest.fixture(scope="module")
def plain_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("plain_r12")
    files = _plain_reports(root / "files")
    db = root / "xxgk.duckdb"
    summary = ingest([str(p) for p in files], db, workers=1)
    assert summary.loaded == len(files), summary.lines()
    return db


def test_a_report_without_url_or_date_gets_r12_unchecked(plain_db):
    undated = {rid for (rid,) in _rows(plain_db, "SELECT report_id FROM reports WHERE published_at IS NULL AND source_url IS NULL")}
    assert undated, "the fixture must hold reports whose date cannot be known"
    r12 = {rid: (severity, message) for rid, severity, message in
           _rows(plain_db, "SELECT report_id, severity, message FROM findings WHERE rule = 'R12'")}
    for rid in undated:
        assert r12.get(rid) == ("unchecked", "无法核对：发布日期不明"), rid


def test_every_report_is_judged_by_r12(plain_db):
    """Each report is on time (no finding), late (a warning) or unchecked: never left out."""
    judged = _rows(plain_db, """
        SELECT r.report_id, p.status, f.severity
        FROM reports r JOIN publication_status p USING (report_id)
        LEFT JOIN findings f ON f.report_id = r.report_id AND f.rule = 'R12'""")
    for rid, status, severity in judged:
        assert (status, severity) in {("on_time", None), ("late", "warning"), ("unknown", "unchecked")}, rid


def test_on_time_page_counts_the_undated_as_unknown(plain_db, monkeypatch):
    (undated,) = _rows(plain_db, "SELECT count(*) FROM reports WHERE published_at IS NULL")[0]
    serve_database(plain_db, monkeypatch)
    at = run_page("pages/timeliness.py", timeout=90)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["发布日期不明（无法核对）"] == str(undated)
    at.radio(key="timeliness_status").set_value("无法核对").run()
    listing = next(df.value for df in at.dataframe if "结果" in df.value.columns)
    assert len(listing) == undated and set(listing["结果"]) == {"无法核对"}


def _dated_department_report(folder: Path) -> tuple[Path, int]:
    """A department's report stating it was published on 15 March of the following year."""
    folder.mkdir(parents=True, exist_ok=True)
    report = next(r for r in iter_reports(7, 60) if r.path is not None and r.record["layout"] in ("tsv", "cells")
                  and r.record["kind"] == "department")
    lines = [ln for ln in report.text.splitlines() if "发布" not in ln and not ln.strip().endswith("日")]
    path = folder / "dated.txt"
    path.write_text("\n".join(lines + [f"发布日期：{report.record['year'] + 1}-03-15"]), encoding="utf-8")
    return path, report.record["year"]


def test_an_edited_deadline_table_takes_effect_at_the_next_ingest(tmp_path, monkeypatch):
    """The user's own table ($XXGK_DEADLINES) decides, and a rerun of ingest applies it even when
    it loads nothing new."""
    path, _ = _dated_department_report(tmp_path / "files")
    db = tmp_path / "xxgk.duckdb"
    ingest([str(path)], db, workers=1)
    late = "SELECT count(*) FROM findings WHERE rule = 'R12' AND severity = 'warning'"
    assert _rows(db, late) == [(1,)]  # 15 March is after the departments' 31 January
    table = tmp_path / "local_deadlines.csv"
    table.write_text("agency_kind,month,day,basis\ndepartment,3,31,本省规定：部门3月31日前\n"
                     "government,3,31,条例第四十九条\n", encoding="utf-8")
    monkeypatch.setenv("XXGK_DEADLINES", str(table))
    again = ingest([str(path)], db, workers=1)
    assert again.loaded == 0
    assert _rows(db, late) == [(0,)]
    assert _rows(db, "SELECT basis FROM publication_deadlines WHERE agency_kind = 'department'") == [("本省规定：部门3月31日前",)]


def test_a_malformed_deadline_table_is_an_error_naming_it(tmp_path, monkeypatch):
    path, _ = _dated_department_report(tmp_path / "files")
    table = tmp_path / "bad.csv"
    table.write_text("agency_kind,month,day,basis\ndepartment,13,31,x\n", encoding="utf-8")
    monkeypatch.setenv("XXGK_DEADLINES", str(table))
    with pytest.raises(ValueError, match=r"bad\.csv: line 2"):
        ingest([str(path)], tmp_path / "xxgk.duckdb", workers=1)
