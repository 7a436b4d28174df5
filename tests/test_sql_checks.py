"""The report's own arithmetic (R1–R5) as SQL data tests, against the rule engine's findings.

Each ``tests/sql/r*.sql`` restates one rule in SQL over ``report_facts`` (and ``extra_cells``) and
lists every report × rule × scope where the rule is broken and every figure it needs is printed. The
database is the dashboard's own (``build_default_database``: the seed and the demo city), plus a few
reports written here that break R1–R5 each way (a total smaller and larger than its parts, negative
and fractional figures), loaded by the real loader. Each SQL check must list exactly the errors the
engine stored in ``findings`` for the current reports — two independent statements of the rules
agreeing, on thousands of reports.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from test_rules import build_text
from xxgk.bootstrap import build_default_database
from xxgk.load import ingest

SQL_DIR = Path(__file__).resolve().parent / "sql"
CHECKS = {path.name.split("_", 1)[0].upper(): path for path in sorted(SQL_DIR.glob("r*.sql"))}

# The errors the rule engine stored, named as the SQL checks name them: by the first cell of the
# finding (the column, row, block or cell it is about).
ENGINE = """
SELECT report_id, rule, cells[1] AS cell
FROM findings
WHERE severity = 'error' AND rule = $rule
  AND report_id IN (SELECT report_id FROM report_facts WHERE template IN ('2019', '2021'))
"""

# Reports that break each rule one way or the other (郑州市金水区: no demo agency shares a name).
BROKEN = [
    # R3: a 新收 total one below and one above its applicants (R1 follows on the 总计 column)
    dict(agency="金水区民政局", apps={"new_received": [5, 2, 0, 1, 0, 0, 7]}),
    dict(agency="金水区财政局", apps={"new_received": [5, 2, 0, 1, 0, 0, 9]}),
    # R5: a review total one below and one above its results
    dict(agency="金水区教育局", review={"review": [1, 1, 0, 1, 2]}),
    dict(agency="金水区商务局", review={"litigation_direct": [1, 1, 0, 0, 3]}),
    # R4: a negative count, a fractional count, a negative amount; on the 2019 template a
    # fractional change (a negative change is valid)
    dict(agency="金水区审计局", active={"penalty": [-3], "coercion": [2.5], "fees": [-1.5]}),
    dict(agency="金水区水利局", template="2019", year=2020,
         apps={"other_handling": [0] * 7}, active={"licensing": [12, 1.5, 45], "penalty": [8, -2, 136]}),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = tmp_path_factory.mktemp("sql_checks")
    path = folder / "xxgk.duckdb"
    assert build_default_database(path).ok
    broken = folder / "broken"
    broken.mkdir()
    for number, spec in enumerate(BROKEN):
        (broken / f"{number:02d}.txt").write_text(build_text(**spec), encoding="utf-8")
    summary = ingest([broken], path, workers=1)
    assert summary.ok and summary.loaded == len(BROKEN), summary.lines()
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_there_is_one_check_for_each_arithmetic_rule() -> None:
    assert sorted(CHECKS) == ["R1", "R2", "R3", "R4", "R5"]


@pytest.mark.parametrize("rule", sorted(CHECKS))
def test_the_sql_check_lists_exactly_the_errors_the_engine_found(con: duckdb.DuckDBPyConnection, rule: str) -> None:
    found = con.execute(CHECKS[rule].read_text(encoding="utf-8")).fetchall()
    assert len(found) == len(set(found)), "a check lists an error twice"
    assert {r for _, r, _ in found} <= {rule}
    engine = set(con.execute(ENGINE, {"rule": rule}).fetchall())
    assert engine, f"no {rule} error in the database: the comparison would prove nothing"
    assert set(found) == engine, (
        f"only SQL: {sorted(set(found) - engine)[:5]}; only the engine: {sorted(engine - set(found))[:5]}"
    )


def test_the_reports_written_here_are_caught_each_way(con: duckdb.DuckDBPyConnection) -> None:
    def errors(rule: str, agency: str) -> list[str]:
        return sorted(cell for _, cell in con.execute(
            f"SELECT s.report_id, s.cell FROM ({CHECKS[rule].read_text(encoding='utf-8')}) AS s "
            "JOIN report_facts USING (report_id) WHERE agency = ?", [agency]).fetchall())

    assert errors("R3", "金水区民政局") == errors("R3", "金水区财政局") == ["applications.new_received.total"]
    assert errors("R5", "金水区教育局") == ["review_litigation.review.total"]
    assert errors("R5", "金水区商务局") == ["review_litigation.litigation_direct.total"]
    assert errors("R4", "金水区审计局") == [
        "active_disclosure.coercion.decisions", "active_disclosure.fees.amount_10k_yuan",
        "active_disclosure.penalty.decisions",
    ]
    assert errors("R4", "金水区水利局") == ["active_disclosure.licensing.change"]
