"""What a printed table carries besides its cells: thousands separators inside a figure, and
page marks (``3/7``, ``- 2 -``, ``第2页 共7页``) where a page break fell between two rows.

A crawler that flattens a table keeps both as plain characters. A comma between digits ends no
figure of its own: ``7,677`` is one figure when it is a strict thousands pattern (1–3 digits not
starting with 0, then groups of exactly three), and anything else (``1,234,5``, ``0,677``) is
digits nobody can be sure how to read (a separator of two cells? a typo?), so the row stays
unread. A line that is only a page mark is no part of the table; a bare number alone on a line
is not unambiguous and is left to ``lone_numbers``.

Layer: parse (the shared base only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Digits with commas between them: how far a flattened figure reaches (``tokens._RUN``).
COMMA_GROUPS = r"(?:,\d+)*"

_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")


def unsure_commas(pieces: Iterable[str]) -> list[str]:
    """The pieces of a run with a comma between digits that are no strict thousands figure."""
    return [p for p in pieces if "," in p and not _THOUSANDS.fullmatch(p)]


# A page mark alone on a line (the text is normalised: full-width forms folded, 、 and ， are ","):
# "3/7", "- 2 -", "—2—", "第2页", "第 2 页 共 7 页", "共7页 第2页", "第2页/共7页".
_PAGE_MARK = re.compile(
    r"\s*(?:"
    r"(?P<page>\d{1,3})\s*/\s*(?P<of>\d{1,3})"
    r"|[-—–]{1,2}\s*\d{1,3}\s*[-—–]{1,2}"
    r"|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|共\s*\d{1,3}\s*页\s*[,/]?\s*第\s*\d{1,3}\s*页"
    r")\s*"
)


_PAGE_CHARS = re.compile(r"[页/\-—–]")


def is_page_mark(line: str) -> bool:
    """Whether a line (its cells TAB- or pipe-joined) holds nothing but a page mark: a page break
    between two rows, never a cell of either ("3/7" of a page of 7, not 3 | / | 7)."""
    if len(line) > 80 or not _PAGE_CHARS.search(line):
        return False  # (every line of a table is asked: most have none of a page mark's characters)
    cells = [c for c in re.split(r"[\t|]", line) if c.strip()]
    if len(cells) != 1:
        return False
    m = _PAGE_MARK.fullmatch(cells[0])
    if m is None:
        return False
    return m.group("page") is None or 0 < int(m.group("page")) <= int(m.group("of"))
