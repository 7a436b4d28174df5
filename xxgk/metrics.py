"""Metric SQL files: loaded by name from ``queries/``, checked, and run with bound parameters only.

Every file opens with a header (see any file in ``queries/``)::

    -- name: zero_activity_agencies          (must equal the file stem)
    -- title: 零活动机构
    -- definition: …plain words, with the Chinese term…
    -- grain: one row per …
    -- params:
    --   $province  province name; NULL = all provinces
    -- sources: stg_report_figures

Parameters are ``$name`` placeholders passed as a dict. A parameter used but not declared, or
declared but not used, is an error naming ``file:line``. No SQL is ever built from a value.

Layer: db — may import the base modules; never the loader, the pipeline or the dashboard.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from xxgk import resources

QUERIES_DIR = resources.queries_dir()

_PARAM_USE = re.compile(r"\$([a-z_][a-z0-9_]*)")
_PARAM_DECL = re.compile(r"^--\s+\$([a-z_][a-z0-9_]*)\s+(.*)$")
_FIELD = re.compile(r"^--\s*(name|title|help|definition|grain|sources|params):\s*(.*)$")


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


def parse_query(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    body_start = 0
    current = None
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.startswith("--"):
            body_start = number - 1
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
    else:
        body_start = len(lines)
    where = f"{path}"
    for required in ("name", "definition", "grain", "sources"):
        if not fields.get(required):
            raise QueryError(f"{where}:1: header lacks '-- {required}:'")
    if fields["name"] != path.stem:
        raise QueryError(f"{where}:1: name '{fields['name']}' differs from the file name '{path.stem}'")
    used: dict[str, int] = {}
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        code = line.split("--", 1)[0]
        for m in _PARAM_USE.finditer(code):
            used.setdefault(m.group(1), number)
    for name, number in used.items():
        if name not in params:
            raise QueryError(f"{where}:{number}: parameter ${name} is used but not declared in the header")
    for name in params:
        if name not in used:
            raise QueryError(f"{where}:1: parameter ${name} is declared but never used")
    sql = "\n".join(lines[body_start:]).strip().rstrip(";")
    return Query(
        name=fields["name"],
        title=fields.get("title", fields["name"]),
        definition=fields["definition"],
        grain=fields["grain"],
        sources=fields["sources"],
        params=params,
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
