"""Readers: any report file (text, HTML, Word .docx, PDF) to one Document.

>>> doc = read_bytes("一、总体情况\\n".encode("gbk"), "report.txt")
>>> (doc.format, doc.encoding, doc.text)
('text', 'gbk', '一、总体情况\\n')

The format is chosen by content first and by the name second, so a ``.docx`` that is
really an HTML page reads as HTML and a ``.txt`` that is really a PDF reads as PDF. Bad
input (empty, binary, undecodable, over 100 MB, a zip bomb, a scanned PDF, a damaged file)
raises :class:`xxgk.errors.ReportError` naming the file and the reason; nothing else is
raised for bad input. See :mod:`xxgk.readers.document` for the text conventions.
"""

from __future__ import annotations

import os

from xxgk.errors import ReportError
from xxgk.readers.detect import MB, decode_text, looks_like_html, size_text, sniff
from xxgk.readers.document import Document

__all__ = ["Document", "MAX_FILE_BYTES", "read_bytes", "read_document"]

MAX_FILE_BYTES = 100 * MB


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
    kind = sniff(data, path)
    # Container readers are imported on first use: pdfplumber and python-docx take a while
    # to import, and a batch of text reports should not pay for them.
    if kind == "pdf":
        from xxgk.readers.pdf import read_pdf

        return read_pdf(path, data)
    if kind == "docx":
        from xxgk.readers.docx import read_docx

        return read_docx(path, data)
    text, encoding, warnings = decode_text(data, path)
    if looks_like_html(text, path):
        from xxgk.readers.html import read_html

        return read_html(path, text, encoding, warnings)
    from xxgk.readers.text import read_text

    return read_text(path, text, encoding, warnings)
