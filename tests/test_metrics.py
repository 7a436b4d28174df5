"""Metric SQL files: header checks, and given rows → the exact frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from xxgk.db import create_schema, figure_columns
from xxgk.metrics import QueryError, load_queries, parse_query, run_query

ALL_FILTERS = dict(province=None, city=None, district=None, year_from=None, year_to=None, kind=None)


def make_db(reports: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the real schema and the given reports (figures by short name)."""
    con = duckdb.connect()
    create_schema(con)
    figure_names = [name for name, *_ in figure_columns()]
    for seq, spec in enumerate(reports, start=1):
        report = {
            "report_id": spec.get("report_id", f"r{seq}"),
            "path": f"/reports/{seq}.txt",
            "format": "text",
            "agency": spec["agency"],
            "year": spec["year"],
            "template": spec.get("template", "2021"),
            "province": spec.get("province", "河南省"),
            "city": spec.get("city", "洛阳市"),
            "district": spec.get("district", "孟津区"),
            "region_code": spec.get("region_code", "410308"),
            "agency_kind": spec.get("agency_kind", "department"),
            "synthetic": spec.get("synthetic", False),
            "cells_expected": spec.get("cells_expected", 200),
            "cells_read": spec.get("cells_read", 200),
            "cells_number": spec.get("cells_number", 200),
            "cells_zero": spec.get("cells_zero", 0),
            "cells_blank": spec.get("cells_blank", 0),
            "cells_mark": spec.get("cells_mark", 0),
            "load_seq": seq,
        }
        columns = ", ".join(report)
        marks = ", ".join("?" for _ in report)
        con.execute(
            f"INSERT INTO reports ({columns}, loaded_at) VALUES ({marks}, now())", list(report.values())
        )
        figures = {name: spec.get("figures", {}).get(name) for name in figure_names}
        con.execute(
            f"INSERT INTO figures (report_id, {', '.join(figure_names)}) VALUES (?, {', '.join('?' for _ in figure_names)})",
            [report["report_id"], *figures.values()],
        )
    return con


def test_every_query_file_has_a_valid_header() -> None:
    queries = load_queries()
    assert {"zero_activity_agencies", "overview_kpis", "applications_by_year", "filter_options"} <= set(queries)
    for query in queries.values():
        assert query.definition and query.grain and query.sources


def test_an_undeclared_parameter_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad_metric.sql"
    bad.write_text(
        "-- name: bad_metric\n-- definition: x\n-- grain: one row\n-- params:\n"
        "--   $year  the year\n-- sources: reports\nSELECT *\nFROM reports\nWHERE year = $year AND city = $city\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match=r"bad_metric\.sql:9: parameter \$city is used but not declared"):
        parse_query(bad)


def test_a_header_name_must_match_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "one.sql"
    bad.write_text("-- name: two\n-- definition: x\n-- grain: g\n-- sources: s\nSELECT 1\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"one\.sql:1: name 'two' differs from the file name 'one'"):
        parse_query(bad)


def test_zero_activity_counts_only_explicit_zeros_everywhere() -> None:
    con = make_db(
        [
            {"agency": "孟津区司法局", "year": 2022, "cells_zero": 200},
            # one blank cell: not zero activity, whatever the rest says
            {"agency": "孟津区民政局", "year": 2022, "cells_zero": 199, "cells_blank": 1, "cells_number": 199},
            # one cell not read at all
            {"agency": "孟津区财政局", "year": 2022, "cells_read": 199, "cells_number": 199, "cells_zero": 199},
            {"agency": "洛阳市人民政府", "year": 2022, "district": None, "agency_kind": "government", "cells_zero": 12},
            {"agency": "孟津区司法局", "year": 2021, "cells_zero": 200, "template": "2021"},
        ]
    )
    frame = run_query(con, "zero_activity_agencies", ALL_FILTERS)
    assert frame[["agency", "year", "cells_count"]].to_dict("records") == [
        {"agency": "孟津区司法局", "year": 2021, "cells_count": 200},
        {"agency": "孟津区司法局", "year": 2022, "cells_count": 200},
    ]
    only_2022 = run_query(con, "zero_activity_agencies", {**ALL_FILTERS, "year_from": 2022})
    assert only_2022["year"].tolist() == [2022]


def test_overview_and_yearly_applications_leave_blanks_out_of_sums() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2021, "figures": {"applications__new_received__total": 5, "applications__carried_over__total": 1}},
            {"agency": "乙局", "year": 2021, "figures": {"applications__new_received__total": None}},
            {"agency": "甲局", "year": 2022, "figures": {"applications__new_received__total": 7, "applications__granted__total": 3}},
            {"agency": "丙镇人民政府", "year": 2022, "agency_kind": "township", "cells_zero": 200,
             "figures": {"applications__new_received__total": 0}},
        ]
    )
    kpis = run_query(con, "overview_kpis", ALL_FILTERS)
    assert kpis[["reports_count", "agencies_count", "applications_received_count", "reports_with_applications_count",
                 "zero_activity_count"]].to_dict("records") == [
        {"reports_count": 4, "agencies_count": 3, "applications_received_count": 12,
         "reports_with_applications_count": 3, "zero_activity_count": 1}
    ]
    by_year = run_query(con, "applications_by_year", ALL_FILTERS)
    expected = pd.DataFrame(
        {
            "year": [2021, 2022],
            "reports_count": [2, 2],
            "new_received_reports_count": [1, 2],
            "new_received_count": [5, 7],
            "carried_over_count": [1, 0],
            "processed_count": [0, 0],
            "granted_count": [0, 3],
            "carried_forward_count": [0, 0],
        }
    )
    pd.testing.assert_frame_equal(by_year, expected, check_dtype=False)
    townships = run_query(con, "overview_kpis", {**ALL_FILTERS, "kind": "township"})
    assert int(townships.at[0, "reports_count"]) == 1


def test_a_newer_version_of_a_report_replaces_the_older_on_screen() -> None:
    con = make_db(
        [
            {"report_id": "old", "agency": "甲局", "year": 2022, "figures": {"applications__new_received__total": 5}},
            {"report_id": "new", "agency": "甲局", "year": 2022, "figures": {"applications__new_received__total": 6}},
        ]
    )
    kpis = run_query(con, "overview_kpis", ALL_FILTERS)
    assert (int(kpis.at[0, "reports_count"]), int(kpis.at[0, "applications_received_count"])) == (1, 6)
    assert con.execute("SELECT report_id, revisions_count FROM stg_reports").fetchall() == [("new", 1)]


def test_filter_values_reach_sql_only_as_bound_parameters() -> None:
    con = make_db([{"agency": "甲局", "year": 2022}])
    hostile = "洛阳市' OR '1'='1"
    frame = run_query(con, "overview_kpis", {**ALL_FILTERS, "city": hostile})
    assert int(frame.at[0, "reports_count"]) == 0
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
