"""Filter values only ever reach SQL as bound parameters: hostile strings through every metric."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from xxgk.load import ingest
from xxgk.metrics import load_queries, run_query

HOSTILE = [
    "洛阳市' OR '1'='1",
    "'; DROP TABLE reports; --",
    "\") UNION SELECT * FROM report_texts --",
    "$province",
    "%' AND 1=1 --",
    "<script>alert(1)</script>",
]

INTEGER_PARAMS = {"year_from", "year_to", "year", "min_applications", "years", "limit", "min_count"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    db = tmp_path_factory.mktemp("inj") / "x.duckdb"
    ingest([seed_path], db, workers=1)
    return db


@pytest.mark.parametrize("name", sorted(load_queries()))
@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_strings_in_every_text_parameter_match_nothing_and_change_nothing(
    seeded: Path, name: str, payload: str
) -> None:
    query = load_queries()[name]
    params = {p: (None if p in INTEGER_PARAMS else payload) for p in query.params}
    con = duckdb.connect(str(seeded))  # writable: an injected DROP would really run
    try:
        frame = run_query(con, name, params)
        text_params = [p for p in query.params if p not in INTEGER_PARAMS]
        if text_params and name != "filter_options":
            # no row can carry a hostile string as its province, city, agency, rule …
            assert "<script>" not in frame.to_csv()
        assert con.execute("SELECT count(*) FROM reports").fetchall() == [(1,)]
        assert con.execute("SELECT count(*) FROM report_texts").fetchall() == [(1,)]
    finally:
        con.close()
