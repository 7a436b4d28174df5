"""R3 and R5 in both directions: a printed 总计 smaller than its parts and one larger are both errors.

A rule that compared only one way (``总计 < 分项之和``) would pass a test written for one direction;
each case here is run with the total one below and one above the sum of its parts, on both
templates, and the message must say by how much. Reports are written as text and read by the parser.
"""

from __future__ import annotations

import pytest

from test_rules import app_cells, build_text, parse, rules_of
from xxgk import codes

TEMPLATES = [("2021", 2022, {}), ("2019", 2020, {"other_handling": [0] * 7})]
DIRECTIONS = [("smaller", -1), ("larger", +1)]


@pytest.mark.parametrize(("template", "year", "base"), TEMPLATES, ids=[t for t, *_ in TEMPLATES])
@pytest.mark.parametrize(("direction", "offset"), DIRECTIONS, ids=[d for d, _ in DIRECTIONS])
def test_r3_flags_a_total_off_from_its_applicants_either_way(
    template: str, year: int, base: dict, direction: str, offset: int
) -> None:
    parts = [5, 2, 0, 1, 0, 0]  # new_received of the default table: total 8
    total = sum(parts) + offset
    report = parse(build_text(template=template, year=year,
                              apps={**base, "new_received": [*parts, total], "carried_over": [1, 0, 0, 0, 0, 0, 1]}))
    assert report.template == template
    r3 = rules_of(report, "R3")
    assert r3 == [(
        "error",
        f"新收行：总计为{total}，但自然人(5)+商业企业(2)+科研机构(0)+社会公益组织(1)+法律服务机构(0)+"
        "其他（法人或其他组织）(0)=8，相差1。",
        ("applications.new_received.total", *app_cells("new_received")[:-1]),
    )]


@pytest.mark.parametrize(("template", "year", "base"), TEMPLATES, ids=[t for t, *_ in TEMPLATES])
@pytest.mark.parametrize("block", codes.REVIEW_BLOCKS)
@pytest.mark.parametrize(("direction", "offset"), DIRECTIONS, ids=[d for d, _ in DIRECTIONS])
def test_r5_flags_a_block_total_off_from_its_results_either_way(
    template: str, year: int, base: dict, block: str, direction: str, offset: int
) -> None:
    parts = [2, 1, 0, 1]
    total = sum(parts) + offset
    report = parse(build_text(template=template, year=year, apps=base, review={block: [*parts, total]}))
    assert report.template == template
    label = codes.REVIEW_BLOCK_LABELS[block]
    assert rules_of(report, "R5") == [(
        "error",
        f"{label}：总计为{total}，但结果维持(2)+结果纠正(1)+其他结果(0)+尚未审结(1)=4，相差1。",
        tuple(f"review_litigation.{block}.{c}" for c in ("total", "upheld", "corrected", "other", "pending")),
    )]


@pytest.mark.parametrize(("template", "year", "base"), TEMPLATES, ids=[t for t, *_ in TEMPLATES])
def test_r3_and_r5_keep_totals_equal_to_their_parts(template: str, year: int, base: dict) -> None:
    report = parse(build_text(template=template, year=year,
                              apps={**base, "new_received": [5, 2, 0, 1, 0, 0, 8]},
                              review={"review": [2, 1, 0, 1, 4]}))
    assert rules_of(report, "R3") == [] and rules_of(report, "R5") == []
