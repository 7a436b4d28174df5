"""The bundled demo shows the 按时公布 page at work: its reports are signed with a date as real
reports are (most on time, some late, a few undated), the parser reads each date, and the loaded
database judges them on time, late and 无法核对 by the deadline table."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import duckdb
import pytest

from xxgk import pipeline
from xxgk.load import ingest
from xxgk.metrics import run_query
from xxgk_demo import MANIFEST, write_demo

ALL = dict(province=None, city=None, district=None, year_from=None, year_to=None, kind=None)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("dated") / "reports"
    write_demo(folder, reports=300, seed=7)
    with open(folder / MANIFEST, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    return folder, [r for r in records if r["file"]]


def _deadline(record: dict) -> datetime.date:
    return datetime.date(record["year"] + 1, 1 if record["kind"] == "department" else 3, 31)


def test_demo_reports_are_signed_on_time_late_or_not_at_all(demo) -> None:
    _, records = demo
    dates = [(r, r["published_at"]) for r in records]
    undated = [r for r, d in dates if d is None]
    late = [r for r, d in dates if d and datetime.date.fromisoformat(d) > _deadline(r)]
    assert 0 < len(undated) < 0.1 * len(records)
    assert 0 < len(late) < 0.15 * len(records)
    assert all(datetime.date.fromisoformat(d).year == r["year"] + 1 for r, d in dates if d)


def test_the_parser_reads_every_signed_date(demo) -> None:
    folder, records = demo
    wrong = [(r["file"], r["published_at"], got) for r in records
             if (got := pipeline.process(folder / r["file"]).published_at) != r["published_at"]]
    assert not wrong, wrong[:5]


def test_the_loaded_demo_has_on_time_late_and_unchecked_reports(demo, tmp_path: Path) -> None:
    folder, records = demo
    db = tmp_path / "xxgk.duckdb"
    ingest([folder], db, workers=1)
    with duckdb.connect(str(db), read_only=True) as con:
        frame = run_query(con, "publication_timeliness", ALL)
    late = sum(1 for r in records if r["published_at"] and datetime.date.fromisoformat(r["published_at"]) > _deadline(r))
    assert int(frame["late_count"].sum()) == late
    assert int(frame["unknown_count"].sum()) == sum(1 for r in records if r["published_at"] is None)
    assert int(frame["on_time_count"].sum()) == len(records) - late - int(frame["unknown_count"].sum())
