"""Turn a stretch of normalised report text into label and value tokens.

Readers render every table as lines of TAB-separated cells, and text copied from web pages comes
as pipe rows, one cell per line, or with no separators at all. Whatever the layout, a table is a
sequence of label text followed by the figures of that row; the tokeniser recovers that sequence:

- a line with TABs or pipes is split into cells (a pipe that ends or starts a line terminates a
  cell and is not a cell of its own); an empty cell between figures is a *blank* cell;
- a line with no separator is one cell;
- a cell mixing label text and digits (``规章000行政规范性文件8855698``) is cut into text and
  *runs* of digits, which the row parser splits with the table's arithmetic;
- an item number that stuck to the previous figures (``00000002.其他…``) is given back to its
  label;
- a cell printed unreadable — "?" (what OCR and some converters leave for a character they could
  not read; "？" folds to it), "\ufffd", alone or among the digits of a figure ("1?") — is an
  *unread* cell (``UNREAD``): it keeps its column, and the row reader leaves it unread, never a
  figure, never blank. In a cell mixing label text and figures, a stretch of digits holding such a
  mark is one unread token; a mark inside label text stays label text, and so does an unread cell
  where a label stands (the first cell of a line, or among the column headers).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from xxgk.parse.flat_marks import leading_mark
from xxgk.parse.print_marks import COMMA_GROUPS, is_page_mark
from xxgk.parse.values import is_too_long_figure, is_value_text

TEXT, VALUE, EMPTY, RUN, UNREAD = "text", "value", "empty", "run", "unread"


class Token(NamedTuple):
    kind: str  # TEXT | VALUE | EMPTY | RUN | UNREAD
    text: str
    pos: int  # offset of the token's line in the normalised text
    col: int = -1  # index of the cell in a TAB or pipe line; -1 where the line has no separators
    line: int = 0  # 1-based line number in the normalised text (when the tokeniser was told)


# What a report prints for a character that could not be read: "?" ("？" before normalisation),
# and U+FFFD, the replacement character of a decoder.
_UNREADABLE = re.compile("[?\uff1f\ufffd]")
# A cell holding nothing but such marks and what a figure is made of: an unread figure.
_UNREAD_CELL = re.compile(r"[\d\s.,+\-%?\uff1f\ufffd]+")
# In a cell mixing label text and figures: a stretch of digits and marks (unread if it has a mark).
_RUN_OR_UNREAD = re.compile(r"[\d?\uff1f\ufffd](?:[\d ?\uff1f\ufffd.]*[\d?\uff1f\ufffd])?")
# Digits possibly interrupted by stray spaces or commas (a thousands separator, judged by the
# reader: ``print_marks``), with an optional decimal part and unit.
_RUN = re.compile(r"\d(?:[\d ]*\d)?" + COMMA_GROUPS + r"(?:\.\d+)?(?:万元|元)?")
# An item number: a digit followed by "." or "," (from 、) and then label text.
_ENUMERATOR_AFTER = re.compile(r"[.,]\s*[^\d\s.,]")
# A cell that only numbers the next label: "2.", "2,", "(2)", "2)".
_ENUMERATOR_CELL = re.compile(r"^(?:\d{1,2}\s*[.,]|\(\d{1,2}\)|\d{1,2}\))$")
# Digits that belong to label text: a year ("2018年度"), or a figure inside a parenthesised remark
# ("(单位:万元,保留4位小数)").
_YEAR_AFTER = re.compile(r"\s*年")


def _cells(line: str) -> list[str]:
    if "\t" in line:
        if " " not in line:
            return line.split("\t")
        return [c.strip() for c in line.split("\t")]
    if "|" in line:
        stripped = line.strip()
        if stripped.startswith("|"):
            stripped = stripped[1:]
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        return [c.strip() for c in stripped.split("|")]
    return [line.strip()]


def _split_unread(cell: str) -> tuple[tuple[str, str], ...]:
    """Cut a cell holding label text and an unreadable mark among digits into the (kind, text) of
    its parts: each stretch of digits with a mark in it is UNREAD, the text around it is cut as
    any other mixed cell; a mark with no digit beside it is label text."""
    parts: list[tuple[str, str]] = []
    start = 0
    for m in _RUN_OR_UNREAD.finditer(cell):
        if not (_UNREADABLE.search(m.group()) and _DIGIT.search(m.group())):
            continue
        parts.extend(_cell_tokens_of(cell[start : m.start()]) if cell[start : m.start()].strip() else ())
        parts.append((UNREAD, m.group()))
        start = m.end()
    if start == 0:
        return tuple((t.kind, t.text) for t in _split_mixed(cell, 0, -1))
    if cell[start:].strip():
        parts.extend(_cell_tokens_of(cell[start:]))
    return tuple(parts)


def _split_mixed(cell: str, pos: int, col: int) -> list[Token]:
    """Cut a cell that holds label text and figures into TEXT and RUN tokens."""
    tokens: list[Token] = []
    text_start = 0
    for m in _RUN.finditer(cell):
        run = m.group()
        if _in_remark(cell, m.start()) or (
            len(run) == 4 and run[:2] in ("19", "20") and _YEAR_AFTER.match(cell, m.end())
        ):
            continue  # label text; it stays in the TEXT token around it
        if _ENUMERATOR_AFTER.match(cell, m.end()) and run[-1].isdigit():
            # the last digit numbers the next item ("2.其他法律…"): it belongs to the label
            run = run[:-1].rstrip()
            if not run:
                continue
        if m.start() > text_start:
            tokens.append(Token(TEXT, cell[text_start : m.start()], pos, col))
        tokens.append(Token(RUN, run, pos, col))
        text_start = m.start() + len(run)
    if text_start < len(cell):
        tokens.append(Token(TEXT, cell[text_start:], pos, col))
    return [t for t in _marks_apart(tokens) if t.kind != TEXT or t.text.strip()]


def _marks_apart(tokens: list[Token]) -> list[Token]:
    """A mark right after a run of figures is a cell of that row, not label text (``flat_marks``)."""
    out: list[Token] = []
    for i, token in enumerate(tokens):
        mark = ""
        if token.kind == TEXT and out and out[-1].kind == RUN:
            after = tokens[i + 1].text if i + 1 < len(tokens) and tokens[i + 1].kind == RUN else ""
            mark = leading_mark(token.text + after)[: len(token.text)]
        if mark:
            out.append(token._replace(kind=VALUE, text=mark.strip()))
            token = token._replace(text=token.text[len(mark) :])
        out.append(token)
    return out


def _in_remark(cell: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a short parenthesised or bracketed remark opened just before it
    (a note mark "[1]" among flattened figures is no figure)."""
    for opening, closing in ("()", "[]"):
        opened = cell.rfind(opening, max(0, pos - 16), pos)
        if opened >= 0 and cell.find(closing, opened, pos) < 0 and cell.find(closing, pos, pos + 16) >= 0:
            return True
    return False


_DIGIT = re.compile(r"\d")

# What a cell's or a line's text tokenises to does not depend on where it is: memoised by pure
# functions of the text (``functools.lru_cache``), since the same labels and figures recur in every
# report of a batch. Bounded so that a long batch cannot grow them forever; longer texts (a whole
# flattened report on one line) are not kept: ≤ ~60 MB.
_MEMO_SIZE = 100_000
_MEMO_LENGTH = 300
_new = tuple.__new__


def _cell_tokens(cell: str) -> tuple[tuple[str, str], ...]:
    if len(cell) <= _MEMO_LENGTH:
        return _cell_tokens_memo(cell)
    return _cell_tokens_of(cell)


def _cell_tokens_of(cell: str) -> tuple[tuple[str, str], ...]:
    if _UNREADABLE.search(cell):
        if _UNREAD_CELL.fullmatch(cell):
            return ((UNREAD, cell),)
        if _DIGIT.search(cell):
            return _split_unread(cell)
        return ((TEXT, cell),)  # a mark inside label text
    if not _DIGIT.search(cell):
        return ((VALUE if is_value_text(cell) else TEXT, cell),)  # marks: "/", "无"
    if _ENUMERATOR_CELL.match(cell):
        return ((TEXT, cell),)
    if is_value_text(cell):
        return ((VALUE, cell),)
    return tuple((t.kind, t.text) for t in _split_mixed(cell, 0, -1))


_cell_tokens_memo = functools.lru_cache(maxsize=_MEMO_SIZE)(_cell_tokens_of)


def _line_tokens_of(line: str) -> tuple[tuple[str, str, int], ...]:
    """(kind, text, cell index) of every token of one line."""
    cells = _cells(line)
    if not any(cells) or is_page_mark(line):
        return ()  # a page mark ("3/7", "- 2 -") is a page break between rows, no cell
    parts: list[tuple[str, str, int]] = []
    separated = len(cells) > 1
    for index, cell in enumerate(cells):
        col = index if separated else -1
        if cell == "":
            parts.append((EMPTY, "", col))
            continue
        if separated and is_too_long_figure(cell):
            # a figure too long to be one (values.MAX_DIGITS) keeps its column, unread; digits run
            # together in a line of their own are cut by the row's arithmetic instead
            parts.append((UNREAD, cell, col))
            continue
        for kind, part in _cell_tokens(cell):
            parts.append((kind, part, col))
    if separated and any(kind == UNREAD for kind, _, _ in parts):
        return _unread_in_place(parts)
    return tuple(parts)


def _unread_in_place(parts: list[tuple[str, str, int]]) -> tuple[tuple[str, str, int], ...]:
    """A line's unread cells that stand where a figure may (after a label or a figure on their
    line); those that stand where a label does are label text, as they were printed: the first
    cell of a line ("???? | 0 | 0", a label OCR could not read), and a mark among the column
    headers of a line without figures ("结果维持 | … | ? | 结果维持 | …", an unread 总计)."""
    first = next(i for i, (kind, _, _) in enumerate(parts) if kind != EMPTY)
    headers = not any(kind in (VALUE, RUN) for kind, _, _ in parts) and any(
        kind == TEXT for kind, _, _ in parts[next(i for i, p in enumerate(parts) if p[0] == UNREAD) :]
    )
    return tuple(
        (TEXT, part, col) if kind == UNREAD and (i == first or headers) else (kind, part, col)
        for i, (kind, part, col) in enumerate(parts)
    )


_line_tokens_memo = functools.lru_cache(maxsize=_MEMO_SIZE)(_line_tokens_of)


def line_tokens(line: str) -> tuple[tuple[str, str, int], ...]:
    """(kind, text, cell index) of every token of one line of normalised text (memoised)."""
    return _line_tokens_memo(line) if len(line) <= _MEMO_LENGTH else _line_tokens_of(line)


def tokenize(text: str, base: int = 0, first_line: int = 0, lines: list[str] | None = None) -> list[Token]:
    """Tokens of ``text`` (already normalised); ``pos`` is relative to ``base`` and ``line``
    counts from ``first_line``, the number of the line ``text`` starts in. ``lines``: the
    caller's ``text.split("\\n")``, when it has it already."""
    tokens: list[Token] = []
    append = tokens.append
    memo, limit = _line_tokens_memo, _MEMO_LENGTH
    offset = 0
    number = first_line - 1
    for line in text.split("\n") if lines is None else lines:
        pos = base + offset
        offset += len(line) + 1
        number += 1
        parts = memo(line) if len(line) <= limit else _line_tokens_of(line)
        for kind, part, col in parts:
            append(_new(Token, (kind, part, pos, col, number)))
    return tokens
