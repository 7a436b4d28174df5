"""Format and encoding detection: by content first, by file name second.

``sniff`` looks at the first bytes for containers (PDF, Word .docx), images and for known binary
formats that are not reports (images, archives, legacy Office files), ``decode_text`` finds
the character encoding of everything else, and ``looks_like_html`` decides whether decoded
text is an HTML page. The name only breaks ties (an ``.html`` file whose early tags are not
the usual block tags, a ``.md`` file with a stray ``<div>``).
"""

from __future__ import annotations

import io
import re
import zipfile

from xxgk.errors import ReportError

MB = 1024 * 1024

# Byte signatures of formats that are never a report, with how to name them to the user.
_NOT_REPORTS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "looks like a GIF image"),
    (b"GIF89a", "looks like a GIF image"),
    (b"Rar!\x1a\x07", "looks like a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "looks like a 7-Zip archive"),
    (b"\x1f\x8b", "looks like a gzip archive"),
    (b"\x7fELF", "looks like an executable program"),
    (b"%!PS", "looks like a PostScript file; convert it to PDF"),
)

# Images a scanned report comes as: read by OCR (:mod:`xxgk.readers.ocr`).
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office: .doc, .wps, .xls, .et
# The stream that says what an OLE2 file holds, as its directory spells it (UTF-16LE).
_OLE2_KINDS = (("WordDocument".encode("utf-16-le"), "doc"), ("Workbook".encode("utf-16-le"), "xls"),
               ("Book".encode("utf-16-le") + b"\x00\x00", "xls"))

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Zip members that say what a non-Word zip is, so the message can name it.
_ZIP_KINDS = (
    ("ppt/presentation.xml", "looks like a PowerPoint presentation (.pptx)"),
    ("OFD.xml", "looks like an OFD document; convert it to PDF"),
    ("content.xml", "looks like an OpenDocument file (.odt); save it as .docx or PDF"),
)

# Control bytes that do not occur in text in any encoding we read (TAB, LF, VT, FF, CR and
# ESC excluded); UTF-16 is handled before this check because it is full of NULs.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_SAMPLE = 8192

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)

_HTML_NAMES = (".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php")
_MARKDOWN_NAMES = (".md", ".markdown")
_STRONG_HTML = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.I)
_BLOCK_TAG = re.compile(r"<(?:table|p|div|body)[\s>]", re.I)
_TABLE_TAG = re.compile(r"<table[\s>]", re.I)
_ANY_TAG = re.compile(r"<[a-z!/][^<>]*>", re.I)


def size_text(n_bytes: int) -> str:
    """A byte count in MB for messages: '101' or '100.5'."""
    return f"{n_bytes / MB:.1f}".removesuffix(".0")


def sniff(data: bytes, path: str) -> str | None:
    """The container a file is, by its first bytes: "pdf", "docx", "image" (PNG, JPEG, TIFF), "doc"
    (Word 97-2003 or WPS), "rtf", "xlsx" or "xls" (Excel or WPS .et); None for anything that may be text.

    Raises ReportError for binary formats that are not reports (naming them) and for zip
    archives without ``word/document.xml``.
    """
    head = data[:16]
    stripped = data[:1024].lstrip(b" \t\r\n\x00").removeprefix(b"\xef\xbb\xbf")
    if stripped.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(data, path)
    if head.startswith(_IMAGES):
        return "image"
    if head.startswith(_OLE2):
        return _sniff_ole2(data, path)
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    for magic, what in _NOT_REPORTS:
        if head.startswith(magic):
            raise ReportError(path, f"not a report: {what}")
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise ReportError(path, "not a report: looks like a WebP image")
    return None


def _sniff_ole2(data: bytes, path: str) -> str:
    for stream, kind in _OLE2_KINDS:
        if stream in data:
            return kind
    raise ReportError(path, "not a report: a legacy Office file (OLE2) that is neither a Word nor an Excel file")


def _sniff_zip(data: bytes, path: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReportError(path, f"the file is a damaged zip archive (truncated Word file?): {exc}")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    for member, what in _ZIP_KINDS:
        if member in names:
            raise ReportError(path, f"not a report: {what}")
    raise ReportError(path, "not a report: a zip archive without word/document.xml (not a Word .docx)")


def decode_text(data: bytes, path: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode bytes that are not a known container; return (text, encoding, warnings).

    Order: byte-order mark; UTF-16 without BOM (by its NUL pattern); strict UTF-8; strict
    GBK then GB18030 (recorded as "gbk" when GBK suffices, since GB18030 is a superset and
    the bytes are identical); a damaged file with a handful of bad bytes in UTF-8 or
    GB18030 (bad bytes become U+FFFD, with a warning); charset-normalizer as last resort.
    Raises ReportError for binary data and for text no encoding fits.
    """
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            return _decode_or_repair(data[len(bom):], codec, name, path)
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        codec = _utf16_by_nuls(sample)
        if codec is None:
            raise ReportError(path, "not a report: binary data, not text, HTML, Word or PDF")
        return _decode_or_repair(data, codec, codec, path)
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > 2 and controls * 100 > len(sample):
        raise ReportError(path, "not a report: binary data, not text, HTML, Word or PDF")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    for codec in ("gbk", "gb18030"):
        try:
            return data.decode(codec), codec, ()
        except UnicodeDecodeError:
            pass
    return _repair_or_guess(data, path)


def _utf16_by_nuls(sample: bytes) -> str | None:
    """UTF-16 without BOM: ASCII characters (digits, newlines) put NULs on one side only."""
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd * 100 >= pairs and odd >= 4 * even:
        return "utf-16-le"
    if even * 100 >= pairs and even >= 4 * odd:
        return "utf-16-be"
    return None


def _decode_or_repair(data: bytes, codec: str, name: str, path: str):
    try:
        return data.decode(codec), name, ()
    except UnicodeDecodeError:
        repaired = _repair(data, codec, name)
        if repaired is None:
            raise ReportError(path, f"cannot decode the text: it is not valid {codec}")
        return repaired


def _repair(data: bytes, codec: str, name: str):
    """Decode with U+FFFD for bad bytes if they are few (a truncated or damaged file)."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    if bad > max(3, len(data) // 10_000):
        return None
    return text, name, (
        f"{bad} byte sequence(s) are not valid {codec} and became U+FFFD (damaged or truncated file?)",
    )


def _repair_or_guess(data: bytes, path: str):
    for codec in ("utf-8", "gb18030"):
        repaired = _repair(data, codec, codec)
        if repaired is not None:
            return repaired
    from charset_normalizer import from_bytes  # imported late: rarely needed, slow to import

    best = from_bytes(data).best()
    if best is None:
        raise ReportError(path, "cannot decode the text: it is not UTF-8, UTF-16 or GB18030, and no other encoding fits")
    return str(best), best.encoding, (f"encoding guessed as {best.encoding}",)


def looks_like_html(text: str, name: str) -> bool:
    """True when decoded text is an HTML page (or fragment) rather than plain text.

    Strong signs (a doctype or <html> at the start) always win; otherwise a <table>, <p>,
    <div> or <body> tag in the first 4 KB makes it HTML. A Markdown file needs a strong sign or
    a <table> tag, so a stray <div> does not turn its pipe tables into HTML; a file named
    .html needs only some tag.
    """
    head = text[:4096]
    if "<" not in head:
        return False
    head = head.lstrip("\ufeff")
    if _STRONG_HTML.match(head):
        return True
    lower = name.lower()
    if lower.endswith(_MARKDOWN_NAMES):
        return _TABLE_TAG.search(head) is not None
    if _BLOCK_TAG.search(head):
        return True
    return lower.endswith(_HTML_NAMES) and _ANY_TAG.search(head) is not None
