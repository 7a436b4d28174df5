"""Metric SQL files: loaded by name from ``queries/``, checked, and run with bound parameters only.

Every file opens with a header (see any file in ``queries/``)::

    -- name: zero_activity_agencies          (must equal the file stem)
    -- title: 零活动机构
    -- definition: …plain words, with the Chinese term…
    -- grain: one row per …
    -- params:
    --   $province  province name; NULL = all provinces
    -- sources: report_figures

Parameters are ``$name`` placeholders passed as a dict. A parameter used but not declared, or
declared but not used, is an error naming ``file:line``. No SQL is ever built from a value.

Shared pieces are written once. Parameters: ``-- include: filters, page_rows`` declares those of
``queries/include/filters.sql`` (the six filter parameters) and ``page_rows.sql`` (``$all_rows``);
a file may still declare one itself, in its own words. SQL: DuckDB macros created with the database
(``xxgk/db/fragments.sql``): ``filtered_reports(…)`` / ``filtered_findings(…)`` (the filter),
``LIMIT page_rows($all_rows)`` (500 rows unless a download), ``disclosure_rate_pct(…)`` and
``rate_pct(…)``. The code's own statements use the same header (``xxgk.db.statements``).

Layer: db — may import the base modules; never the loader, the pipeline or the dashboard.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:  # the loader itself runs in the parse workers too (xxgk.db.statements): no pandas there
    import pandas as pd

from xxgk import resources

QUERIES_DIR = resources.queries_dir()

_PARAM_USE = re.compile(r"\$([a-z_][a-z0-9_]*)")
_PARAM_DECL = re.compile(r"^--\s+\$([a-z_][a-z0-9_]*)\s+(.*)$")
_FIELD = re.compile(r"^--\s*(name|title|help|definition|grain|sources|params|include):\s*(.*)$")


class QueryError(Exception):
    """A metric file is malformed; the message names ``file:line``."""


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    definition: str
    grain: str
    sources: str
    params: dict[str, str]  # name → description
    sql: str
    path: Path
    help: str = ""  # the definition in Chinese for the page (``-- help:``): formula, operands, blanks


@dataclass(frozen=True)
class Header:
    """A header's fields, its declared parameters (included ones first) and where its body starts."""

    fields: dict[str, str]
    params: dict[str, str]
    body_start: int  # index into the lines of the first body line


def parse_header(lines: list[str], where: str, include_dir: Path | None = None) -> Header:
    """Read the ``--`` header at the top of ``lines``; ``-- include: a, b`` adds the parameter
    declarations of ``include_dir/a.sql`` … (a parameter the file declares itself keeps its own words)."""
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    body_start = len(lines)
    current = None
    for number, line in enumerate(lines):
        if not line.startswith("--"):
            body_start = number
            break
        m = _FIELD.match(line)
        if m:
            current = m.group(1)
            fields[current] = m.group(2).strip()
            continue
        decl = _PARAM_DECL.match(line)
        if current == "params" and decl:
            params[decl.group(1)] = decl.group(2).strip()
        elif current and line[2:].strip():
            fields[current] = (fields[current] + " " + line[2:].strip()).strip()
    included: dict[str, str] = {}
    for name in filter(None, (n.strip() for n in fields.get("include", "").split(","))):
        fragment = (include_dir or QUERIES_DIR / "include") / f"{name}.sql"
        if not fragment.is_file():
            raise QueryError(f"{where}: include '{name}': no file {fragment}")
        included.update(parse_header(fragment.read_text(encoding="utf-8").splitlines(), str(fragment)).params)
    return Header(fields, {**included, **params}, body_start)


def check_params(lines: list[str], header: Header, where: str, first_line: int = 1) -> None:
    """Every ``$name`` the body uses is declared, and every declared one is used: else an error
    naming ``file:line`` (``first_line``: the file's line number of ``lines[0]``)."""
    used: dict[str, int] = {}
    for number, line in enumerate(lines[header.body_start :], start=first_line + header.body_start):
        code = line.split("--", 1)[0]
        for m in _PARAM_USE.finditer(code):
            used.setdefault(m.group(1), number)
    for name, number in used.items():
        if name not in header.params:
            raise QueryError(f"{where}:{number}: parameter ${name} is used but not declared in the header")
    for name in header.params:
        if name not in used:
            raise QueryError(f"{where}:{first_line}: parameter ${name} is declared but never used")


def parse_query(path: Path) -> Query:
    lines = path.read_text(encoding="utf-8").splitlines()
    where = f"{path}"
    header = parse_header(lines, where, path.parent / "include")
    fields = header.fields
    for required in ("name", "definition", "grain", "sources"):
        if not fields.get(required):
            raise QueryError(f"{where}:1: header lacks '-- {required}:'")
    if fields["name"] != path.stem:
        raise QueryError(f"{where}:1: name '{fields['name']}' differs from the file name '{path.stem}'")
    check_params(lines, header, where)
    sql = "\n".join(lines[header.body_start :]).strip().rstrip(";")
    return Query(
        name=fields["name"],
        title=fields.get("title", fields["name"]),
        definition=fields["definition"],
        grain=fields["grain"],
        sources=fields["sources"],
        params=header.params,
        sql=sql,
        path=path,
        help=fields.get("help", ""),
    )


@functools.cache
def load_queries(directory: Path = QUERIES_DIR) -> dict[str, Query]:
    """Every metric in ``directory``, by name; raises ``QueryError`` on the first bad file."""
    return {q.name: q for q in (parse_query(p) for p in sorted(directory.glob("*.sql")))}


def get_query(name: str) -> Query:
    queries = load_queries()
    if name not in queries:
        raise QueryError(f"no metric named '{name}' in {QUERIES_DIR}")
    return queries[name]


def run_query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run metric ``name``; ``params`` may hold more keys than it declares (the page's filters).

    A declared parameter missing from ``params`` is bound as NULL, which every metric reads as "all".
    """
    query = get_query(name)
    given = params or {}
    bound = {key: given.get(key) for key in query.params}
    return con.execute(query.sql, bound).df()
