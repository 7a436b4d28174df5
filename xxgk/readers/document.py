"""The Document every reader returns, and the text conventions they share.

Everything after the readers is format-blind: it parses ``Document.text``. The conventions:

- one paragraph per line;
- one line per table row, cells joined by TAB; a blank cell stays an empty string (blank is
  not zero); a merged cell appears once, in the row and column where it starts (positions it
  covers are absent, not padded); newlines and tabs inside a cell become one space;
- a blank line before and after each table;
- characters kept as they are (no traditional→simplified, no NFKC), but zero-width
  characters and carriage returns dropped.

:class:`TextBuilder` applies these rules so the HTML, Word and PDF readers cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

FORMATS = ("text", "html", "docx", "pdf", "image", "doc", "rtf", "xlsx", "xls")

# Invisible characters that only split words for the parser: ZWSP, ZWNJ, ZWJ, LRM, RLM,
# WORD JOINER and the BOM / ZWNBSP.
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH_CHARS}]")

# A line break or tab inside a cell, with the blanks around it, collapses to one space.
_CELL_BREAK = re.compile(r"[ \t\u00a0\u3000]*[\t\n\r\v\f\u2028\u2029\x85][\s]*")


@dataclass(frozen=True)
class Document:
    """One input file as text.

    ``path`` is the path (or upload name) as given; ``format`` is the format detected from
    the content (one of ``FORMATS``); ``encoding`` is the detected character
    encoding for text and HTML and None otherwise; ``warnings`` are notes about anything
    read imperfectly (never silent); ``producer`` is the program that wrote a PDF (its
    ``Producer`` metadata; a Word file's application), None for other formats; ``ocr`` is True
    when some of the text was read from images by OCR (scans, image files): the parser then keeps
    only figures the tables' arithmetic confirms.
    """

    path: str
    format: str
    text: str
    encoding: str | None
    warnings: tuple[str, ...] = ()
    producer: str | None = None
    ocr: bool = False


def clean_cell(value: str | None) -> str:
    """A cell's text on one line: inner line breaks and tabs become one space, ends trimmed."""
    if not value:
        return ""
    if value.isprintable():  # no line break, tab or zero-width character (all unprintable)
        return value.strip()
    return ZERO_WIDTH.sub("", _CELL_BREAK.sub(" ", value)).strip()


def drop_invisibles(text: str) -> str:
    """Remove zero-width characters and carriage returns (CRLF and lone CR become LF)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Seven substring scans cost a quarter of one regex pass, and most files have none.
    if any(c in text for c in ZERO_WIDTH_CHARS):
        text = ZERO_WIDTH.sub("", text)
    return text


class TextBuilder:
    """Accumulates paragraphs and tables into text that follows the conventions above."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def paragraph(self, text: str) -> None:
        """Add text as one or more lines (it may contain newlines); blank lines are skipped."""
        if text.isprintable():  # one line, no zero-width character (most paragraphs)
            text = text.strip()
            if text:
                self._lines.append(text)
            return
        for line in ZERO_WIDTH.sub("", text).split("\n"):
            line = line.strip()
            if line:
                self._lines.append(line)

    def table(self, rows: Iterable[Iterable[str | None]]) -> None:
        """Add a table: one TAB-joined line per row, set off by blank lines.

        Each row lists the cells that start in it; None entries (positions covered by a
        merged cell) are skipped, empty strings are kept as blank cells. A row with no text
        in any cell is dropped: it has no label, so its blanks describe nothing (these are
        spacer rows and page-break stubs).
        """
        lines = []
        for row in rows:
            # clean_cell's first test in line: most cells are printable, and a call per cell costs
            cells = [c.strip() if c.isprintable() else clean_cell(c) for c in row if c is not None]
            if any(cells):
                lines.append("\t".join(cells))
        if not lines:
            return
        if self._lines and self._lines[-1] != "":
            self._lines.append("")
        self._lines.extend(lines)
        self._lines.append("")

    def text(self) -> str:
        """The text so far, zero-width characters removed, ending with one newline ('' if none)."""
        while self._lines and self._lines[-1] == "":
            self._lines.pop()
        if not self._lines:
            return ""
        return drop_invisibles("\n".join(self._lines) + "\n")
