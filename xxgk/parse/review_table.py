"""Table 4 (行政复议、行政诉讼): fifteen cells — three blocks of 结果维持 … 总计 — laid out as one row
under a two-level header, or as three rows each labelled with its block.

Layer: parse (the shared base: ``xxgk.codes``, ``xxgk.model``; its own modules).
"""

from __future__ import annotations

from collections.abc import Sequence

from xxgk import codes
from xxgk.model import TableReport
from xxgk.parse.header_grid import _Grid
from xxgk.parse.row_labels import _BLOCK_ROWS, _groups, match_row
from xxgk.parse.row_reader import TableResult, _Reader
from xxgk.parse.split_evidence import RowSpec, SplitContext
from xxgk.parse.table_memo import Alone, memo, memo_body, read_alone
from xxgk.parse.table_regions import Region, _end_token, _line_of
from xxgk.parse.tokens import EMPTY, RUN, VALUE, Token, tokenize
from xxgk.parse.values import total_is_sum


_ALL_REVIEW_COLUMNS = tuple(f"{b}.{c}" for b in codes.REVIEW_BLOCKS for c in codes.REVIEW_COLUMNS)


def parse_review_table(text: str, region: Region, context: SplitContext) -> TableResult:
    """Table 4: fifteen cells, laid out as one row under a two-level header, or as three rows.
    A text read before without needing the prose is given its reading again (``_read_alone``)."""
    if memo_body(text, region):
        alone = _read_alone(text[region.start : region.end])
        if alone is not None:
            return alone.at(_line_of(text, region.start))
    return _parse_review_table(text, region, context)


@memo
def _read_alone(body: str) -> Alone | None:
    """Table 4 read from its text alone (``table_memo.read_alone``), or None."""
    return read_alone("review_litigation", body, _parse_review_table)


def _parse_review_table(text: str, region: Region, context: SplitContext) -> TableResult:
    first_line = _line_of(text, region.start)
    result = TableResult(report=TableReport(found=True, first_line=first_line))
    reader = _Reader(text, result, context)
    body = text[region.start : region.end]
    lines = body.split("\n")
    tokens = tokenize(body, region.start, first_line, lines)
    end_token = _end_token(text, region, tokens)
    if end_token is not None:
        result.report.truncated = True
    grid = _Grid.of(body, lines, first_line, "review_litigation")
    groups = [
        (labels, values)
        for labels, values in _groups(tokens)
        if any(t.kind != EMPTY for t in values) or len(values) >= len(codes.REVIEW_COLUMNS) * 3
    ]
    columns = codes.REVIEW_COLUMNS

    # three rows, each labelled with its block and holding five cells
    vertical: dict[str, list[Token]] = {}
    for labels, values in groups:
        row = match_row("".join(t.text for t in labels), _BLOCK_ROWS, normalized=True)
        if row and row.code not in vertical and (
            _width(values) == len(columns) or (grid is not None and grid.tokens(values, columns) is not None)
        ):
            vertical[row.code] = values
    if len(vertical) == 3:
        for block, values in vertical.items():
            spec = RowSpec(f"review_litigation.{block}", columns, [5], total_is_sum, None, (codes.REVIEW_BLOCK_LABELS[block],))
            cut = values[-1] is end_token and block != "litigation_after_review"
            cells = reader.cells_from(spec, values, cut, grid)
            if cells:
                result.cells[block] = cells
        result.report.last_line = _line_of(text, max(v[-1].pos for v in vertical.values()))
        return result

    # one row of fifteen cells after the header
    for _labels, values in groups:
        if _width(values) < 5:
            continue
        spec = RowSpec("review_litigation", _ALL_REVIEW_COLUMNS, [5, 5, 5], total_is_sum)
        cells = reader.cells_from(spec, values, values[-1] is end_token, grid)
        if cells:
            for key, cell in cells.items():
                block, col = key.split(".")
                result.cells.setdefault(block, {})[col] = cell
        result.report.last_line = _line_of(text, values[-1].pos)
        break
    return result


def _width(values: Sequence[Token]) -> int:
    """How many cells the tokens can fill at most (a run of digits can fill one per digit, and so
    can a lone figure of digits: a line of digits alone, as a crawler leaves a row it ran together
    under a header with no label of its own; ``cells_from`` splits it as a run)."""
    non_empty = [t for t in values if t.kind != EMPTY]
    if any(t.kind == RUN for t in non_empty):
        return sum(len(t.text.replace(" ", "")) if t.kind == RUN else 1 for t in non_empty)
    if len(non_empty) == 1 and non_empty[0].kind == VALUE and non_empty[0].text.isdigit():
        return len(non_empty[0].text)
    return len(_strip_empty(values))


def _strip_empty(values: Sequence[Token]) -> Sequence[Token]:
    start, end = 0, len(values)
    while start < end and values[start].kind == EMPTY:
        start += 1
    while end > start and values[end - 1].kind == EMPTY:
        end -= 1
    return values[start:end]
