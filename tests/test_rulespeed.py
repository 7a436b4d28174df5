"""The helpers that make the per-report rules and the R11 fingerprint cheaper give what the plain
code gives: table 3's figures shared by R1–R3 within one ``check_report``, the grouped pattern of
template labels, and agency keys kept per agency and place."""

from __future__ import annotations

import re

import pytest

from test_rules import build_text, parse
from xxgk.regions import Region, agency_identity, resolve_region
from xxgk.rules.similarity import _any_of
from xxgk.rules.single import SINGLE_RULES, check_report
from xxgk.versions import _source, agency_key


def _each_rule_alone(report) -> list:
    return [finding for _, rule in SINGLE_RULES for finding in rule(report)]


def test_check_report_finds_what_each_rule_finds_alone() -> None:
    # R1 off in one column, a mark (R3 unchecked) and a blank (R1, R2 unchecked) in table 3
    apps = {
        "total_processed": [4, 2, 0, 1, 0, 0, 7],
        "granted": [1, 1, 0, 0, 0, 0, 2],
        "carried_over": [1, 0, None, 0, 0, 0, 1],
        "denied_state_secret": [0, "/", 0, 0, 0, 0, 0],
    }
    report = parse(build_text(apps=apps))
    alone = _each_rule_alone(report)
    assert {f.rule for f in alone} >= {"R1", "R2", "R3", "R4"}
    assert check_report(report) == alone


def test_the_shared_figures_never_outlive_their_report() -> None:
    report = parse(build_text())
    assert check_report(report) == []
    # the same report object, changed after its check: the next check and each rule see the change
    report.tables["applications"]["new_received"]["natural_person"].value += 1
    again = check_report(report)
    assert {f.rule for f in again} == {"R1", "R3"}
    assert again == _each_rule_alone(report)
    # another report checked next does not get the first one's figures
    other = parse(build_text(apps={"granted": [1, 1, 0, 0, 0, 0, 3]}))
    assert [f.rule for f in check_report(other)] == ["R2", "R3"]
    # nor does a rule called alone afterwards
    assert _each_rule_alone(report) == again


def test_grouped_labels_match_as_the_plain_alternation() -> None:
    words = {"本年新收", "本年新收申请", "本年度", "政府信息", "政府信息公开", "其他", "其他处理情况"}
    plain = re.compile("|".join(sorted(words, key=len, reverse=True)))
    grouped = _any_of(words)
    for text in ["本年新收申请政府信息公开其他处理情况", "本年新收政府信息其他", "本年度本年新收申请本年", "其他本年政府信息公"]:
        assert grouped.sub("", text) == plain.sub("", text)
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("agency", ["孟津县司法局", "孟津区司法局", "城关镇人民政府", "鼓楼区教育局", "示范县民政局"])
def test_agency_keys_kept_per_agency_are_what_agency_identity_gives(agency: str) -> None:
    region = resolve_region(agency)[0]
    places = [region, Region(region.province, None, None, None), Region()]
    for place in places:
        for path, report_id in [("a/2021/x.txt", "r1"), ("b/2022/y.txt", "r2"), ("uploads/r3.txt", "r3")]:
            for _ in range(2):  # the second time from the cache
                key = agency_key(agency, place.province, place.city, place.district, place.code, path, report_id, False)
                assert key == (agency_identity(agency, place, _source(path, report_id)) or f"#{report_id}")
