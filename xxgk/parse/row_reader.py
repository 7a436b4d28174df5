"""A row's figures into cells (``_Reader.cells_from``), whatever the layout; ``TableResult`` holds
a table's cells, its parsing report and warnings.

How the figures after a label become cells:

- a row that is a full line of a padded grid (TAB or pipe cells, as many as the header lines above
  it, whose column headers 自然人 … 总计 / 结果维持 … 总计 / 本年制发件数 … give each column's
  cell): each column is read at its header's cell, so an empty cell there is a blank cell, even at
  the end of the row (see ``header_grid``); any other row is read as below;
- exactly as many cells as columns: read as printed (a blank cell is None, a mark is its text);
- more cells: empty cells at the ends are dropped first (a label cell spanning two columns), then
  the readings "aligned from the right", "aligned from the left" and "a figure split over two
  cells" are kept only if the row adds up — one survivor is read, with a warning;
- a cell printed unreadable ("?", ``tokens.UNREAD``) keeps its column and is left unread (absent,
  so the table's parsing report lists it missing), with a warning; where figures ran together
  around it, no cell edge says which column it stands in, and the whole row is left unread;
- fewer cells: the cells may hold figures that ran together (split as below, keeping every cell
  edge), else the blank cells were dropped and nothing says which columns are left: unread;
- the text stops inside the row (a page saved cut short): the cells before the cut are read, the
  last figure only if a separator closes it;
- digits run together: every split satisfying the table's arithmetic (R3 row total, R5 block
  total) is listed, then narrowed by evidence (``split_evidence``). One left: read. Several: the
  cells they all agree on are read, the others left unread. None: unread. Never a guess; always a
  warning;
- a run of zeros short of its row (the crawler dropped blank cells): its 总计 is 0; where the
  table's other runs show unpadded cells, each space inside a run is a blank cell in its place;
- once the report shows its crawler drops blank cells (a row short of its cells), the readings of
  every run include those lacking blank cells (``blank_cells``), so "225" is no longer
  2 | 2 | 5 on trust; the columns' arithmetic may then place the blanks.

Layer: parse (the shared base: ``xxgk.model``; its own ``tokens``, ``values``, ``split_evidence``,
``blank_cells``, ``header_grid``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xxgk.model import Cell, TableReport, Value
from xxgk.parse.blank_cells import _MAX_PLACED_CELLS, Ambiguous, SpacedRun, _blank_placements, _spaced_readings
from xxgk.parse.cell_spans import spanned
from xxgk.parse.header_grid import _Grid
from xxgk.parse.print_marks import unsure_commas
from xxgk.parse.split_evidence import RowSpec, SplitContext, _cuts, _grouped, _narrow
from xxgk.parse.tokens import EMPTY, RUN, UNREAD, VALUE, Token
from xxgk.parse.values import parse_value, split_parts, total_is_sum


@dataclass
class TableResult:
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    report: TableReport = field(default_factory=lambda: TableReport(found=False))
    warnings: list[str] = field(default_factory=list)
    ambiguous: dict[str, Ambiguous] = field(default_factory=dict)  # row code → its open splits
    spaced: dict[str, SpacedRun] = field(default_factory=dict)  # row code → its reading, spaces as blanks
    runs: list[tuple[int, str]] = field(default_factory=list)  # (cells, run) of every run read
    short_runs: int = 0  # rows with fewer figures or cells than columns: blank cells dropped
    refuted: int = 0  # rows left unread because the row's sums rule out every reading (not an open choice)


class _Reader:
    """Shared machinery: turns value tokens into cells for one row or block."""

    def __init__(self, text: str, result: TableResult, context: SplitContext, blanks_dropped: bool = False):
        self.text = text
        self.result = result
        self.context = context
        # the table shows its crawler dropped blank cells: any run may lack some
        self.blanks_dropped = blanks_dropped

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    def cells_from(
        self, spec: RowSpec, values: list[Token], cut: bool = False, grid: _Grid | None = None
    ) -> dict[str, Cell] | None:
        """The cells of one row (or block) from the value tokens after its label, or None.

        ``cut``: the text stops inside this row (it holds the text's last token and is not the
        table's last row), so its last figure may be incomplete. ``grid``: the column positions
        the table's header lines give, for rows that are full lines of a padded grid.
        """
        n = len(spec.columns)
        if len(values) == n and not cut and all(t.kind == VALUE for t in values):
            # the common case: as many figures (or marks) as columns, no empty cell, read as
            # printed (the padded grid would place them so too: each at its column's header)
            self.result.report.layout = self.result.report.layout or "cells"
            return self._assign(spec, values, values[0].line)
        kinds = {t.kind for t in values}
        if kinds == {EMPTY}:
            if len(values) < n or cut:
                return None
            # a whole row of blank cells: blank, not zero, and not missing
            line = values[0].line
            return {col: Cell(None, "", line) for col in spec.columns}
        line = values[0].line if values[0].kind != EMPTY else next(t for t in values if t.kind != EMPTY).line
        if RUN in kinds and UNREAD in kinds:
            self.result.report.layout = "flattened"
            shown = " | ".join(t.text for t in values if t.kind != EMPTY)
            self.warn(f"{spec.where}: an unreadable mark among figures run together ('{shown}', line {line}); "
                      "its column is not known, the row is left unread")
            return None
        if RUN in kinds:
            self.result.report.layout = "flattened"
            return self._from_run(spec, [t for t in values if t.kind != EMPTY], line, cut)
        self.result.report.layout = self.result.report.layout or "cells"
        if grid is not None and not cut:
            placed = grid.tokens(values, tuple(spec.columns))
            if placed is not None:
                return self._assign(spec, placed, line)
        tokens = list(values)
        while len(tokens) > n and tokens[-1].kind == EMPTY:
            tokens.pop()
        while len(tokens) > n and tokens[0].kind == EMPTY:
            tokens.pop(0)
        if len(tokens) == n and not cut:
            return self._assign(spec, tokens, line)
        if cut:
            return self._cut_row(spec, tokens, line)
        if len(tokens) > n:
            return self._too_many(spec, tokens, line)
        return self._too_few(spec, tokens, line)

    # -- the layouts ------------------------------------------------------------------------

    def _assign(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell]:
        cells: dict[str, Cell] = {}
        unread: list[str] = []
        for col, token in zip(spec.columns, tokens):
            if token.kind == EMPTY:
                cells[col] = Cell(None, "", line)
                continue
            if token.kind == UNREAD:
                unread.append(f"{col} ('{token.text}')")
                continue
            value, unit = parse_value(token.text)
            if unit is None:
                cells[col] = Cell(value, token.text, line)
            else:
                cells[col] = self._cell(spec, col, value, unit, token.text, line)
        if unread:
            self.warn(f"{spec.where}: {', '.join(unread)} printed unreadable (line {line}); left unread")
        return cells

    def _cell(self, spec: RowSpec, col: str, value: Value, unit: str | None, raw: str, line: int) -> Cell:
        if unit == "元" and col == "amount_10k_yuan" and isinstance(value, (int, float)):
            self.warn(f"{spec.where}: '{raw}' is in 元 in a 万元 column (line {line}); converted to 万元")
            value = round(value / 10000, 6)
        return Cell(value, raw, line)

    def _from_run(self, spec: RowSpec, tokens: Sequence[Token], line: int, cut: bool) -> dict[str, Cell] | None:
        """Figures that ran together (no cell separators), split by the table's arithmetic."""
        n = len(spec.columns)
        run = " ".join(t.text for t in tokens)
        unit = ""
        for suffix in ("万元", "元"):
            if run.endswith(suffix):
                unit, run = suffix, run[: -len(suffix)].rstrip()
        pieces = run.split()
        if cut:
            self.warn(f"{spec.where}: the text ends inside this row ('{run}', line {line}); left unread")
            return None
        if unsure_commas(pieces):
            self.warn(f"{spec.where}: '{run}' (line {line}) has a comma between digits that is no thousands "
                      "separator; left unread")
            return None
        self.result.runs.append((n, run))
        if len(run.replace(" ", "")) + len(pieces) - 1 < n:
            # fewer figures than cells even where each space inside the run stood for a blank cell
            self.result.short_runs += 1
        parsed = [parse_value(p)[0] for p in pieces]
        if len(pieces) == n and all(isinstance(v, (int, float)) for v in parsed):
            # as many space-separated figures as cells: read as printed, even where the report's
            # own sums fail (that is a finding for the rules, not a reason to re-cut the figures)
            return self._from_parts(spec, pieces, unit, line)
        if any(not p.replace(".", "").isdigit() for p in pieces):
            self.warn(f"{spec.where}: cannot read '{run}' (line {line}) as {n} figures; left unread")
            return None
        before = len(self.result.warnings)
        cells = self._resolve(spec, pieces, unit, line, f"figures run together as '{run}{unit}'", blanks=True)
        if len(pieces) > 1 and not unit and "." in spec.where:
            readings = _spaced_readings(pieces, spec)
            if len(readings) == 1:
                warning = self.result.warnings[-1] if len(self.result.warnings) > before else None
                self.result.spaced[spec.where.split(".", 1)[1]] = SpacedRun(spec, run, readings[0], line, warning)
        return cells

    def _resolve(
        self, spec: RowSpec, pieces: Sequence[str], unit: str, line: int, what: str, strict: bool = False,
        blanks: bool = False,
    ) -> dict[str, Cell] | None:
        """Split digits (whose visible boundaries are ``pieces``) into the row's cells.

        ``strict``: the boundaries are cell edges, so every candidate must keep them. ``blanks``:
        a run of the text, which may lack blank cells where the table shows its crawler drops them.
        """
        n = len(spec.columns)
        candidates, exhausted = split_parts("".join(pieces), spec.groups, spec.check)
        if blanks and self.blanks_dropped and len(spec.groups) == 1 and 1 < n <= _MAX_PLACED_CELLS:
            placed, too_many = _blank_placements("".join(pieces), n, spec.check)
            candidates, exhausted = candidates + placed, exhausted or too_many
            what += " in a report whose crawler dropped blank cells"
        if strict:
            bounds = _cuts(pieces)
            candidates = [c for c in candidates if bounds <= _cuts(c)]
        candidates, used = _narrow(candidates, pieces, spec, self.context) if not exhausted else (candidates, [])
        digits = "".join(pieces)
        edges = strict and len(pieces) > 1  # cell edges printed between the figures
        if not candidates and not exhausted and len(digits) == n and digits.isdigit() and not edges:
            # as many digits as cells: one reading only, as printed, even where the report's own
            # sums fail (that is a finding for the rules, not a reason to re-cut the figures); not
            # where cell edges are printed between them: that cuts a printed figure ("18" → 1 | 8)
            self.warn(f"{spec.where}: {what} (line {line}); read as one digit per cell, the row's sums do not hold")
            return self._from_parts(spec, list(digits), unit, line)
        if not candidates and not exhausted and digits and set(digits) == {"0"} and len(digits) < n:
            return self._zeros_short_of_cells(spec, digits, line, what)
        if not candidates or exhausted:
            reason = "too many possible splits" if exhausted else "no split adds up"
            self.result.refuted += not exhausted
            self.warn(f"{spec.where}: {what} (line {line}) cannot be split into {n} cells: {reason}; left unread")
            return None
        if len(candidates) == 1:
            if used:
                self.warn(
                    f"{spec.where}: {what} (line {line}); split as {' | '.join(p or 'blank' for p in candidates[0])} using "
                    + " and ".join(used)
                )
            return self._from_parts(spec, candidates[0], unit, line)
        # several splits remain: read the cells they all agree on, leave the others unread
        agreed = [i for i in range(n) if len({c[i] for c in candidates}) == 1]
        shown = "; ".join(" | ".join(p or "blank" for p in c) for c in candidates[:3]) + (" …" if len(candidates) > 3 else "")
        if not agreed:
            self.warn(
                f"{spec.where}: {what} (line {line}) cannot be split into {n} cells: "
                f"{len(candidates)} possible splits ({shown}); left unread"
            )
            return None
        cells = self._from_parts(spec, candidates[0], unit, line)
        unread = [spec.columns[i] for i in range(n) if i not in agreed]
        warning = (
            f"{spec.where}: {what} (line {line}) has {len(candidates)} possible splits ({shown}); "
            f"read only the cells they agree on, left {', '.join(unread)} unread"
            + (f" (evidence used: {' and '.join(used)})" if used else "")
        )
        self.warn(warning)
        if "." in spec.where:
            self.result.ambiguous[spec.where.split(".", 1)[1]] = Ambiguous(spec, candidates, unit, line, warning)
        return {col: cell for i, (col, cell) in enumerate(cells.items()) if i in agreed}

    def _zeros_short_of_cells(self, spec: RowSpec, digits: str, line: int, what: str) -> dict[str, Cell] | None:
        """A run of zeros with fewer digits than cells: the crawler dropped blank cells.

        Each zero is a cell of its own ("00" is no figure), so every printed cell is 0 and the others
        are blank; where the blanks were is not known. A row whose last cell is its 总计 prints that
        total whenever it prints any part, so the total is 0 and the parts stay unread.
        """
        n = len(spec.columns)
        if spec.check is not total_is_sum or len(spec.groups) != 1:
            self.warn(f"{spec.where}: {what} (line {line}): {n - len(digits)} blank cells dropped, places unknown; left unread")
            return None
        self.warn(
            f"{spec.where}: {what} (line {line}): {len(digits)} zeros for {n} cells, {n - len(digits)} blank; "
            f"the total is 0, the blank parts cannot be placed and are left unread"
        )
        return {spec.columns[-1]: Cell(0, "0", line)}

    def _from_parts(self, spec: RowSpec, parts: Sequence[str], unit: str, line: int) -> dict[str, Cell]:
        cells: dict[str, Cell] = {}
        for i, (col, part) in enumerate(zip(spec.columns, parts)):
            if not part:
                cells[col] = Cell(None, "", line)  # a blank cell the crawler dropped
                continue
            value, _ = parse_value(part)
            raw = part + (unit if i == len(parts) - 1 else "")
            cells[col] = self._cell(spec, col, value, unit if i == len(parts) - 1 and unit else None, raw, line)
        return cells

    def _too_many(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell] | None:
        """More cells than columns: a cell the label spans, or one figure split over two cells."""
        n = len(spec.columns)
        options: dict[tuple[str, ...], str] = {}
        options.setdefault(tuple(t.text for t in tokens[-n:]), "aligned from the right")
        options.setdefault(tuple(t.text for t in tokens[:n]), "aligned from the left")
        numeric = all(t.kind == VALUE and t.text.isdigit() for t in tokens)
        # two cells can only be one figure if the first is not "0" ("0" | "5" is never 05)
        joinable = numeric and any(t.text != "0" for t in tokens[:-1])
        if joinable:
            # one figure broken over adjacent cells: join cells, never cut inside one
            candidates, _ = split_parts("".join(t.text for t in tokens), spec.groups, None, limit=256)
            bounds = _cuts([t.text for t in tokens])
            for c in candidates:
                if _cuts(c) <= bounds:
                    options.setdefault(tuple(c), "joining a figure split over two cells")
        kept = {}
        for texts, how in options.items():
            values = [parse_value(t)[0] for t in texts]
            if spec.check is not None and all(isinstance(v, (int, float)) for v in values):
                if not all(spec.check(g) for g in _grouped(values, spec.groups)):  # type: ignore[arg-type]
                    continue
            kept[texts] = how
        if len(kept) == 1:
            texts, how = next(iter(kept.items()))
            self.warn(f"{spec.where}: {len(tokens)} cells for {n} columns (line {line}); {how}")
            by_text = {t.text: t for t in tokens}
            chosen = [by_text.get(t) or Token(VALUE, t, tokens[0].pos) for t in texts]
            return self._assign(spec, chosen, line)
        self.result.refuted += not kept
        self.warn(
            f"{spec.where}: {len(tokens)} cells for {n} columns (line {line}) and no single reading fits "
            f"({'; '.join(' | '.join(t) for t in list(kept)[:3]) or 'none adds up'}); left unread"
        )
        return None

    def _too_few(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell] | None:
        """Fewer cells than columns: figures run together in a cell, or blank cells dropped."""
        n = len(spec.columns)
        shown = " | ".join(t.text or "∅" for t in tokens)
        cells_spanned = spanned(tokens)
        if not cells_spanned:
            self.result.short_runs += 1  # cells missing from a row: the report's blank cells may be dropped
        if all(t.kind == VALUE and t.text.isdigit() for t in tokens) and not cells_spanned:
            cells = self._resolve(
                spec, [t.text for t in tokens], "", line, f"{len(tokens)} cells for {n} columns ('{shown}')", strict=True,
                blanks=True,
            )
            if cells is not None:
                return cells
            self.result.warnings.pop()  # replaced by the message below
        self.warn(
            f"{spec.where}: only {len(tokens)} of {n} cells ('{shown}', line {line}) and nothing says which "
            f"columns they belong to (blank cells dropped, or a cell spanning columns?); left unread"
        )
        return None

    def _cut_row(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell] | None:
        """The text stops inside this row: keep the complete cells before the cut."""
        n = len(spec.columns)
        tokens = list(tokens[:n])
        if tokens and tokens[-1].kind != EMPTY and not self._followed_by_separator(tokens[-1]):
            tokens.pop()  # the last figure may itself be cut ("14" of "1472")
        while tokens and tokens[-1].kind == EMPTY:
            tokens.pop()
        if not tokens:
            self.warn(f"{spec.where}: the text ends inside this row (line {line}); left unread")
            return None
        self.warn(
            f"{spec.where}: the text ends inside this row (line {line}); read the first {len(tokens)} "
            f"of {n} cells, the last {n - len(tokens)} are missing"
        )
        return self._assign(spec, tokens, line)

    def _followed_by_separator(self, token: Token) -> bool:
        """Whether the cut text closes the last cell ("… | 0 |"), so that its figure is whole."""
        return self.text.rstrip(" \n").endswith(("|", "\t"))
