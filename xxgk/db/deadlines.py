"""The deadline table in the database (``publication_deadlines``) and ``publication_status``
(xxgk/db/publication.sql), which R12 and R13 (:mod:`xxgk.rules.publication`) read.

Layer: db — the rows come from :mod:`xxgk.rules.deadlines` (the file a user keeps).
"""

from __future__ import annotations

from typing import Any

from xxgk import resources
from xxgk.db import statements as sql
from xxgk.rules.deadlines import read_deadlines


def create_publication_views(con: Any) -> None:
    """The deadline table, loaded from the CSV, and ``publication_status`` (xxgk/db/publication.sql)."""
    con.execute(resources.sql_file("publication.sql").read_text(encoding="utf-8"))
    if not sql.run(con, "publication_rules.count_deadlines").fetchone()[0]:
        load_deadlines(con)  # an edited table is read by the load that re-judges with it (deadlines_changed)


def deadlines_changed(con: Any) -> bool:
    """Whether the table in force differs from the one the database holds."""
    held = sql.run(con, "publication_rules.held_deadlines").fetchall()
    return sorted(held) != sorted(read_deadlines())


def load_deadlines(con: Any) -> None:
    """(Re)load the deadline table in force into the database."""
    rows = read_deadlines()
    sql.run(con, "publication_rules.clear_deadlines")
    sql.insert_rows(con, "publication_deadlines", rows)
