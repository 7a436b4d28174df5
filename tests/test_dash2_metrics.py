"""The figures the pages used to add up in pandas, now metric files (issue #17: pages only arrange
what the metric loader returns): findings_summary (数据质量's and 总览's counts of reports with
errors and copied reports), findings_by_area_year (数据质量's map of errors one level below the
selection), correction_rate's totals per block (复议诉讼's headline figures) and findings_list's
own length."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_metrics import ALL_FILTERS, make_db, records, review
from xxgk.metrics import run_query

FINDINGS = [
    {"agency": "甲局", "year": 2022, "findings": [("R1", "error", "旧版", []), ("R11", "warning", "旧版", [])]},
    {"agency": "甲局", "year": 2022, "findings": [("R1", "error", "新版", []), ("R6", "warning", "新版", [])]},
    {"agency": "乙局", "year": 2022, "findings": [("R11", "warning", "雷同", []), ("R11", "info", "雷同", [])]},
    {"agency": "洛阳市丙局", "year": 2022, "district": None, "region_code": "410300",
     "findings": [("R3", "unchecked", "空白", []), ("R2", "error", "差", [])]},
    {"agency": "丁镇人民政府", "year": 2021, "agency_kind": "township", "findings": [("R2", "error", "a", [])]},
    {"agency": "戊局", "year": 2021, "district": "偃师区"},
]


def test_findings_summary_counts_reports_not_findings() -> None:
    con = make_db(FINDINGS)
    frame = run_query(con, "findings_summary", ALL_FILTERS)
    # current versions only (甲局's old R11 is gone); 乙局's two R11 findings are one copied report
    assert records(frame, "reports_count", "reports_with_errors_count", "reports_with_errors_pct",
                   "copied_reports_count", "findings_count") == [
        {"reports_count": 5, "reports_with_errors_count": 3, "reports_with_errors_pct": 60.0,
         "copied_reports_count": 1, "findings_count": 7},
    ]
    nothing = run_query(con, "findings_summary", {**ALL_FILTERS, "year_from": 2030})
    assert records(nothing, "reports_count", "reports_with_errors_count", "reports_with_errors_pct") == [
        {"reports_count": 0, "reports_with_errors_count": 0, "reports_with_errors_pct": None},
    ]


def test_findings_by_area_year_groups_one_level_below_the_selection() -> None:
    con = make_db(FINDINGS)
    columns = ("area_level", "area", "year", "reports_count", "reports_with_errors_count", "reports_with_errors_pct")
    assert records(run_query(con, "findings_by_area_year", ALL_FILTERS), *columns) == [
        {"area_level": "province", "area": "河南省", "year": 2021, "reports_count": 2, "reports_with_errors_count": 1,
         "reports_with_errors_pct": 50.0},
        {"area_level": "province", "area": "河南省", "year": 2022, "reports_count": 3, "reports_with_errors_count": 2,
         "reports_with_errors_pct": 66.7},
    ]
    city = {**ALL_FILTERS, "province": "河南省", "city": "洛阳市"}
    # the city's own agency has no district: area NULL, which the page names 市本级
    assert records(run_query(con, "findings_by_area_year", city), *columns) == [
        {"area_level": "district", "area": "偃师区", "year": 2021, "reports_count": 1, "reports_with_errors_count": 0,
         "reports_with_errors_pct": 0.0},
        {"area_level": "district", "area": "孟津区", "year": 2021, "reports_count": 1, "reports_with_errors_count": 1,
         "reports_with_errors_pct": 100.0},
        {"area_level": "district", "area": "孟津区", "year": 2022, "reports_count": 2, "reports_with_errors_count": 1,
         "reports_with_errors_pct": 50.0},
        {"area_level": "district", "area": None, "year": 2022, "reports_count": 1, "reports_with_errors_count": 1,
         "reports_with_errors_pct": 100.0},
    ]
    province = run_query(con, "findings_by_area_year", {**ALL_FILTERS, "province": "河南省"})
    assert set(province["area_level"]) == {"city"} and set(province["area"]) == {"洛阳市"}


def test_findings_list_counts_its_whole_length() -> None:
    con = make_db(FINDINGS)
    first = run_query(con, "findings_list", {**ALL_FILTERS, "rule": "R11"})
    assert first["rows_count"].tolist() == [2, 2]
    assert run_query(con, "findings_list", ALL_FILTERS)["rows_count"].iloc[0] == 7


def test_correction_rate_totals_each_block_over_the_years() -> None:
    con = make_db(
        [
            {"agency": "甲局", "year": 2021, "figures": review("review", corrected=1, pending=1, total=5)},
            {"agency": "甲局", "year": 2022, "figures": review("review", corrected=2, pending=0, total=4)},
            # a blank pending: left out of the sums, never read as 0
            {"agency": "乙局", "year": 2022, "figures": review("review", corrected=3, pending=None, total=9)},
        ]
    )
    frame = run_query(con, "correction_rate", ALL_FILTERS)
    review_rows = frame[frame["block"] == "review"]
    assert records(review_rows, "year", "cases_count", "block_cases_count", "block_corrected_count",
                   "block_counted_reports_count") == [
        {"year": 2021, "cases_count": 5, "block_cases_count": 9, "block_corrected_count": 3, "block_counted_reports_count": 2},
        {"year": 2022, "cases_count": 4, "block_cases_count": 9, "block_corrected_count": 3, "block_counted_reports_count": 2},
    ]
    # no report printed a litigation block in full: its totals are unreported (NULL), not 0
    litigation = frame[frame["block"] == "litigation_direct"]
    assert litigation["block_cases_count"].isna().all() and (litigation["block_counted_reports_count"] == 0).all()


PAGES_THAT_ARRANGE = ["dashboard.py", "pages/data_quality.py", "pages/review_litigation.py"]


def test_these_pages_add_nothing_up_themselves() -> None:
    """No pandas aggregation and no repeated row limit in the pages whose sums moved to SQL."""
    root = Path(__file__).resolve().parents[1]
    pattern = re.compile(r"\.(groupby|sum|agg|mean|pivot_table|value_counts|unstack)\(|shown_rows=|\b500\b|\b100 份")
    found = {page: pattern.findall((root / page).read_text(encoding="utf-8")) for page in PAGES_THAT_ARRANGE}
    assert not {page: hits for page, hits in found.items() if hits}
