"""Load report files into the database: parse in parallel, insert in bulk, publish a snapshot.

``ingest`` is idempotent by content: a file whose sha256 is already loaded is skipped, and so is a
file whose text is that of a loaded report in other bytes (line ends, encoding, BOM, trailing
spaces: ``xxgk.versions.text_digest``). A file that cannot be read ends as one line naming it and
the reason, and the rest of the batch loads.

Layer: load (with ``xxgk.versions``) — may import the pipeline and its stages, ``xxgk.db``,
``xxgk.collect`` and the base modules; never the dashboard or the command line.

Long: the worker side (a file to rows and Arrow tables) and the writer side (inserting them,
the end of a load, publishing) share one row layout (``_COLUMNS``, ``_REPORT_COLUMNS``) that
splitting the file would spread over two.
"""

from __future__ import annotations

import collections
import functools
import gc
import hashlib
import importlib
import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from xxgk import codes
from xxgk.db import CatalogEntry, Waiting, catalog, derived_is_current, refresh_facts, refresh_findings, snapshot_session
from xxgk.db import statements as sql
from xxgk.db.findings import replace_findings
from xxgk.errors import ReportError
from xxgk.model import Report, is_number
from xxgk.versions import backfill_text_digests, rekey_agencies, report_agency_key, text_digest
from xxgk.parse import load_problems
from xxgk.pipeline import process_document
from xxgk.readers import MAX_FILE_BYTES, read_document
from xxgk.rules.cross import cross_report_findings
from xxgk.rules.similarity import report_fingerprint
from xxgk.rules.publication import deadlines_changed, run_publication_rules
from xxgk.collect.meta import apply_manifest_metadata, manifest_files

_SKIP_NAMES = {".DS_Store", "Thumbs.db"}
_SKIP_SUFFIXES = {".json", ".jsonl", ".duckdb", ".wal", ".loading"}


@dataclass
class IngestSummary:
    loaded: int = 0
    skipped: int = 0
    same_text: int = 0  # of the skipped: files with the text of a loaded report in other bytes
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    new_ids: list[str] = field(default_factory=list)
    failed_zh: dict[str, str] = field(default_factory=dict)  # path → reason in Chinese, where known
    problems: list[tuple[str, list[str]]] = field(default_factory=list)  # (path, what it lacks): loaded

    @property
    def ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[str]:
        rate = f", {self.loaded / self.seconds:,.0f} reports/s" if self.seconds > 0 and self.loaded else ""
        head = (
            f"loaded {self.loaded}, skipped as already loaded {self.skipped}"
            + (f" ({self.same_text} with the same text as a loaded report in other bytes)" if self.same_text else "")
            + f", failed {len(self.failed)}"
            f" ({self.seconds:.1f} s{rate})"
        )
        return (
            [head]
            + [f"failed: {reason}" for _, reason in self.failed]
            + [f"loaded with problems: {path}: {'; '.join(problems)}" for path, problems in self.problems]
        )


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Files named, and every file below folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name in _SKIP_NAMES or os.path.splitext(name)[1] in _SKIP_SUFFIXES:
                        continue
                    yield os.path.join(root, name)
        else:
            yield str(path)


# --- per-report rows ----------------------------------------------------------------------

Layout = tuple[int, dict[tuple[str, str], dict[str, int]]]


def catalog_layout(entries: list[CatalogEntry]) -> Layout:
    """Where each cell goes in the stored lists, from the catalog of the database being written
    (``xxgk.db.catalog``): (list length, (table, row) → column → index). By row, so that the cell
    loop of :func:`report_rows` looks up a column name instead of building a key for each cell."""
    index: dict[tuple[str, str], dict[str, int]] = {}
    for position, _, table, row, column in entries:
        index.setdefault((table, row), {})[column] = position - 1
    return max((entry[0] for entry in entries), default=0), index


_NO_INDEX: dict[str, int] = {}


@functools.cache
def _cells_expected(template: str) -> int:
    return sum(len(cols) for rows in codes.expected_cells(template).values() for cols in rows.values())


def report_rows(report: Report, text_sha256: str | None = None) -> dict[str, Any]:
    """Everything the database stores for one report, as plain rows (cheap to pickle); its figures
    at the positions of the catalog of the database ingest writes into (``_init_worker``)."""
    size, row_index = _WORKER.layout
    figures: list[float | None] = [None] * size
    raws: list[str | None] = [None] * size
    lines: list[int | None] = [None] * size
    extra = []
    numbers = zeros = blanks = marks = 0  # zeros: of every cell, those outside the catalog too
    for table, rows in report.tables.items():
        for row, columns in rows.items():
            index_of = row_index.get((table, row), _NO_INDEX)
            for column, cell in columns.items():
                value = cell.value
                index = index_of.get(column)
                if value is None:
                    if index is None:
                        extra.append((report.sha256, table, row, column, None, "blank", cell.raw, cell.line))
                        continue
                    blanks += 1
                    raws[index] = ""
                elif type(value) is int or type(value) is float:  # noqa: E721 - hot loop; bool is not a figure
                    zeros += value == 0
                    if index is None:
                        extra.append((report.sha256, table, row, column, float(value), "number", cell.raw, cell.line))
                        continue
                    numbers += 1
                    figures[index] = float(value)
                    raws[index] = cell.raw or str(value)
                else:
                    if index is None:
                        extra.append((report.sha256, table, row, column, None, "mark", cell.raw, cell.line))
                        continue
                    marks += 1
                    raws[index] = cell.raw or str(value)
                lines[index] = cell.line
    expected = _cells_expected(report.template or "")
    if not expected and codes.PRE2019_TABLE in report.parsing:
        # a pre-2019 statistics table has no fixed rows: the cells it is expected to have are its own
        expected = report.parsing[codes.PRE2019_TABLE].cells_expected
    read = numbers + blanks + marks
    return {
        "report": {
            "report_id": report.sha256,
            "path": report.path,
            "format": report.format,
            "encoding": report.encoding,
            "title": report.title,
            "agency": report.agency,
            "agency_key": report_agency_key(report),
            "year": report.year,
            "template": report.template,
            "province": report.province,
            "city": report.city,
            "district": report.district,
            "region_code": report.region_code,
            "agency_kind": report.agency_kind,
            "synthetic": report.synthetic,
            "cells_expected": expected,
            "cells_read": read,
            "cells_number": numbers,
            "cells_zero": zeros,
            "cells_blank": blanks,
            "cells_mark": marks,
            "parsing": json.dumps({t: r.to_json() for t, r in report.parsing.items()}, ensure_ascii=False),
            "text_sha256": text_sha256 or text_digest(report.text),
            "published_at": report.published_at,
            "producer": report.producer,
        },
        "text": report.text,
        "sources": (figures, raws, lines),
        "extra_cells": extra,
        "prose": [
            (report.sha256, code, float(fact.value), fact.sentence, getattr(fact, "start", None))
            for code, fact in report.prose.items()
        ],
        "findings": [(report.sha256, f.rule, f.severity, f.message, list(f.cells)) for f in report.findings],
        "fingerprint": report_fingerprint(report),
        "warnings": [(report.sha256, w) for w in report.warnings],
    }


# What a parse worker knows of the database being written (set by ingest through _init_worker):
# the ids loaded already and the catalog layout. Per thread, so that two loads into two databases
# in one process (a dashboard's threads) never mix their layouts; a forked worker has one thread.
_WORKER = threading.local()


def _init_worker(known: frozenset[str], layout: Layout) -> None:
    _WORKER.known, _WORKER.layout = known, layout


# A forked parse worker's cyclic garbage collector: what the worker inherits from the loading
# process is frozen out of its collections, and a collection runs after 20,000 net allocations
# instead of 700 (a parse makes many short-lived objects and few cycles): ~6 % less CPU a report.
_WORKER_GC_THRESHOLD = 20_000


def _init_forked_worker(known: frozenset[str], layout: Layout) -> None:
    gc.freeze()
    gc.set_threshold(_WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    _init_worker(known, layout)


def _text_key(digest: str) -> bytes:
    """How a text digest is kept in the sets of known reports (16 bytes: a million stay small)."""
    return bytes.fromhex(digest[:32])


def _work(path: str) -> tuple[str, str, Any]:
    """Parse one file: ("ok", sha, rows) | ("skip", sha, None | "same_text") | ("fail", path, (reason,
    reason in Chinese or None)). The rows of a report carry ``problems``, what it lacks (``load_problems``)."""
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES:
                read_document(path)  # raises the reader's own message about the size
            data = fh.read()
        sha = hashlib.sha256(data).hexdigest()
        if sha in _WORKER.known:
            return "skip", sha, None
        doc = read_document(path, data)
        digest = text_digest(doc.text)
        if _text_key(digest) in _WORKER.known:
            return "skip", sha, "same_text"
        report = process_document(doc, sha256=sha)
        report.synthetic = _is_synthetic(path, doc.text)
        rows = report_rows(report, digest)
        rows["problems"] = load_problems(report)
        return "ok", sha, rows
    except ReportError as exc:
        return "fail", path, (str(exc), exc.reason_zh)
    except (OSError, UnicodeError) as exc:
        return "fail", path, (f"{path}: cannot be read ({exc.__class__.__name__}: {exc})", None)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        return "fail", path, (f"{path}: parser failed ({exc.__class__.__name__}: {exc}); please report this file", None)


SYNTHETIC_MARK = "【演示数据】"


def _is_synthetic(path: str, text: str) -> bool:
    """Demo reports carry a visible mark in their first line (see ``xxgk_demo``)."""
    return SYNTHETIC_MARK in text[:200]


_COLUMNS = {
    "report_texts": ["report_id", "text"],
    "cell_sources": ["report_id", "value", "raw", "line"],
    "extra_cells": ["report_id", "table_name", "row_code", "column_code", "value", "kind", "raw", "line"],
    "prose_facts": ["report_id", "code", "value", "sentence", "start"],
    "findings": ["report_id", "rule", "severity", "message", "cells"],
    "parse_warnings": ["report_id", "message"],
}


@dataclass
class _Chunk:
    """What a worker returns for a list of files: Arrow tables ready to insert, and the rest."""

    tables: dict[str, pa.Table]
    ids: list[str]
    skipped: int
    failed: list[tuple[str, str, str | None]]  # (path, reason, reason in Chinese or None)
    problems: list[tuple[str, str, list[str]]]  # (report id, path, what it lacks) of reports that load
    same_text: int = 0


def _to_arrow(rows: list[tuple[Any, ...]] | list[list[Any]], names: list[str]) -> pa.Table | None:
    if not rows:
        return None
    columns = list(zip(*rows))
    return pa.table(
        {
            name: pa.array(list(col)) if any(v is not None for v in col) else pa.nulls(len(col))
            for name, col in zip(names, columns)
        }
    )


def _work_chunk(paths: list[str]) -> _Chunk:
    """Parse a list of files and turn their rows into Arrow tables (in the worker, in parallel)."""
    reports: list[dict[str, Any]] = []
    rows: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    ids: list[str] = []
    prints: list[Any] = []
    skipped = same_text = 0
    failed: list[tuple[str, str, str | None]] = []
    problems: list[tuple[str, str, list[str]]] = []
    for path in paths:
        status, key, payload = _work(path)
        if status == "fail":
            failed.append((key, *payload))
            continue
        if status == "skip":
            skipped += 1
            same_text += payload == "same_text"
            continue
        report = payload["report"]
        report["position"] = len(reports)
        reports.append(report)
        ids.append(key)
        rows["report_texts"].append((key, payload["text"]))
        rows["cell_sources"].append((key, *payload["sources"]))
        rows["extra_cells"].extend(payload["extra_cells"])
        rows["prose_facts"].extend(payload["prose"])
        rows["findings"].extend(payload["findings"])
        rows["parse_warnings"].extend(payload["warnings"])
        prints.append(payload["fingerprint"])
        if payload["problems"]:
            problems.append((key, path, payload["problems"]))
    tables: dict[str, pa.Table] = {}
    if reports:
        # column by column: ``Table.from_pylist`` took 37 µs a report (2 % of a worker's CPU), this 4
        tables["reports"] = pa.table({name: pa.array([r[name] for r in reports]) for name in reports[0]})
        for name, names in _COLUMNS.items():
            if name == "cell_sources":
                continue
            table = _to_arrow(rows[name], names)
            if table is not None:
                tables[name] = table
        tables["cell_sources"] = _sources_table(rows["cell_sources"])
        tables["r11_pending"] = _prints_table(ids, prints)
    return _Chunk(tables, ids, skipped, failed, problems, same_text)


def _lists(rows: list[list[Any]], type_: pa.DataType) -> pa.Array:
    """A list column built from one flat array and offsets (pa.array on nested lists is slow)."""
    offsets = [0]
    flat: list[Any] = []
    for row in rows:
        flat.extend(row)
        offsets.append(len(flat))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(flat, type_))


def _sources_table(rows: list[tuple[Any, ...]]) -> pa.Table:
    ids, values, raws, lines = zip(*rows)
    return pa.table(
        {
            "report_id": pa.array(ids, pa.string()),
            "value": _lists(values, pa.float64()),
            "raw": _lists(raws, pa.string()),
            "line": _lists(lines, pa.int32()),
        }
    )


def _prints_table(ids: list[str], prints: list[Any]) -> pa.Table:
    import numpy as np

    offsets = np.zeros(len(prints) + 1, dtype=np.int32)
    offsets[1:] = np.cumsum([len(p) for p in prints])
    flat = np.concatenate([*prints, np.empty(0, np.uint64)]).astype(np.uint64)
    return pa.table(
        {"report_id": pa.array(ids, pa.string()), "h": pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat))}
    )


def _insert(con: Any, table: str, data: pa.Table, select: str | None = None) -> None:
    sql.insert_arrow(con, table, data, select, None if select is None else _REPORT_COLUMNS)


_REPORT_COLUMNS = (
    "report_id, path, format, encoding, title, agency, agency_key, year, template, province, city, district, region_code, "
    "agency_kind, synthetic, cells_expected, cells_read, cells_number, cells_zero, cells_blank, cells_mark, "
    "parsing, text_sha256, published_at, producer, loaded_at, load_seq"
)


class _Pending:
    """Arrow tables from the workers, concatenated and inserted a few thousand reports at a time."""

    def __init__(self) -> None:
        self.tables: dict[str, list[pa.Table]] = {}
        self.reports = 0

    def add(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            self.tables.setdefault(name, []).append(table)
        self.reports += tables["reports"].num_rows if "reports" in tables else 0

    def flush(self, con: Any, first_seq: int, loaded_at: datetime) -> int:
        """Insert everything pending; reports get load_seq from ``first_seq`` on. Returns the next."""
        if not self.tables:
            return first_seq
        parts = self.tables.pop("reports", [])
        if parts:  # in one statement (a statement costs milliseconds, a chunk's rows far less)
            reports = pa.concat_tables(_numbered_on(parts), promote_options="permissive")
            select = _REPORT_COLUMNS.replace(
                "loaded_at, load_seq", f"TIMESTAMP '{loaded_at.isoformat(sep=' ')}', {first_seq} + position"
            )
            _insert(con, "reports", reports, select=select)
            first_seq += reports.num_rows
        for name, group in self.tables.items():
            _insert(con, name, pa.concat_tables(group, promote_options="permissive"))
        self.tables, self.reports = {}, 0
        return first_seq


def _numbered_on(parts: list[pa.Table]) -> list[pa.Table]:
    """Chunks' reports with their positions (0, 1, … in each chunk) counting on from chunk to chunk."""
    numbered, start = [], 0
    for part in parts:
        positions = pa.array(range(start, start + part.num_rows), pa.int64())
        numbered.append(part.set_column(part.column_names.index("position"), "position", positions))
        start += part.num_rows
    return numbered


def _drop_ids(tables: dict[str, pa.Table], drop: set[str]) -> dict[str, pa.Table]:
    """Remove reports already loaded earlier in this run (the same file twice in one batch)."""
    import pyarrow.compute as pc

    mask_value = pa.array(sorted(drop))
    kept = {name: table.filter(pc.invert(pc.is_in(table["report_id"], value_set=mask_value))) for name, table in tables.items()}
    if "reports" in kept:  # positions must stay distinct within the chunk
        reports = kept["reports"]
        kept["reports"] = reports.set_column(
            reports.column_names.index("position"), "position", pa.array(range(reports.num_rows), pa.int64())
        )
    return kept


Progress = Callable[[int, int, float], None]
# The steps after the files are read, each announced as it starts (at a million reports the end of
# a load takes minutes, with every file counted already).
STAGES = {
    "facts": "report_facts: current versions and figures",
    "cross_rules": "cross-report rules R7, R8, R11",
    "findings": "finding_facts",
    "publish": "writing and publishing the snapshot",
}
Stage = Callable[[str], None]


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db_path: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    batch_size: int = 5000,
    progress: Progress | None = None,
    stage: Stage | None = None,
    wait: bool = True,
    on_wait: Waiting | None = None,
) -> IngestSummary:
    """Load files and folders into the database and publish the new snapshot.

    ``progress(done, total, seconds)`` is called as files are processed, then ``stage(name)`` as
    each step of the end of the load starts (a key of ``STAGES``). While another load writes the
    database this one waits, telling ``on_wait`` whose load it is, or with ``wait=False`` raises
    ``xxgk.db.DatabaseBusy``.
    """
    files, collected = manifest_files(list(expand_paths(paths)))  # a collector's folder: its reports, once each
    summary = IngestSummary()
    started = time.perf_counter()
    importing = _import_pandas_aside(len(files), workers)
    with snapshot_session(db_path, wait, on_wait) as writer:
        con = writer.con
        layout = catalog_layout(catalog(con))
        backfill_text_digests(con)
        rekeyed = rekey_agencies(con)  # reports loaded when agency identity was decided otherwise
        known = frozenset(r[0] for r in sql.rows(con, "load.known_ids")) | frozenset(
            _text_key(r[0]) for r in sql.rows(con, "load.known_texts")
        )
        seq = sql.scalar(con, "load.next_load_seq")
        now = datetime.now()
        pending = _Pending()
        seen: set[str] = set(known)
        # While the workers parse, inserting on one thread leaves the cores to them.
        con.execute("SET threads = 1")
        # DuckDB checkpoints each time its log passes 16 MB by default; a load then compresses and
        # writes its tables several times over. Fewer, larger checkpoints cost the main process
        # ~0.035 ms less a report (10,000 demo reports: 2.4 → 2.1 s of CPU; peak 383 → 459 MB).
        con.execute(f"SET checkpoint_threshold = '{LOAD_CHECKPOINT_THRESHOLD}'")
        if importing is not None:
            importing.join()  # the workers are forked from a process with one thread
        done = 0
        tail_flushed = False
        for chunk, size, submitted_all in _parse_all(files, known, layout, workers):
            done += size
            summary.skipped += chunk.skipped
            summary.same_text += chunk.same_text
            for path, reason, reason_zh in chunk.failed:
                summary.failed.append((path, reason))
                if reason_zh:
                    summary.failed_zh[path] = reason_zh
                sql.run(con, "load.record_load_error", {"path": path, "reason": reason, "at": now})
            repeated = _repeated(chunk, seen, summary)
            tables = _drop_ids(chunk.tables, repeated) if repeated else chunk.tables
            summary.skipped += len(repeated)
            fresh = [i for i in chunk.ids if i not in repeated]
            if chunk.problems:
                new = set(fresh)
                summary.problems.extend((path, lacks) for sha, path, lacks in chunk.problems if sha in new)
            summary.loaded += len(fresh)
            summary.new_ids.extend(fresh)
            if fresh:
                pending.add(tables)
            # Once every file is with the workers, what is pending goes in while they parse the last
            # chunks: the insert after the last chunk then holds only those, not up to a whole batch.
            if pending.reports >= batch_size or (submitted_all and not tail_flushed):
                seq = pending.flush(con, seq, now)
                if submitted_all and not tail_flushed:
                    # and is compressed into the file while they parse (~0.035 ms a report): the
                    # checkpoint at the end, when nothing runs beside it, then holds only the last chunks
                    writer.checkpoint()
                tail_flushed = submitted_all
            if progress:
                progress(done, len(files), time.perf_counter() - started)
        pending.flush(con, seq, now)
        apply_manifest_metadata(con, collected)
        # The end of a load peaks highest in memory (DuckDB up to its limit): the file list and the
        # ids seen (~300 MB at a million reports) are not needed there.
        del files, seen, known
        con = writer.reopen()  # the end starts with the whole memory limit (and every thread)
        announce = stage or (lambda name: None)
        # derived by another version (an upgrade): rebuilt whole even when nothing new came
        if summary.new_ids or rekeyed or not derived_is_current(con):
            announce("facts")
            refresh_facts(con, None if rekeyed else summary.new_ids)  # a new key: rebuilt whole
            announce("cross_rules")
            run_cross_report_rules(con, summary.new_ids + rekeyed)
            run_publication_rules(con)
            announce("findings")
            refresh_findings(con)
        elif collected or deadlines_changed(con):  # dates for reports loaded before, or an edited deadline table
            announce("findings")
            run_publication_rules(con)
            refresh_findings(con)
        announce("publish")
    summary.seconds = time.perf_counter() - started
    return summary


def _repeated(chunk: _Chunk, seen: set[Any], summary: IngestSummary) -> set[str]:
    """The ids of a chunk loaded earlier in this run, by their bytes or their text (counted in
    ``summary.same_text``); the others join ``seen``."""
    digests = chunk.tables["reports"].column("text_sha256").to_pylist() if chunk.ids else []
    repeated: set[str] = set()
    for report_id, digest in zip(chunk.ids, digests):
        text = _text_key(digest)
        if report_id in seen:
            repeated.add(report_id)
        elif text in seen:
            repeated.add(report_id)
            summary.same_text += 1
        else:
            seen.update((report_id, text))
    return repeated


def run_cross_report_rules(con: Any, new_ids: list[str]) -> None:
    """R7, R8 and R11 for ``new_ids`` and the reports they affect: the rules return their findings
    (``xxgk.rules.cross``), which replace the old ones in ``findings``."""
    replace_findings(con, cross_report_findings(con, new_ids))


LOAD_CHECKPOINT_THRESHOLD = "256MB"  # while a load inserts (see ingest)
_MIN_FORKED = 50  # fewer files than this are parsed in the loading process itself


def _chunks(files: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def _import_pandas_aside(files: int, workers: int | None) -> threading.Thread | None:
    """Import pandas on a thread of its own while the database is opened and its schema made
    (DuckDB works without Python's lock), when the load will fork parse workers that use it
    (``_parse_all``): the import then costs the load no time of its own."""
    if workers == 1 or files < _MIN_FORKED or "pandas" in sys.modules or not _may_fork():
        return None
    thread = threading.Thread(target=importlib.import_module, args=("pandas",), name="xxgk-import-pandas")
    thread.start()
    return thread


def _may_fork() -> bool:
    """Whether parse workers may be forked from this process: only while it runs one thread.
    Forking a threaded process (the dashboard's server loading a first build or an upload) copies
    locks other threads hold, and a child can wait on one forever; such a load parses in-process."""
    return sys.platform != "win32" and threading.active_count() == 1


def _parse_all(
    files: list[str], known: frozenset[str], layout: Layout, workers: int | None
) -> Iterator[tuple[_Chunk, int, bool]]:
    """Chunks of parsed files, in order, with the number of files each covers and whether every
    file has been handed to the workers by then (the chunks still to come are being parsed)."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    size = 100 if len(files) > 400 else 25
    if workers <= 1 or len(files) < _MIN_FORKED or not _may_fork():
        _init_worker(known, layout)
        parts = list(_chunks(files, size))
        for number, part in enumerate(parts, start=1):
            yield _work_chunk(part), len(part), number == len(parts)
        return
    # pyarrow imports pandas on first use (~0.2 s of CPU), here as in every worker: imported before
    # the fork, the workers have it from this process instead of each importing it again
    import pandas  # noqa: F401

    # concurrent.futures' pool, not multiprocessing.Pool: the latter's worker-handler thread also
    # waits on the result pipe and spins while a chunk's result is read (~0.05 ms of CPU a report)
    pool = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), _init_forked_worker, (known, layout))
    try:
        # A bounded window of chunks in flight (submitting every chunk at once would queue every
        # result the main process has not taken yet: a long checkpoint there would let memory grow with N).
        window: collections.deque[tuple[Any, int]] = collections.deque()
        for part in _chunks(files, size):
            window.append((pool.submit(_work_chunk, part), len(part)))
            if len(window) > 4 * workers:
                result, count = window.popleft()
                yield result.result(), count, False
        while window:
            result, count = window.popleft()
            yield result.result(), count, True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
