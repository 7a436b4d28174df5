"""Padded grids: where each column sits, from a table's header lines (``_Grid``).

A TAB or pipe layout pads merged cells with empty ones, so a row's empty cell is a blank cell or
padding only by the column it stands in; the header cells that name the columns (自然人 … 总计;
结果维持 … 总计 once per block; 本年制发件数 …, and the aliases real reports use) tell which.

Memo caches are ``functools`` caches of pure functions of hashable values: a parse writes no
module state.

Layer: parse (the shared base: ``xxgk.codes``, ``xxgk.normalize``; its own ``tokens``, ``row_labels``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from xxgk import codes
from xxgk.normalize import squeeze
from xxgk.parse.row_labels import _MEMO_LENGTH, _SPACES
from xxgk.parse.tokens import EMPTY, RUN, TEXT, UNREAD, VALUE, Token, line_tokens


# Header cells that name a column, besides the column labels of ``xxgk.codes`` (the 2019 template's
# own wording, and shortenings seen in real reports). Compared whole, after spaces and a trailing
# parenthesised remark ("本年收费金额(单位:万元)") are dropped: a row label such as "(七)总计" or
# "3.其他" never names a column.
_HEADER_ALIASES = {
    "active_disclosure": {
        "decisions": ("处理决定数量",),
        "produced": ("本年新制作",),
        "published": ("本年新公开",),
        "total_published": ("对外公开数量",),
        "change": ("本年增减",),
    },
}


_HEADER_LABELS = {
    "active_disclosure": codes.ACTIVE_COLUMN_LABELS,
    "applications": codes.APPLICANT_COLUMN_LABELS,
    "review_litigation": codes.REVIEW_COLUMN_LABELS,
}


_TRAILING_REMARK = re.compile(r"\([^()]*\)?$")  # also one cut short: "本年收费金额(单位:万"


def _header_key(text: str) -> str:
    text = _SPACES.sub("", text)
    if "(" in text:
        text = _TRAILING_REMARK.sub("", text)
    return text.rstrip(":")


@functools.cache
def _header_names(table: str) -> dict[str, str]:
    """Header cell text (as ``_header_key`` makes it) → the column it names, for one table."""
    names: dict[str, str] = {}
    for column, label in _HEADER_LABELS[table].items():
        names[_header_key(squeeze(label))] = column
    for column, aliases in _HEADER_ALIASES.get(table, {}).items():
        for alias in aliases:
            names.setdefault(_header_key(squeeze(alias)), column)
    return names


# One line of a table as the grid sees it: its number of cells (0: no separators, or no content),
# whether it holds a figure (or a cell printed unreadable), and the columns its header cells name
# with their cell indices.
_LineInfo = tuple[int, bool, tuple[tuple[str, int], ...]]


# Where the columns sit in a grid of one width: (column code, its cell indices left to right), in
# the order the header names them (hashable, so that plans can be memoised by it).
_Positions = tuple[tuple[str, tuple[int, ...]], ...]


# A Markdown delimiter row ("|---|:---:|"): part of the header, whatever its dashes tokenise to
# ("-" and "--" are marks).
_DELIMITER_ROW = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+(?:\s*:?-+:?\s*)?")


def _line_info(line: str, table: str) -> _LineInfo:
    if len(line) <= _MEMO_LENGTH:
        return _line_info_memo(line, table)
    return _line_info_of(line, table)


def _line_info_of(line: str, table: str) -> _LineInfo:
    parts = () if "-" in line and _DELIMITER_ROW.fullmatch(line.strip()) else line_tokens(line)
    width = parts[-1][2] + 1 if parts else 0  # the last cell always yields a token (EMPTY if empty)
    names = _header_names(table)
    found = tuple(
        (names[key], col) for kind, part, col in parts if kind == TEXT and col >= 0 and (key := _header_key(part)) in names
    )
    return (width if width > 1 else 0, any(kind in (VALUE, RUN, UNREAD) for kind, _, _ in parts), found)


_line_info_memo = functools.lru_cache(maxsize=100_000)(_line_info_of)


class _Grid:
    """Where each column sits in a padded grid: TAB or pipe lines that are full rows of the table.

    Such a layout pads merged cells with empty ones, so a row's empty cells are only told apart —
    padding, or a blank cell — by the column they stand in. The header lines give the columns:
    the cell of each column header (自然人 … 总计; 结果维持 … 总计 once per block; 本年制发件数 …).
    The header lines above a row (those since the previous line with figures: table 3's two or
    three of them, whichever holds 总计) are merged when they have the same number of cells. A row
    whose line has that number of cells is read at those cells, provided every column of the row
    has its header (as many times as the row has the column: table 4's blocks, left to right),
    the headers stand left to right in the row's column order, each column's cell follows the
    row's label, and every figure of the line sits under a header. Anything else — text from HTML
    (readers emit a merged cell once, so header and rows differ in width), irregular rows such as
    the seed report's eleven-cell ones, one cell per line — is left to the other readings:
    ``tokens`` returns None.
    """

    __slots__ = ("rows",)

    def __init__(self, rows: dict[int, _Positions]):
        self.rows = rows  # line number of a row with figures → the columns of the header in force

    @classmethod
    def of(cls, text: str, lines: list[str], first_line: int, table: str) -> _Grid | None:
        """The grid of a table's text (``lines``: split), or None when no row of it lies under
        column headers."""
        if "\t" not in text and "|" not in text:
            return None
        rows: dict[int, _Positions] = {}
        current: dict[int, _Positions] | None = None  # the header in force: width → positions
        pending: list[_LineInfo] = []  # header lines since the last line with figures
        for number, line in enumerate(lines, first_line):
            info = _line_info(line, table)
            width = info[0]
            if not width:
                continue
            if info[1]:
                if pending:
                    current = _header(tuple(pending))
                    pending = []
                if current is not None:
                    positions = current.get(width)
                    if positions is not None:
                        rows[number] = positions
            elif info[2]:
                pending.append(info)
        return cls(rows) if rows else None

    def tokens(self, values: Sequence[Token], columns: tuple[str, ...]) -> list[Token] | None:
        """The tokens of ``values`` at the header cells of ``columns`` (codes, or ``block.code``),
        when the row is a full line of the grid — the line that begins the row's values, or else
        the one that ends them — holding all its figures; else None."""
        rows = self.rows
        line = values[0][4]  # (tuple indexing: this runs for every row)
        positions = rows.get(line)
        if positions is None:
            line = values[-1][4]
            positions = rows.get(line)
            if positions is None:
                return None
        plan = _plan(positions, columns)
        if plan is None:
            return None
        placed: list[Token | None] = [None] * len(plan)
        at = plan.get
        for t in values:
            if t[4] == line:
                i = at(t[3])
                if i is not None:
                    if t[0] == RUN:
                        return None  # figures run together: not a cell of the grid
                    placed[i] = t
                    continue
            if t[0] != EMPTY:
                return None  # a figure outside the columns, or on another line
        if None in placed:
            return None  # a column's cell lies before the row's values (under its label)
        return placed  # type: ignore[return-value]


@functools.lru_cache(maxsize=10_000)
def _header(lines: tuple[_LineInfo, ...]) -> dict[int, _Positions]:
    """Header lines (as ``_line_info`` gives them) → width → the columns' positions."""
    header: dict[int, dict[str, list[int]]] = {}
    for width, _, found in lines:
        positions = header.setdefault(width, {})
        for column, col in found:
            positions.setdefault(column, []).append(col)
    # a reader may repeat a header spanning two lines on both: the same cell, one column
    return {
        width: tuple((column, tuple(sorted(set(cols)))) for column, cols in positions.items())
        for width, positions in header.items()
    }


@functools.lru_cache(maxsize=10_000)
def _plan(positions: _Positions, columns: tuple[str, ...]) -> dict[int, int] | None:
    """Cell index → index in ``columns``, when the header places every column, in order."""
    by_column = dict(positions)
    wanted: list[int] = []
    used: dict[str, int] = {}
    for column in columns:
        name = column.rpartition(".")[2]
        k = used.get(name, 0)
        cols = by_column.get(name)
        if cols is None or k >= len(cols):
            return None
        used[name] = k + 1
        wanted.append(cols[k])  # table 4: the k-th 结果维持 from the left is the k-th block's
    if any(len(by_column[name]) != k for name, k in used.items()):
        return None  # a header named more often than the row has the column
    if any(b <= a for a, b in zip(wanted, wanted[1:])):
        return None  # the headers are not in the columns' order
    return {col: i for i, col in enumerate(wanted)}
