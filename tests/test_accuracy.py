"""The real corpus (``shared_corpus``: ../shared/corpus/real): the ≥ 99.5 % bar (README, “Reading real
reports”) and the truncation contract, measured with the same code as ``scripts/accuracy.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk import codes
from tools.accuracy import corpus_items, evaluate, format_results, rate
from xxgk.parse.row_labels import match_row

BAR = 99.5


@pytest.fixture(scope="module")
def results(corpus_dir: Path):
    return evaluate(corpus_dir)


@pytest.fixture(scope="module")
def metas(corpus_dir: Path):
    return {p.name: json.loads(m.read_text(encoding="utf-8")) for p, m in corpus_items(corpus_dir)}


def test_no_report_crashes_the_parser(results):
    crashed = {r.name: r.error for r in results if r.error}
    assert not crashed


def test_complete_reports_meet_the_bar(results):
    complete = [r for r in results if r.complete]
    assert complete
    matched, total = rate(complete)
    assert total > 0
    assert 100.0 * matched / total >= BAR, "\n" + format_results(complete)


def test_truncated_reports_read_every_visible_figure(results):
    truncated = [r for r in results if not r.complete]
    assert truncated
    misses = {r.name: [(f.key, f.truth, f.parsed) for f in r.misses] for r in truncated if r.misses}
    assert not misses


def test_truncated_reports_name_what_is_missing(results, metas):
    for r in (r for r in results if not r.complete):
        report = r.report
        expected = codes.expected_cells(report.template)
        assert expected, r.name
        cut_seen = False
        for table, rows in expected.items():
            rep = report.parsing[table]
            got = report.tables.get(table, {})
            unread = {f"{row}.{col}" for row, cols in rows.items() for col in cols if col not in got.get(row, {})}
            assert set(rep.missing) == unread, (r.name, table)
            assert rep.cells_read + len(rep.missing) == rep.cells_expected
            if unread:
                said = [w for w in report.warnings if w.startswith(table + ":")]
                assert said, (r.name, table, "missing cells without a warning")
            cut_seen = cut_seen or rep.truncated
        assert cut_seen, (r.name, "the table where the text stops is not marked truncated")
        assert any("stops inside" in w for w in report.warnings), r.name


def test_no_unread_cell_is_silently_zero(results):
    # a figure the parser could not read is absent from the tables, never a 0 in its place
    for r in results:
        for table, rep in r.report.parsing.items():
            for code in rep.missing:
                row, col = code.split(".")
                assert col not in r.report.tables.get(table, {}).get(row, {}), (r.name, table, code)


def test_pre2019_statistics_tables(results, metas):
    checked = 0
    for r in results:
        stats = metas[r.name].get("pre2019_stats")
        if not stats:
            continue
        assert r.report.template == "pre2019", r.name
        table = r.report.tables["pre2019_statistics"]
        for label, (this_year, cumulative) in stats.items():
            row = match_row(label, codes.PRE2019_INDICATORS)
            assert row is not None, (r.name, label)
            cells = table.get(row.code, {})
            assert cells.get("this_year") and cells["this_year"].value == this_year, (r.name, label)
            assert cells.get("cumulative") and cells["cumulative"].value == cumulative, (r.name, label)
            checked += 1
        assert r.report.parsing["pre2019_statistics"].found
        assert any(w.startswith("pre2019: read the") for w in r.report.warnings)
    assert checked


def test_metadata_matches_the_corpus(results, metas):
    for r in results:
        meta = metas[r.name]
        assert r.report.year == meta["year"], r.name
        agency = r.report.agency
        assert agency, r.name
        # the JSON may give the fuller name (广州市海珠区官洲街道办事处 for 官洲街道办事处)
        assert agency in meta["agency"] or meta["agency"] in agency, (r.name, agency, meta["agency"])
        expected_template = "pre2019" if meta["table_format"].startswith("pre") else meta["table_format"]
        assert r.report.template == expected_template, r.name


def test_same_report_in_two_formats_reads_the_same(results, metas):
    by_name = {r.name: r for r in results}
    pairs = 0
    for r in results:
        twin_id = metas[r.name].get("same_report_as")
        twin = next((x for n, x in by_name.items() if n.startswith(f"{twin_id}.")), None) if twin_id else None
        if twin is None:
            continue
        pairs += 1
        mine = {f.key: f.parsed for f in r.figures}
        theirs = {f.key: f.parsed for f in twin.figures}
        assert mine == theirs, (r.name, twin.name)
    assert pairs
