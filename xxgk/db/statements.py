"""Internal SQL: the statements xxgk's own code runs, kept in ``.sql`` files and run by name.

The layers of the database, each a folder or file of ``xxgk/db`` run in this order by
:func:`xxgk.db.create_schema` (:data:`LAYERS`):

    schema.sql       raw tables, written by a load only
    staging.sql      views that rename and cast the raw tables, nothing else
    marts/*.sql      derived pieces: report versions, the cells, report_facts, finding_facts …
                     (tables a load rebuilds, and the views and macros they are computed by)
    fragments.sql    SQL the metrics share, defined once as DuckDB macros: the filter over the six
                     filter parameters (``filtered_reports``, ``filtered_findings``), the row limit
                     of a page (``page_rows($all_rows)``), the disclosure rate (``disclosure_rate_pct``)
    queries/         the metrics (``xxgk.metrics``), reading the marts through the fragments

The statements of the code (refreshing the derived tables, the cross-report rules, the command
line …) are in ``xxgk/db/sql/<group>.sql``; a file holds several, each opening with a header like a
metric's (``xxgk.metrics``)::

    -- name: affected_keys                    (called as "<group>.affected_keys")
    -- definition: what it does and why
    -- params:
    --   $batch  what the value is

and running to the next ``-- name:`` line. A statement may be a script of several SQL statements;
each gets the declared parameters it uses. Parameters are bound, never spliced. The one exception is
a list of column expressions that code decides (the catalog's figure columns): a ``{{name}}`` in the
body is replaced by ``splices[name]``, each entry checked to be ``expression AS identifier`` made of
identifiers and list subscripts only (:func:`_splice`). Generic writes of data Python holds (an
Arrow table into a table; a lookup table from rows) are the functions below, the only SQL text held
in Python besides ``xxgk.metrics``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from xxgk.metrics import QueryError, check_params, parse_header

DB_DIR = Path(str(files("xxgk.db")))
SQL_DIR = DB_DIR / "sql"
# The scripts that make a database's tables, views and macros, in order (paths relative to DB_DIR).
LAYERS = ("schema.sql", "staging.sql", "marts/versions.sql", "marts/cells.sql", "marts/prose_adoption.sql",
          "marts/report_facts.sql", "marts/finding_facts.sql", "fragments.sql")

_NAME_LINE = re.compile(r"^--\s*name:")
_SPLICE = re.compile(r"\{\{([a-z_][a-z0-9_]*)\}\}")
_IDENT = r"[a-z_][a-z0-9_]*"
_SPLICE_ENTRY = re.compile(rf"^{_IDENT}(\.{_IDENT})?(\[\d+\])? AS {_IDENT}$")


@dataclass(frozen=True)
class Statement:
    name: str  # "<group>.<name>"
    definition: str
    params: dict[str, str]
    sql: str
    where: str  # file:line of its header


def parse_statements(path: Path) -> list[Statement]:
    """The statements of one file of ``xxgk/db/sql``; a malformed one is a ``QueryError`` naming file:line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if _NAME_LINE.match(line)]
    if not starts:
        raise QueryError(f"{path}:1: no '-- name:' header")
    found = []
    for start, end in zip(starts, [*starts[1:], len(lines)]):
        block = lines[start:end]
        where = f"{path}:{start + 1}"
        header = parse_header(block, where)
        if not header.fields.get("definition"):
            raise QueryError(f"{where}: header lacks '-- definition:'")
        check_params(block, header, str(path), start + 1)
        sql = "\n".join(block[header.body_start :]).strip()
        if not sql:
            raise QueryError(f"{where}: statement '{header.fields['name']}' has no SQL")
        found.append(Statement(f"{path.stem}.{header.fields['name']}", header.fields["definition"], header.params, sql, where))
    return found


@functools.cache
def load_statements() -> dict[str, Statement]:
    """Every statement of ``xxgk/db/sql``, by "<group>.<name>"; a name given twice is an error."""
    statements: dict[str, Statement] = {}
    for path in sorted(SQL_DIR.glob("*.sql")):
        for statement in parse_statements(path):
            if statement.name in statements:
                raise QueryError(f"{statement.where}: '{statement.name}' is also at {statements[statement.name].where}")
            statements[statement.name] = statement
    return statements


def get(name: str) -> Statement:
    statements = load_statements()
    if name not in statements:
        raise QueryError(f"no statement named '{name}' in {SQL_DIR}")
    return statements[name]


def sql_files() -> list[Path]:
    """Every SQL file of ``xxgk/db``: the layers, the statements and the rest (for the derived stamp)."""
    return sorted(DB_DIR.rglob("*.sql"))


def run_layers(con: duckdb.DuckDBPyConnection, first: str = "staging.sql", last: str = "fragments.sql") -> None:
    """Run the layer scripts from ``first`` to ``last`` (``schema.sql`` is run apart: the cell
    catalog, which the marts' ``figures`` view is made from, comes between)."""
    for layer in LAYERS[LAYERS.index(first) : LAYERS.index(last) + 1]:
        con.execute((DB_DIR / layer).read_text(encoding="utf-8"))


def _splice(statement: Statement, splices: dict[str, list[str]]) -> str:
    def entries(m: re.Match[str]) -> str:
        if m.group(1) not in splices:
            raise QueryError(f"{statement.where}: {{{{{m.group(1)}}}}} needs a list of columns")
        for entry in splices[m.group(1)]:
            if not _SPLICE_ENTRY.match(entry):
                raise QueryError(f"{statement.where}: '{entry}' is not 'column AS name'")
        return ",\n    ".join(splices[m.group(1)])

    return _SPLICE.sub(entries, statement.sql)


def _bind(statement: Statement, params: dict[str, Any] | None) -> dict[str, Any]:
    given = params or {}
    missing = [name for name in statement.params if name not in given]
    if missing:
        raise QueryError(f"{statement.where}: '{statement.name}' needs ${', $'.join(missing)}")
    return {name: given[name] for name in statement.params}


@functools.lru_cache(maxsize=256)
def _parts(sql: str) -> tuple[Any, ...]:
    """The SQL statements of a text, parsed once (each runs with the parameters it names)."""
    return tuple(duckdb.extract_statements(sql))


def run(
    con: Any, name: str, params: dict[str, Any] | None = None, splices: dict[str, list[str]] | None = None
) -> Any:
    """Run statement ``name`` (each SQL statement of it with the parameters it uses); returns the
    connection, whose result is the last statement's (``.fetchall()``, ``.df()``)."""
    statement = get(name)
    bound = _bind(statement, params)
    for part in _parts(_splice(statement, splices or {})):
        con.execute(part, {k: v for k, v in bound.items() if k in part.named_parameters})
    return con


def rows(con: Any, name: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    return run(con, name, params).fetchall()


def scalar(con: Any, name: str, params: dict[str, Any] | None = None) -> Any:
    return run(con, name, params).fetchall()[0][0]


def batches(con: Any, name: str, size: int, params: dict[str, Any] | None = None) -> Any:
    """The rows of a one-statement query, ``size`` at a time as Arrow record batches."""
    statement = get(name)
    relation = con.sql(statement.sql, params=_bind(statement, params) or None)
    # duckdb 2 calls it to_arrow_reader, 1.x fetch_arrow_reader
    return (getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader)(size)


# --- writes of data Python holds ------------------------------------------------------------------


def insert_arrow(con: Any, table: str, data: pa.Table, select: str | None = None, columns: str | None = None) -> None:
    """Insert an Arrow table into ``table`` in one statement (``executemany`` costs a millisecond a
    row in DuckDB): its columns by name, or ``select`` (an expression list over them, written by
    code) into ``columns``."""
    if not data.num_rows:
        return
    con.register("_rows", data)
    try:
        names = ", ".join(data.column_names)
        con.execute(f"INSERT INTO {table} ({columns or names}) SELECT {select or names} FROM _rows")
    finally:
        con.unregister("_rows")


# Rows of one INSERT statement of ``insert_rows`` (DuckDB's ``executemany`` runs a statement a row,
# ~0.5 ms each: the cell catalog of a new database took 0.15 s).
_ROWS_PER_STATEMENT = 500


def insert_rows(con: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert a few rows given as tuples, in the table's column order, as parameters of one
    multi-row ``VALUES`` statement per ``_ROWS_PER_STATEMENT`` rows."""
    if not rows:
        return
    row = f"({', '.join('?' for _ in rows[0])})"
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        part = rows[start : start + _ROWS_PER_STATEMENT]
        con.execute(f"INSERT INTO {table} VALUES {', '.join([row] * len(part))}", [v for r in part for v in r])


def lookup_table(con: Any, table: str, columns: str, rows: list[tuple[Any, ...]], temporary: bool = False) -> None:
    """A small table (re)written from rows Python holds (the catalogs of rules and severities, so
    that SQL never repeats them; a manifest's metadata), ``temporary`` for one connection."""
    con.execute(f"CREATE OR REPLACE {'TEMP ' if temporary else ''}TABLE {table} ({columns})")
    insert_rows(con, table, rows)


def temp_ids(con: Any, table: str, ids: list[str]) -> None:
    """A temporary table ``table (report_id VARCHAR)`` holding ``ids``."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (report_id VARCHAR)")
    insert_arrow(con, table, pa.table({"report_id": pa.array(ids, type=pa.string())}))


def drop(con: Any, *tables: str) -> None:
    for table in tables:
        con.execute(f"DROP TABLE IF EXISTS {table}")
