"""A row of separated cells (TAB or pipe) that is short of its columns: a merged cell spans them.

Readers keep a blank cell as an empty one and print a merged cell once, where it starts, leaving
the columns it covers absent (``xxgk.readers.document``). So a row of separated cells with fewer
cells than columns lost no blank cell: a figure spans two columns (``colspan=2``, a Word
``gridSpan``), and which of them it belongs to is not printed. Such a row is no sign that the
report's crawler drops blank cells (the evidence ``blank_cells`` places blanks by), and a printed
figure in it is cut into two cells ("15" → 1 | 5) only where the row's sums confirm the cut;
otherwise the row is left unread, never shifted.

Layer: parse (its own ``tokens``, ``split_evidence``).
"""

from __future__ import annotations

from collections.abc import Sequence

from xxgk.parse.split_evidence import RowSpec
from xxgk.parse.tokens import Token


def spanned(tokens: Sequence[Token]) -> bool:
    """Whether a row short of cells is a row of separated cells (a merged cell spans columns)
    rather than figures whose blank cells a crawler dropped."""
    return any(t.col >= 0 for t in tokens)


def may_cut(tokens: Sequence[Token], spec: RowSpec) -> bool:
    """Whether the printed figures of a short row may be cut into more cells: only by the row's
    sums where its cells are separated, and never a row of zeros there (zeros add up however they
    are placed, and the missing cell need not be 0: a spanning cell, or a word such as 不详 in the
    总计 cell taken for label text)."""
    if not spanned(tokens):
        return True
    return spec.check is not None and any(t.text.strip("0") for t in tokens)
