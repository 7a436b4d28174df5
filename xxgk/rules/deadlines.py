"""The deadline table of R12 逾期公布, as a user keeps it: which file is in force and its rows.

条例第四十九条: departments by 31 January, people's governments by 31 March of the following year.
The file ``$XXGK_DEADLINES`` names, else ``data/publication_deadlines.csv`` of a checkout (for an
installed package: a ``publication_deadlines.csv`` the user puts in xxgk's data folder, else the
shipped one). Reading only; :mod:`xxgk.db.deadlines` holds it in the database.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from xxgk import resources

DEADLINES_FILE = "publication_deadlines.csv"


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
