"""Where a crawler dropped blank cells from a row, placed from evidence — or left unread.

A crawler that joins a table's cells with nothing between them drops a blank cell or turns it into
a space. Three pieces of evidence place the blanks:

- the readings of a run lacking blank cells in every possible place (``_blank_placements``), once
  the report shows its crawler drops them (a row short of its cells); the row's sums still hold,
  a blank adding nothing;
- the spaces inside a run (``_spaced_readings``, ``_place_blanks_by_spaces``): where every other
  run of the table has no space inside it (printed cells carry no padding), each space is a blank
  cell in its place, read when exactly one reading makes the row's cells that way;
- table 3's arithmetic down the columns (R1, R2; ``_column_equations``, ``_settle_by_columns``),
  which settles a row whose splits the row alone cannot choose between (``Ambiguous``) once the
  other rows of the equation are read.

Layer: parse (its own ``split_evidence``, ``values``; ``row_reader`` for types only).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xxgk.parse.split_evidence import RowSpec, _grouped, _num0
from xxgk.parse.values import split_parts, total_is_sum

if TYPE_CHECKING:  # the reader imports this module; these are its types, named in signatures
    from xxgk.parse.row_reader import TableResult, _Reader


@dataclass
class Ambiguous:
    """A row whose run of digits has several splits the row alone cannot choose between."""

    spec: RowSpec
    candidates: list[list[str]]
    unit: str
    line: int
    warning: str  # the warning that says so, replaced if the columns' arithmetic settles it


@dataclass
class SpacedRun:
    """A run with spaces inside it and its one reading as cells where each space is a blank cell,
    read if the table shows unpadded cells (see ``_place_blanks_by_spaces``)."""

    spec: RowSpec
    run: str
    parts: list[str]  # "" for a blank cell
    line: int
    warning: str | None  # the warning the run's other reading gave, replaced when this one is read


_MAX_PLACED_CELLS = 7  # table 2 and 3 rows; table 4's fifteen cells would give too many placements


def _blank_placements(digits: str, n: int, check: Callable[[Sequence[int | float]], bool] | None) -> tuple[list[list[str]], bool]:
    """Splits of ``digits`` into fewer than ``n`` figures, with the other cells blank ("") in every
    possible place: the readings of a run whose crawler dropped blank cells. A row with a 总计
    prints it whenever it prints a part, and its sum holds with the blanks as nothing. The second
    item is True when there are too many to weigh."""
    out: list[list[str]] = []
    total = check is total_is_sum
    for printed in range(1, min(n - 1, len(digits)) + 1):
        # the blanks add nothing, so a row's sum holds on its printed figures alone
        splits, exhausted = split_parts(digits, [printed], check, limit=512)
        if exhausted:
            return out, True
        for parts in splits:
            if total:  # the 总计 is the last figure, in its own column
                placings = (p + (n - 1,) for p in itertools.combinations(range(n - 1), printed - 1))
            else:
                placings = itertools.combinations(range(n), printed)
            for places in placings:
                cells = [""] * n
                for place, part in zip(places, parts):
                    cells[place] = part
                out.append(cells)
                if len(out) > 1024:
                    return out, True
    return out, False


def _spaced_readings(pieces: Sequence[str], spec: RowSpec) -> list[list[str]]:
    """The readings of a run's ``pieces`` (split at its spaces) as the row's cells where each space
    is one blank cell: each piece split into one or more figures, the cells adding up to the row's,
    its sums holding (a blank as nothing, a 总计 printed when a part is). At most two are listed."""
    n = len(spec.columns)
    gaps = len(pieces) - 1
    if len(pieces) + gaps > n or sum(map(len, pieces)) + gaps < n:
        return []  # too many spaces for the cells, or too few digits
    options: list[list[list[str]]] = []
    for piece in pieces:
        splits: list[list[str]] = []
        for count in range(1, min(len(piece), n) + 1):
            found, exhausted = split_parts(piece, [count], None, limit=64)
            if exhausted:
                return []
            splits.extend(found)
        options.append(splits)
    if not all(options) or _product_size(options) > 4096:
        return []
    readings: list[list[str]] = []
    for combo in itertools.product(*options):
        if sum(len(parts) for parts in combo) + gaps != n:
            continue
        cells = list(combo[0])
        for parts in combo[1:]:
            cells += ["", *parts]
        if spec.check is not None:
            if spec.check is total_is_sum and cells[-1] == "":
                continue
            if not all(spec.check(g) for g in _grouped([_num0(c) for c in cells], spec.groups)):
                continue
        readings.append(cells)
        if len(readings) > 1:
            break
    return readings


def _product_size(options: Sequence[Sequence[object]]) -> int:
    size = 1
    for option in options:
        size *= len(option)
    return size


def _place_blanks_by_spaces(result: TableResult, reader: _Reader) -> None:
    """Read a run whose spaces show its blank cells.

    A crawler that joins cells with nothing between them turns a blank cell holding a space (a
    page's "&nbsp;") into a space, and a printed cell into its bare figure. When every run of
    the table that fills its row (as many digits as cells, or more: a cell edge between any two
    cells), other than the runs read this way, has no space inside it, the printed cells carry no
    padding, so each space inside a run
    is a blank cell in that place. The run is read when exactly one reading makes it the row's
    cells that way ("0 00000" for seven cells: "00" is no figure, so 0 | blank | 0 | 0 | 0 | 0 | 0;
    "2 25" for three: 2 | blank | 25) and the row's sums hold; spaces at its ends say nothing (a
    label's padding).
    """
    spaced_runs = {spaced.run for spaced in result.spaced.values()}
    filled = [run for n, run in result.runs if n >= 2 and len(run.replace(" ", "")) >= n and run not in spaced_runs]
    if not filled or any(" " in run for run in filled):
        return
    for code, spaced in result.spaced.items():
        spec, line, parts = spaced.spec, spaced.line, spaced.parts
        result.cells[code] = reader._from_parts(spec, parts, "", line)
        result.ambiguous.pop(code, None)
        blanks = [col for col, part in zip(spec.columns, parts) if not part]
        message = (
            f"{spec.where}: {len(parts) - len(blanks)} figures and {len(blanks)} space{'s' if len(blanks) > 1 else ''} "
            f"for {len(parts)} cells (line {line}); the other runs of the table have no spaces, so each space "
            f"is a blank cell: {', '.join(blanks)} blank"
        )
        if spaced.warning in result.warnings:
            result.warnings[result.warnings.index(spaced.warning)] = message
        else:
            result.warnings.append(message)


def _column_equations(order: Sequence[str]) -> list[tuple[list[str], list[str]]]:
    """Table 3's arithmetic down each column, as (rows added, rows subtracted) summing to zero:
    R1 新收 + 上年结转 = 总计 + 结转下年度, and R2 总计 = the sum of the outcome rows."""
    ends = ("new_received", "carried_over", "total_processed", "carried_forward")
    if not all(code in order for code in ends):
        return []
    outcomes = list(order[order.index("carried_over") + 1 : order.index("total_processed")])
    return [(["new_received", "carried_over"], ["total_processed", "carried_forward"]), (["total_processed"], outcomes)]


def _settle_by_columns(result: TableResult, reader: _Reader, order: Sequence[str]) -> None:
    """Choose among the splits of an ambiguous row with the table's arithmetic down the columns.

    An equation settles a row when that row is its only unknown (every other row in it read in
    full, as figures) and exactly one of the row's splits makes it hold in every column. Settling
    one row can settle the next (R2 gives 总计, then R1 gives 新收).
    """
    equations = _column_equations(order)
    settled = True
    while settled and result.ambiguous:
        settled = False
        for plus, minus in equations:
            open_rows = [code for code in plus + minus if code in result.ambiguous]
            if len(open_rows) != 1:
                continue
            code = open_rows[0]
            known = {c: result.cells.get(c, {}) for c in plus + minus if c != code}
            pending = result.ambiguous[code]
            columns = pending.spec.columns
            if not all(
                all(isinstance(cells.get(col) and cells[col].value, (int, float)) for col in columns)
                for cells in known.values()
            ):
                continue
            sign = 1 if code in plus else -1
            rest = [
                sum((1 if c in plus else -1) * cells[col].value for c, cells in known.items())  # type: ignore[operator]
                for col in columns
            ]
            kept = [
                cand for cand in pending.candidates
                if all(abs(sign * _num0(part) + other) < 1e-9 for part, other in zip(cand, rest))
            ]
            if len(kept) != 1:
                continue
            result.cells[code] = reader._from_parts(pending.spec, kept[0], pending.unit, pending.line)
            result.warnings[result.warnings.index(pending.warning)] = (
                f"{pending.spec.where}: {len(pending.candidates)} possible splits of the run (line {pending.line}); "
                f"split as {' | '.join(p or 'blank' for p in kept[0])} by the table's arithmetic down the columns"
            )
            del result.ambiguous[code]
            settled = True
