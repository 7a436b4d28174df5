"""Load report files into the database: parse in parallel, insert in bulk, publish a snapshot.

``ingest`` is idempotent by content: a file whose sha256 is already loaded is skipped. A file that
cannot be read ends as one line naming it and the reason, and the rest of the batch loads.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from xxgk import codes
from xxgk.db import figure_columns, snapshot_writer
from xxgk.errors import ReportError
from xxgk.model import Report, is_number

_SKIP_NAMES = {".DS_Store", "Thumbs.db"}
_SKIP_SUFFIXES = {".json", ".duckdb", ".wal", ".loading"}


@dataclass
class IngestSummary:
    loaded: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    new_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[str]:
        rate = f", {self.loaded / self.seconds:,.0f} reports/s" if self.seconds > 0 and self.loaded else ""
        head = (
            f"loaded {self.loaded}, skipped as already loaded {self.skipped}, failed {len(self.failed)}"
            f" ({self.seconds:.1f} s{rate})"
        )
        return [head] + [f"failed: {reason}" for _, reason in self.failed]


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Files named, and every file below folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name in _SKIP_NAMES or Path(name).suffix in _SKIP_SUFFIXES:
                        continue
                    yield os.path.join(root, name)
        else:
            yield str(path)


# --- per-report rows ----------------------------------------------------------------------

_FIGURES = figure_columns()
_FIGURE_INDEX = {(table, row, column): i for i, (_, table, row, column) in enumerate(_FIGURES)}


def report_rows(report: Report) -> dict[str, Any]:
    """Everything the database stores for one report, as plain rows (cheap to pickle)."""
    size = len(_FIGURES)
    figures: list[float | None] = [None] * size
    raws: list[str | None] = [None] * size
    lines: list[int | None] = [None] * size
    extra = []
    counts = {"number": 0, "zero": 0, "blank": 0, "mark": 0}
    for table, rows in report.tables.items():
        for row, columns in rows.items():
            for column, cell in columns.items():
                value = cell.value
                if value is None:
                    kind, number = "blank", None
                elif is_number(value):
                    kind, number = "number", float(value)
                    counts["zero"] += value == 0
                else:
                    kind, number = "mark", None
                index = _FIGURE_INDEX.get((table, row, column))
                if index is None:
                    extra.append((report.sha256, table, row, column, number, kind, cell.raw, cell.line))
                    continue
                counts[kind] += 1
                figures[index] = number
                raws[index] = "" if kind == "blank" else (cell.raw or str(value))
                lines[index] = cell.line
    template_cells = codes.expected_cells(report.template or "")
    expected = sum(len(cols) for rows in template_cells.values() for cols in rows.values())
    read = counts["number"] + counts["blank"] + counts["mark"]
    return {
        "report": {
            "report_id": report.sha256,
            "path": report.path,
            "format": report.format,
            "encoding": report.encoding,
            "title": report.title,
            "agency": report.agency,
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
            "cells_number": counts["number"],
            "cells_zero": counts["zero"],
            "cells_blank": counts["blank"],
            "cells_mark": counts["mark"],
            "parsing": json.dumps({t: r.to_json() for t, r in report.parsing.items()}, ensure_ascii=False),
        },
        "text": report.text,
        "figures": figures,
        "sources": (figures, raws, lines),
        "extra_cells": extra,
        "prose": [
            (report.sha256, code, float(fact.value), fact.sentence, getattr(fact, "start", None))
            for code, fact in report.prose.items()
        ],
        "findings": [(report.sha256, f.rule, f.severity, f.message, list(f.cells)) for f in report.findings],
        "warnings": [(report.sha256, w) for w in report.warnings],
    }


_KNOWN: frozenset[str] = frozenset()


def _init_worker(known: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = known


def _work(path: str) -> tuple[str, str, Any]:
    """Parse one file in a worker: ("ok", sha, rows) | ("skip", sha, None) | ("fail", path, reason)."""
    from xxgk.parse import parse_document
    from xxgk.readers import read_document

    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
            digest = hashlib.sha256(head)
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        sha = digest.hexdigest()
        if sha in _KNOWN:
            return "skip", sha, None
        doc = read_document(path)
        report = parse_document(doc, sha256=sha)
        report.synthetic = _is_synthetic(path, doc.text)
        return "ok", sha, report_rows(report)
    except ReportError as exc:
        return "fail", path, str(exc)
    except (OSError, UnicodeError) as exc:
        return "fail", path, f"{path}: cannot be read ({exc.__class__.__name__}: {exc})"
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        return "fail", path, f"{path}: parser failed ({exc.__class__.__name__}: {exc}); please report this file"


SYNTHETIC_MARK = "【演示数据】"


def _is_synthetic(path: str, text: str) -> bool:
    """Demo reports carry a visible mark in their first line (see ``xxgk.demo``)."""
    return SYNTHETIC_MARK in text[:200]


class _Batch:
    def __init__(self) -> None:
        self.reports: list[dict[str, Any]] = []
        self.texts: list[tuple[str, str]] = []
        self.sources: list[tuple[Any, ...]] = []
        self.extra_cells: list[tuple[Any, ...]] = []
        self.figures: list[list[float | None]] = []
        self.prose: list[tuple[Any, ...]] = []
        self.findings: list[tuple[Any, ...]] = []
        self.warnings: list[tuple[Any, ...]] = []

    def add(self, rows: dict[str, Any], seq: int, now: datetime) -> None:
        report = rows["report"]
        report["loaded_at"] = now
        report["load_seq"] = seq
        self.reports.append(report)
        self.texts.append((report["report_id"], rows["text"]))
        self.sources.append((report["report_id"], *rows["sources"]))
        self.extra_cells.extend(rows["extra_cells"])
        self.figures.append([report["report_id"], *rows["figures"]])
        self.prose.extend(rows["prose"])
        self.findings.extend(rows["findings"])
        self.warnings.extend(rows["warnings"])

    def __len__(self) -> int:
        return len(self.reports)

    def flush(self, con: Any) -> None:
        if not self.reports:
            return
        _insert(con, "reports", pa.Table.from_pylist(self.reports))
        _insert_rows(con, "report_texts", ["report_id", "text"], self.texts)
        _insert_rows(con, "cell_sources", ["report_id", "value", "raw", "line"], self.sources)
        _insert_rows(
            con,
            "extra_cells",
            ["report_id", "table_name", "row_code", "column_code", "value", "kind", "raw", "line"],
            self.extra_cells,
        )
        _insert_rows(con, "figures", ["report_id"] + [name for name, *_ in _FIGURES], self.figures)
        _insert_rows(con, "prose_facts", ["report_id", "code", "value", "sentence", "start"], self.prose)
        _insert_rows(con, "findings", ["report_id", "rule", "severity", "message", "cells"], self.findings)
        _insert_rows(con, "parse_warnings", ["report_id", "message"], self.warnings)
        self.__init__()  # type: ignore[misc]


def _insert(con: Any, table: str, data: pa.Table) -> None:
    con.register("_batch", data)
    try:
        names = ", ".join(data.column_names)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _batch")
    finally:
        con.unregister("_batch")


def _insert_rows(con: Any, table: str, names: list[str], rows: list[Any]) -> None:
    if not rows:
        return
    columns = list(zip(*rows))
    data = pa.table({name: pa.array(list(col)) if any(v is not None for v in col) else pa.nulls(len(col)) for name, col in zip(names, columns)})
    _insert(con, table, data)


Progress = Callable[[int, int, float], None]


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db_path: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> IngestSummary:
    """Load files and folders into the database and publish the new snapshot.

    ``progress(done, total, seconds)`` is called as files are processed.
    """
    files = list(expand_paths(paths))
    summary = IngestSummary()
    started = time.perf_counter()
    with snapshot_writer(db_path) as con:
        known = frozenset(r[0] for r in con.execute("SELECT report_id FROM reports").fetchall())
        seq = con.execute("SELECT coalesce(max(load_seq), 0) FROM reports").fetchall()[0][0]
        now = datetime.now()
        batch = _Batch()
        seen: set[str] = set(known)
        for done, (status, key, payload) in enumerate(_parse_all(files, known, workers), start=1):
            if status == "fail":
                summary.failed.append((key, payload))
                con.execute("INSERT INTO load_errors VALUES (?, ?, ?)", [key, payload, now])
            elif status == "skip" or key in seen:
                summary.skipped += 1
            else:
                seen.add(key)
                seq += 1
                batch.add(payload, seq, now)
                summary.loaded += 1
                summary.new_ids.append(key)
                if len(batch) >= batch_size:
                    batch.flush(con)
            if progress and (done % 200 == 0 or done == len(files)):
                progress(done, len(files), time.perf_counter() - started)
        batch.flush(con)
        _run_cross_report_rules(con, summary.new_ids)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_cross_report_rules(con: Any, new_ids: list[str]) -> None:
    if not new_ids:
        return
    try:
        from xxgk.rules.cross import run_cross_report_rules
    except ImportError:
        return
    run_cross_report_rules(con, new_ids)


def _parse_all(files: list[str], known: frozenset[str], workers: int | None) -> Iterator[tuple[str, str, Any]]:
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(files) < 50:
        _init_worker(known)
        yield from map(_work, files)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(known,)) as pool:
        yield from pool.imap(_work, files, chunksize=64)
