"""PDF to text with pdfplumber.

Per page, top to bottom: tables found by ``page.find_tables()`` become TAB-joined rows
(None cells — grid positions covered by a merged cell — are left out, '' stays a blank
cell), and the text outside the tables' boxes comes out line by line in between. Duplicate
characters (fake bold drawn twice) are removed first. A PDF without any text layer is a
scan and needs OCR; an encrypted or damaged PDF is refused with the reason.
"""

from __future__ import annotations

import io
import re

from xxgk.errors import ReportError
from xxgk.readers.document import Document, TextBuilder

_CID = re.compile(r"\(cid:\d+\)")
# Page furniture that may sit between the two parts of a table split by a page break.
_PAGE_NUMBER = re.compile(r"^[\s\-—–第页共/0-9]*$")
NO_TEXT_LAYER = "the PDF has no text layer (scanned image); it needs OCR"


def read_pdf(path: str, data: bytes) -> Document:
    """Read a PDF (bytes) into a Document with format "pdf"."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    pages: list[list[tuple]] = []
    warnings: list[str] = []
    imageonly: list[int] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if not page.chars:
                    if page.images:
                        imageonly.append(number)
                    pages.append([("gap", None)])  # a table does not continue across it
                    continue
                pages.append(_page_items(page.dedupe_chars()))
    except Exception as exc:  # pdfminer raises many kinds of error on damaged files
        cause = _unwrap(exc)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower():
            raise ReportError(path, "the PDF is encrypted with a password; it cannot be read without it")
        detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        raise ReportError(path, f"cannot read the PDF (damaged or truncated?): {detail}")
    out = TextBuilder()
    for kind, item in _join_pages(pages):
        if kind == "table":
            out.table(item)
        elif kind == "text":
            out.paragraph(item)
    text = out.text()
    if not text:
        raise ReportError(path, NO_TEXT_LAYER)
    cids = len(_CID.findall(text))
    if cids:
        readable = len("".join(_CID.sub("", text).split()))
        if cids > readable:  # mostly unmapped glyphs: the "text" is useless
            raise ReportError(path, "the PDF's fonts carry no character map (text comes out as "
                                    "(cid:N) codes); it needs OCR")
        warnings.append(f"{cids} characters have no character map and read as (cid:N)")
    if imageonly:
        numbers = ", ".join(map(str, imageonly))
        warnings.append(f"page(s) {numbers} have no text layer, only images (scanned?); their content is missing")
    return Document(path, "pdf", text, None, tuple(warnings))


def _page_items(page) -> list[tuple]:
    """("text", line) and ("table", rows) items of one page, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple] = [(t.bbox[1], 0, "table", t.extract()) for t in tables]
    outside = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    for line in outside.extract_text_lines(return_chars=False):
        items.append((line["top"], 1, "text", line["text"]))
    items.sort(key=lambda item: (item[0], item[1]))
    return [(kind, item) for _, _, kind, item in items]


def _join_pages(pages: list[list[tuple]]) -> list[tuple]:
    """All items in order, a table cut by a page break joined back into one.

    A table that ends a page (page numbers aside) continues into a table that starts the
    next page. When both have the same number of columns, an empty cell in the
    continuation's first row under a position the previous row left None is the rest of a
    cell merged down across the break, so it becomes None too (the merged cell appeared).
    """
    items: list[tuple] = []
    for page in pages:
        first = next((i for i, (kind, item) in enumerate(page)
                      if not _is_page_number(kind, item)), None)
        tail = _last_table(items)
        if first is not None and page[first][0] == "table" and tail is not None:
            rows, more = items[tail][1], page[first][1]
            if rows and more and len(rows[-1]) == len(more[0]):
                above = rows[-1]
                more[0] = [None if (c == "" and a is None) else c for c, a in zip(more[0], above)]
            del items[tail + 1:]  # page numbers between the two parts
            rows.extend(more)
            page = page[first + 1:]
        items.extend(page)
    return items


def _last_table(items: list[tuple]) -> int | None:
    """Index of the last item if it is a table followed only by page-number lines."""
    for i in range(len(items) - 1, -1, -1):
        kind, item = items[i]
        if kind == "table":
            return i
        if not _is_page_number(kind, item):
            return None
    return None


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's error as the first argument of a PdfminerException."""
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc


def _is_page_number(kind: str, item) -> bool:
    return kind == "text" and _PAGE_NUMBER.match(item) is not None


def _inside(obj: dict, boxes: list) -> bool:
    """Whether an object's centre lies in one of the table boxes."""
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)
