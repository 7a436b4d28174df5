"""A table's reading from its text alone, given again where the same text recurs.

The same table text recurs across a batch of reports (a table of zeros most of all; in the demo
mix two tables 3 in three and nearly every table 4 were read before). Its reading depends on the
text alone — save the line it starts on, and the prose beside it, which a reader asks only where
a run of digits has several splits. So a table reader keeps the reading of a text it read without
asking the prose and without a warning (``read_alone``, in a ``functools`` cache of the text: a
parse writes no module state of its own) and gives it again at the new report's lines
(``Alone.at``): fresh cells, the same values, raw text and lines.

Layer: parse (the shared base: ``xxgk.model``; its own ``split_evidence``, ``table_regions``,
``row_reader``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

from xxgk.model import Cell, TableReport
from xxgk.parse.row_reader import TableResult
from xxgk.parse.split_evidence import SplitContext
from xxgk.parse.table_regions import Region

# Longer texts are read each time, not kept.
MEMO_BODY = 8_000  # characters (a table 3 of TAB lines has ~1,500)
MEMO_TABLES = 1024  # table texts kept per reader: ≤ ~50 MB at the longest, ~2 MB for the demo mix


_MEMOS: list[Any] = []  # every reader's cache, for ``forget``


def memo(read: Callable[..., Alone | None]) -> Callable[..., Alone | None]:
    """A reader's cache of readings by text (``MEMO_TABLES`` of them), known to ``forget``."""
    cached = functools.lru_cache(maxsize=MEMO_TABLES)(read)
    _MEMOS.append(cached)
    return cached


def forget() -> None:
    """Empty every reader's cache: the next table of each text is read again (a benchmark timing
    the same report repeatedly measures the reading, not the memo)."""
    for cached in _MEMOS:
        cached.cache_clear()


def memo_body(text: str, region: Region) -> bool:
    """Whether the reading of ``region`` may be the reading of its text alone: a table the text
    goes on after (never cut short), of a length kept."""
    return region.end - region.start <= MEMO_BODY and region.end < len(text.rstrip())


_Row = tuple[tuple[str, Any, str, "int | None"], ...]  # (column, value, raw, line) of each cell


class Alone(NamedTuple):
    """A table as read from its text alone, its lines counted from the table's first line (1).
    Its cells are kept as plain tuples: ``at`` makes fresh ones."""

    rows: tuple[tuple[str, _Row], ...]  # (row code, its cells)
    layout: str | None
    last_line: int | None
    short_runs: int

    def at(self, first_line: int) -> TableResult:
        """The reading as a fresh result, for a table whose first line is ``first_line``."""
        shift = first_line - 1
        report = TableReport(found=True, first_line=first_line, layout=self.layout,
                             last_line=None if self.last_line is None else self.last_line + shift)
        cells = {
            code: {col: Cell(value, raw, None if line is None else line + shift) for col, value, raw, line in row}
            for code, row in self.rows
        }
        return TableResult(cells=cells, report=report, short_runs=self.short_runs)


def read_alone(table: str, body: str, read: Callable[[str, Region, SplitContext], TableResult]) -> Alone | None:
    """The reading of a table's text ``body`` that depends on nothing else, or None.

    ``read(text, region, context)`` reads the table; here it reads ``body`` as a table starting on
    line 1 of a text that goes on after it (so never cut short), with no prose beside it. The
    reading holds for any report printing this text where it gave no warning and never asked the
    prose (a reader asks for evidence only where a run of digits has several splits, which ends in
    a warning either way); else None, and each report's table is read with its own prose.
    """
    context = SplitContext()
    result = read(body + "\n.", Region(table, 0, len(body)), context)
    if result.warnings or context.asked:
        return None
    rows = tuple(
        (code, tuple((col, c.value, c.raw, c.line) for col, c in row.items())) for code, row in result.cells.items()
    )
    return Alone(rows, result.report.layout, result.report.last_line, result.short_runs)
