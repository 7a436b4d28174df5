"""Report versions: which reports are one agency's, when two files are one report, and which
version of an agency's report is current.

* An agency is one across years and files when the reports show it (:func:`agency_key`): its place
  resolved down to its own level, or else the same name, the same part of the place and the same
  source folder; a report with none of that is an agency of its own.

* A file is the same report as a loaded one when its text is the same, line ends, byte-order mark,
  encoding and trailing whitespace aside (:func:`text_digest`); the loader skips it.
* Of the versions of an agency's report for a year (``report_versions`` in ``xxgk/db/marts/versions.sql``),
  the current one is the one an administrator chose, else the latest publication date when every
  version states one, else the last loaded. :func:`choose` records an administrator's decision, with
  who, when and why, in ``version_choices`` (every decision is kept) and brings the derived tables
  and the cross-report findings up to date in a new snapshot, as a load does.

Layer: load (with ``xxgk.load``) — may import ``xxgk.db``, ``xxgk.metrics``, ``xxgk.regions``
and the base modules.
"""

from __future__ import annotations

import functools
import getpass
import hashlib
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from xxgk.model import Report

if TYPE_CHECKING:  # pandas only for the frames returned; the loader imports this module
    import pandas as pd

ACTIONS = ("make_current", "automatic")
BASIS_LABELS = {"admin": "管理员指定", "published": "依发布日期", "load_order": "依载入顺序", "only": "仅有一个版本"}

_SPACES = (" ", "\t", "\u3000", "\xa0")
_SPACE_ENDS = tuple(space + "\n" for space in _SPACES)
_SPACE_CHARS = "".join(_SPACES)


# Raise when agency_key changes: the next load recomputes the keys of the reports already loaded.
IDENTITY_VERSION = 2


def agency_key(
    agency: str | None, province: str | None, city: str | None, district: str | None, region_code: str | None,
    path: str, report_id: str, synthetic: bool,
) -> str | None:
    """The ``agency_key`` of a report (``xxgk.regions.agency_identity``), from what the loader stores."""
    if not agency:
        return None
    key = _settled_identity(agency, province, city, district, region_code)
    if key is None:
        from xxgk.regions import Region, agency_identity

        # where the place does not settle who the agency is, a report with nothing else to tell it
        # apart is an agency of its own
        region = Region(province, city, district, region_code)
        key = agency_identity(agency, region, _source(path, report_id)) or f"#{report_id}"
    # a demo report never stands in for a real one as a newer "version"
    return f"synthetic|{key}" if synthetic else key


@functools.lru_cache(maxsize=16384)
def _settled_identity(
    agency: str, province: str | None, city: str | None, district: str | None, region_code: str | None,
) -> str | None:
    """``agency_identity`` of an agency whose place settles who it is, else None: given no source,
    ``agency_identity`` answers None exactly when the place does not settle the agency, and the
    source changes nothing when it does. Kept per agency and place, which recur every year of a
    load (the gazetteer behind it is read once per process too)."""
    from xxgk.regions import Region, agency_identity

    return agency_identity(agency, Region(province, city, district, region_code), None)


def report_agency_key(report: Report) -> str | None:
    """The ``agency_key`` of a parsed, located report (what the loader stores with it)."""
    return agency_key(report.agency, report.province, report.city, report.district, report.region_code,
                      report.path, report.sha256, report.synthetic)


def _source(path: str, report_id: str) -> str | None:
    """Where a report came from, as part of the identity of an agency whose place is unknown: a
    digest of its folder as given to the loader (a site's collection; the same folder named once
    relatively and once absolutely is two sources: an agency split, never two merged); None for a
    file stored under its own content hash (an upload), whose folder says nothing."""
    if report_id in path and Path(path).stem == report_id:  # the substring test spares most paths pathlib
        return None
    folder = os.path.normpath(os.path.dirname(path))
    return "src:" + hashlib.sha256(folder.encode("utf-8")).hexdigest()[:16]


def rekey_agencies(con: Any, batch: int = 50_000) -> list[str]:
    """Recompute the agency_key of the reports loaded under an older IDENTITY_VERSION; the ids of
    those whose key changed (their derived rows and cross-report findings are then out of date)."""
    from xxgk.db import statements as sql

    if sql.scalar(con, "identity.identity_version") == IDENTITY_VERSION:
        return []
    moved: dict[str, list[Any]] = {"report_id": [], "agency_key": []}
    reader = con.cursor()  # streams the reports; ``con`` writes once it has read them all
    try:
        for part in sql.batches(reader, "identity.agencies_to_rekey", batch):
            for r in zip(*(part.column(i).to_pylist() for i in range(part.num_columns))):
                if (key := agency_key(*r[2:8], r[0], r[8])) != r[1]:
                    moved["report_id"].append(r[0])
                    moved["agency_key"].append(key)
    finally:
        reader.close()
    if moved["report_id"]:
        con.register("_keys", pa.table(moved))
        try:
            sql.run(con, "identity.set_agency_keys")
        finally:
            con.unregister("_keys")
    sql.run(con, "identity.stamp_identity", {"version": IDENTITY_VERSION})
    return moved["report_id"]


def text_digest(text: str) -> str:
    """sha256 of a report's text with line ends, a byte-order mark and trailing whitespace
    (of each line and of the whole) made the same: the file re-saved with CRLF, as GB18030 or with
    a BOM has the same digest."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # readers leave no space before a line end: the substring tests spare most texts the stripping
    if any(map(text.__contains__, _SPACE_ENDS)):
        text = "\n".join(line.rstrip(_SPACE_CHARS) for line in text.split("\n"))
    return hashlib.sha256(text.rstrip().encode("utf-8")).hexdigest()


def backfill_text_digests(con: Any, batch: int = 5000) -> None:
    """Fill ``reports.text_sha256`` of reports loaded before the column existed, from their stored text."""
    from xxgk.db import statements as sql

    while True:
        rows = sql.rows(con, "identity.texts_without_digest", {"batch": batch})
        if not rows:
            return
        con.register("_digests", pa.table({"report_id": [r[0] for r in rows], "digest": [text_digest(r[1]) for r in rows]}))
        try:
            sql.run(con, "identity.set_text_digests")
        finally:
            con.unregister("_digests")


def basis_text(basis: str | None, reason: str | None = None) -> str:
    """How the current version was decided, in Chinese: 依发布日期 / 依载入顺序 / 管理员指定：理由."""
    label = BASIS_LABELS.get(basis or "", "")
    return f"{label}：{reason}" if basis == "admin" and reason else label


def versions_summary(versions: pd.DataFrame) -> str:
    """How the current version of a ``report_versions`` frame was decided, in Chinese."""
    current = versions[versions["is_current"]]
    if current.empty:
        return ""
    row = current.iloc[0]
    reason = row["choice_reason"] if isinstance(row["choice_reason"], str) else None
    text = basis_text(row["current_basis"], reason)
    if row["current_basis"] == "admin" and isinstance(row["chosen_by"], str):
        text += f"（{row['chosen_by']}，{row['chosen_at']:%Y-%m-%d %H:%M}）"
    return text


class VersionError(Exception):
    """A decision that cannot be recorded; the message says why."""


def versions(con: Any, report_id: str) -> pd.DataFrame:
    """The versions of the report's agency-year (the metric ``report_versions``)."""
    from xxgk.metrics import run_query

    return run_query(con, "report_versions", {"report": report_id})


def choose(
    report_id: str,
    action: str,
    reason: str,
    chosen_by: str | None = None,
    db_path: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Record an administrator's decision about the versions of ``report_id``'s agency-year and
    publish it: ``make_current`` makes that report the current version, ``automatic`` hands the
    choice back to the rules. Returns the versions as they now stand."""
    from xxgk.db import refresh_facts, refresh_findings, snapshot_session, statements
    from xxgk.load import run_cross_report_rules

    if action not in ACTIONS:
        raise VersionError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    reason = (reason or "").strip()
    if not reason:
        raise VersionError("a reason is required: it is kept with the decision")
    chosen_by = (chosen_by or "").strip() or _user()
    if db_path is not None and not Path(db_path).exists():
        raise VersionError(f"no database at {db_path}")
    with snapshot_session(db_path) as writer:
        con = writer.con
        group = versions(con, report_id)
        if group.empty:
            raise VersionError(f"no report {report_id} in the database")
        choice = {"report_id": report_id, "action": action, "reason": reason, "chosen_by": chosen_by, "chosen_at": datetime.now()}
        statements.run(con, "identity.record_choice", choice)
        ids = group["report_id"].tolist()
        refresh_facts(con, ids)
        run_cross_report_rules(con, ids)
        refresh_findings(con)
        return versions(con, report_id)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
