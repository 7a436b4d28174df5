"""Tables 2 and 3 of a 2019 or 2021 report (主动公开, 收到和处理申请): rows found by label, each taking
the figures after it.

A row's spec (``RowSpec``: its columns, its sum, the words naming it in the prose) comes from the
template (``xxgk.codes``); ``row_reader`` turns its figures into cells; then the evidence of the
whole table places blank cells and settles rows left open (``blank_cells``). A report whose
crawler shows it drops blank cells is read a second time with that in mind (``parse_row_tables``).

Layer: parse (the shared base: ``xxgk.codes``, ``xxgk.model``, ``xxgk.normalize``; its own modules).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from xxgk import codes
from xxgk.codes import Row
from xxgk.model import TableReport
from xxgk.normalize import squeeze
from xxgk.parse.blank_cells import _place_blanks_by_spaces, _settle_by_columns
from xxgk.parse.header_grid import _Grid
from xxgk.parse.lone_numbers import read_row
from xxgk.parse.row_labels import _ROW_SETS, _groups, _label_matcher, _row_set_name
from xxgk.parse.row_reader import TableResult, _Reader
from xxgk.parse.split_evidence import RowSpec, SplitContext
from xxgk.parse.table_memo import Alone, memo, memo_body, read_alone
from xxgk.parse.table_regions import Region, _end_token, _line_of
from xxgk.parse.tokens import EMPTY, Token, tokenize
from xxgk.parse.values import total_is_sum


def parse_row_tables(text: str, regions: dict[str, Region], template: str, context: SplitContext) -> dict[str, TableResult]:
    """Tables 2 and 3 of a report in the 2019 or 2021 template.

    A run with fewer digits than its row has cells shows that the crawler dropped blank cells in
    this report (a page that leaves one cell empty often leaves others). Both tables are then read
    again with each run's readings including those that lack blank cells, so that a run as long as
    its row ("225": 2 | 2 | 5, or 2 | blank | 25) is no longer read a digit a cell on trust."""

    def read(blanks_dropped: bool) -> dict[str, TableResult]:
        results = {}
        for table, rows, check_sum in (
            ("active_disclosure", codes.active_rows(template), False),
            ("applications", codes.application_rows(template), True),
        ):
            if table in regions:
                results[table] = parse_row_table(
                    table, text, regions[table], rows, context, check_sum, template, blanks_dropped
                )
        return results

    results = read(False)
    if any(result.short_runs for result in results.values()):
        results = read(True)
    return results


def parse_row_table(
    table: str,
    text: str,
    region: Region,
    rows: Sequence[Row],
    context: SplitContext,
    check_sum: bool,
    template: str | None,
    blanks_dropped: bool = False,
) -> TableResult:
    """Table 2 or 3: rows found by label, each taking the figures after it. ``blanks_dropped``:
    the report shows its crawler dropped blank cells (see ``parse_row_tables``).

    The same table text recurs across a batch (a table of zeros most of all): where it was read
    before without needing the prose (``_read_alone``), that reading is given again, at this
    report's lines."""
    row_set = _row_set_name(rows)
    if row_set is not None and memo_body(text, region):
        alone = _read_alone(table, text[region.start : region.end], row_set, check_sum, template, blanks_dropped)
        if alone is not None:
            return alone.at(_line_of(text, region.start))
    return _parse_row_table(table, text, region, rows, context, check_sum, template, blanks_dropped)


@memo
def _read_alone(
    table: str, body: str, row_set: str, check_sum: bool, template: str | None, blanks_dropped: bool
) -> Alone | None:
    """Table 2 or 3 read from its text alone (``table_memo.read_alone``), or None."""
    rows = _ROW_SETS[row_set]
    return read_alone(
        table, body,
        lambda text, region, context: _parse_row_table(table, text, region, rows, context, check_sum, template, blanks_dropped),
    )


def _parse_row_table(
    table: str,
    text: str,
    region: Region,
    rows: Sequence[Row],
    context: SplitContext,
    check_sum: bool,
    template: str | None,
    blanks_dropped: bool = False,
) -> TableResult:
    first_line = _line_of(text, region.start)
    result = TableResult(report=TableReport(found=True, first_line=first_line))
    reader = _Reader(text, result, context, blanks_dropped)
    body = text[region.start : region.end]
    lines = body.split("\n")
    tokens = tokenize(body, region.start, first_line, lines)
    end_token = _end_token(text, region, tokens)
    grid = _Grid.of(body, lines, first_line, table)
    last_pos = region.start
    label_columns: dict[str, int] = {}  # enumerated sub-item → column of its label cell
    match, row_set = _label_matcher(rows), _row_set_name(rows)
    for labels, values in _groups(tokens):
        if not labels or not values:
            continue
        row = match("".join([t.text for t in labels]), True)
        if row is None or not (any(t.kind != EMPTY for t in values) or _blank_row(labels, values, row)):
            continue
        if row.code in result.cells:
            if all(c.value is None for c in result.cells[row.code].values()) and _has_figures(values):
                del result.cells[row.code]  # a header cell ("总计") over blank cells, then the real row
            else:
                result.warnings.append(f"{table}.{row.code}: row appears twice; the first is kept")
                continue
        spec = (
            _make_row_spec(table, row, check_sum, template) if row_set is None
            else _row_spec(table, row_set, row.code, check_sum, template)
        )
        cut = values[-1] is end_token and row is not rows[-1]
        cells = read_row(reader, spec, values, cut, grid)
        if cells:
            result.cells[row.code] = cells
            last_pos = max(last_pos, values[-1].pos)
            if row.number is not None and labels[-1].col >= 0:
                label_columns[row.code] = labels[-1].col
    result.report.last_line = _line_of(text, last_pos)
    if end_token is not None:
        result.report.truncated = True
    _warn_shifted_rows(table, label_columns, result)
    if result.spaced:
        _place_blanks_by_spaces(result, reader)
    if result.ambiguous and table == "applications":
        _settle_by_columns(result, reader, [row.code for row in rows])
    return result


def _warn_shifted_rows(table: str, label_columns: dict[str, int], result: TableResult) -> None:
    """Say where a sub-item row lost the leading cells its siblings have (read by label anyway)."""
    if len(label_columns) < 3:
        return
    columns = list(label_columns.values())
    usual = max(set(columns), key=columns.count)
    for code, col in label_columns.items():
        if col < usual:
            result.warnings.append(
                f"{table}.{code}: label in cell {col + 1} where the other sub-items have it in cell "
                f"{usual + 1}; leading cells lost, read by its label"
            )


def _has_figures(values: Sequence[Token]) -> bool:
    return any(t.kind != EMPTY for t in values)


@functools.lru_cache(maxsize=1024)
def _row_spec(table: str, row_set: str, code: str, check_sum: bool, template: str | None) -> RowSpec:
    """The spec of a row of one of the template's row sets, memoised by names (hashing a ``Row``
    hashes all its nested fields, for each of a report's ~30 rows)."""
    row = next(r for r in _ROW_SETS[row_set] if r.code == code)
    return _make_row_spec(table, row, check_sum, template)


def _make_row_spec(table: str, row: Row, check_sum: bool, template: str | None) -> RowSpec:
    stock = template == "2021" and tuple(row.columns) == ("issued", "repealed", "in_force")
    return RowSpec(
        f"{table}.{row.code}",
        row.columns,
        (len(row.columns),),
        total_is_sum if check_sum and len(row.columns) > 1 else None,
        1 if template == "2019" and row.columns[:2] == ("prev_items", "change") else None,
        _topic(row),
        stock,
        _STOCK_WORDS if stock else (),
    )


# How the prose names the columns of 2021 table 2's document rows (本年制发 | 本年废止 | 现行有效)
_STOCK_WORDS = (("制发", "制定", "出台", "印发"), ("废止",), ("现行有效",))


def _blank_row(labels: Sequence[Token], values: Sequence[Token], row: Row) -> bool:
    """A row of blank cells: as many empty cells as columns, on the label's own line."""
    return sum(1 for t in values if t.pos == labels[-1].pos) >= len(row.columns)


@functools.lru_cache(maxsize=256)
def _topic(row: Row) -> tuple[str, ...]:
    """Words that name a row in the prose: its keys (行政规范性文件 → also 规范性文件)."""
    keys = {squeeze(k) for k in row.keys}
    if row.code == "normative_documents":
        keys.add("规范性文件")
    if row.code == "procurement":
        keys.add("采购")
    return tuple(sorted(keys))
