"""Aggregates over reports loaded by the real loader: a sum over no printed figure is NULL (未填报),
every sum and rate says how many reports it counts, one operand rule for every rate, and the
pre-2019 statistics table stays a series of its own.

The operand rule (README, "Sums and rates"): a report enters a rate only when every cell of its
numerator and denominator is a printed number; a report of the national templates with a blank,
marked or unread operand is left out and counted as excluded.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from reports_support import APPS, REVIEW, build_report, table_rows
from xxgk.load import ingest
from xxgk.metrics import run_query

ALL = dict(province=None, city=None, district=None, year_from=None, year_to=None, kind=None)
BLANK_ROW = [None] * 7

PRE2019 = """示范市人民政府2018年政府信息公开工作年度报告
一、概述
2018年，示范市人民政府认真贯彻落实《条例》。主动公开政府信息1520条。
五、政府信息公开情况统计表
指标名称\t计量单位\t2018年度\t历年累计
主动公开信息数\t条\t1520\t9800
其中：1.政府网站公开数\t条\t1500\t9700
受理依申请公开信息总数\t件\t12\t60
对申请的答复总数\t件\t12\t60
其中：1.同意公开答复数\t件\t8\t40
2.同意部分公开答复数\t件\t2\t10
3.不予公开答复数\t件\t2\t10
行政复议数\t件\t1\t3
行政诉讼数\t件\t0\t1
"""


def _report(agency: str, year: int, *, apps: dict | None = None, review: dict | None = None, active=None) -> str:
    rows = table_rows("2021", active=active, apps={**APPS, **(apps or {})}, review={**REVIEW, **(review or {})})
    return build_report("2021", agency=agency, year=year, rows=rows)


def _load(tmp_path: Path, reports: dict[str, str]) -> duckdb.DuckDBPyConnection:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in reports.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "xxgk.duckdb"
    summary = ingest([folder], db, workers=1)
    assert summary.failed == [] and summary.loaded == len(reports)
    return duckdb.connect(str(db), read_only=True)


def _row(frame, **where):
    for key, value in where.items():
        frame = frame[frame[key] == value]
    assert len(frame) == 1, where
    return frame.iloc[0]


def _null(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan", "None")


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    tmp = tmp_path_factory.mktemp("aggregates")
    blank_active = {"regulations": [0, 0, 0], "normative_documents": [None, None, None], "licensing": [None],
                    "penalty": [None], "coercion": [None], "fees": [None]}
    reports = {
        # 2022: no report prints 本年新收 (blank rows), nor 行政许可
        "a2022": _report("示范县民政局", 2022, apps={"new_received": BLANK_ROW}, active=blank_active),
        "b2022": _report("示范县财政局", 2022, apps={"new_received": BLANK_ROW}, active=blank_active),
        # 2023: one blank, one printed; the second leaves 予以公开 and 复议 结果纠正 blank
        "a2023": _report("示范县民政局", 2023, apps={"new_received": BLANK_ROW}),
        "b2023": _report("示范县财政局", 2023, apps={"granted": BLANK_ROW}, review={"review": [1, None, 0, 1, 2]}),
        # a 2018 report on the old statistics table, beside a 2019-template report of 2019
        "old2018": PRE2019,
        "new2019": build_report("2019", agency="示范县教育局", year=2019),
    }
    connection = _load(tmp, reports)
    yield connection
    connection.close()


def test_a_sum_over_only_blank_cells_is_null_not_zero(con) -> None:
    by_year = run_query(con, "applications_by_year", ALL)
    year = _row(by_year, year=2022)
    assert _null(year["new_received_count"]) and year["new_received_reports_count"] == 0
    assert year["processed_count"] == 16 and year["processed_reports_count"] == 2

    kpis = run_query(con, "overview_kpis", {**ALL, "year_from": 2022, "year_to": 2022})
    assert _null(kpis.iloc[0]["applications_received_count"])
    assert kpis.iloc[0]["reports_with_applications_count"] == 0

    volume = _row(run_query(con, "active_disclosure_volume", ALL), year=2022)
    assert _null(volume["licensing_decisions_count"]) and volume["licensing_reports_count"] == 0
    assert _null(volume["normative_documents_issued_count"]) and volume["normative_documents_reports_count"] == 0
    assert volume["regulations_issued_count"] == 0 and volume["regulations_reports_count"] == 2
    assert _null(volume["fees_10k_yuan"]) and volume["fees_reports_count"] == 0

    ranking = run_query(con, "district_ranking", {**ALL, "year_from": 2022, "year_to": 2022})
    assert len(ranking) == 1
    assert _null(ranking.iloc[0]["applications_received_count"])
    assert ranking.iloc[0]["applications_received_reports_count"] == 0


def test_a_mix_sums_the_printed_figures_with_the_count_of_reports(con) -> None:
    year = _row(run_query(con, "applications_by_year", ALL), year=2023)
    assert (year["reports_count"], year["new_received_count"], year["new_received_reports_count"]) == (2, 8, 1)
    assert (year["granted_count"], year["granted_reports_count"]) == (3, 1)
    kpis = run_query(con, "overview_kpis", {**ALL, "year_from": 2023, "year_to": 2023}).iloc[0]
    assert (kpis["applications_received_count"], kpis["reports_with_applications_count"]) == (8, 1)
    ranking = run_query(con, "district_ranking", {**ALL, "year_from": 2023, "year_to": 2023}).iloc[0]
    assert (ranking["applications_received_count"], ranking["applications_received_reports_count"]) == (8, 1)


def test_outcome_shares_leave_out_reports_whose_outcome_is_blank(con) -> None:
    outcomes = run_query(con, "application_outcomes", {**ALL, "year_from": 2023, "year_to": 2023})
    granted = _row(outcomes, outcome="granted")
    # b2023 printed 总计 8 but left 予以公开 blank: its total is not in the denominator either
    assert (granted["outcome_count"], granted["processed_count"], granted["share_pct"]) == (3, 8, 37.5)
    assert (granted["counted_reports_count"], granted["excluded_reports_count"]) == (1, 1)
    partial = _row(outcomes, outcome="partially_granted")
    assert (partial["outcome_count"], partial["processed_count"], partial["counted_reports_count"]) == (2, 16, 2)


def test_every_rate_excludes_blank_operands_and_counts_the_exclusions(con) -> None:
    only_2023 = {**ALL, "year_from": 2023, "year_to": 2023}
    disclosure = run_query(con, "disclosure_rate", {**only_2023, "min_processed": 1})
    assert disclosure["agency"].tolist() == ["示范县民政局"]
    assert disclosure["excluded_reports_count"].tolist() == [1]
    not_held = run_query(con, "not_held_rate", {**only_2023, "min_processed": 1})
    assert sorted(not_held["agency"]) == ["示范县民政局", "示范县财政局"]
    assert not_held["excluded_reports_count"].tolist() == [0, 0]

    rates = run_query(con, "application_rates_by_year", only_2023)
    d = _row(rates, rate="disclosure")
    assert (d["numerator_count"], d["denominator_count"], d["counted_reports_count"], d["excluded_reports_count"]) == (4, 8, 1, 1)
    n = _row(rates, rate="not_held")
    assert (n["numerator_count"], n["denominator_count"], n["counted_reports_count"], n["excluded_reports_count"]) == (4, 16, 2, 0)

    review = _row(run_query(con, "correction_rate", only_2023), block="review")
    assert (review["corrected_count"], review["decided_count"]) == (0, 1)
    assert (review["counted_reports_count"], review["excluded_reports_count"]) == (1, 1)

    backlog = run_query(con, "carry_forward_backlog", ALL)
    assert (_row(backlog, year=2023)["counted_reports_count"], _row(backlog, year=2023)["excluded_reports_count"]) == (1, 1)
    # 2022: 本年新收 blank in both reports, so no report is counted and the year says so
    assert (_row(backlog, year=2022)["counted_reports_count"], _row(backlog, year=2022)["excluded_reports_count"]) == (0, 2)
    assert _null(_row(backlog, year=2022)["backlog_pct"])

    ranking = run_query(con, "district_ranking", {**only_2023, "min_processed": 1}).iloc[0]
    assert (ranking["disclosed_count"], ranking["processed_count"]) == (4, 8)
    assert (ranking["disclosure_counted_reports_count"], ranking["disclosure_excluded_reports_count"]) == (1, 1)
    assert (ranking["review_counted_reports_count"], ranking["review_excluded_reports_count"]) == (1, 1)


def test_a_pre2019_report_keeps_its_own_cells_and_adds_nothing_to_the_modern_series(con) -> None:
    old = con.execute("SELECT report_id FROM current_reports WHERE template = 'pre2019'").fetchall()
    assert len(old) == 1
    cells = con.execute(
        "SELECT table_name, row_code, column_code, value FROM report_cells WHERE report_id = ? ORDER BY ALL", [old[0][0]]
    ).fetchall()
    assert {table for table, *_ in cells} == {"pre2019_statistics"}
    assert ("pre2019_statistics", "requests_total", "this_year", 12.0) in cells

    by_year = run_query(con, "applications_by_year", ALL)
    year_2018 = _row(by_year, year=2018)
    assert _null(year_2018["new_received_count"]) and year_2018["new_received_reports_count"] == 0
    assert _row(by_year, year=2019)["new_received_count"] == 8
    kpis = run_query(con, "overview_kpis", {**ALL, "year_to": 2019}).iloc[0]
    assert (kpis["applications_received_count"], kpis["pre2019_reports_count"]) == (8, 1)
    assert run_query(con, "application_rates_by_year", {**ALL, "year_to": 2018}).empty

    older = run_query(con, "pre2019_statistics_by_year", ALL)
    assert older["year"].tolist() == [2018]
    row = older.iloc[0]
    assert (row["requests_count"], row["requests_reports_count"], row["replies_count"]) == (12, 1, 12)
    assert (row["granted_count"], row["partially_granted_count"], row["disclosure_rate_pct"]) == (8, 2, 83.3)
    assert (row["disclosure_counted_reports_count"], row["disclosure_excluded_reports_count"]) == (1, 0)
    assert (row["active_count"], row["review_count"], row["litigation_count"]) == (1520, 1, 0)
    assert run_query(con, "pre2019_statistics_by_year", {**ALL, "year_from": 2019}).empty


# The five indicators the loader before this change copied into the 2019/2021 cells.
_OLD_COPIES = {
    ("requests_total", "this_year"): "applications__new_received__total",
    ("replies_granted", "this_year"): "applications__granted__total",
    ("replies_partial", "this_year"): "applications__partially_granted__total",
    ("replies_total", "this_year"): "applications__total_processed__total",
    ("review", "this_year"): "review_litigation__review__total",
}


def _store_the_old_way(db: Path) -> None:
    """Rewrite a loaded pre-2019 report as the older loader stored it: the statistics table in
    extra_cells, five of its figures copied into the modern cells, its own positions empty."""
    con = duckdb.connect(str(db))
    try:
        catalog = con.execute("SELECT position, figure, table_name, row_code, column_code FROM cell_catalog").fetchall()
        where = {figure: position for position, figure, *_ in catalog}
        (report_id,) = con.execute("SELECT report_id FROM reports WHERE template = 'pre2019'").fetchone()
        value, raw, line = con.execute("SELECT value, raw, line FROM cell_sources WHERE report_id = ?", [report_id]).fetchone()
        for position, _, table, row, column in catalog:
            i = position - 1
            if table != "pre2019_statistics" or raw[i] is None:
                continue
            kind = "blank" if raw[i] == "" else "number" if value[i] is not None else "mark"
            con.execute("INSERT INTO extra_cells VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [report_id, table, row, column, value[i], kind, raw[i], line[i]])
            copy = _OLD_COPIES.get((row, column))
            if copy:
                j = where[copy] - 1
                value[j], raw[j], line[j] = value[i], raw[i], line[i]
            value[i] = raw[i] = line[i] = None
        con.execute("UPDATE cell_sources SET value = ?, raw = ?, line = ? WHERE report_id = ?", [value, raw, line, report_id])
        con.execute("UPDATE reports SET cells_expected = 0, cells_read = 5 WHERE report_id = ?", [report_id])
        con.execute("CREATE OR REPLACE TABLE xxgk_meta AS SELECT 3 AS derived_version")
    finally:
        con.close()


def test_a_database_written_by_the_older_loader_gets_its_pre2019_cells_moved(tmp_path: Path) -> None:
    from xxgk.db import refresh_derived, snapshot_writer

    con = _load(tmp_path, {"old2018": PRE2019, "new2019": build_report("2019", agency="示范县教育局", year=2019)})
    con.close()
    db = tmp_path / "xxgk.duckdb"
    _store_the_old_way(db)
    with snapshot_writer(db) as writer:  # as the dashboard does on opening a database of an older version
        refresh_derived(writer)
    con = duckdb.connect(str(db), read_only=True)
    try:
        year_2018 = _row(run_query(con, "applications_by_year", ALL), year=2018)
        assert _null(year_2018["new_received_count"]) and year_2018["new_received_reports_count"] == 0
        assert run_query(con, "pre2019_statistics_by_year", ALL)["requests_count"].tolist() == [12]
        tables = con.execute(
            "SELECT DISTINCT table_name FROM report_cells JOIN current_reports USING (report_id) WHERE template = 'pre2019'"
        ).fetchall()
        assert tables == [("pre2019_statistics",)]
        assert con.execute("SELECT count(*) FROM extra_cells").fetchone()[0] == 0
        assert con.execute(
            "SELECT cells_expected, cells_read FROM reports WHERE template = 'pre2019'"
        ).fetchone() == (18, 18)  # nine indicators, 本年度 and 历年累计
    finally:
        con.close()
