"""Metric SQL files: header checks, and given rows → the exact frame."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from xxgk.db import create_schema, figure_columns, refresh_derived
from xxgk.metrics import QueryError, load_queries, parse_query, run_query

ALL_FILTERS = dict(province=None, city=None, district=None, year_from=None, year_to=None, kind=None)


def make_db(reports: list[dict[str, Any]], path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A database (in memory, or the file ``path``) with the real schema and the given reports
    (figures by full column name).

    A report may also carry ``prose`` ({code: value} or {code: (value, sentence)}), ``findings``
    ([(rule, severity, message, [cells])]), ``text``, ``warnings`` ([message]), ``parsing`` (a dict)
    and ``title``.
    """
    con = duckdb.connect(str(path) if path else ":memory:")
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
            "title": spec.get("title"),
            "published_at": spec.get("published_at"),
            "parsing": json.dumps(spec["parsing"], ensure_ascii=False) if "parsing" in spec else None,
        }
        columns = ", ".join(report)
        marks = ", ".join("?" for _ in report)
        con.execute(
            f"INSERT INTO reports ({columns}, loaded_at) VALUES ({marks}, now())", list(report.values())
        )
        values = [spec.get("figures", {}).get(name) for name in figure_names]
        con.execute(
            "INSERT INTO cell_sources VALUES (?, ?, ?, ?)",
            [report["report_id"], values, [None if v is None else str(v) for v in values], [None] * len(values)],
        )
        for start, (code, fact) in enumerate(spec.get("prose", {}).items()):
            value, sentence = fact if isinstance(fact, tuple) else (fact, f"{code}{fact}")
            con.execute("INSERT INTO prose_facts VALUES (?, ?, ?, ?, ?)", [report["report_id"], code, value, sentence, start])
        for rule, severity, message, cells in spec.get("findings", []):
            con.execute("INSERT INTO findings VALUES (?, ?, ?, ?, ?)", [report["report_id"], rule, severity, message, cells])
        if "text" in spec:
            con.execute("INSERT INTO report_texts VALUES (?, ?)", [report["report_id"], spec["text"]])
        for message in spec.get("warnings", []):
            con.execute("INSERT INTO parse_warnings VALUES (?, ?)", [report["report_id"], message])
    refresh_derived(con)  # as a load does at its end
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
    # a sum over no printed figure is NULL (未填报), not 0; each sum says how many reports printed it
    expected = pd.DataFrame(
        {
            "year": [2021, 2022],
            "reports_count": [2, 2],
            "new_received_count": [5, 7],
            "new_received_reports_count": [1, 2],
            "carried_over_count": [1, None],
            "carried_over_reports_count": [1, 0],
            "processed_count": [None, None],
            "processed_reports_count": [0, 0],
            "granted_count": [None, 3],
            "granted_reports_count": [0, 1],
            "carried_forward_count": [None, None],
            "carried_forward_reports_count": [0, 0],
        }
    )
    pd.testing.assert_frame_equal(by_year.astype(object).where(by_year.notna(), None), expected.astype(object).where(expected.notna(), None), check_dtype=False)
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
    assert con.execute("SELECT report_id, revisions_count FROM current_reports").fetchall() == [("new", 1)]


def test_reports_whose_agency_was_not_recognised_are_never_versions_of_each_other() -> None:
    con = make_db(
        [
            {"report_id": "a", "agency": None, "year": 2022, "figures": {"applications__new_received__total": 5}},
            {"report_id": "b", "agency": None, "year": 2022, "figures": {"applications__new_received__total": 6}},
        ]
    )
    kpis = run_query(con, "overview_kpis", ALL_FILTERS)
    assert (int(kpis.at[0, "reports_count"]), int(kpis.at[0, "applications_received_count"])) == (2, 11)
    assert con.execute("SELECT report_id, revisions_count FROM current_reports ORDER BY report_id").fetchall() == [
        ("a", 0), ("b", 0)
    ]
    assert run_query(con, "report_versions", {"report": "a"})["report_id"].tolist() == ["a"]


def test_filter_values_reach_sql_only_as_bound_parameters() -> None:
    con = make_db([{"agency": "甲局", "year": 2022}])
    hostile = "洛阳市' OR '1'='1"
    frame = run_query(con, "overview_kpis", {**ALL_FILTERS, "city": hostile})
    assert int(frame.at[0, "reports_count"]) == 0
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1


# --- the metric library of issue #5: one test (or more) per SQL file ----------------------------


def totals(**figures: float | None) -> dict[str, float | None]:
    """Figures of table 3's 总计 column by row code: totals(granted=3) → applications__granted__total."""
    return {f"applications__{row}__total": value for row, value in figures.items()}


def review(block: str, **figures: float | None) -> dict[str, float | None]:
    """Figures of one block of table 4: review("review", corrected=1) → review_litigation__review__corrected."""
    return {f"review_litigation__{block}__{column}": value for column, value in figures.items()}


def records(frame: pd.DataFrame, *columns: str) -> list[dict[str, Any]]:
    """Rows as plain dicts (NaN → None, numpy scalars → Python), for exact comparison."""
    out = frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None)
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in out.to_dict("records")]


def test_filter_options_lists_each_place_and_year_once() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022},
            {"agency": "乙镇人民政府", "year": 2022, "agency_kind": "township"},
            {"agency": "丙镇人民政府", "year": 2021, "district": "偃师区", "agency_kind": "township"},
            {"agency": "洛阳市人民政府", "year": 2022, "district": None, "agency_kind": "government"},
        ]
    )
    frame = run_query(con, "filter_options")
    assert records(frame, "province", "city", "district", "year") == [
        {"province": "河南省", "city": "洛阳市", "district": "偃师区", "year": 2021},
        {"province": "河南省", "city": "洛阳市", "district": "孟津区", "year": 2022},
        {"province": "河南省", "city": "洛阳市", "district": None, "year": 2022},
    ]


def test_no_applications_years_needs_an_explicit_zero_every_year_in_a_row() -> None:
    zero, blank = totals(new_received=0), totals(new_received=None)
    con = make_db(
        [
            # 2019–2021 zero, 2022 one application, 2023–2024 zero: a run of 3 and a run of 2
            *({"agency": "甲局", "year": y, "figures": zero} for y in (2019, 2020, 2021)),
            {"agency": "甲局", "year": 2022, "figures": totals(new_received=1)},
            *({"agency": "甲局", "year": y, "figures": zero} for y in (2023, 2024)),
            # a blank year breaks the run: 2019–2020 zero, 2021 blank, 2022 zero
            {"agency": "乙局", "year": 2019, "figures": zero},
            {"agency": "乙局", "year": 2020, "figures": zero},
            {"agency": "乙局", "year": 2021, "figures": blank},
            {"agency": "乙局", "year": 2022, "figures": zero},
            # a missing year breaks it too
            {"agency": "丙局", "year": 2019, "figures": zero},
            {"agency": "丙局", "year": 2021, "figures": zero},
        ]
    )
    frame = run_query(con, "no_applications_years", ALL_FILTERS)
    assert records(frame, "agency", "first_year", "last_year", "years_count", "report_id") == [
        {"agency": "甲局", "first_year": 2019, "last_year": 2021, "years_count": 3, "report_id": "r3"},
        {"agency": "乙局", "first_year": 2019, "last_year": 2020, "years_count": 2, "report_id": "r8"},
        {"agency": "甲局", "first_year": 2023, "last_year": 2024, "years_count": 2, "report_id": "r6"},
    ]
    three = run_query(con, "no_applications_years", {**ALL_FILTERS, "min_years": 3})
    assert three["agency"].tolist() == ["甲局"]
    # the year filter cuts runs: from 2020 甲局 has 2020–2021 and 2023–2024
    cut = run_query(con, "no_applications_years", {**ALL_FILTERS, "year_from": 2020})
    assert records(cut, "agency", "first_year", "years_count") == [
        {"agency": "甲局", "first_year": 2020, "years_count": 2},
        {"agency": "甲局", "first_year": 2023, "years_count": 2},
    ]


def test_missing_reports_lists_a_year_after_a_report_up_to_the_latest_year() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2021},
            {"agency": "甲局", "year": 2023},  # 2022 missing; 2024 is no year of the data yet
            {"agency": "乙局", "year": 2021},
            {"agency": "乙局", "year": 2022},  # 2023 missing
            {"agency": "丙镇人民政府", "year": 2023, "agency_kind": "township"},
            {"agency": "丁局", "year": 2024, "district": "偃师区", "region_code": "410307"},  # sets the latest year
        ]
    )
    frame = run_query(con, "missing_reports", ALL_FILTERS)
    assert records(frame, "agency", "missing_year", "previous_year", "report_id") == [
        {"agency": "丙镇人民政府", "missing_year": 2024, "previous_year": 2023, "report_id": "r5"},
        {"agency": "甲局", "missing_year": 2024, "previous_year": 2023, "report_id": "r2"},
        {"agency": "乙局", "missing_year": 2023, "previous_year": 2022, "report_id": "r4"},
        {"agency": "甲局", "missing_year": 2022, "previous_year": 2021, "report_id": "r1"},
    ]
    only_2022 = run_query(con, "missing_reports", {**ALL_FILTERS, "year_from": 2022, "year_to": 2022})
    assert only_2022["agency"].tolist() == ["甲局"]
    townships = run_query(con, "missing_reports", {**ALL_FILTERS, "kind": "township"})
    assert townships["agency"].tolist() == ["丙镇人民政府"]


def test_information_adoption_rate_puts_the_stated_rate_beside_the_computed_one() -> None:
    con = make_db(
        [
            # the seed: 35 submitted, 6 adopted, stated 18 % while 6/35 = 17.1 %
            {"agency": "孟津区司法局", "year": 2022,
             "prose": {"info_submitted": (35, "上报政务信息35条，采用信息6条，采用率18%"),
                       "info_adopted": (6, "上报政务信息35条，采用信息6条，采用率18%"),
                       "adoption_rate_stated_pct": (18, "上报政务信息35条，采用信息6条，采用率18%")}},
            {"agency": "孟津区民政局", "year": 2022, "prose": {"info_submitted": 40, "info_adopted": 10, "adoption_rate_stated_pct": 25}},
            # parts without a stated rate
            {"agency": "孟津区财政局", "year": 2022, "prose": {"info_submitted": 8, "info_adopted": 1}},
            # other prose facts only: not listed
            {"agency": "孟津区教育局", "year": 2022, "prose": {"mailbox_replies": 3}},
        ]
    )
    frame = run_query(con, "information_adoption_rate", ALL_FILTERS)
    assert records(frame, "agency", "submitted_count", "adopted_count", "stated_rate_pct", "computed_rate_pct",
                   "difference_pct_points", "mismatch") == [
        {"agency": "孟津区司法局", "submitted_count": 35, "adopted_count": 6, "stated_rate_pct": 18.0,
         "computed_rate_pct": 17.1, "difference_pct_points": 0.9, "mismatch": True},
        {"agency": "孟津区民政局", "submitted_count": 40, "adopted_count": 10, "stated_rate_pct": 25.0,
         "computed_rate_pct": 25.0, "difference_pct_points": 0.0, "mismatch": False},
        {"agency": "孟津区财政局", "submitted_count": 8, "adopted_count": 1, "stated_rate_pct": None,
         "computed_rate_pct": 12.5, "difference_pct_points": None, "mismatch": None},
    ]
    assert frame.loc[0, "sentence"] == "上报政务信息35条，采用信息6条，采用率18%"


def test_information_adoption_by_district_pools_the_parts_and_averages_the_stated_rates() -> None:
    con = make_db(
        [
            {"agency": "孟津区司法局", "year": 2022, "prose": {"info_submitted": 35, "info_adopted": 6, "adoption_rate_stated_pct": 18}},
            {"agency": "孟津区民政局", "year": 2022, "prose": {"info_submitted": 40, "info_adopted": 10, "adoption_rate_stated_pct": 25}},
            {"agency": "孟津区财政局", "year": 2022, "prose": {"info_submitted": 25, "info_adopted": 4}},
            # a stated rate without its parts: counted, not pooled
            {"agency": "孟津区教育局", "year": 2022, "prose": {"adoption_rate_stated_pct": 50}},
            {"agency": "洛阳市民政局", "year": 2022, "district": None, "region_code": "410300",
             "prose": {"info_submitted": 10, "info_adopted": 5, "adoption_rate_stated_pct": 50}},
        ]
    )
    frame = run_query(con, "information_adoption_by_district", ALL_FILTERS)
    assert records(frame, "area", "reports_count", "submitted_count", "adopted_count", "adoption_rate_pct",
                   "stated_reports_count", "stated_mean_pct", "computed_mean_pct", "mismatch_count") == [
        {"area": "市本级", "reports_count": 1, "submitted_count": 10, "adopted_count": 5, "adoption_rate_pct": 50.0,
         "stated_reports_count": 1, "stated_mean_pct": 50.0, "computed_mean_pct": 50.0, "mismatch_count": 0},
        # 20 / 100 = 20 %; stated (18 + 25) / 2 = 21.5; computed (17.14 + 25) / 2 = 21.1
        {"area": "孟津区", "reports_count": 4, "submitted_count": 100, "adopted_count": 20, "adoption_rate_pct": 20.0,
         "stated_reports_count": 2, "stated_mean_pct": 21.5, "computed_mean_pct": 21.1, "mismatch_count": 1},
    ]


def outcome_rows(template: str, **figures: float | None) -> dict[str, float | None]:
    """Every outcome row of table 3's 总计 column printed as 0, but for ``figures``."""
    from xxgk import codes

    rows = [r.code for r in codes.application_rows(template) if r.code not in ("new_received", "carried_over", "carried_forward")]
    return totals(**({row: 0 for row in rows} | figures))


def test_application_outcomes_are_shares_of_the_total_processed() -> None:
    con = make_db(
        [
            # a blank 不予处理·重复申请: 甲局 is left out of the 不予处理 share only
            {"agency": "甲局", "year": 2022, "template": "2021",
             "figures": outcome_rows("2021", total_processed=10, granted=4, partially_granted=1, denied_state_secret=1,
                                     denied_third_party=1, unable_not_held=2, not_processed_duplicate=None, other_other=1)},
            {"agency": "乙局", "year": 2022, "template": "2019",
             "figures": outcome_rows("2019", total_processed=10, granted=6, other_handling=2, unable_unclear=1,
                                     not_processed_petition=1)},
            # a blank total: left out of every share, whatever its parts say
            {"agency": "丙局", "year": 2022, "figures": outcome_rows("2021", total_processed=None, granted=50)},
            # parts that do not add up to the total (R2): the gap is listed
            {"agency": "甲局", "year": 2023, "figures": outcome_rows("2021", total_processed=5, granted=3)},
            {"agency": "乙局", "year": 2023, "figures": outcome_rows("2021", total_processed=0, granted=0)},
        ]
    )
    frame = run_query(con, "application_outcomes", ALL_FILTERS)
    columns = ("year", "outcome", "outcome_label", "outcome_count", "processed_count", "share_pct",
               "counted_reports_count", "excluded_reports_count")
    assert [tuple(r.values()) for r in records(frame, *columns)] == [
        (2022, "granted", "予以公开", 10, 20, 50.0, 2, 1),
        (2022, "partially_granted", "部分公开", 1, 20, 5.0, 2, 1),
        (2022, "denied", "不予公开", 2, 20, 10.0, 2, 1),
        (2022, "unable", "无法提供", 3, 20, 15.0, 2, 1),
        (2022, "not_processed", "不予处理", 1, 10, 10.0, 1, 2),
        (2022, "other", "其他处理", 3, 20, 15.0, 2, 1),
        # the parts add up in 2022 (no gap row); in 2023 the total is 5 and the parts 3
        (2023, "granted", "予以公开", 3, 5, 60.0, 2, 0),
        (2023, "partially_granted", "部分公开", 0, 5, 0.0, 2, 0),
        (2023, "denied", "不予公开", 0, 5, 0.0, 2, 0),
        (2023, "unable", "无法提供", 0, 5, 0.0, 2, 0),
        (2023, "not_processed", "不予处理", 0, 5, 0.0, 2, 0),
        (2023, "other", "其他处理", 0, 5, 0.0, 2, 0),
        (2023, "unaccounted", "与总计的差额", 2, 5, 40.0, 2, 0),
    ]


def test_disclosure_rate_keeps_its_counts_and_ranks_only_large_enough_samples() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "figures": totals(granted=6, partially_granted=2, total_processed=10)},
            {"agency": "乙局", "year": 2022, "figures": totals(granted=18, partially_granted=0, total_processed=20)},
            {"agency": "丙局", "year": 2022, "figures": totals(granted=3, partially_granted=0, total_processed=3)},  # few: not ranked
            {"agency": "丁局", "year": 2022, "figures": totals(granted=4, partially_granted=None, total_processed=12)},  # blank part
            {"agency": "戊局", "year": 2022, "figures": totals(granted=0, partially_granted=0, total_processed=0)},  # nothing processed
            {"agency": "甲局", "year": 2021, "figures": totals(granted=1, partially_granted=0, total_processed=10)},
        ]
    )
    frame = run_query(con, "disclosure_rate", ALL_FILTERS)
    assert records(frame, "agency", "year", "granted_count", "partially_granted_count", "disclosed_count", "processed_count",
                   "disclosure_rate_pct", "small_sample", "disclosure_rank") == [
        {"agency": "甲局", "year": 2022, "granted_count": 6, "partially_granted_count": 2, "disclosed_count": 8,
         "processed_count": 10, "disclosure_rate_pct": 80.0, "small_sample": False, "disclosure_rank": 1},
        {"agency": "乙局", "year": 2022, "granted_count": 18, "partially_granted_count": 0, "disclosed_count": 18,
         "processed_count": 20, "disclosure_rate_pct": 90.0, "small_sample": False, "disclosure_rank": 2},
        {"agency": "丙局", "year": 2022, "granted_count": 3, "partially_granted_count": 0, "disclosed_count": 3,
         "processed_count": 3, "disclosure_rate_pct": 100.0, "small_sample": True, "disclosure_rank": None},
        {"agency": "甲局", "year": 2021, "granted_count": 1, "partially_granted_count": 0, "disclosed_count": 1,
         "processed_count": 10, "disclosure_rate_pct": 10.0, "small_sample": False, "disclosure_rank": 1},
    ]
    assert frame["excluded_reports_count"].tolist() == [1, 1, 1, 1]  # 丁局, whose 部分公开 is blank
    # a lower threshold ranks 丙局 too
    lenient = run_query(con, "disclosure_rate", {**ALL_FILTERS, "min_processed": 1})
    assert records(lenient[lenient["year"] == 2022], "agency", "disclosure_rank") == [
        {"agency": "甲局", "disclosure_rank": 1}, {"agency": "乙局", "disclosure_rank": 2}, {"agency": "丙局", "disclosure_rank": 3},
    ]


def test_not_held_rate_is_the_share_answered_not_held() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "figures": totals(unable_not_held=5, total_processed=20)},
            {"agency": "乙局", "year": 2022, "figures": totals(unable_not_held=1, total_processed=10)},
            {"agency": "丙局", "year": 2022, "figures": totals(unable_not_held=2, total_processed=2)},
            {"agency": "丁局", "year": 2022, "figures": totals(unable_not_held=None, total_processed=30)},
        ]
    )
    frame = run_query(con, "not_held_rate", ALL_FILTERS)
    assert records(frame, "agency", "not_held_count", "processed_count", "not_held_rate_pct", "small_sample", "not_held_rank") == [
        {"agency": "甲局", "not_held_count": 5, "processed_count": 20, "not_held_rate_pct": 25.0, "small_sample": False, "not_held_rank": 1},
        {"agency": "乙局", "not_held_count": 1, "processed_count": 10, "not_held_rate_pct": 10.0, "small_sample": False, "not_held_rank": 2},
        {"agency": "丙局", "not_held_count": 2, "processed_count": 2, "not_held_rate_pct": 100.0, "small_sample": True, "not_held_rank": None},
    ]
    assert frame["excluded_reports_count"].tolist() == [1, 1, 1]  # 丁局, whose 不掌握 is blank


def test_application_rates_by_year_pool_each_rate_over_reports_printing_its_parts() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "figures": totals(granted=6, partially_granted=2, unable_not_held=1, total_processed=10)},
            {"agency": "乙局", "year": 2022, "figures": totals(granted=1, partially_granted=None, unable_not_held=3, total_processed=10)},
            {"agency": "甲局", "year": 2023, "figures": totals(granted=0, partially_granted=0, unable_not_held=0, total_processed=0)},
        ]
    )
    frame = run_query(con, "application_rates_by_year", ALL_FILTERS)
    columns = ("year", "rate", "rate_label", "numerator_count", "denominator_count", "rate_pct", "counted_reports_count",
               "excluded_reports_count")
    assert [tuple(r.values()) for r in records(frame, *columns)] == [
        (2022, "disclosure", "实质公开率", 8, 10, 80.0, 1, 1),  # 乙局's 部分公开 is blank
        (2022, "not_held", "不掌握信息比例", 4, 20, 20.0, 2, 0),
        (2023, "disclosure", "实质公开率", 0, 0, None, 1, 0),
        (2023, "not_held", "不掌握信息比例", 0, 0, None, 1, 0),
    ]


def test_correction_rate_divides_corrected_by_decided_cases_per_block() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022,
             "figures": {**review("review", corrected=1, pending=1, total=5),
                         **review("litigation_direct", corrected=0, pending=0, total=2),
                         **review("litigation_after_review", corrected=1, pending=0, total=1)}},
            {"agency": "乙局", "year": 2022,
             "figures": {**review("review", corrected=2, pending=0, total=4),
                         # a blank pending: the block is left out
                         **review("litigation_direct", corrected=1, pending=None, total=3),
                         **review("litigation_after_review", corrected=0, pending=0, total=0)}},
        ]
    )
    frame = run_query(con, "correction_rate", ALL_FILTERS)
    assert records(frame, "year", "block", "block_label", "corrected_count", "decided_count", "cases_count",
                   "correction_rate_pct", "counted_reports_count", "excluded_reports_count") == [
        {"year": 2022, "block": "review", "block_label": "行政复议", "corrected_count": 3, "decided_count": 8,
         "cases_count": 9, "correction_rate_pct": 37.5, "counted_reports_count": 2, "excluded_reports_count": 0},
        {"year": 2022, "block": "litigation_direct", "block_label": "未经复议直接起诉", "corrected_count": 0, "decided_count": 2,
         "cases_count": 2, "correction_rate_pct": 0.0, "counted_reports_count": 1, "excluded_reports_count": 1},
        {"year": 2022, "block": "litigation_after_review", "block_label": "复议后起诉", "corrected_count": 1, "decided_count": 1,
         "cases_count": 1, "correction_rate_pct": 100.0, "counted_reports_count": 2, "excluded_reports_count": 0},
    ]


def test_review_litigation_by_agency_lists_reports_with_cases_most_corrections_first() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022,
             "figures": {**review("review", corrected=1, pending=1, total=3),
                         **review("litigation_direct", corrected=0, pending=1, total=2),
                         **review("litigation_after_review", corrected=1, pending=0, total=1)}},
            {"agency": "乙局", "year": 2022,
             "figures": {**review("review", corrected=0, pending=0, total=1),
                         **review("litigation_direct", corrected=0, pending=0, total=0),
                         **review("litigation_after_review", corrected=0, pending=0, total=0)}},
            {"agency": "丙局", "year": 2022,
             "figures": {**review("review", corrected=0, pending=0, total=0),
                         **review("litigation_direct", corrected=0, pending=0, total=0),
                         **review("litigation_after_review", corrected=0, pending=0, total=0)}},
        ]
    )
    frame = run_query(con, "review_litigation_by_agency", ALL_FILTERS)
    assert records(frame, "agency", "review_count", "review_corrected_count", "review_decided_count", "review_correction_rate_pct",
                   "litigation_count", "litigation_corrected_count", "litigation_decided_count",
                   "litigation_correction_rate_pct") == [
        {"agency": "甲局", "review_count": 3, "review_corrected_count": 1, "review_decided_count": 2, "review_correction_rate_pct": 50.0,
         "litigation_count": 3, "litigation_corrected_count": 1, "litigation_decided_count": 2, "litigation_correction_rate_pct": 50.0},
        {"agency": "乙局", "review_count": 1, "review_corrected_count": 0, "review_decided_count": 1, "review_correction_rate_pct": 0.0,
         "litigation_count": 0, "litigation_corrected_count": 0, "litigation_decided_count": 0, "litigation_correction_rate_pct": None},
    ]


def test_carry_forward_backlog_against_the_years_workload() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "figures": totals(new_received=18, carried_over=2, carried_forward=5)},
            {"agency": "乙局", "year": 2022, "figures": totals(new_received=10, carried_over=0, carried_forward=0)},
            {"agency": "丙局", "year": 2022, "figures": totals(new_received=10, carried_over=None, carried_forward=9)},  # left out
        ]
    )
    frame = run_query(con, "carry_forward_backlog", ALL_FILTERS)
    assert records(frame, "year", "carried_forward_count", "workload_count", "backlog_pct", "counted_reports_count",
                   "excluded_reports_count", "reports_with_backlog_count") == [
        {"year": 2022, "carried_forward_count": 5, "workload_count": 30, "backlog_pct": 16.7, "counted_reports_count": 2,
         "excluded_reports_count": 1, "reports_with_backlog_count": 1},
    ]


def test_active_disclosure_volume_reads_both_templates() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "template": "2021",
             "figures": {"active_disclosure__regulations__issued": 1, "active_disclosure__normative_documents__issued": 3,
                         "active_disclosure__licensing__decisions": 100, "active_disclosure__penalty__decisions": 20,
                         "active_disclosure__coercion__decisions": 2, "active_disclosure__fees__amount_10k_yuan": 12.5}},
            {"agency": "乙局", "year": 2022, "template": "2019",
             "figures": {"active_disclosure__regulations__produced": 2, "active_disclosure__normative_documents__produced": 4,
                         "active_disclosure__licensing__decisions": 50, "active_disclosure__penalty__decisions": None}},
            {"agency": "丙局", "year": 2022, "template": "pre2019", "figures": {"active_disclosure__licensing__decisions": 999}},
        ]
    )
    frame = run_query(con, "active_disclosure_volume", ALL_FILTERS)
    assert records(frame, *frame.columns) == [
        {"year": 2022, "reports_count": 2, "regulations_issued_count": 3, "regulations_reports_count": 2,
         "normative_documents_issued_count": 7, "normative_documents_reports_count": 2,
         "licensing_decisions_count": 150, "licensing_reports_count": 2, "penalty_decisions_count": 20,
         "penalty_reports_count": 1, "coercion_decisions_count": 2, "coercion_reports_count": 1,
         "fees_10k_yuan": 12.5, "fees_reports_count": 1},
    ]


def pre2019(**figures: float | None) -> dict[str, float | None]:
    """Figures of the pre-2019 statistics table's 本年度 column: pre2019(review=1) → pre2019_statistics__review__this_year."""
    return {f"pre2019_statistics__{row}__this_year": value for row, value in figures.items()}


def test_pre2019_statistics_by_year_is_the_older_series_apart_from_the_modern_one() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2016, "template": "pre2019",
             "figures": pre2019(requests_total=12, replies_total=12, replies_granted=8, replies_partial=2, active_total=300)},
            # 答复总数 blank: left out of the rate, counted as excluded; its printed parts still add to their sums
            {"agency": "乙局", "year": 2016, "template": "pre2019",
             "figures": pre2019(requests_total=None, replies_total=None, replies_granted=1, replies_partial=0)},
            # a modern report of the same year adds nothing to the older series
            {"agency": "丙局", "year": 2016, "template": "2019", "figures": totals(new_received=50, granted=40)},
        ]
    )
    frame = run_query(con, "pre2019_statistics_by_year", ALL_FILTERS)
    assert records(frame, "year", "reports_count", "requests_count", "requests_reports_count", "replies_count",
                   "granted_count", "granted_reports_count", "disclosed_count", "disclosure_replies_count",
                   "disclosure_rate_pct", "disclosure_counted_reports_count", "disclosure_excluded_reports_count",
                   "active_count", "review_count", "review_reports_count") == [
        {"year": 2016, "reports_count": 2, "requests_count": 12, "requests_reports_count": 1, "replies_count": 12,
         "granted_count": 9, "granted_reports_count": 2, "disclosed_count": 10, "disclosure_replies_count": 12,
         "disclosure_rate_pct": 83.3, "disclosure_counted_reports_count": 1, "disclosure_excluded_reports_count": 1,
         "active_count": 300, "review_count": None, "review_reports_count": 0},
    ]


def test_district_ranking_ranks_rates_only_where_enough_applications_were_processed() -> None:
    con = make_db(
        [
            {"agency": "孟津区司法局", "year": 2022, "cells_zero": 200,
             "figures": totals(new_received=0, granted=0, partially_granted=0, total_processed=0)},
            {"agency": "孟津区民政局", "year": 2022,
             "figures": {**totals(new_received=20, granted=10, partially_granted=2, total_processed=20),
                         **review("review", corrected=1, pending=0, total=4)}},
            {"agency": "偃师区民政局", "year": 2022, "district": "偃师区", "region_code": "410307",
             "figures": totals(new_received=30, granted=27, partially_granted=0, total_processed=30)},
            {"agency": "老城区民政局", "year": 2022, "district": "老城区", "region_code": "410302",
             "figures": totals(new_received=2, granted=2, partially_granted=0, total_processed=2)},
            {"agency": "洛阳市民政局", "year": 2022, "district": None, "region_code": "410300",
             "figures": totals(new_received=12, granted=6, partially_granted=0, total_processed=12)},
        ]
    )
    frame = run_query(con, "district_ranking", ALL_FILTERS)
    assert records(frame, "area", "reports_count", "zero_activity_count", "zero_activity_pct", "applications_received_count",
                   "disclosed_count", "processed_count", "disclosure_rate_pct", "review_corrected_count",
                   "review_decided_count", "small_sample", "disclosure_rank", "zero_activity_rank") == [
        {"area": "偃师区", "reports_count": 1, "zero_activity_count": 0, "zero_activity_pct": 0.0,
         "applications_received_count": 30, "disclosed_count": 27, "processed_count": 30, "disclosure_rate_pct": 90.0,
         "review_corrected_count": None, "review_decided_count": None, "small_sample": False, "disclosure_rank": 1,
         "zero_activity_rank": 1},
        {"area": "孟津区", "reports_count": 2, "zero_activity_count": 1, "zero_activity_pct": 50.0,
         "applications_received_count": 20, "disclosed_count": 12, "processed_count": 20, "disclosure_rate_pct": 60.0,
         "review_corrected_count": 1, "review_decided_count": 4, "small_sample": False, "disclosure_rank": 2,
         "zero_activity_rank": 4},
        {"area": "市本级", "reports_count": 1, "zero_activity_count": 0, "zero_activity_pct": 0.0,
         "applications_received_count": 12, "disclosed_count": 6, "processed_count": 12, "disclosure_rate_pct": 50.0,
         "review_corrected_count": None, "review_decided_count": None, "small_sample": False, "disclosure_rank": 3,
         "zero_activity_rank": 1},
        # two applications: shown with its counts, not ranked
        {"area": "老城区", "reports_count": 1, "zero_activity_count": 0, "zero_activity_pct": 0.0,
         "applications_received_count": 2, "disclosed_count": 2, "processed_count": 2, "disclosure_rate_pct": 100.0,
         "review_corrected_count": None, "review_decided_count": None, "small_sample": True, "disclosure_rank": None,
         "zero_activity_rank": 1},
    ]


def test_agency_list_has_one_row_per_agency_with_its_years() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2021},
            {"agency": "甲局", "year": 2023},
            {"agency": "乙镇人民政府", "year": 2022, "agency_kind": "township"},
            {"agency": "甲局", "year": 2022, "district": "偃师区", "region_code": "410307"},  # same name, another place
        ]
    )
    frame = run_query(con, "agency_list", ALL_FILTERS)
    assert records(frame, "agency_key", "agency", "agency_kind", "district", "reports_count", "first_year", "last_year") == [
        {"agency_key": "甲局|410307", "agency": "甲局", "agency_kind": "department", "district": "偃师区",
         "reports_count": 1, "first_year": 2022, "last_year": 2022},
        {"agency_key": "乙镇人民政府|410308", "agency": "乙镇人民政府", "agency_kind": "township", "district": "孟津区",
         "reports_count": 1, "first_year": 2022, "last_year": 2022},
        {"agency_key": "甲局|410308", "agency": "甲局", "agency_kind": "department", "district": "孟津区",
         "reports_count": 2, "first_year": 2021, "last_year": 2023},
    ]


def test_agency_profile_sets_the_agency_beside_the_median_of_its_peers_of_the_same_kind() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "figures": totals(new_received=10, granted=4, partially_granted=1, total_processed=10)},
            {"agency": "乙局", "year": 2022, "figures": totals(new_received=2, granted=1, partially_granted=0, total_processed=2)},
            {"agency": "丙局", "year": 2022, "figures": totals(new_received=6, granted=None, partially_granted=0, total_processed=6)},
            {"agency": "丁局", "year": 2022, "figures": totals(new_received=None)},
            # another kind: never a peer
            {"agency": "戊镇人民政府", "year": 2022, "agency_kind": "township", "figures": totals(new_received=100)},
            # another place: a peer only when the place filter allows
            {"agency": "己局", "year": 2022, "district": "偃师区", "region_code": "410307", "figures": totals(new_received=40)},
            {"agency": "甲局", "year": 2023, "figures": totals(new_received=3)},
        ]
    )
    frame = run_query(con, "agency_profile", {**ALL_FILTERS, "agency_key": "甲局|410308"})
    wanted = frame[frame["measure"].isin(["new_received", "disclosure_rate_pct"])]
    assert records(wanted, "year", "measure", "measure_label", "agency_value", "peer_median_value", "peers_count", "report_id") == [
        # peers 乙 2, 丙 6, 己 40 (丁 blank): median 6
        {"year": 2022, "measure": "new_received", "measure_label": "本年新收申请（件）", "agency_value": 10.0,
         "peer_median_value": 6.0, "peers_count": 3, "report_id": "r1"},
        {"year": 2023, "measure": "new_received", "measure_label": "本年新收申请（件）", "agency_value": 3.0,
         "peer_median_value": None, "peers_count": 0, "report_id": "r7"},
        # 5/10 = 50 %; peers: 乙 50 % (丙's granted is blank)
        {"year": 2022, "measure": "disclosure_rate_pct", "measure_label": "实质公开率（%）", "agency_value": 50.0,
         "peer_median_value": 50.0, "peers_count": 1, "report_id": "r1"},
    ]
    in_district = run_query(con, "agency_profile", {**ALL_FILTERS, "agency_key": "甲局|410308", "district": "孟津区"})
    row = in_district[(in_district["measure"] == "new_received") & (in_district["year"] == 2022)]
    assert records(row, "peer_median_value", "peers_count") == [{"peer_median_value": 4.0, "peers_count": 2}]
    # the agency shows even where the place filter leaves it out
    elsewhere = run_query(con, "agency_profile", {**ALL_FILTERS, "agency_key": "甲局|410308", "district": "偃师区"})
    row = elsewhere[(elsewhere["measure"] == "new_received") & (elsewhere["year"] == 2022)]
    assert records(row, "agency_value", "peer_median_value", "peers_count") == [
        {"agency_value": 10.0, "peer_median_value": 40.0, "peers_count": 1}
    ]


def test_parsing_coverage_lists_reports_read_in_part_or_without_a_template() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "cells_read": 200},
            {"agency": "乙局", "year": 2022, "cells_read": 150, "cells_blank": 3, "cells_mark": 1},
            {"agency": "丙局", "year": 2016, "template": "pre2019", "cells_expected": 0, "cells_read": 37},
            {"agency": "丁局", "year": 2022, "template": None, "cells_expected": 0, "cells_read": 0},
        ]
    )
    frame = run_query(con, "parsing_coverage", ALL_FILTERS)
    assert records(frame, "agency", "template", "cells_read", "cells_expected", "read_pct", "cells_blank", "cells_mark") == [
        {"agency": "丁局", "template": "未识别", "cells_read": 0, "cells_expected": 0, "read_pct": None, "cells_blank": 0, "cells_mark": 0},
        {"agency": "丙局", "template": "pre2019", "cells_read": 37, "cells_expected": 0, "read_pct": None, "cells_blank": 0, "cells_mark": 0},
        {"agency": "乙局", "template": "2021", "cells_read": 150, "cells_expected": 200, "read_pct": 75.0, "cells_blank": 3, "cells_mark": 1},
    ]


def test_reports_with_problems_lists_reports_without_agency_year_or_tables() -> None:
    found = {"found": True}
    three = {"active_disclosure": found, "applications": found, "review_litigation": found}
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "parsing": three},  # complete: not listed
            {"agency": "乙局", "year": 2022, "cells_read": 150, "parsing": three},  # read in part only: not listed
            {"agency": None, "year": None, "cells_read": 120,
             "parsing": {**three, "review_litigation": {"found": False}}},
            {"agency": "丙局", "year": None, "parsing": three},
            {"agency": "丁局", "year": 2016, "template": "pre2019", "cells_read": 5,
             "parsing": {"active_disclosure": {"found": False}, "pre2019_statistics": {"found": True}}},
            {"agency": "戊局", "year": 2017, "template": "pre2019", "cells_read": 0,
             "parsing": {"pre2019_statistics": {"found": False}}},
            {"agency": "己局", "year": 2022, "template": None, "cells_read": 0, "parsing": {}},
        ]
    )
    frame = run_query(con, "reports_with_problems", ALL_FILTERS)
    assert records(frame, "agency", "year", "problems", "path", "rows_count") == [
        {"agency": "丙局", "year": None, "problems": "未识别年度", "path": "/reports/4.txt", "rows_count": 4},
        {"agency": "己局", "year": 2022, "problems": "未找到表格：表二（主动公开）、表三（依申请公开）、表四（复议诉讼）",
         "path": "/reports/7.txt", "rows_count": 4},
        {"agency": "戊局", "year": 2017, "problems": "未找到表格：统计表", "path": "/reports/6.txt", "rows_count": 4},
        {"agency": "（未识别机构）", "year": None, "problems": "未识别机构；未识别年度；未找到表格：表四（复议诉讼）",
         "path": "/reports/3.txt", "rows_count": 4},
    ]
    assert records(run_query(con, "reports_with_problems", {**ALL_FILTERS, "year_from": 2020}), "agency") == [{"agency": "己局"}]
    assert records(run_query(con, "reports_with_problems", {**ALL_FILTERS, "year_to": 2020}), "agency") == [{"agency": "戊局"}]


def test_report_search_finds_current_reports_by_name_or_title() -> None:
    con = make_db(
        [
            {"agency": "孟津区司法局", "year": 2021, "title": "孟津区司法局2021年政府信息公开工作年度报告"},
            {"agency": "孟津区司法局", "year": 2022},
            {"agency": "孟津区民政局", "year": 2022, "title": "司法所参与的年度报告"},
        ]
    )
    found = run_query(con, "report_search", {**ALL_FILTERS, "search": "司法"})
    assert records(found, "report_id", "agency", "year") == [
        {"report_id": "r2", "agency": "孟津区司法局", "year": 2022},
        {"report_id": "r3", "agency": "孟津区民政局", "year": 2022},
        {"report_id": "r1", "agency": "孟津区司法局", "year": 2021},
    ]
    assert len(run_query(con, "report_search", ALL_FILTERS)) == 3
    assert run_query(con, "report_search", {**ALL_FILTERS, "search": "' OR 1=1 --"}).empty


def test_report_search_marks_revised_reports() -> None:
    con = make_db(
        [
            {"report_id": "old", "agency": "甲局", "year": 2022},
            {"report_id": "new", "agency": "甲局", "year": 2022},
            {"report_id": "other", "agency": "乙局", "year": 2022},
        ]
    )
    found = run_query(con, "report_search", ALL_FILTERS)
    assert records(found, "report_id", "revisions_count", "revision_label") == [
        {"report_id": "other", "revisions_count": 0, "revision_label": ""},  # 乙局 sorts before 甲局
        {"report_id": "new", "revisions_count": 1, "revision_label": "已修订（1个旧版本）"},
    ]


def test_the_report_view_queries_return_one_reports_metadata_versions_text_findings_prose_and_parsing() -> None:
    parsing = {
        "applications": {"found": True, "first_line": 48, "last_line": 78, "layout": "cells", "cells_read": 173,
                         "cells_expected": 175, "missing": ["granted.total", "granted.research"], "truncated": False,
                         "confidence": 0.98},
        "active_disclosure": {"found": False, "first_line": None, "last_line": None, "layout": "cells", "cells_read": 0,
                              "cells_expected": 10, "missing": [], "truncated": True, "confidence": 0.0},
    }
    con = make_db(
        [
            {"report_id": "old", "agency": "甲局", "year": 2022, "text": "旧版"},
            {"report_id": "new", "agency": "甲局", "year": 2022, "title": "甲局2022年报告", "text": "一、总体情况\n采用率18%",
             "prose": {"adoption_rate_stated_pct": (18, "采用率18%")},
             "findings": [("R9", "error", "采用率不符", ["prose.adoption_rate_stated_pct"]),
                          ("R1", "warning", "不相等", ["applications.new_received.total"])],
             "warnings": ["split '1234' as 12 | 34"], "parsing": parsing},
            {"report_id": "other", "agency": "乙局", "year": 2022},
        ]
    )
    meta = run_query(con, "report_metadata", {"report": "new"})
    assert records(meta, "report_id", "agency", "agency_key", "year", "template", "title", "district", "format",
                   "is_current", "revisions_count") == [
        {"report_id": "new", "agency": "甲局", "agency_key": "甲局|410308", "year": 2022, "template": "2021",
         "title": "甲局2022年报告", "district": "孟津区", "format": "text", "is_current": True, "revisions_count": 1}
    ]
    assert run_query(con, "report_metadata", {"report": "nonexistent"}).empty
    versions = run_query(con, "report_versions", {"report": "old"})
    assert records(versions, "report_id", "is_current") == [
        {"report_id": "new", "is_current": True}, {"report_id": "old", "is_current": False}
    ]
    assert run_query(con, "report_text", {"report": "new"})["text"].tolist() == ["一、总体情况\n采用率18%"]
    findings = run_query(con, "report_findings", {"report": "new"})
    assert [(r.rule, r.severity, list(r.cells)) for r in findings.itertuples()] == [
        ("R9", "error", ["prose.adoption_rate_stated_pct"]),
        ("R1", "warning", ["applications.new_received.total"]),
    ]
    prose = run_query(con, "report_prose_facts", {"report": "new"})
    assert records(prose, "code", "value", "sentence") == [
        {"code": "adoption_rate_stated_pct", "value": 18.0, "sentence": "采用率18%"}
    ]
    assert run_query(con, "report_warnings", {"report": "new"})["message"].tolist() == ["split '1234' as 12 | 34"]
    table_report = run_query(con, "report_parsing", {"report": "new"})
    assert records(table_report, "table_name", "found", "first_line", "last_line", "cells_read", "cells_expected",
                   "truncated", "confidence") == [
        {"table_name": "active_disclosure", "found": False, "first_line": None, "last_line": None, "cells_read": 0,
         "cells_expected": 10, "truncated": True, "confidence": 0.0},
        {"table_name": "applications", "found": True, "first_line": 48, "last_line": 78, "cells_read": 173,
         "cells_expected": 175, "truncated": False, "confidence": 0.98},
    ]
    assert [list(m) for m in table_report["missing"]] == [[], ["granted.total", "granted.research"]]
    assert run_query(con, "report_parsing", {"report": "other"}).empty


def test_report_cells_keep_blank_zero_and_mark_apart(tmp_path: Path, seed_path: Path) -> None:
    from xxgk.db import connect_readonly
    from xxgk.load import ingest

    db = tmp_path / "cells.duckdb"
    ingest([seed_path], db, workers=1)
    con = connect_readonly(db)
    report_id = con.execute("SELECT report_id FROM reports").fetchone()[0]
    cells = run_query(con, "report_cells", {"report": report_id})
    assert len(cells) == 200
    assert set(cells["kind"]) == {"number"} and set(cells["value"]) == {0.0}
    row = cells[(cells["table_name"] == "applications") & (cells["row_code"] == "new_received") & (cells["column_code"] == "total")]
    assert records(row, "value", "kind", "raw") == [{"value": 0.0, "kind": "number", "raw": "0"}]
    assert row["line"].iloc[0] > 0


def test_disclosure_rate_lowest_lists_the_lowest_ranked_rates_of_the_latest_year() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "figures": totals(granted=6, partially_granted=2, total_processed=10)},
            {"agency": "乙局", "year": 2022, "figures": totals(granted=2, partially_granted=1, total_processed=20)},
            {"agency": "丙局", "year": 2022, "figures": totals(granted=0, partially_granted=0, total_processed=3)},  # few
            {"agency": "甲局", "year": 2023, "figures": totals(granted=1, partially_granted=0, total_processed=2)},  # few
            {"agency": "丁局", "year": 2021, "figures": totals(granted=0, partially_granted=0, total_processed=50)},
        ]
    )
    # 2023 has no rate on enough applications: the latest ranked year is 2022
    frame = run_query(con, "disclosure_rate_lowest", ALL_FILTERS)
    assert records(frame, "agency", "year", "disclosed_count", "processed_count", "disclosure_rate_pct") == [
        {"agency": "乙局", "year": 2022, "disclosed_count": 3, "processed_count": 20, "disclosure_rate_pct": 15.0},
        {"agency": "甲局", "year": 2022, "disclosed_count": 8, "processed_count": 10, "disclosure_rate_pct": 80.0},
    ]
    assert run_query(con, "disclosure_rate_lowest", {**ALL_FILTERS, "year_to": 2021})["agency"].tolist() == ["丁局"]


# --- per-report lists: the first 500 rows on a page, every row for a download -----------------------


def many_reports(count: int, **figures: float | None) -> list[dict[str, Any]]:
    return [{"agency": f"机构{i:04d}", "year": 2022, "region_code": f"4103{i:04d}", "cells_zero": 200,
             "figures": totals(**figures)} for i in range(count)]


def test_a_long_list_returns_its_first_500_rows_and_counts_them_all() -> None:
    con = make_db(many_reports(620, new_received=0, granted=1, partially_granted=0, total_processed=12))
    for name in ("zero_activity_agencies", "disclosure_rate"):
        first = run_query(con, name, ALL_FILTERS)
        every = run_query(con, name, {**ALL_FILTERS, "all_rows": True})
        assert len(first) == 500 and len(every) == 620, name
        assert first["rows_count"].tolist() == [620] * 500, name
        assert first["report_id"].tolist() == every["report_id"].head(500).tolist(), name


def test_ranks_of_the_first_rows_are_their_ranks_in_the_whole_list() -> None:
    # 510 reports of 2022 with rates 0–509 ‰ of 1,000, one of 2021, and small samples
    reports = [{"agency": f"机构{i:04d}", "year": 2022, "region_code": f"4103{i:04d}",
                "figures": totals(granted=i, partially_granted=0, total_processed=1000)} for i in range(510)]
    reports += [{"agency": "小局", "year": 2022, "figures": totals(granted=1, partially_granted=0, total_processed=2)},
                {"agency": "旧局", "year": 2021, "figures": totals(granted=5, partially_granted=0, total_processed=10)}]
    con = make_db(reports)
    first = run_query(con, "disclosure_rate", ALL_FILTERS)
    every = run_query(con, "disclosure_rate", {**ALL_FILTERS, "all_rows": True})
    assert first["disclosure_rank"].tolist() == every["disclosure_rank"].head(500).tolist()
    assert first["disclosure_rank"].tolist()[:3] == [1, 2, 3] and first["disclosure_rank"].iloc[-1] == 500
    assert records(every.tail(3), "agency", "disclosure_rank") == [
        {"agency": "机构0509", "disclosure_rank": 510}, {"agency": "小局", "disclosure_rank": None},
        {"agency": "旧局", "disclosure_rank": 1},
    ]
    assert (first["rows_count"].iloc[0], first["small_sample_count"].iloc[0]) == (512, 1)
    not_held = run_query(con, "not_held_rate", ALL_FILTERS)
    assert not_held.empty  # no report prints 本机关不掌握


def test_no_applications_years_counts_agencies_and_splits_a_run_across_a_move() -> None:
    zero = totals(new_received=0)
    con = make_db(
        [
            # one agency_key (same region code), 2019–2022 zero, but the 2021 report names another district
            {"agency": "甲局", "year": 2019, "figures": zero},
            {"agency": "甲局", "year": 2020, "figures": zero},
            {"agency": "甲局", "year": 2021, "district": "偃师区", "figures": zero},
            {"agency": "甲局", "year": 2022, "figures": zero},
            {"agency": "乙局", "year": 2020, "figures": zero},
            {"agency": "乙局", "year": 2021, "figures": zero},
            {"agency": "乙局", "year": 2022, "figures": zero},
        ]
    )
    everywhere = run_query(con, "no_applications_years", ALL_FILTERS)
    assert records(everywhere, "agency", "first_year", "last_year", "years_count", "report_id") == [
        {"agency": "甲局", "first_year": 2019, "last_year": 2022, "years_count": 4, "report_id": "r4"},
        {"agency": "乙局", "first_year": 2020, "last_year": 2022, "years_count": 3, "report_id": "r7"},
    ]
    assert (everywhere["rows_count"].iloc[0], everywhere["agencies_count"].iloc[0]) == (2, 2)
    # in 孟津区 alone 甲局's 2021 report is left out: 2019–2020 remain a run, 2022 alone does not
    here = run_query(con, "no_applications_years", {**ALL_FILTERS, "district": "孟津区"})
    assert records(here, "agency", "first_year", "last_year", "years_count") == [
        {"agency": "乙局", "first_year": 2020, "last_year": 2022, "years_count": 3},
        {"agency": "甲局", "first_year": 2019, "last_year": 2020, "years_count": 2},
    ]
    # a year range cuts a run short at either end
    cut = run_query(con, "no_applications_years", {**ALL_FILTERS, "year_from": 2020, "year_to": 2021})
    assert records(cut, "agency", "first_year", "last_year", "years_count", "report_id") == [
        {"agency": "甲局", "first_year": 2020, "last_year": 2021, "years_count": 2, "report_id": "r3"},
        {"agency": "乙局", "first_year": 2020, "last_year": 2021, "years_count": 2, "report_id": "r6"},
    ]


def test_missing_reports_counts_a_next_report_the_filter_leaves_out_as_missing() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2021},
            {"agency": "甲局", "year": 2022, "district": "偃师区"},  # same agency, filed under another district
            {"agency": "乙局", "year": 2022},
        ]
    )
    # everywhere, 甲局 reported for 2022; 2023 is no year of the data yet
    assert run_query(con, "missing_reports", ALL_FILTERS).empty
    here = run_query(con, "missing_reports", {**ALL_FILTERS, "district": "孟津区"})
    assert records(here, "agency", "missing_year", "rows_count") == [{"agency": "甲局", "missing_year": 2022, "rows_count": 1}]


def test_information_adoption_rate_lists_only_mismatches_when_asked() -> None:
    con = make_db(
        [
            {"agency": "孟津区司法局", "year": 2022, "prose": {"info_submitted": 35, "info_adopted": 6, "adoption_rate_stated_pct": 18}},
            {"agency": "孟津区民政局", "year": 2022, "prose": {"info_submitted": 40, "info_adopted": 10, "adoption_rate_stated_pct": 25}},
            {"agency": "孟津区教育局", "year": 2022, "prose": {"adoption_rate_stated_pct": 50}},
        ]
    )
    every = run_query(con, "information_adoption_rate", ALL_FILTERS)
    assert every["rows_count"].tolist() == [3, 3, 3]
    only = run_query(con, "information_adoption_rate", {**ALL_FILTERS, "mismatch_only": True})
    assert records(only, "agency", "mismatch", "rows_count") == [{"agency": "孟津区司法局", "mismatch": True, "rows_count": 1}]
    by_district = run_query(con, "information_adoption_by_district", ALL_FILTERS)
    assert records(by_district, "reports_count", "rate_stated_count", "mismatch_count") == [
        {"reports_count": 3, "rate_stated_count": 3, "mismatch_count": 1}
    ]


def test_agency_list_finds_agencies_by_name_and_by_key() -> None:
    con = make_db(
        [
            {"agency": "孟津县司法局", "year": 2020, "agency_key": None},
            {"agency": "孟津区民政局", "year": 2022},
        ]
    )
    found = run_query(con, "agency_list", {**ALL_FILTERS, "search": "司法"})
    assert records(found, "agency", "rows_count") == [{"agency": "孟津县司法局", "rows_count": 1}]
    one = run_query(con, "agency_list", {**ALL_FILTERS, "agency_key": "孟津区民政局|410308"})
    assert one["agency"].tolist() == ["孟津区民政局"]
    assert run_query(con, "agency_list", {**ALL_FILTERS, "search": "' OR 1=1 --"}).empty


def test_findings_by_rule_counts_current_versions_only_with_or_without_a_filter() -> None:
    con = make_db(
        [
            # an older version of 甲局 2022 with two findings, replaced by a newer one with one
            {"agency": "甲局", "year": 2022, "findings": [("R1", "error", "旧版", ["applications.new_received.total"]),
                                                          ("R9", "error", "旧版", ["prose.adoption_rate_stated_pct"])]},
            {"agency": "甲局", "year": 2022, "findings": [("R1", "error", "新版", ["applications.new_received.total"])]},
            {"agency": "乙局", "year": 2022, "findings": [("R1", "error", "a", []), ("R1", "error", "b", [])]},
            {"agency": "丙局", "year": 2021, "district": "偃师区", "region_code": "410307"},
        ]
    )
    expected = [{"rule": "R1", "severity": "error", "findings_count": 3, "reports_count": 2, "reports_pct": 66.7}]
    assert records(run_query(con, "findings_by_rule", ALL_FILTERS),
                   "rule", "severity", "findings_count", "reports_count", "reports_pct") == expected
    # the same through the join with the selected reports
    assert records(run_query(con, "findings_by_rule", {**ALL_FILTERS, "province": "河南省"}),
                   "rule", "severity", "findings_count", "reports_count", "reports_pct") == expected
    in_2022 = run_query(con, "findings_by_rule", {**ALL_FILTERS, "year_from": 2022})
    assert records(in_2022, "findings_count", "reports_count", "reports_pct") == [
        {"findings_count": 3, "reports_count": 2, "reports_pct": 100.0}
    ]


def test_reports_most_findings_lists_current_versions_with_or_without_a_filter() -> None:
    error = ("R1", "error", "不平衡", [])
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "findings": [error] * 5},  # replaced by the next one
            {"agency": "甲局", "year": 2022, "findings": [error]},
            *({"agency": f"机构{i:03d}", "year": 2022, "region_code": f"4103{i:03d}", "findings": [error] * (1 + i % 3)}
              for i in range(120)),
        ]
    )
    columns = ("agency", "errors_count", "findings_count", "rules")
    everywhere = run_query(con, "reports_most_findings", ALL_FILTERS)
    assert len(everywhere) == 100 and "甲局" not in everywhere["agency"].tolist()
    assert records(everywhere.head(2), *columns) == [
        {"agency": "机构002", "errors_count": 3, "findings_count": 3, "rules": "R1"},
        {"agency": "机构005", "errors_count": 3, "findings_count": 3, "rules": "R1"},
    ]
    # the same list through the join with the selected reports
    assert records(run_query(con, "reports_most_findings", {**ALL_FILTERS, "province": "河南省"}), *columns) == records(
        everywhere, *columns
    )


def test_findings_by_place_and_the_findings_list_read_current_versions_of_the_selection() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "findings": [("R1", "error", "旧版", []), ("R9", "error", "旧版", [])]},
            {"agency": "甲局", "year": 2022, "findings": [("R1", "error", "新版", ["applications.new_received.total"]),
                                                          ("R6", "warning", "新版", [])]},
            {"agency": "乙局", "year": 2022},
            # a city-level agency: no district
            {"agency": "洛阳市丙局", "year": 2022, "district": None, "region_code": "410300",
             "findings": [("R3", "unchecked", "空白", []), ("R4", "info", "提示", [])]},
            {"agency": "丁镇人民政府", "year": 2021, "agency_kind": "township",
             "findings": [("R2", "error", "a", []), ("R2", "error", "b", [])]},
        ]
    )
    by_place = run_query(con, "findings_by_district_year", ALL_FILTERS)
    assert records(by_place, "district", "year", "reports_count", "errors_count", "warnings_count", "info_count",
                   "unchecked_count", "reports_with_errors_count", "reports_with_errors_pct") == [
        {"district": "孟津区", "year": 2021, "reports_count": 1, "errors_count": 2, "warnings_count": 0, "info_count": 0,
         "unchecked_count": 0, "reports_with_errors_count": 1, "reports_with_errors_pct": 100.0},
        {"district": "孟津区", "year": 2022, "reports_count": 2, "errors_count": 1, "warnings_count": 1, "info_count": 0,
         "unchecked_count": 0, "reports_with_errors_count": 1, "reports_with_errors_pct": 50.0},
        {"district": None, "year": 2022, "reports_count": 1, "errors_count": 0, "warnings_count": 0, "info_count": 1,
         "unchecked_count": 1, "reports_with_errors_count": 0, "reports_with_errors_pct": 0.0},
    ]
    townships = run_query(con, "findings_by_district_year", {**ALL_FILTERS, "kind": "township"})
    assert records(townships, "year", "reports_count", "errors_count") == [
        {"year": 2021, "reports_count": 1, "errors_count": 2}
    ]

    listed = run_query(con, "findings_list", {**ALL_FILTERS, "rule": None, "all_rows": None})
    assert "旧版" not in listed["message"].tolist()
    assert records(listed, "agency", "rule", "severity_label", "message") == [
        {"agency": "甲局", "rule": "R1", "severity_label": "错误", "message": "新版"},
        {"agency": "丁镇人民政府", "rule": "R2", "severity_label": "错误", "message": "a"},
        {"agency": "丁镇人民政府", "rule": "R2", "severity_label": "错误", "message": "b"},
        {"agency": "洛阳市丙局", "rule": "R3", "severity_label": "无法核对", "message": "空白"},
        {"agency": "洛阳市丙局", "rule": "R4", "severity_label": "提示", "message": "提示"},
        {"agency": "甲局", "rule": "R6", "severity_label": "警示", "message": "新版"},
    ]
    assert listed["cells"].iloc[0].tolist() == ["applications.new_received.total"]
    only_r2 = run_query(con, "findings_list", {**ALL_FILTERS, "rule": "R2", "year_to": 2021, "all_rows": True})
    assert only_r2["message"].tolist() == ["a", "b"]


def test_every_metric_file_has_a_test_here() -> None:
    # here, or in a test file of its own (tests/test_producer.py: parsing_by_producer)
    source = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    tested = set(re.findall(r'run_query\(con, "([a-z0-9_]+)"', source))
    assert set(load_queries()) == tested, set(load_queries()) - tested


def test_versions_every_version_and_how_the_current_one_was_decided() -> None:
    con = make_db(
        [
            # loaded first but published later: every version dated, the later date is current
            {"report_id": "late", "agency": "甲局", "year": 2022, "published_at": "2023-03-01",
             "findings": [("R1", "error", "新版错", ["applications.new_received.total"])]},
            {"report_id": "early", "agency": "甲局", "year": 2022, "published_at": "2023-01-20",
             "findings": [("R2", "error", "旧版错", [])]},
            {"report_id": "other", "agency": "乙局", "year": 2022, "synthetic": True},
        ]
    )
    versions = run_query(con, "report_versions", {"report": "early"})
    assert records(versions, "report_id", "is_current", "current_basis") == [
        {"report_id": "late", "is_current": True, "current_basis": "published"},
        {"report_id": "early", "is_current": False, "current_basis": "published"},
    ]
    every = run_query(con, "findings_all_versions")
    assert records(every, "report_id", "rule", "is_current", "path") == [
        {"report_id": "late", "rule": "R1", "is_current": True, "path": "/reports/1.txt"},
        {"report_id": "early", "rule": "R2", "is_current": False, "path": "/reports/2.txt"},
    ]
    counts = run_query(con, "version_counts")
    assert records(counts, "reports_count", "agencies_count", "synthetic_count", "findings_count") == [
        {"reports_count": 3, "agencies_count": 2, "synthetic_count": 1, "findings_count": 2}
    ]
    # an administrator's choice comes first, with its reason; "automatic" hands back to the dates
    con.execute("INSERT INTO version_choices VALUES ('early', 'make_current', '原版为准', '甲', TIMESTAMP '2024-01-01')")
    versions = run_query(con, "report_versions", {"report": "late"})
    assert records(versions, "report_id", "is_current", "current_basis", "choice_reason", "chosen_by") == [
        {"report_id": "early", "is_current": True, "current_basis": "admin", "choice_reason": "原版为准", "chosen_by": "甲"},
        {"report_id": "late", "is_current": False, "current_basis": "admin", "choice_reason": "原版为准", "chosen_by": "甲"},
    ]
    con.execute("INSERT INTO version_choices VALUES ('late', 'automatic', '撤销', '乙', TIMESTAMP '2024-02-01')")
    versions = run_query(con, "report_versions", {"report": "late"})
    assert records(versions, "report_id", "current_basis") == [
        {"report_id": "late", "current_basis": "published"}, {"report_id": "early", "current_basis": "published"}
    ]


def test_publication_timeliness_counts_on_time_late_and_unknown_per_district() -> None:
    # Deadlines (data/publication_deadlines.csv): departments 31 January, governments 31 March.
    con = make_db(
        [
            {"agency": "甲局", "year": 2022, "published_at": "2023-01-31"},  # the last day: on time
            {"agency": "乙局", "year": 2022, "published_at": "2023-02-01"},  # a day late
            {"agency": "孟津区人民政府", "agency_kind": "government", "year": 2022, "published_at": "2023-03-31"},
            {"agency": "丙局", "year": 2022},  # no date: unknown, never on time
            # streets: the townships' deadline, 31 March
            {"agency": "丁街道办事处", "agency_kind": "street", "year": 2022, "published_at": "2023-03-05"},
            {"agency": "己中心", "agency_kind": "other", "year": 2022, "published_at": "2023-01-05"},  # no deadline
            {"agency": "戊局", "year": 2022, "published_at": "2023-05-01", "district": "洛龙区", "region_code": "410311"},
        ]
    )
    frame = run_query(con, "publication_timeliness", ALL_FILTERS).set_index("district")
    assert frame.loc["孟津区", ["reports_count", "on_time_count", "late_count", "unknown_count"]].tolist() == [6, 3, 1, 2]
    assert frame.loc["孟津区", "on_time_pct"] == pytest.approx(75.0)
    assert frame.loc["洛龙区", ["on_time_count", "late_count", "on_time_pct"]].tolist() == [0, 1, 0.0]
    listing = run_query(con, "publication_timeliness_list", ALL_FILTERS)
    by_agency = listing.set_index("agency")
    assert by_agency.loc["乙局", "status_label"] == "逾期" and by_agency.loc["乙局", "days_late"] == 1
    assert by_agency.loc["戊局", "days_late"] == 90
    assert by_agency.loc["丙局", "status_label"] == "无法核对" and pd.isna(by_agency.loc["丙局", "days_late"])
    assert by_agency.loc["丁街道办事处", "status_label"] == "按时"
    assert by_agency.loc["己中心", "status_label"] == "无法核对"
    assert by_agency.loc["孟津区人民政府", "status_label"] == "按时"
    assert listing["agency"].tolist()[:2] == ["戊局", "乙局"]  # the latest first
    assert set(listing["rows_count"]) == {7}
    late = run_query(con, "publication_timeliness_list", {**ALL_FILTERS, "status": "late"})
    assert sorted(late["agency"]) == ["乙局", "戊局"]
