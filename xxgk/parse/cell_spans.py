"""A row of separated cells (TAB or pipe) that is short of its columns: a merged cell spans them.

Readers keep a blank cell as an empty one and print a merged cell once, where it starts, leaving
the columns it covers absent (``xxgk.readers.document``). So a row of separated cells with fewer
cells than columns lost no blank cell: a figure spans two columns (``colspan=2``, a Word
``gridSpan``), and which of them it belongs to is not printed. Such a row is no sign that the
report's crawler drops blank cells (the evidence ``blank_cells`` places blanks by), and a printed
figure in it is never cut into two cells: where "0 | 0 | 0 | 0 | 0 | 11" stands for seven columns,
0 … 0 | 1 | 1 adds up, but so does 11 in a cell left out (a merged or missing cell) — the row's sums
cannot tell a cut from an absent cell, so the row is left unread, never cut or shifted.

Layer: parse (its own ``tokens``).
"""

from __future__ import annotations

from collections.abc import Sequence

from xxgk.parse.tokens import Token


def spanned(tokens: Sequence[Token]) -> bool:
    """Whether a row short of cells is a row of separated cells (a merged cell spans columns)
    rather than figures whose blank cells a crawler dropped."""
    return any(t.col >= 0 for t in tokens)
