"""R12 逾期公布 judges every report (issue #15): a report loaded from a plain file or an upload,
with no source URL and no publication date, gives 无法核对 (never a pass, never silence), and the
按时公布 page counts it as 日期不明 and lists it. The deadline table is the user's to change."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from xxgk.demo import iter_reports
from xxgk.load import ingest

REPO = Path(__file__).resolve().parents[1]


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


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


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
        FROM reports r JOIN stg_publication_status p USING (report_id)
        LEFT JOIN findings f ON f.report_id = r.report_id AND f.rule = 'R12'""")
    for rid, status, severity in judged:
        assert (status, severity) in {("on_time", None), ("late", "warning"), ("unknown", "unchecked")}, rid


def test_on_time_page_counts_the_undated_as_unknown(plain_db, monkeypatch):
    (undated,) = _rows(plain_db, "SELECT count(*) FROM reports WHERE published_at IS NULL")[0]
    monkeypatch.setenv("XXGK_DB", str(plain_db))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.switch_page("pages/timeliness.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["发布日期不明（无法核对）"] == str(undated)
    at.radio(key="timeliness_status").set_value("无法核对").run()
    listing = next(df.value for df in at.dataframe if "结果" in df.value.columns)
    assert len(listing) == undated and set(listing["结果"]) == {"无法核对"}
