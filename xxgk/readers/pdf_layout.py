"""A PDF page's layout from geometry: characters with their boxes and ruling lines → text and tables.

Input is plain geometry in reading coordinates (x to the right, y downwards, text running left to
right), made by :mod:`xxgk.readers.pdf` from PDFium. Output is a list of items in reading order,
``("text", line)`` and ``("table", Grid)``.

- **Ruled tables.** Horizontal and vertical rules that touch form one table. Their positions give
  the grid; a cell is a grid rectangle with no rule inside it, so a merged cell spans exactly what
  it spans and a blank cell keeps its column. Characters are placed in the cell their centre lies
  in.
- **Tables without rules.** Runs of at least three consecutive lines that break into separate
  chunks at wide gaps (two character widths or more) become a table; its columns are the bands
  where the chunks of those lines line up. When a chunk runs across a column, so that two chunks
  of one line share a band, nothing says where it belongs: those lines stay text (the parser then
  leaves what it cannot place unread).
- **Text** outside tables comes out line by line, top to bottom; a space stands where characters
  are further apart than a fifth of their height.

Long: one geometry — ruling lines, cell boxes, column bands and lines of characters — is shared by
every step that rebuilds a table; split apart, each part would need the others' private shapes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import NamedTuple

# A line that starts a numbered heading ("二、", "（三）", "4.") starts a paragraph of its own.
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、．.](?!\d))")
TOL = 2.0  # points: rules closer than this are the same rule; a rule thinner than 3 pt is a line
# Sort keys (a page has thousands of characters: itemgetter is C, a lambda a Python call each; a
# Char's fields by position, which is quicker than by name).
_TOP_LEFT = itemgetter(2, 1)  # Char.y0, Char.x0
_LEFT = itemgetter(1)
_TOP, _BOTTOM = itemgetter(2), itemgetter(4)
_POS_START = attrgetter("pos", "start")


class Char(NamedTuple):
    """One character and its box (a tuple: thousands a page, made by ``tuple.__new__`` in C)."""

    text: str
    x0: float
    y0: float  # top
    x1: float
    y1: float  # bottom


@dataclass(slots=True)
class Rule:
    """A horizontal (``pos`` = y, span in x) or vertical (``pos`` = x, span in y) ruling line."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass
class Cell:
    r0: int
    c0: int
    r1: int  # last row it covers (inclusive)
    c1: int  # last column it covers (inclusive)
    chars: list = field(default_factory=list)
    text: str = ""


@dataclass
class Grid:
    """One table: column edges ``xs``, row edges ``ys`` and its cells (merged cells once)."""

    xs: list[float]
    ys: list[float]
    cells: list[Cell]

    @property
    def nrows(self) -> int:
        return len(self.ys) - 1

    def rows(self) -> list[list[str]]:
        """The cells starting in each row, left to right (positions a merged cell covers left out)."""
        out: list[list[str]] = [[] for _ in range(self.nrows)]
        for cell in sorted(self.cells, key=lambda c: (c.r0, c.c0)):
            out[cell.r0].append(cell.text)
        return out


# ---- lines of text ----------------------------------------------------------------------------------

def text_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines (top to bottom), each sorted left to right.

    A character joins the latest of the last three lines whose band (its first character's top
    to bottom) holds the character's centre, else starts a line.
    """
    lines: list[list[Char]] = []
    bands: list[tuple[float, float]] = []
    top = bottom = 0.0  # the last line's band
    for ch in sorted(chars, key=_TOP_LEFT):
        cy = (ch.y0 + ch.y1) / 2
        if lines and top <= cy <= bottom:  # most characters go on with the line before them
            lines[-1].append(ch)
            continue
        for i in range(len(lines) - 2, max(-1, len(lines) - 4), -1):
            if bands[i][0] <= cy <= bands[i][1]:
                lines[i].append(ch)
                break
        else:
            lines.append([ch])
            top, bottom = ch.y0, ch.y1
            bands.append((top, bottom))
    for line in lines:
        line.sort(key=_LEFT)
    return lines


def _height(line: list[Char]) -> float:
    return max([c.y1 - c.y0 for c in line]) or 1.0


def line_text(line: list[Char], height: float | None = None) -> str:
    """A line's characters, a space where a gap wider than a fifth of the line's height opens
    (``height`` the line's height when the caller has it already)."""
    if len(line) == 1:
        return line[0].text
    gap = 0.2 * (_height(line) if height is None else height)
    parts = [line[0].text]
    prev_x1 = line[0].x1
    for ch in line[1:]:
        if ch.x0 - prev_x1 > gap:
            parts.append(" ")
        parts.append(ch.text)
        prev_x1 = ch.x1
    return "".join(parts)


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef"


def block_text(chars: list[Char]) -> str:
    """A cell's characters as one string: its lines joined, with no space between CJK characters."""
    if len(chars) == 1:
        return chars[0].text
    out = ""
    for line in text_lines(chars):
        out = join_text(out, line_text(line))
    return out


def join_text(first: str, second: str) -> str:
    """Two pieces of one cell's text, wrapped between lines: a space unless both sides are CJK."""
    if not first or not second:
        return first or second
    return first + ("" if _is_cjk(first[-1]) and _is_cjk(second[0]) else " ") + second


# ---- ruled tables -------------------------------------------------------------------------------------

def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Collinear rules that touch or overlap become one."""
    out: list[Rule] = []
    for horizontal in (True, False):
        group = sorted((r for r in rules if r.horizontal == horizontal), key=_POS_START)
        lines: list[Rule] = []
        for rule in group:
            for line in reversed(lines):
                if rule.pos - line.pos > TOL:
                    line = None
                    break
                if rule.start <= line.end + TOL and rule.end >= line.start - TOL:
                    line.start = min(line.start, rule.start)
                    line.end = max(line.end, rule.end)
                    break
            else:
                line = None
            if line is None:
                lines.append(Rule(horizontal, rule.pos, rule.start, rule.end))
        out.extend(lines)
    return out


def rule_groups(rules: list[Rule]) -> list[list[Rule]]:
    """Sets of rules connected by crossings: each with horizontal and vertical rules is a table."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # a horizontal and a vertical rule touch where each reaches the other's line (within TOL)
    spans = [(v.pos, v.start - TOL, v.end + TOL) for v in vs]
    for i, h in enumerate(hs):
        left, right, y = h.start - TOL, h.end + TOL, h.pos
        for j, (x, top, bottom) in enumerate(spans):
            if left <= x <= right and top <= y <= bottom:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Rule]] = {}
    everything = hs + vs
    for i, rule in enumerate(everything):
        groups.setdefault(find(i), []).append(rule)
    return [g for g in groups.values()
            if sum(r.horizontal for r in g) >= 2 and sum(not r.horizontal for r in g) >= 2]


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= TOL:
            continue
        out.append(v)
    return out


def build_grid(group: list[Rule]) -> Grid:
    """The cells a connected set of rules draws; a rectangle with no rule inside is one cell."""
    hs = [r for r in group if r.horizontal]
    vs = [r for r in group if not r.horizontal]
    # the rules' far ends close the grid: a row cut by a page break has no rule below it, only
    # the vertical rules running to the page's end
    xs = _edges([v.pos for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
    ys = _edges([h.pos for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)])

    # vertical[c][r]: a rule on column edge c beside row r (through the row's middle);
    # horizontal[r][c]: a rule on row edge r above column c
    row_mids = [(a + b) / 2 for a, b in zip(ys, ys[1:])]
    col_mids = [(a + b) / 2 for a, b in zip(xs, xs[1:])]
    vertical = [_drawn(vs, x, row_mids) for x in xs]
    horizontal = [_drawn(hs, y, col_mids) for y in ys]

    nrows, ncols = len(ys) - 1, len(xs) - 1
    taken = [[False] * ncols for _ in range(nrows)]
    cells = []
    for r in range(nrows):
        for c in range(ncols):
            if taken[r][c]:
                continue
            c1 = c
            while c1 + 1 < ncols and not vertical[c1 + 1][r] and not taken[r][c1 + 1]:
                c1 += 1
            r1 = r
            while r1 + 1 < nrows and not any(horizontal[r1 + 1][c:c1 + 1]) and not any(taken[r1 + 1][c:c1 + 1]):
                r1 += 1
            for rr in range(r, r1 + 1):
                taken[rr][c:c1 + 1] = [True] * (c1 + 1 - c)
            cells.append(Cell(r, c, r1, c1))
    return Grid(xs, ys, cells)


def _drawn(rules: list[Rule], pos: float, mids: list[float]) -> list[bool]:
    """Whether a rule on the edge at ``pos`` (one within TOL of it) runs through each middle (its
    span widened by TOL)."""
    hit = [False] * len(mids)
    for rule in rules:
        if abs(rule.pos - pos) <= TOL:
            a, b = rule.start - TOL, rule.end + TOL
            hit = [h or a <= m <= b for h, m in zip(hit, mids)]
    return hit


def fill_grid(grid: Grid, chars: list[Char]) -> list[Char]:
    """Put each character in the cell its centre lies in; returns the characters outside the grid."""
    xs, ys = grid.xs, grid.ys
    owner: list[list[Cell]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]  # type: ignore[list-item]
    for cell in grid.cells:
        for r in range(cell.r0, cell.r1 + 1):
            owner[r][cell.c0:cell.c1 + 1] = [cell] * (cell.c1 + 1 - cell.c0)
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    outside = []
    for ch in chars:
        cy = (ch.y0 + ch.y1) / 2
        if top < cy < bottom:  # most characters outside lie above or below the table
            cx = (ch.x0 + ch.x1) / 2
            if left < cx < right:
                owner[bisect_right(ys, cy) - 1][bisect_right(xs, cx) - 1].chars.append(ch)
                continue
        outside.append(ch)
    for cell in grid.cells:
        cell.text = block_text(cell.chars) if cell.chars else ""
        cell.chars = []
    return outside


# ---- tables without rules -------------------------------------------------------------------------------

def _chunks(line: list[Char], height: float | None = None) -> list[list[Char]]:
    """A line cut where the gap is two character heights or more."""
    gap = 2.0 * (_height(line) if height is None else height)
    cuts = [i for i in range(1, len(line)) if line[i].x0 - line[i - 1].x1 >= gap]
    if not cuts:
        return [line]
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)])]


def _bands(rows: list[list[list[Char]]]) -> list[tuple[float, float]] | None:
    """Column bands: x ranges where the chunks of every row overlap; None if chunks straddle."""
    spans = sorted((ch[0].x0, ch[-1].x1) for row in rows for ch in row)
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands] if len(bands) >= 2 else None


def _place(run: list[list[list[Char]]], bands: list[tuple[float, float]]) -> list[list[str]] | None:
    """Each line's chunks in their column bands ('' where a line has none); None when two chunks
    of one line fall in one band (a chunk ran across a column: nothing says where it belongs)."""
    table = []
    for row in run:
        cells: list[str | None] = [None] * len(bands)
        for chunk in row:
            k = next(i for i, (a, b) in enumerate(bands) if a <= chunk[0].x0 <= b)
            if cells[k] is not None:
                return None
            cells[k] = line_text(chunk)
        table.append([c or "" for c in cells])
    return table


def unruled_rows(lines: list[list[Char]], heights: list[float]) -> list[tuple[str, object]]:
    """("line", chars) for plain lines, ("gapped", chars) for lines wide gaps split that form no
    table, and ("rows", rows) for runs of ≥ 3 lines that form columns (``heights`` the lines')."""
    items: list[tuple[str, object]] = []
    run: list[list[list[Char]]] = []

    def flush() -> None:
        bands = _bands(run) if len(run) >= 3 else None
        table = _place(run, bands) if bands else None
        if table is None:
            items.extend(("gapped", [c for chunk in row for c in chunk]) for row in run)
        else:
            items.append(("rows", table))
        run.clear()

    for line, height in zip(lines, heights):
        chunks = _chunks(line, height)
        if len(chunks) >= 2:
            run.append(chunks)
            continue
        flush()
        items.append(("line", line))
    flush()
    return items


# ---- a whole page -----------------------------------------------------------------------------------------

def page_parts(chars: list[Char], rules: list[Rule]) -> tuple[list[Grid], list[list[Char]]]:
    """The ruled tables of a page (filled with their characters) and the lines of text outside them."""
    grids = []
    rest = chars
    for group in rule_groups(merge_rules(rules)):
        grid = build_grid(group)
        outside = fill_grid(grid, rest)
        # a frame around one piece of text (a boxed heading, a logo's caption) is not a table
        if sum(1 for c in grid.cells if c.text) >= 2:
            grids.append(grid)
            rest = outside
    return grids, text_lines(rest)


@dataclass
class TextLine:
    """A line of text outside tables, with where it sits and the page's text margins."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    left: float  # the page's leftmost and rightmost text
    right: float
    gapped: bool = False  # wide gaps split it into pieces: a row of figures, not prose

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def full(self) -> bool:
        """Whether the line runs to the right margin (so its paragraph may go on below)."""
        return self.x1 >= self.right - 1.5 * self.height

    def continued_by(self, below: "TextLine", same_page: bool) -> bool:
        """Whether ``below`` goes on with this line's paragraph: neither is split by wide gaps, this
        line is full, ``below`` is not indented and does not start a numbered heading, and (on one
        page) follows within two line heights."""
        if self.gapped or below.gapped or not self.full:
            return False
        if below.x0 > below.left + 0.5 * below.height or HEADING.match(below.text):
            return False
        return not same_page or 0 <= below.y0 - self.y1 <= 2.0 * self.height


def page_items(grids: list[Grid], lines: list[list[Char]]) -> list[tuple[str, object]]:
    """The page's items top to bottom: ("table", Grid), ("rows", [[str]]) and ("text", TextLine)."""
    placed: list[tuple[float, int, str, object]] = [(g.ys[0], 0, "table", g) for g in grids]
    if lines:
        left = min(line[0].x0 for line in lines)
        # the right margin is where at least two lines end: one line alone is not a paragraph
        ends = sorted((line[-1].x1 for line in lines), reverse=True)
        right = ends[1] if len(ends) > 1 else float("inf")
    tops = [min(map(_TOP, line)) for line in lines]
    heights = list(map(_height, lines))  # a "line" or "gapped" item has its line's characters
    k = 0
    for kind, item in unruled_rows(lines, heights):
        if kind != "rows":
            item = TextLine(line_text(item, heights[k]), item[0].x0, item[-1].x1, tops[k], max(map(_BOTTOM, item)),
                            left, right, kind == "gapped")
            kind = "text"
        placed.append((tops[k], 1, kind, item))
        k += len(item) if kind == "rows" else 1
    placed.sort(key=lambda p: (p[0], p[1]))
    return [(kind, item) for _, _, kind, item in placed]
