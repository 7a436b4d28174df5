"""Readers: any report file (text, HTML, Word .docx/.doc/.wps/.rtf, PDF, scanned images, Excel/WPS
spreadsheets) to one Document.

>>> doc = read_bytes("一、总体情况\\n".encode("gbk"), "report.txt")
>>> (doc.format, doc.encoding, doc.text)
('text', 'gbk', '一、总体情况\\n')

The format is chosen by content first and by the name second, so a ``.docx`` that is
really an HTML page reads as HTML and a ``.txt`` that is really a PDF reads as PDF. Bad
input (empty, binary, undecodable, over 100 MB, a zip bomb, a scanned PDF, a damaged file)
raises :class:`xxgk.errors.ReportError` naming the file and the reason; nothing else is
raised for bad input. See :mod:`xxgk.readers.document` for the text conventions.

Limits by cost, not only by size: a file small on disk can cost gigabytes to read. Besides the
100 MB file and the Word file's unpacked sizes (:mod:`xxgk.readers.docx`), a report's text, an
HTML page's source, the cells of its tables and a PDF's pages are limited, each far above any real
report (the real corpus: under 8,000 characters, 230,000 characters of HTML, 300 cells).

Layer: readers — its modules import only each other and the base modules (``xxgk.errors``);
never the parser, the rules or the database.
"""

from __future__ import annotations

import os

from xxgk.errors import ReportError, limit_error
from xxgk.readers.detect import MB, decode_text, looks_like_html, size_text, sniff
from xxgk.readers.document import Document

__all__ = ["Document", "MAX_FILE_BYTES", "read_bytes", "read_document"]

MAX_FILE_BYTES = 100 * MB
MAX_TEXT_CHARS = 1_000_000  # a report's text, as read
MAX_HTML_CHARS = 10_000_000  # an HTML page's source, before it is parsed (about 330 MB parsed)
MAX_TABLE_CELLS = 50_000  # the cells of all a report's tables
MAX_PDF_PAGES = 200


def read_document(path: str | os.PathLike, data: bytes | None = None) -> Document:
    """Read the file at ``path`` (or ``data``, its bytes, if given) into a Document.

    ``Document.path`` is ``path`` as given. A file over 100 MB is refused from its size,
    before it is read.
    """
    name = os.fsdecode(path)
    if data is None:
        data = _read_file(name)
    return _read(name, data)


def read_bytes(data: bytes, name: str) -> Document:
    """Read uploaded bytes; ``name`` labels messages and serves as the file-name hint."""
    return _read(name, data)


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb", buffering=0) as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_big(path, size)
            # Ask for exactly the size (plus one byte to notice growth): asking for the limit
            # would allocate 100 MB for every small file.
            data = f.read(size + 1)
            if len(data) > size or size == 0:  # grew, or a file that reports no size
                data += f.read(MAX_FILE_BYTES + 1 - len(data)) or b""
            if len(data) > MAX_FILE_BYTES:
                raise _too_big(path, len(data))
    except ReportError:
        raise
    except FileNotFoundError:
        raise ReportError(path, "no such file") from None
    except IsADirectoryError:
        raise ReportError(path, "is a directory, not a file") from None
    except PermissionError:
        raise ReportError(path, "permission denied") from None
    except OSError as exc:
        raise ReportError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return data


def _too_big(path: str, size: int) -> ReportError:
    return ReportError(path, f"the file is {size_text(size)} MB, over the 100 MB limit")


def _read(path: str, data: bytes) -> Document:
    if not isinstance(data, bytes):
        data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(path, len(data))
    if not data:
        raise ReportError(path, "the file is empty")
    return _within_limits(_read_kind(path, data))


def _read_kind(path: str, data: bytes) -> Document:
    kind = sniff(data, path)
    # Container readers are imported on first use: pypdfium2 and python-docx take a while
    # to import, and a batch of text reports should not pay for them.
    if kind == "pdf":
        from xxgk.readers.pdf import read_pdf

        return read_pdf(path, data, check_pages=lambda pages: _check_pages(path, pages))
    if kind == "image":
        from xxgk.readers.ocr import read_image

        return read_image(path, data, MAX_PDF_PAGES)
    if kind in ("doc", "rtf"):
        from xxgk.readers.office import read_legacy_word

        return read_legacy_word(path, data, kind)
    if kind in ("xlsx", "xls"):
        from xxgk.readers.office import read_sheets

        return read_sheets(path, data, kind)
    if kind == "docx":
        from xxgk.readers.docx import read_docx

        return read_docx(path, data)
    text, encoding, warnings = decode_text(data, path)
    if looks_like_html(text, path):
        from xxgk.readers.html import read_html

        if len(text) > MAX_HTML_CHARS:
            raise limit_error(
                path, f"the HTML page has {len(text):,} characters, over the {MAX_HTML_CHARS:,} character limit",
                f"网页源码共 {len(text):,} 个字符，超过 {MAX_HTML_CHARS:,} 个字符的上限")
        return read_html(path, text, encoding, warnings)
    from xxgk.readers.text import read_text

    _check_text(path, text)
    return read_text(path, text, encoding, warnings)


def _check_text(path: str, text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise limit_error(
            path, f"the report's text has {len(text):,} characters, over the {MAX_TEXT_CHARS:,} character limit",
            f"报告文字共 {len(text):,} 字，超过 {MAX_TEXT_CHARS:,} 字的上限（真实年报不足 1 万字）")


def _within_limits(doc: Document) -> Document:
    """The document, if its text and tables are within the limits the parser and database can afford."""
    _check_text(doc.path, doc.text)
    tabs = doc.text.count("\t")
    if 2 * tabs <= MAX_TABLE_CELLS:  # a line of cells holds at least one TAB: at most 2 × TABs cells
        return doc
    cells = sum(line.count("\t") + 1 for line in doc.text.split("\n") if "\t" in line)
    if cells > MAX_TABLE_CELLS:
        raise limit_error(
            doc.path, f"the report's tables have {cells:,} cells, over the {MAX_TABLE_CELLS:,} cell limit",
            f"报告的表格共 {cells:,} 个单元格，超过 {MAX_TABLE_CELLS:,} 个的上限（真实年报不足 300 个）")
    return doc


def _check_pages(path: str, pages: int) -> None:
    """Refuse a PDF over the page limit from its page tree, before any page is read (the PDF
    reader calls this once it has opened the file, so the file is opened once)."""
    if pages > MAX_PDF_PAGES:
        raise limit_error(path, f"the PDF has {pages} pages, over the {MAX_PDF_PAGES} page limit",
                          f"PDF 共 {pages} 页，超过 {MAX_PDF_PAGES} 页的上限")
