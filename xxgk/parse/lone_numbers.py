"""A bare number alone on a line after a row of flattened figures: a cell of the row, or a page
number where a page break fell?

The row reader joins every figure between a row's label and the next label, across lines, so a
page number printed between two rows ("行政处罚157", then "2" alone on a line) would be read into
the row's run (1572). Nothing in the number says which it is (some crawlers put each cell on a
line of its own), so the row is read both ways (``read_row``): with every such line, and without
each one in turn. Readings the row's own arithmetic rules out (no split adds up) drop out; what
the others agree on is read, the rest left unread with a warning — never a guess.

Page marks that cannot be a cell ("3/7", "- 2 -", "第2页") never reach a row: ``print_marks``.

Layer: parse (its own ``tokens``, ``header_grid``, ``split_evidence``, ``row_reader``).
"""

from __future__ import annotations

from collections.abc import Sequence

from xxgk.model import Cell
from xxgk.parse.header_grid import _Grid
from xxgk.parse.row_reader import TableResult, _Reader
from xxgk.parse.split_evidence import RowSpec
from xxgk.parse.tokens import RUN, VALUE, Token

def read_row(
    reader: _Reader, spec: RowSpec, values: list[Token], cut: bool = False, grid: _Grid | None = None
) -> dict[str, Cell] | None:
    """``reader.cells_from`` for a row whose figures may include page numbers (see the module)."""
    lone = _lone_lines(reader.text, values)
    if not lone:
        return reader.cells_from(spec, values, cut, grid)
    options = [values] + [[t for t in values if t.line != line] for line in lone]
    trials = [_trial(reader, spec, option, cut, grid) for option in options]
    kept = [(option, cells) for option, (cells, ruled_out) in zip(options, trials) if not ruled_out]
    where = f"{spec.where}: a number alone on line(s) {', '.join(map(str, lone))} after the row's figures"
    if not kept:
        return reader.cells_from(spec, values, cut, grid)  # unread either way, as the reader says
    if len(kept) == 1:
        option, cells = kept[0]
        cells = reader.cells_from(spec, option, cut, grid)
        if cells is not None:
            joined = "read as a cell of the row" if option is values else "read as a page number"
            reader.warn(f"{where} is {joined}: the row's sums rule out the other reading")
        return cells
    reader.cells_from(spec, values, cut, grid)  # the row's run as before, for the table's evidence
    code = spec.where.split(".", 1)[1] if "." in spec.where else None
    reader.result.ambiguous.pop(code, None)  # its splits are not the row's alone: none settled later
    reader.result.spaced.pop(code, None)
    readings = [cells for _, cells in kept]
    agreed = {col: cell for col, cell in (readings[0] or {}).items()
              if all(r is not None and col in r and r[col].value == cell.value for r in readings[1:])}
    unread = [col for col in spec.columns if col not in agreed]
    if unread:
        reader.warn(f"{where} may be a cell or a page number; left {', '.join(unread)} unread")
    return agreed or None


def _lone_lines(text: str, values: Sequence[Token]) -> list[int]:
    """Lines of a flattened row, after its first line of figures, that hold one bare number and
    nothing else."""
    if not any(t.kind == RUN for t in values):
        return []  # figures in cells: the row reader counts them against the columns itself
    by_line: dict[int, list[Token]] = {}
    for token in values:
        by_line.setdefault(token.line, []).append(token)
    out = []
    for line, tokens in list(by_line.items())[1:]:
        token = tokens[0]
        if len(tokens) == 1 and token.kind in (VALUE, RUN) and token.col < 0 and token.text.isdigit():
            end = text.find("\n", token.pos)
            if text[token.pos : end if end >= 0 else len(text)].strip() == token.text:
                out.append(line)
    return out


def _trial(
    reader: _Reader, spec: RowSpec, values: list[Token], cut: bool, grid: _Grid | None
) -> tuple[dict[str, Cell] | None, bool]:
    """(cells, ruled out) of one reading, on a scratch result: the table's is not touched. Only the
    row's sums rule a reading out; one left unread for any other reason (several splits open, too
    many, a mark) is still possible."""
    scratch = _Reader(reader.text, TableResult(), reader.context, reader.blanks_dropped)
    cells = scratch.cells_from(spec, values, cut, grid)
    return cells, cells is None and scratch.result.refuted > 0
