"""R12 逾期公布 and R13 发布后有变动: rules about when and how a report was published.

They need what only a load knows (the publication date and source URL a collector's manifest
records, ``xxgk.collect.meta``), so they run over the database after each load, like the
cross-report rules. The deadlines are a table a user can change: ``data/publication_deadlines.csv``
(条例第四十九条: departments by 31 January, people's governments by 31 March of the following year),
loaded into ``publication_deadlines`` at every load; an edited file takes effect at the next load.

R12 looks at reports in scope of publication checks: those with a source URL or a publication date.
A report collected without a date, or of a kind the table has no deadline for, gives 无法核对
(unchecked), never a pass. R13: every version after the first of a report saved from the same URL.
"""

from __future__ import annotations

import csv
from typing import Any

from xxgk import resources
from xxgk.db import statements as sql

DEADLINES_FILE = "publication_deadlines.csv"


def create_publication_views(con: Any) -> None:
    """The deadline table, loaded from the CSV, and ``stg_publication_status`` (xxgk/db/publication.sql)."""
    con.execute(resources.sql_file("publication.sql").read_text(encoding="utf-8"))
    load_deadlines(con)


def load_deadlines(con: Any) -> None:
    """(Re)load the deadline table from the shipped CSV; a malformed row is an error naming it."""
    path = resources.data_file(DEADLINES_FILE)
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            try:
                month, day = int(row["month"]), int(row["day"])
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    raise ValueError("month or day out of range")
                rows.append((row["agency_kind"].strip(), month, day, (row.get("basis") or "").strip()))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}: line {n}: not a deadline row (agency_kind,month,day,basis): {exc}") from exc
    sql.run(con, "publication_rules.clear_deadlines")
    sql.insert_rows(con, "publication_deadlines", rows)


def run_publication_rules(con: Any) -> None:
    """Recompute R12 and R13 for every report (a deadline edit changes old judgements too)."""
    load_deadlines(con)
    sql.run(con, "publication_rules.replace_findings")
