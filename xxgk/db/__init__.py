"""The DuckDB database: where it lives, its schema, and publishing it as snapshots.

A DuckDB file takes one writer or many readers, never both. The dashboard therefore never opens the
file a load is writing: a load copies the published database to a temporary file beside it, writes
there, and atomically renames it over the published one when (and only when) it has finished.
A reader holding the old file keeps reading the old snapshot; the next connection sees the new one.
A load killed at any point leaves the published snapshot as it was; the next load removes what it
left. Loads take turns: each holds the writer lock (``xxgk.db.lock``) from its copy to its publish.

The figures of a report are stored as lists (``cell_sources``) whose positions the database's own
``cell_catalog`` names: a cell code gets a position the first time a database sees it, at the end,
and keeps it. Changing the templates in code therefore never moves a stored figure.

Layer: db (with ``xxgk.metrics``) — may import the base modules and ``xxgk.rules`` (the rule
catalog and the publication rules' views); never the loader, the pipeline or the dashboard.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import os
import re
import shutil
import threading
from collections.abc import Iterator, Sequence
from glob import escape as glob_escape
from typing import Any
from pathlib import Path

import duckdb
import pyarrow as pa

from xxgk import codes, resources, vocabulary
from xxgk.db import statements as sql
from xxgk.db.lock import DatabaseBusy, Holder, Waiting, writer_lock  # noqa: F401 - used by callers too

# Where the database (and the demo corpus and uploads) go by default: data/ of a checkout, else the
# per-user data folder, never inside an installed package (xxgk.resources).
DATA_DIR = resources.work_dir()


WRITER_MEMORY = "1GB"


def default_db_path() -> Path:
    """``$XXGK_DB`` if set, else ``xxgk.duckdb`` in ``DATA_DIR``."""
    return Path(os.environ.get("XXGK_DB") or DATA_DIR / "xxgk.duckdb")


def figure_columns() -> list[tuple[str, str, str, str]]:
    """(column name, table, row, column) for every stored cell (``codes.stored_cells``: both
    templates and the pre-2019 statistics table), in a fixed order.

    Where a database stores each cell is its own ``cell_catalog`` (:func:`catalog`), not this order:
    a cell here and not yet there is added at the end of the catalog.
    """
    return [(f"{table}__{row}__{column}", table, row, column) for table, row, column in codes.stored_cells()]


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The raw tables, the cell catalog, then the staging views, the marts and the shared fragments
    (the layers of ``xxgk.db.statements``)."""
    sql.run_layers(con, "schema.sql", "schema.sql")
    sql.run(con, "catalog.create_cell_catalog")
    stored = _stored_catalog(con)
    entries = catalog(con)
    sql.insert_rows(con, "cell_catalog", entries[len(stored) :])
    _figures_view(con, entries)
    from xxgk.db.pre2019_cells import move_pre2019_cells

    move_pre2019_cells(con)  # reports an older loader stored otherwise; nothing to do once moved
    _catalog(con, "rule_catalog", "rule VARCHAR, rule_name VARCHAR, rule_order INTEGER", _rules())
    _catalog(con, "severity_catalog", "severity VARCHAR, severity_label VARCHAR, severity_order INTEGER", _severities())
    _catalog(con, "label_catalog", "vocabulary VARCHAR, code VARCHAR, label VARCHAR, label_order INTEGER", _labels())
    sql.run_layers(con)
    from xxgk.db.deadlines import create_publication_views

    create_publication_views(con)  # R12, R13: the deadline table and publication_status


def _rules() -> list[tuple[str, str, int]]:
    return [(rule, name, int(rule[1:])) for rule, name in vocabulary.RULE_NAMES.items()]


def _severities() -> list[tuple[str, str, int]]:
    return [(code, label, order) for order, (code, label) in enumerate(vocabulary.SEVERITY_LABELS.items(), start=1)]


def _labels() -> list[tuple[str, str, str, int]]:
    """``label_catalog``: every word SQL shows for a code (``vocabulary.CATALOG``), joined by
    (vocabulary, code) instead of a CASE that would repeat it."""
    return [
        (name, code, label, order)
        for name, words in vocabulary.CATALOG.items()
        for order, (code, label) in enumerate(words.items(), start=1)
    ]


CatalogEntry = tuple[int, str, str, str, str]  # position, figure, table, row, column


def _stored_catalog(con: duckdb.DuckDBPyConnection) -> list[CatalogEntry]:
    try:
        return sql.rows(con, "catalog.stored_cells")
    except duckdb.CatalogException:  # a database before its schema
        return []


def catalog(con: duckdb.DuckDBPyConnection) -> list[CatalogEntry]:
    """Where each cell of the database's figure lists is: its stored ``cell_catalog``, followed by
    the cells of the templates in code it does not have yet (what :func:`create_schema` appends).

    Positions are never reused or reordered, so a stored figure keeps its cell whatever the code.
    """
    stored = _stored_catalog(con)
    known = {entry[1] for entry in stored}
    position = max((entry[0] for entry in stored), default=0)
    added = [spec for spec in figure_columns() if spec[0] not in known]
    return stored + [(position + i, *spec) for i, spec in enumerate(added, start=1)]


def _figures_view(con: duckdb.DuckDBPyConnection, entries: list[CatalogEntry]) -> None:
    """``figures``: one column per cell of the stored catalog, read out of ``cell_sources.value``.

    The figures are stored once, as the list in ``cell_sources``; a wide table beside it doubled
    the insert work of every load for no gain (``report_facts`` materialises them per load).
    Databases written before this kept a ``figures`` table, whose content is the same list.
    """
    kind = sql.rows(con, "catalog.figures_kind")
    if kind and kind[0][0] == "BASE TABLE":
        sql.run(con, "catalog.drop_figures_table")
    columns = [f"value[{position}] AS {name}" for position, name, *_ in entries]
    sql.run(con, "catalog.figures_view", splices={"columns": columns})


def _catalog(con: duckdb.DuckDBPyConnection, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """A small lookup table written from the Python definitions, so that SQL never repeats them."""
    sql.lookup_table(con, table, columns, rows)


# A load that adds at most this share of the reports already loaded refreshes report_facts for the
# agencies it touches only; a larger one rebuilds it whole (and sorted).
INCREMENTAL_SHARE = 0.05


def refresh_facts(con: duckdb.DuckDBPyConnection, new_ids: Sequence[str] | None = None) -> None:
    """Bring ``report_facts`` up to date: the current version of every report, with its figures.

    Called at the end of a load, inside the snapshot being written, with the ids it added. The
    columns are those of the view ``report_facts_source`` (marts/report_facts.sql). A small load (at most
    ``INCREMENTAL_SHARE`` of the reports, into a database derived by this version) recomputes the
    rows of the agencies it touches, every year of them, and appends them; otherwise the table is
    rebuilt, sorted by place and year so that a place filter reads few row groups.
    ``report_filter_options`` (the places and years the sidebar offers) is rebuilt with it. The
    findings' own table comes after the cross-report rules, which read ``report_facts``: see
    :func:`refresh_findings`.
    """
    if new_ids is not None and _small_load(con, len(new_ids)):
        _refresh_agencies(con, new_ids)
    else:
        _rebuild_facts(con)
    sql.run(con, "derived.filter_options")


def _small_load(con: duckdb.DuckDBPyConnection, added: int) -> bool:
    if not derived_is_current(con):
        return False
    loaded = sql.scalar(con, "derived.reports_count")
    return added <= INCREMENTAL_SHARE * (loaded - added)


def _rebuild_facts(con: duckdb.DuckDBPyConnection) -> None:
    try:
        sql.run(con, "derived.rebuild_facts")
    finally:
        sql.run(con, "derived.drop_facts_build")


def _refresh_agencies(con: duckdb.DuckDBPyConnection, new_ids: Sequence[str]) -> None:
    """Replace the rows of the agencies (version keys) of ``new_ids``, every year of them."""
    con.register("_refresh_ids", pa.table({"report_id": pa.array(list(new_ids), pa.string())}))
    try:
        sql.run(con, "derived.refresh_keys")
    finally:
        con.unregister("_refresh_ids")
    sql.run(con, "derived.refresh_agencies")


def refresh_findings(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``finding_facts``: the findings of the current reports with their reports' place,
    year, agency and kind (view ``finding_facts_source``), sorted like ``report_facts``.

    The last step of a load, after :func:`refresh_facts` and the cross-report rules: the finding
    counts and lists then filter one table instead of joining the findings to every report id
    (about 0.1 s per query at a million reports). Being last, it stamps the database with
    :func:`derived_stamp`.
    """
    sql.run(con, "derived.rebuild_finding_facts")
    sql.run(con, "derived.stamp", {"stamp": derived_stamp(catalog(con))})


# What the derived tables are made by: a change to any of them changes the stamp (see below); the
# SQL is every file of the layers and of xxgk/db/sql (statements.sql_files).
_DERIVING_CODE = ("refresh_facts", "_rebuild_facts", "_refresh_agencies", "refresh_findings", "_figures_view")


@functools.cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in sql.sql_files():
        digest.update(path.read_bytes())
    for name in _DERIVING_CODE:
        digest.update(inspect.getsource(globals()[name]).encode("utf-8"))
    digest.update(repr(vocabulary.CATALOG).encode("utf-8"))  # report_facts holds labels
    return digest.hexdigest()


def derived_stamp(entries: list[CatalogEntry]) -> str:
    """The version of the derived tables this code makes from a database with this cell catalog: a
    hash of the catalog, the SQL files of the layers and statements and the functions that refresh the derived tables.
    Nobody raises it by hand; a database stamped otherwise has its derived tables rebuilt."""
    digest = hashlib.sha256(_code_digest().encode("ascii"))
    digest.update(repr(entries).encode("utf-8"))
    return digest.hexdigest()[:16]


def derived_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database's derived tables are what this code would make of it (read-only)."""
    return derived_version(con) == derived_stamp(catalog(con))


def derived_version(con: duckdb.DuckDBPyConnection) -> str | int | None:
    """The stamp the database's derived tables were built with (None: before stamps; an integer:
    stamped by hand, before :func:`derived_stamp`)."""
    try:
        rows = sql.rows(con, "derived.derived_version")
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Every table a load derives from the raw ones, for a database whose raw tables are complete
    (one written by an older version, or built by hand in a test)."""
    refresh_facts(con)
    refresh_findings(con)


def refresh_derived_if_stale(path: Path | str | None = None, on_wait: Waiting | None = None) -> bool:
    """Rebuild the derived tables of the database at ``path`` and publish it, unless they are
    current once this caller holds the writer lock (another session may have just done it).
    Returns whether it rebuilt them."""
    with snapshot_session(path, on_wait=on_wait) as writer:
        if derived_is_current(writer.con):
            writer.publish = False
            return False
        refresh_derived(writer.con)
    return True


def connect_readonly(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path or default_db_path()), read_only=True)


def connect_snapshot(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the snapshot published at ``path`` right now.

    DuckDB keeps one open database per file path in a process, so reconnecting to the same path
    after a load replaced the file would still read the old snapshot. Each snapshot is therefore
    opened through a hard link named after its inode (a published file is never modified, only
    replaced); links to older snapshots are removed, which Linux allows while they are still open.
    """
    target = Path(path or default_db_path())
    inode = target.stat().st_ino
    link = target.with_name(f".{target.name}.snap-{inode}")
    for old in target.parent.glob(f".{target.name}.snap-*"):
        if old != link:
            with contextlib.suppress(OSError):
                old.unlink()
    try:
        if not link.exists():
            os.link(target, link)
    except OSError:  # a file system without hard links: read the path itself
        return connect_readonly(target)
    return duckdb.connect(str(link), read_only=True)


class SnapshotWriter:
    """The private copy a load writes: its connection, and a way to start over with a fresh one.
    Set ``publish`` to False to leave the published snapshot as it is (nothing to change)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.publish = True
        self.con = self._connect()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        # Bounded memory however large the database: DuckDB spills to disk past the limit.
        return duckdb.connect(str(self.path), config={"memory_limit": WRITER_MEMORY, "preserve_insertion_order": False})

    def checkpoint(self) -> None:
        """Write what is inserted so far to the file (compressed). The work adds up: a checkpoint
        now leaves the next one only what is inserted after it."""
        self.con.execute("CHECKPOINT")

    def reopen(self) -> duckdb.DuckDBPyConnection:
        """Write everything to the file and reconnect, so that the end of a load starts with the
        whole memory limit and every thread."""
        self.checkpoint()
        self.con.close()
        self.con = self._connect()
        return self.con


@contextlib.contextmanager
def snapshot_session(
    path: Path | str | None = None, wait: bool = True, on_wait: Waiting | None = None
) -> Iterator[SnapshotWriter]:
    """A private copy of the database, published atomically on success.

    Holds the writer lock throughout: a second session waits for it (``on_wait`` is told whose load
    it waits for) or, with ``wait=False``, raises :class:`DatabaseBusy`. The published file keeps
    the permissions of the one it replaces; a new one gets 0666 less the umask.
    """
    target = Path(path or default_db_path())
    with writer_lock(target, wait, on_wait), _one_session_per_thread(target):
        _remove_leftovers(target)  # of killed loads: no other load runs while this one holds the lock
        tmp = target.with_name(f".{target.name}.{os.getpid()}.loading")
        try:
            if target.exists():
                shutil.copyfile(target, tmp)  # a new file: 0666 less the umask, not mkstemp's 0600
                shutil.copymode(target, tmp)
            writer = SnapshotWriter(tmp)
            try:
                create_schema(writer.con)
                yield writer
                if writer.publish:
                    writer.con.execute("CHECKPOINT")
            finally:
                writer.con.close()
            if writer.publish:
                os.replace(tmp, target)
        finally:
            _remove_leftovers(target)


_sessions = threading.local()


@contextlib.contextmanager
def _one_session_per_thread(target: Path) -> Iterator[None]:
    """The writer lock lets its thread in again; a session inside a session of the same database
    would start from the same snapshot as the outer one and lose it: refused."""
    active: set[Path] = _sessions.__dict__.setdefault("active", set())
    key = target.resolve()
    if key in active:
        raise RuntimeError(f"{target}: a snapshot session inside another one of the same database")
    active.add(key)
    try:
        yield
    finally:
        active.discard(key)


def _remove_leftovers(target: Path) -> None:
    """Remove every private copy of ``target`` with its WAL and spill folder (call with the writer
    lock held: then none of them belongs to a running load)."""
    # .NAME.<pid>.loading (or mkstemp's .NAME.<8 characters>.loading before the lock), with
    # DuckDB's .wal and .tmp spill folder; never the copies of another database "NAME.something"
    mine = re.compile(rf"\.{re.escape(target.name)}\.(\d+|[a-z0-9_]{{8}})\.loading(\.wal|\.tmp)?")
    for leftover in target.parent.glob(f".{glob_escape(target.name)}.*.loading*"):
        if not mine.fullmatch(leftover.name):
            continue
        with contextlib.suppress(FileNotFoundError):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()


@contextlib.contextmanager
def snapshot_writer(path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a private copy of the database, published atomically on success."""
    with snapshot_session(path) as writer:
        yield writer.con
