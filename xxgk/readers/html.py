"""HTML pages (often exported from Word) to text.

The page title goes on the first line, then the body in document order: block elements
(p, div, h1-h6, li, br, tr, ...) break lines, data tables become TAB-joined rows. Scripts,
styles and comments (including Word's ``<!--[if !supportLists]-->`` residue) are dropped;
entities are decoded by the parser.

Tables: a table nested inside a data cell is flattened into that cell's text. A table whose
own cells hold a table of two or more rows is a *layout* table (old CMS pages wrap the whole
article in one); its cells are read as ordinary blocks so the data tables inside keep their
rows. The walk is iterative (lxml's iterwalk), so nesting depth cannot exhaust Python's stack;
libxml2 caps nesting at 2048 levels, and a page deeper than that is re-read with its
div/span/font tags flattened (with a warning) rather than silently cut short. Most data tables
are *plain* (rows of td/th cells, no table, row or cell inside a cell, only whitespace between
cells): the walk reads those cell by cell straight from the tree, the same rows for about two
thirds of the CPU of an event per start and end of every element.
"""

from __future__ import annotations

import re

from lxml import etree

from xxgk.errors import ReportError
from xxgk.readers.document import Document, TextBuilder

# Subtrees whose text is never report content.
_DROP = ("script", "style", "noscript", "template", "head", "title", "xml", "iframe", "object",
         "embed", "svg", "math")
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article header footer "
    "nav aside main form fieldset legend address figure figcaption hr center caption body "
    "html details summary menu dir option textarea br".split()
)
_CELL = frozenset(("td", "th"))
_ROW_GROUPS = frozenset(("tbody", "thead", "tfoot"))
# What the walk does at a tag: a block breaks the line, a cell, a row and a table build a grid; any
# other tag only passes its text on. (libxml2's HTML parser gives tag names in lower case.)
_BLOCK_TAG, _CELL_TAG, _ROW_TAG, _TABLE_TAG = 1, 2, 3, 4
_KIND = dict.fromkeys(_BLOCK, _BLOCK_TAG) | dict.fromkeys(_CELL, _CELL_TAG) | {"tr": _ROW_TAG, "table": _TABLE_TAG}
_WS = re.compile(r"[ \t\n\r\f]+")
_OWN_ROWS = etree.XPath("count(tr|thead/tr|tbody/tr|tfoot/tr)")
# Tags that only nest (and so make a page too deep) without carrying table structure.
_FLATTENABLE = re.compile(r"<(/?)(div|span|font|b|i|u|strong|em|a|small|big|center|section|"
                          r"article|label|o:p)\b[^>]*>", re.I)


class _Table:
    """A data table being read: finished rows, the open row, the open cell's text pieces."""

    __slots__ = ("rows", "row", "cell")

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def close_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row = []
            self.row.append(_collapse("".join(self.cell)))
            self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        if self.row is not None:
            self.rows.append(self.row)
            self.row = None


def _collapse(text: str) -> str:
    """Runs of HTML whitespace as one space (most cells and lines have none to collapse: two C scans
    say so)."""
    if text.isprintable() and "  " not in text:
        return text
    return _WS.sub(" ", text)


def read_html(path: str, text: str, encoding: str, warnings: tuple[str, ...] = ()) -> Document:
    """Read an HTML page (already decoded) into a Document with format "html"."""
    warnings = list(warnings)
    try:
        root, too_deep = _parse(text)
        if too_deep:
            root, too_deep = _parse(_FLATTENABLE.sub(_flatten_tag, text))
            if too_deep:
                raise ReportError(path, "the HTML nests tags over 2048 levels deep; it cannot be read")
            warnings.append("the page nests tags over 2048 levels deep; "
                            "it was read with div/span/font tags flattened")
        if root is None:
            raise ReportError(path, "the HTML page has no visible text")
        out = TextBuilder()
        title = next(root.iterdescendants("title"), None)  # as find(".//title"), without its setup
        if title is not None:
            out.paragraph(_WS.sub(" ", "".join(title.itertext())))
        etree.strip_elements(root, *_DROP, with_tail=False)
        body = root.find("body")
        _walk(root if body is None else body, out)
    except ReportError:
        raise
    except (etree.LxmlError, ValueError) as exc:
        raise ReportError(path, f"cannot parse the HTML: {exc}")
    result = out.text()
    if not result:
        raise ReportError(path, "the HTML page has no visible text")
    return Document(path, "html", result, encoding, tuple(warnings))


def _parse(text: str):
    """Parse to (root, too_deep); too_deep when libxml2 hit its nesting limit and stopped."""
    # Passed as UTF-8 bytes with the encoding fixed: the text is already decoded, so a
    # <meta charset> that disagrees must not re-decode it, and lxml refuses str input that
    # carries an XML encoding declaration.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              huge_tree=True, no_network=True)
    root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    return root, any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _flatten_tag(match: re.Match) -> str:
    return "<br>" if match.group(2).lower() in ("div", "center", "section", "article") else ""


def _layout_tables(root) -> set:
    """Tables whose own cells hold a table of 2+ rows: read as blocks, not as a grid.

    One pass over all tables; each looks up only to its nearest enclosing table, and counts its
    rows (an XPath call, costlier than the look-up) only when it has one.
    """
    layout = set()
    for table in root.iter("table"):
        outer = next(table.iterancestors("table"), None)
        if outer is not None and outer not in layout and _OWN_ROWS(table) >= 2:
            layout.add(outer)
    return layout


def _walk(top, out: TextBuilder) -> None:
    layout = _layout_tables(top)
    line: list[str] = []
    # Stack of open tables: a _Table (data), "layout", or "flat" (a table inside a data cell).
    stack: list = []
    table: _Table | None = None  # the innermost open table when it is a data table
    # Where text goes now: the open cell, the paragraph (``line``), or None (between the cells of
    # a data table). Recomputed only when a table, row or cell opens or closes; text and inline
    # tags, most of the events, then cost one lookup.
    target: list[str] | None = line
    pre = 0

    def retarget() -> list[str] | None:
        if not stack:
            return line
        top = stack[-1]
        if top == "flat":
            return _innermost_cell(stack)
        if top == "layout":
            return line
        return top.cell

    def brk() -> None:
        if target is not None and target is not line:  # inside a cell: a break is a space
            target.append(" ")
        elif line:
            text = "".join(line)
            if not text.isspace():  # most lines between blocks are only the source's indentation
                out.paragraph(_collapse(text))
            line.clear()

    def emit(s: str) -> None:
        if target is None:  # stray text between cells: keep it, after the table
            if not s.isspace():
                line.append(s)
            elif line and not line[-1][-1:].isspace():
                line.append(" ")  # between two pieces of it: "1 2" must not read 12
        elif pre and target is line and "\n" in s:
            parts = s.split("\n")
            for part in parts[:-1]:
                line.append(part)
                brk()
            line.append(parts[-1])
        else:
            target.append(s)

    kinds = _KIND
    walker = etree.iterwalk(top, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        kind = kinds.get(tag)
        if kind is None:  # an inline tag: its text, then after it its tail
            if type(tag) is not str:
                continue
            text = el.text if event == "start" else el.tail
            if text:
                if target is not None and not pre:
                    target.append(text)
                else:
                    emit(text)
            continue
        if event == "start":
            if kind == _CELL_TAG and table is not None:
                if table.cell is not None:
                    table.close_cell()
                target = table.cell = []
            elif kind == _ROW_TAG and table is not None:
                table.close_row()
                table.row = []
                target = None
            elif kind == _TABLE_TAG:
                if target is not None and target is not line:  # a table inside a cell
                    target.append(" ")
                    stack.append("flat")
                elif el in layout:
                    brk()
                    stack.append("layout")
                else:
                    brk()
                    stack.append(_Table())
                    rows = _plain_rows(el)
                    if rows is not None:  # read already: go straight to the table's end
                        stack[-1].rows = rows
                        walker.skip_subtree()
                table = stack[-1] if type(stack[-1]) is _Table else None
                target = retarget()
            else:
                brk()
                if tag == "pre":
                    pre += 1
            text = el.text
        else:
            if kind == _CELL_TAG and table is not None:
                table.close_cell()
                target = None
            elif kind == _ROW_TAG and table is not None:
                table.close_row()
                target = None
            elif kind == _TABLE_TAG:
                if stack:
                    closed = stack.pop()
                    table = stack[-1] if stack and type(stack[-1]) is _Table else None
                    target = retarget()
                    if type(closed) is _Table:
                        closed.close_row()
                        if line:  # stray text that sat between cells
                            out.paragraph(_collapse("".join(line)))
                            line.clear()
                        out.table(closed.rows)
                    elif closed == "flat":
                        target.append(" ")
                    else:
                        brk()
            elif tag != "br":
                brk()
                if tag == "pre":
                    pre -= 1
            text = el.tail
        if text:
            if target is not None and not pre:
                target.append(text)
            else:
                emit(text)
    brk()
    while stack:  # unclosed tables at the end of a cut-off page
        kind = stack.pop()
        if isinstance(kind, _Table):
            kind.close_row()
            out.table(kind.rows)


def _plain_rows(table) -> list[list[str]] | None:
    """The rows of a plain data table, read straight from the tree as the walk reads them; None
    when the table is not plain.

    Plain: rows (tr, in the table or in its tbody/thead/tfoot) of cells (td/th) with no table,
    row or cell inside a cell, and nothing but whitespace between them (which the walk drops).
    Most tables are plain, and reading one here costs about two thirds of the walk's event per
    start and end of every element.
    """
    if not _blank(table.text):
        return None
    rows = []
    for part in table:
        if part.tag == "tr":
            trs = (part,)
        elif part.tag in _ROW_GROUPS and _blank(part.text) and _blank(part.tail):
            trs = part
        else:
            return None
        for tr in trs:
            if tr.tag != "tr" or not _blank(tr.text) or not _blank(tr.tail):
                return None
            row = []
            for cell in tr:
                if cell.tag not in _CELL or not _blank(cell.tail):
                    return None
                if len(cell):
                    text = _cell_text(cell)
                    if text is None:
                        return None
                else:
                    text = cell.text or ""
                row.append(_collapse(text))
            rows.append(row)
    return rows


def _blank(text: str | None) -> bool:
    """No text, or only whitespace: what the walk drops between the cells of a data table."""
    return not text or text.isspace()


def _cell_text(cell) -> str | None:
    """A data cell's text as the walk reads it: a block inside is a space before and after it (a
    br: before); None when a table, row or cell is inside. A cell of leaves (most) is read child
    by child, a deeper one with iterwalk."""
    text = cell.text
    pieces = [text] if text else []
    for child in cell:
        if len(child):
            return _deep_cell_text(cell)
        tag = child.tag
        kind = _KIND.get(tag)
        if kind == _BLOCK_TAG:
            pieces.append(" ")
        elif kind is not None or type(tag) is not str:
            return None
        text = child.text
        if text:
            pieces.append(text)
        if kind == _BLOCK_TAG and tag != "br":
            pieces.append(" ")
        text = child.tail
        if text:
            pieces.append(text)
    return "".join(pieces)


def _deep_cell_text(cell) -> str | None:
    """:func:`_cell_text` for a cell with elements inside elements."""
    pieces = []
    for event, el in etree.iterwalk(cell, events=("start", "end")):
        tag = el.tag
        kind = _KIND.get(tag)
        if kind is None:
            if type(tag) is not str:
                return None
            text = el.text if event == "start" else el.tail
        elif kind == _BLOCK_TAG:
            if event == "start":
                pieces.append(" ")
                text = el.text
            else:
                if tag != "br":
                    pieces.append(" ")
                text = el.tail
        elif el is cell:
            text = el.text if event == "start" else None
        else:
            return None
        if text:
            pieces.append(text)
    return "".join(pieces)


def _innermost_cell(stack: list) -> list[str]:
    """The text pieces of the data cell that flattened tables write into."""
    for t in reversed(stack):
        if isinstance(t, _Table) and t.cell is not None:
            return t.cell
    return []  # unreachable for well-formed stacks; a throwaway list keeps the walk going
