"""R12 逾期公布 and R13 发布后有变动: rules about when and how a report was published.

They need what only a load knows (the publication date and source URL a collector's manifest
records, ``xxgk.collect.meta``), so they run over the database after each load, like the
cross-report rules. The deadlines are a table a user can change (条例第四十九条: departments by 31
January, people's governments by 31 March of the following year): the file ``$XXGK_DEADLINES``
names, else ``data/publication_deadlines.csv`` of a checkout (for an installed package: a
``publication_deadlines.csv`` the user puts in xxgk's data folder, else the shipped one). It is read
into ``publication_deadlines`` at every load; an edited table takes effect at the next ``xxgk
ingest``, which re-judges every report even when it loads nothing new.

R12 judges every report: on time (no finding), late (a warning), or 无法核对 (unchecked) when its
date cannot be known (collected without one, or a plain file or upload whose text states none) or
its kind of agency has no deadline in the table; never a pass by silence. R13: every version after
the first of a report saved from the same URL.
"""

from __future__ import annotations

from typing import Any

from xxgk.db import statements as sql
from xxgk.db.deadlines import deadlines_changed, load_deadlines

__all__ = ["deadlines_changed", "run_publication_rules"]


def run_publication_rules(con: Any) -> None:
    """Recompute R12 and R13 for every report (a deadline edit changes old judgements too)."""
    load_deadlines(con)
    sql.run(con, "publication_rules.replace_findings")
