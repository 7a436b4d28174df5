"""Parameter values only ever reach SQL as bound values: hostile strings through every real parameter.

The parameters are read from the metric files (``xxgk.metrics.load_queries``), never listed by hand:

* *typed* parameters (a year, a count, a flag) are those DuckDB refuses a string for in some metric;
  every metric declaring one must refuse each hostile string as a value of the wrong type;
* *names* (province, city, district, a word of an agency's name, an agency key, a report id) come
  from report files: the hostile string is put into the data as well — a place or an agency literally
  spelled with quotes, ``--``, ``%``, Markdown … — and each metric must find exactly the rows it finds
  for the plain value in the plain database;
* *codes* (an agency kind, a rule id) are the product's own fixed lists: a hostile code matches no
  row, and each metric must return what it returns for any code that no row has.

``test_every_text_parameter_is_a_name_or_a_code`` fails when a metric declares a parameter this file
does not know. After every run, every table is still there with all its rows. The plain database is
loaded by the real loader from report files; the hostile one is a copy with every plain name replaced
by its hostile spelling in every text column of every table (bound values again).
"""

from __future__ import annotations

import math
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from test_rules import build_text
from xxgk.filters import KIND_LABELS
from xxgk.load import ingest
from xxgk.metrics import load_queries, run_query
from xxgk.rules import RULE_NAMES

HOSTILE = {
    "quote": "'",
    "quotes": "某市' OR '1'='1",
    "double-quote": '") UNION SELECT * FROM report_texts --',
    "drop": "'; DROP TABLE reports; --",
    "placeholder": "$province ? :1",
    "percent": "%",
    "underscore": "_",
    "like": "%' AND 1=1 --",
    "backslash": "\\'\\",
    "markdown": "**粗体** [链接](javascript:alert(1)) <script>alert(1)</script> # 标题",
    "unicode": "𠮷\u200b\u202e😀〝「」\u3000ﾃｽﾄ",
    "long": "长'" * 10_000,
}

# Each name parameter's plain value in the database below: the place of every report, a word of one
# agency's name, that agency's key, the seed's report id.
NAMES = {
    "province": "SELECT '河南省'",
    "city": "SELECT '洛阳市'",
    "district": "SELECT '孟津区'",
    "search": "SELECT '民政'",
    "agency_key": "SELECT agency_key FROM current_reports WHERE agency = '孟津区民政局' LIMIT 1",
    "report": "SELECT report_id FROM current_reports WHERE agency = '孟津区司法局'",
}
# Each code parameter's list of codes: a hostile value is compared with a code outside it.
CODES = {"kind": set(KIND_LABELS), "rule": set(RULE_NAMES), "status": {"on_time", "late", "unknown"}}
ABSENT_CODE = "absent"

IN_THE_DATA = """
SELECT count(*) FROM report_facts
WHERE $value IN (province, city, district, agency_key, report_id) OR contains(agency, $value)
"""

ZERO_APPS = {row: [0] * 7 for row in ("new_received", "carried_over", "granted", "partially_granted",
                                      "denied_third_party", "unable_not_held", "not_processed_duplicate",
                                      "total_processed", "carried_forward")}
BUSY_APPS = {
    "new_received": [10, 2, 0, 0, 0, 0, 12], "carried_over": [0] * 7, "granted": [6, 1, 0, 0, 0, 0, 7],
    "partially_granted": [1, 0, 0, 0, 0, 0, 1], "denied_third_party": [1, 0, 0, 0, 0, 0, 1],
    "unable_not_held": [2, 1, 0, 0, 0, 0, 3], "not_processed_duplicate": [0] * 7,
    "total_processed": [10, 2, 0, 0, 0, 0, 12], "carried_forward": [0] * 7,
}
ADOPTION = "本年度上报政务信息40条，采用信息10条，采用率30%。"
# With the seed, these make every metric find rows: years without applications, a missing year,
# ranked rates, corrections, stated adoption rates, a report read in part, findings.
REPORTS = [
    dict(agency="孟津区民政局", year=2021, apps=ZERO_APPS),
    dict(agency="孟津区民政局", year=2022, apps=ZERO_APPS),
    dict(agency="孟津区民政局", year=2023, apps=ZERO_APPS),
    dict(agency="孟津区财政局", year=2021, apps=BUSY_APPS, general=ADOPTION, review={"review": [1, 1, 0, 0, 2]}),
    dict(agency="孟津区财政局", year=2023, apps=BUSY_APPS, review={"review": [0, 2, 0, 0, 2]}),
    dict(agency="孟津区教育局", year=2022, apps=BUSY_APPS, general=ADOPTION),
    dict(agency="孟津区交通运输局", year=2022, omit=(4,)),
]


PRE2019 = """孟津县民政局2015年政府信息公开工作年度报告
一、概述
2015年，孟津县民政局认真贯彻落实《条例》。
五、政府信息公开情况统计表
指标名称\t计量单位\t2015年度\t历年累计
主动公开信息数\t条\t152\t980
受理依申请公开信息总数\t件\t12\t60
对申请的答复总数\t件\t12\t60
行政复议数\t件\t1\t3
行政诉讼数\t件\t0\t1
"""


@pytest.fixture(scope="module")
def plain_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    folder = tmp_path_factory.mktemp("injection")
    for number, spec in enumerate(REPORTS):
        (folder / f"{number:02d}.txt").write_text(build_text(**spec), encoding="utf-8")
    shutil.copy(seed_path, folder / seed_path.name)
    (folder / "pre2019.txt").write_text(PRE2019, encoding="utf-8")  # the older statistics table's series
    path = folder / "plain.duckdb"
    summary = ingest([folder], path, workers=1)
    assert summary.ok and summary.loaded == len(REPORTS) + 2, summary.lines()
    return path


@pytest.fixture(scope="module")
def plain(plain_db: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(plain_db), read_only=True)
    yield con
    con.close()


@cache
def parameters() -> dict[str, tuple[str, ...]]:
    """Every parameter any metric declares, with the metrics that declare it."""
    found: dict[str, list[str]] = {}
    for name, query in sorted(load_queries().items()):
        for param in query.params:
            found.setdefault(param, []).append(name)
    return {param: tuple(names) for param, names in found.items()}


@pytest.fixture(scope="module")
def typed(plain: duckdb.DuckDBPyConnection) -> set[str]:
    """The parameters some metric casts to a number or a flag: a string bound there is refused."""
    found = set()
    for param, names in parameters().items():
        for name in names:
            try:
                run_query(plain, name, {param: "x"})
            except duckdb.ConversionException:
                found.add(param)
                break
    return found


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every table with its number of rows."""
    names = [row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def replace_everywhere(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]]) -> None:
    """Each ``old`` → ``new`` of ``pairs``, in order, in every text and text-list column of every
    table (the values bound)."""
    columns = con.execute(
        """
        SELECT c.table_name, c.column_name, c.data_type
        FROM information_schema.columns AS c
        JOIN information_schema.tables AS t USING (table_catalog, table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND c.data_type IN ('VARCHAR', 'VARCHAR[]')
        """
    ).fetchall()
    params = {f"old{i}": old for i, (old, _) in enumerate(pairs)} | {f"new{i}": new for i, (_, new) in enumerate(pairs)}

    def replaced(target: str) -> str:
        for i in range(len(pairs)):
            target = f"replace({target}, $old{i}, $new{i})"
        return target

    for table, column, kind in columns:
        value = replaced(f'"{column}"') if kind == "VARCHAR" else f'list_transform("{column}", lambda x: {replaced("x")})'
        con.execute(f'UPDATE "{table}" SET "{column}" = {value}', params)


def rewrite(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def rows(frame: pd.DataFrame, undo: list[tuple[str, str]] = ()) -> list[tuple]:
    """The frame's rows, sorted, NaN as None, lists as tuples, text rewritten by ``undo``."""
    def cell(value: Any) -> Any:
        if isinstance(value, str):
            return rewrite(value, undo)
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return None
        if hasattr(value, "__len__") and not isinstance(value, (bytes, dict)):
            return tuple(cell(v) for v in value)
        return value

    return sorted((tuple(cell(v) for v in row) for row in frame.itertuples(index=False)), key=repr)


def test_the_parameters_come_from_the_metric_files(typed: set[str]) -> None:
    assert {"province", "year_from", "report"} <= set(parameters())
    assert {"year_from", "year_to", "all_rows"} <= typed
    assert not typed & {"province", "city", "district", "search", "report"}


def test_every_text_parameter_is_a_name_or_a_code(typed: set[str]) -> None:
    text = set(parameters()) - typed
    assert set(NAMES) | set(CODES) == text, "a metric declares a text parameter this test does not know"
    assert not set(NAMES) & set(CODES)


@pytest.fixture(scope="module")
def plain_names(plain: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {param: plain.execute(sql).fetchone()[0] for param, sql in NAMES.items()}


def given(name: str, values: dict[str, str]) -> dict[str, str]:
    return {param: values[param] for param in load_queries()[name].params if param in values}


@pytest.fixture(scope="module")
def plain_rows(plain: duckdb.DuckDBPyConnection, plain_names: dict[str, str]) -> dict[str, list[tuple]]:
    """Each metric with a name parameter, on the plain database with every name it declares set to
    its plain value. Each finds rows, so a hostile name that matched nothing would show."""
    out = {}
    for name in sorted(load_queries()):
        if given(name, plain_names):
            out[name] = rows(run_query(plain, name, given(name, plain_names)))
            assert out[name], f"{name} finds no rows in the plain database: the comparison would prove nothing"
    return out


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_names_find_the_rows_the_plain_names_find(
    plain_db: Path, plain_names: dict[str, str], plain_rows: dict[str, list[tuple]], tmp_path: Path, payload: str
) -> None:
    # every plain name spelled with the hostile string after it, in the data and in the parameters;
    # longer names first, so that one inside another (民政 in an agency key) is rewritten in both
    pairs = [(value, value + payload) for value in sorted(plain_names.values(), key=len, reverse=True)]
    undo = [(new, old) for old, new in reversed(pairs)]
    hostile = {param: rewrite(value, pairs) for param, value in plain_names.items()}
    copy = tmp_path / "hostile.duckdb"
    shutil.copy(plain_db, copy)
    con = duckdb.connect(str(copy))  # writable: an injected DROP or UPDATE would really run
    try:
        replace_everywhere(con, pairs)
        for param, value in hostile.items():
            assert con.execute(IN_THE_DATA, {"value": value}).fetchone()[0], f"no {param} {value[:40]!r} in the data"
        before = tables(con)
        for name, expected in plain_rows.items():
            assert rows(run_query(con, name, given(name, hostile)), undo) == expected, f"{name}: {given(name, hostile)}"
        assert tables(con) == before
    finally:
        con.close()


@pytest.fixture(scope="module")
def writable(plain_db: Path, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    copy = tmp_path_factory.mktemp("writable") / "writable.duckdb"
    shutil.copy(plain_db, copy)
    con = duckdb.connect(str(copy))  # writable: an injected statement would really run
    yield con
    con.close()


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_code_finds_what_an_unknown_code_finds(
    writable: duckdb.DuckDBPyConnection, plain: duckdb.DuckDBPyConnection, payload: str
) -> None:
    before = tables(writable)
    for param, codes in sorted(CODES.items()):
        assert ABSENT_CODE not in codes and payload not in codes
        for name in parameters()[param]:
            expected = rows(run_query(plain, name, {param: ABSENT_CODE}))
            assert rows(run_query(writable, name, {param: payload})) == expected, f"{name}: ${param}"
    assert tables(writable) == before


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_string_for_a_typed_parameter_is_refused_as_a_value(
    writable: duckdb.DuckDBPyConnection, typed: set[str], payload: str
) -> None:
    before = tables(writable)
    accepted = []
    for param in sorted(typed):
        for name in parameters()[param]:
            try:
                run_query(writable, name, {param: payload})
            except duckdb.ConversionException as error:
                assert "Could not convert string" in str(error), f"{name}: ${param}: {error}"
            else:
                accepted.append(f"{name}: ${param}")
    assert accepted == [], "typed parameters that took a hostile string"
    assert tables(writable) == before
