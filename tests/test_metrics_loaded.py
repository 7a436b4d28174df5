"""Metrics over a database the real loader built: report files → ``ingest`` → report_facts → SQL.

``test_metrics.py`` inserts rows straight into the raw tables, so it cannot see a loader that stores
a figure wrongly. Here every report is a text file in the national template (written with
``reports_support`` through ``test_rules.build_text``), loaded by ``xxgk.load.ingest`` like any
user's folder, and the metrics are read back. The reports are chosen so that a blank cell read as 0
anywhere between the parser and the query changes an answer: a row left blank, a blank 予以公开 总计,
and an agency whose only non-zero cells are blanks.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

import reports_support as support
from test_rules import build_text
from xxgk import codes
from xxgk.db import connect_readonly
from xxgk.load import ingest
from xxgk.metrics import run_query

ALL = dict(province=None, city=None, district=None, year_from=None, year_to=None, kind=None)

# Every figure of the three tables an explicit 0.
ZERO_APPS = {row: [0] * 7 for row in support.APPS}
ZERO_ACTIVE = {"regulations": [0, 0, 0], "normative_documents": [0, 0, 0], "licensing": [0], "penalty": [0],
               "coercion": [0], "fees": [0]}
ZERO_REVIEW = {block: [0] * 5 for block in codes.REVIEW_BLOCKS}
ZERO = dict(apps=ZERO_APPS, active=ZERO_ACTIVE, review=ZERO_REVIEW)

REPORTS = {
    # 民政局: 2021 all zero but its 本年新收 row left blank; 2022 and 2023 all zero
    ("孟津区民政局", 2021): dict(apps={**ZERO_APPS, "new_received": [None] * 7},
                                 active=ZERO_ACTIVE, review=ZERO_REVIEW),
    ("孟津区民政局", 2022): ZERO,
    ("孟津区民政局", 2023): ZERO,
    # 财政局: the default table (8 new, 3 granted, 1 partially, 8 processed) in both years
    ("孟津区财政局", 2021): {},
    ("孟津区财政局", 2022): {},
    # 教育局: the default table with a blank 予以公开 总计
    ("孟津区教育局", 2022): dict(apps={"granted": [2, 1, 0, 0, 0, 0, None]}),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("loaded")
    for number, ((agency, year), figures) in enumerate(REPORTS.items()):
        (folder / f"{number:02d}.txt").write_text(build_text(agency=agency, year=year, **figures), encoding="utf-8")
    path = folder / "xxgk.duckdb"
    summary = ingest([folder], path, workers=1)
    assert summary.ok and summary.loaded == len(REPORTS), summary.lines()
    return path


@pytest.fixture
def con(db: Path) -> duckdb.DuckDBPyConnection:
    con = connect_readonly(db)
    yield con
    con.close()


def records(frame: pd.DataFrame, *columns: str) -> list[dict]:
    return frame[list(columns)].to_dict("records")


def report_id(con: duckdb.DuckDBPyConnection, agency: str, year: int) -> str:
    return con.execute("SELECT report_id FROM current_reports WHERE agency = ? AND year = ?", [agency, year]).fetchone()[0]


def test_every_report_file_was_loaded_as_the_agency_and_year_it_states(con) -> None:
    rows = con.execute("SELECT agency, year, province, city, district FROM current_reports ORDER BY agency, year").fetchall()
    assert rows == [(agency, year, "河南省", "洛阳市", "孟津区") for agency, year in sorted(REPORTS)]


def test_a_blank_cell_stays_null_from_the_file_to_report_facts_and_the_cell_list(con) -> None:
    blank_year = report_id(con, "孟津区民政局", 2021)
    facts = con.execute(
        "SELECT applications__new_received__total, applications__new_received__natural_person, "
        "applications__carried_over__total FROM report_facts WHERE report_id = ?", [blank_year]
    ).fetchall()
    assert facts == [(None, None, 0.0)]
    cells = run_query(con, "report_cells", {"report": blank_year})
    new = cells[(cells["table_name"] == "applications") & (cells["row_code"] == "new_received")]
    assert len(new) == 7
    assert set(new["kind"]) == {"blank"} and set(new["raw"]) == {""} and new["value"].isna().all()
    zero = cells[(cells["table_name"] == "applications") & (cells["row_code"] == "carried_over")]
    assert set(zero["kind"]) == {"number"} and set(zero["value"]) == {0.0}


def test_overview_counts_a_printed_zero_but_not_a_blank(con) -> None:
    first = run_query(con, "overview_kpis", {**ALL, "year_from": 2021, "year_to": 2021})
    assert records(first, "reports_count", "reports_with_applications_count", "applications_received_count",
                   "zero_activity_count") == [
        {"reports_count": 2, "reports_with_applications_count": 1, "applications_received_count": 8,
         "zero_activity_count": 0}
    ]
    every = run_query(con, "overview_kpis", ALL)
    assert records(every, "reports_count", "agencies_count", "reports_with_applications_count",
                   "applications_received_count", "zero_activity_count") == [
        {"reports_count": 6, "agencies_count": 3, "reports_with_applications_count": 5,
         "applications_received_count": 24, "zero_activity_count": 2}
    ]


def test_applications_by_year_count_only_reports_that_print_the_figure(con) -> None:
    frame = run_query(con, "applications_by_year", ALL)
    assert records(frame, "year", "reports_count", "new_received_reports_count", "new_received_count") == [
        {"year": 2021, "reports_count": 2, "new_received_reports_count": 1, "new_received_count": 8},
        {"year": 2022, "reports_count": 3, "new_received_reports_count": 3, "new_received_count": 16},
        {"year": 2023, "reports_count": 1, "new_received_reports_count": 1, "new_received_count": 0},
    ]


def test_a_blank_year_is_not_a_year_without_applications(con) -> None:
    frame = run_query(con, "no_applications_years", ALL)
    assert records(frame, "agency", "first_year", "last_year", "years_count") == [
        {"agency": "孟津区民政局", "first_year": 2022, "last_year": 2023, "years_count": 2}
    ]


def test_zero_activity_needs_every_cell_an_explicit_zero(con) -> None:
    frame = run_query(con, "zero_activity_agencies", ALL)
    assert records(frame, "agency", "year", "cells_count") == [
        {"agency": "孟津区民政局", "year": 2022, "cells_count": 200},
        {"agency": "孟津区民政局", "year": 2023, "cells_count": 200},
    ]


def test_a_rate_with_a_blank_part_is_not_computed(con) -> None:
    frame = run_query(con, "disclosure_rate", {**ALL, "min_processed": 1})
    assert records(frame, "agency", "year", "disclosed_count", "processed_count", "disclosure_rate_pct") == [
        {"agency": "孟津区财政局", "year": 2022, "disclosed_count": 4, "processed_count": 8, "disclosure_rate_pct": 50.0},
        {"agency": "孟津区财政局", "year": 2021, "disclosed_count": 4, "processed_count": 8, "disclosure_rate_pct": 50.0},
    ]
