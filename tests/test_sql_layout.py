"""Where SQL lives (issue 17): in .sql files loaded by name, in layers.

* no SQL statement is a string in the Python of ``xxgk/`` (outside the two loaders, which hold the
  generic writes of data Python holds);
* the staging views only rename and cast (checked on DuckDB's own parse tree of each view);
* every metric and internal statement declares the parameters it uses, and the fragments the
  metrics share (the six filter parameters, the row limit, the disclosure rate) are written once;
* the derived stamp hashes every SQL file the database is made with.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

import xxgk.db as db
from xxgk import metrics
from xxgk.db import statements

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "xxgk"
LOADERS = {PACKAGE / "metrics.py", PACKAGE / "db" / "statements.py"}

_SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\w+(\s+AS\s+\w+)?\s+SET\b"
    r"|\bCREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW|MACRO|INDEX)\b"
)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def sql_literals(path: Path) -> list[str]:
    """``file:line: text`` of every string (or f-string, its holes as "x") that is a SQL statement."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
            skip.update(id(v) for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
        else:
            continue
        if _SQL.search(text):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {' '.join(text.split())[:80]}")
    return found


def test_sql_literal_finder_sees_statements_and_not_prose() -> None:
    assert _SQL.search("SELECT count(*) FROM reports")
    assert _SQL.search("CREATE OR REPLACE TEMP TABLE _x AS SELECT 1")
    assert _SQL.search("UPDATE reports AS r SET source_url = m.source_url")
    assert _SQL.search("DELETE FROM findings WHERE rule = 'R7'")
    assert not _SQL.search("Select the reports of a year from the list")  # prose, not SQL
    assert not _SQL.search("the rows a SELECT returns")


def test_no_sql_strings_in_python_outside_the_loaders() -> None:
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if path not in LOADERS for hit in sql_literals(path)]
    assert found == [], "SQL belongs in .sql files run by name (xxgk.db.statements):\n" + "\n".join(found)


def _staging_files() -> list[Path]:
    """Every SQL file of xxgk/db that says it holds the staging views."""
    return [p for p in sorted((PACKAGE / "db").rglob("*.sql")) if p.read_text(encoding="utf-8").startswith("-- Staging")]


def _view_problems(name: str, select: str) -> list[str]:
    tree = json.loads(duckdb.connect().execute("SELECT json_serialize_sql(?)", [select]).fetchone()[0])
    if tree.get("error"):
        return [f"{name}: not a plain SELECT: {tree.get('error_message')}"]
    node = tree["statements"][0]["node"]
    problems = []
    if node.get("type") != "SELECT_NODE":
        problems.append(f"{name}: a {node.get('type')}, not one SELECT")
        return problems
    if node.get("cte_map", {}).get("map"):
        problems.append(f"{name}: a WITH clause")
    if node.get("from_table", {}).get("type") != "BASE_TABLE":
        problems.append(f"{name}: reads {node.get('from_table', {}).get('type')}, not one table")
    for clause in ("where_clause", "having", "qualify"):
        if node.get(clause):
            problems.append(f"{name}: has {clause}")
    if node.get("group_expressions") or node.get("modifiers"):
        problems.append(f"{name}: groups, orders, limits or is DISTINCT")
    for item in node["select_list"]:
        expr = item["child"] if item["class"] == "CAST" else item
        if expr["class"] != "COLUMN_REF":
            problems.append(f"{name}: computes {item['class']} {item.get('alias') or ''} (rename and cast only)")
    return problems


def test_staging_views_only_rename_and_cast() -> None:
    files = _staging_files()
    assert files, "no SQL file under xxgk/db starts with '-- Staging'"
    problems = []
    for path in files:
        for statement in duckdb.extract_statements(path.read_text(encoding="utf-8")):
            text = " ".join(line.split("--", 1)[0] for line in statement.query.splitlines()).strip()
            m = re.fullmatch(r"CREATE OR REPLACE VIEW (\w+) AS (.*?);?", text, re.S)
            if not m:
                problems.append(f"{path.name}: not a view: {text[:60]}")
                continue
            problems += _view_problems(m.group(1), m.group(2))
    assert problems == []


def test_view_checker_refuses_what_is_not_renaming() -> None:
    assert _view_problems("v", "SELECT report_id, CAST(value AS INTEGER) AS v FROM t") == []
    assert _view_problems("v", "SELECT report_id, count(*) AS n FROM t GROUP BY report_id")
    assert _view_problems("v", "SELECT a.x FROM a JOIN b USING (x)")
    assert _view_problems("v", "SELECT x, row_number() OVER (ORDER BY x) AS n FROM t")
    assert _view_problems("v", "SELECT coalesce(x, 'y') AS x FROM t")


def test_every_query_and_statement_declares_its_parameters() -> None:
    queries = metrics.load_queries()
    assert len(queries) > 30
    for query in queries.values():
        used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", "\n".join(l.split("--", 1)[0] for l in query.sql.splitlines())))
        assert used == set(query.params), query.name
    loaded = statements.load_statements()
    assert {"cross.year_pairs", "cross.scores", "derived.refresh_agencies", "findings.forget_judged"} <= set(loaded)
    for statement in loaded.values():
        assert statement.definition, statement.name


def test_an_undeclared_parameter_is_an_error_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / "group.sql").write_text(
        "-- name: first\n-- definition: fine\n-- params:\n--   $a  a value\nSELECT $a;\n\n"
        "-- name: second\n-- definition: uses what it does not declare\nSELECT 1\nFROM t WHERE x = $b;\n",
        encoding="utf-8",
    )
    with pytest.raises(metrics.QueryError, match=r"group\.sql:10: parameter \$b is used but not declared"):
        statements.parse_statements(tmp_path / "group.sql")


def test_an_include_declares_the_shared_parameters(tmp_path: Path) -> None:
    (tmp_path / "include").mkdir()
    shutil.copy(REPO / "queries" / "include" / "filters.sql", tmp_path / "include")
    body = "FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)"
    (tmp_path / "q.sql").write_text(
        f"-- name: q\n-- definition: d\n-- grain: g\n-- sources: s\n-- include: filters\nSELECT count(*) {body}\n",
        encoding="utf-8",
    )
    assert set(metrics.parse_query(tmp_path / "q.sql").params) == {"province", "city", "district", "year_from", "year_to", "kind"}
    (tmp_path / "q.sql").write_text("-- name: q\n-- definition: d\n-- grain: g\n-- sources: s\n-- include: filters\nSELECT 1\n", encoding="utf-8")
    with pytest.raises(metrics.QueryError, match="declared but never used"):
        metrics.parse_query(tmp_path / "q.sql")


FILTER_PARAMS = ("province", "city", "district", "year_from", "year_to", "kind")


def test_shared_fragments_are_written_once() -> None:
    repeated = []
    for path in sorted((REPO / "queries").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        header = text.split("\n", 1)[0]
        own = re.findall(r"^--\s+\$([a-z_]+)\s", text, re.M)
        if set(FILTER_PARAMS) <= set(own):  # a metric with some of them (agency_profile) declares those
            repeated.append(f"{path.name}: declares the six filter parameters (-- include: filters)")
        if "all_rows" in own:
            repeated.append(f"{path.name}: declares $all_rows (-- include: page_rows)")
        if re.search(r"ELSE\s+500\b", text):
            repeated.append(f"{path.name}: its own 500-row limit (LIMIT page_rows($all_rows))")
        if re.search(r"100\.0\s*\*\s*\(\s*applications__granted__total\s*\+", text):
            repeated.append(f"{path.name}: its own disclosure rate (disclosure_rate_pct)")
        assert header.startswith("-- name:")
    assert repeated == []


def test_derived_stamp_hashes_every_sql_file_of_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(statements.sql_files()) == set((PACKAGE / "db").rglob("*.sql"))
    assert {p.relative_to(PACKAGE / "db").as_posix() for p in statements.sql_files()} >= set(statements.LAYERS)
    copy = tmp_path / "db"
    shutil.copytree(PACKAGE / "db", copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(statements, "DB_DIR", copy)
    db._code_digest.cache_clear()
    try:
        before = db.derived_stamp([])
        mart = copy / "marts" / "report_facts.sql"
        mart.write_text(mart.read_text(encoding="utf-8") + "\n-- a change\n", encoding="utf-8")
        db._code_digest.cache_clear()
        assert db.derived_stamp([]) != before
        statement = copy / "sql" / "cross.sql"
        db._code_digest.cache_clear()
        middle = db.derived_stamp([])
        statement.write_text(statement.read_text(encoding="utf-8") + "\n-- a change\n", encoding="utf-8")
        db._code_digest.cache_clear()
        assert db.derived_stamp([]) != middle
    finally:
        db._code_digest.cache_clear()


# --- names say the layer (issue 17) ---------------------------------------------------------------

_DEFINES = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+|TEMPORARY\s+)?(?:TABLE|VIEW|MACRO)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)",
    re.I | re.M,
)
STAGING = PACKAGE / "db" / "staging.sql"
# the names the marts carried before they were renamed (a database written then still has them)
OLD_MART_NAMES = ("stg_cells", "stg_reports", "stg_report_figures", "stg_report_facts_source",
                  "stg_finding_facts_source", "stg_publication_status", "stg_report_versions")


def _defined(path: Path) -> list[str]:
    """The tables, views and macros a SQL file creates (comments left out)."""
    text = "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return [name.lower() for name in _DEFINES.findall(text)]


def test_only_the_staging_layer_has_staging_names() -> None:
    staging = _defined(STAGING)
    assert staging and all(name.startswith("stg_") for name in staging), staging
    elsewhere = [
        f"{path.relative_to(REPO)}: {name}"
        for path in sorted((PACKAGE / "db").rglob("*.sql"))
        if path != STAGING
        for name in _defined(path)
        if name.startswith("stg_")
    ]
    assert elsewhere == [], "a stg_ name outside staging.sql: a mart that computes takes a mart's name"


def test_a_database_has_staging_names_only_for_staging_views(tmp_path: Path, seed_path: Path) -> None:
    """Built new, and written by an xxgk whose marts had staging names: once a load has opened it,
    every stg_ table or view of the database is one staging.sql defines."""
    from xxgk.load import ingest

    path = tmp_path / "xxgk.duckdb"
    ingest([seed_path], path, workers=1)
    with duckdb.connect(str(path)) as con:  # the names an older xxgk left (what they held does not matter)
        for name in OLD_MART_NAMES:
            con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT report_id FROM reports")
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(seed_path, copy / "again.txt")
    ingest([copy], path, workers=1)  # nothing new: the load opens the database and publishes it
    with duckdb.connect(str(path), read_only=True) as con:
        names = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
            if name.startswith("stg_")
        }
    assert names == set(_defined(STAGING))
