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

import csv
import os
from pathlib import Path
from typing import Any

from xxgk import resources

DEADLINES_FILE = "publication_deadlines.csv"


def create_publication_views(con: Any) -> None:
    """The deadline table, loaded from the CSV, and ``stg_publication_status`` (xxgk/db/publication.sql)."""
    con.execute(resources.sql_file("publication.sql").read_text(encoding="utf-8"))
    if not con.execute("SELECT count(*) FROM publication_deadlines").fetchone()[0]:
        load_deadlines(con)  # an edited table is read by the load that re-judges with it (deadlines_changed)


def deadlines_path() -> Path:
    """The deadline table in force: ``$XXGK_DEADLINES``; else, for an installed package, the user's
    ``publication_deadlines.csv`` in xxgk's data folder if there is one; else the shipped table
    (``data/publication_deadlines.csv`` of a checkout, edited in place)."""
    named = os.environ.get("XXGK_DEADLINES")
    if named:
        return Path(named)
    user = resources.work_dir() / DEADLINES_FILE
    if resources.CHECKOUT is None and user.is_file():
        return user
    return resources.data_file(DEADLINES_FILE)


def read_deadlines() -> list[tuple[str, int, int, str]]:
    """The rows of the deadline table; a missing file or a malformed row is an error naming it."""
    path = deadlines_path()
    rows = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the deadline table: {exc}") from exc
    with handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            try:
                month, day = int(row["month"]), int(row["day"])
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    raise ValueError("month or day out of range")
                rows.append((row["agency_kind"].strip(), month, day, (row.get("basis") or "").strip()))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ValueError(f"{path}: line {n}: not a deadline row (agency_kind,month,day,basis): {exc}") from exc
    return rows


def deadlines_changed(con: Any) -> bool:
    """Whether the table in force differs from the one the database holds."""
    held = con.execute("SELECT agency_kind, month, day, basis FROM publication_deadlines").fetchall()
    return sorted(held) != sorted(read_deadlines())


def load_deadlines(con: Any) -> None:
    """(Re)load the deadline table in force into the database."""
    rows = read_deadlines()
    con.execute("DELETE FROM publication_deadlines")
    if rows:
        con.executemany("INSERT INTO publication_deadlines VALUES (?, ?, ?, ?)", rows)


def run_publication_rules(con: Any) -> None:
    """Recompute R12 and R13 for every report (a deadline edit changes old judgements too)."""
    load_deadlines(con)
    con.execute("DELETE FROM findings WHERE rule IN ('R12', 'R13')")
    con.execute(
        """
        INSERT INTO findings
        SELECT report_id, 'R12',
               CASE status WHEN 'late' THEN 'warning' ELSE 'unchecked' END,
               CASE
                   WHEN status = 'late' THEN '逾期公布：' || strftime(published_at, '%Y-%m-%d') || ' 公布，晚于期限 '
                        || strftime(deadline, '%Y-%m-%d') || '（' || deadline_basis || '）'
                   WHEN published_at IS NULL THEN '无法核对：发布日期不明'
                   WHEN deadline IS NULL THEN '无法核对：年度不明或此类机关未设公布期限'
               END,
               []::VARCHAR[]
        FROM stg_publication_status
        WHERE status IN ('late', 'unknown')
        """
    )
    con.execute(
        """
        INSERT INTO findings
        SELECT report_id, 'R13', 'warning',
               '发布后有变动：同一网址的内容在首次采集后改变，本文件为第 ' || source_version || ' 版',
               []::VARCHAR[]
        FROM stg_publication_status
        WHERE source_version > 1
        """
    )
