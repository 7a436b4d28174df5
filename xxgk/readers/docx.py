"""Word .docx to text, with python-docx opening the package.

Paragraphs and tables come out in body order (the children of ``w:body``, looking inside
content controls). A merged cell appears once, where it starts: a horizontal merge is one
``w:tc`` with ``gridSpan``, and the rows a vertical merge continues into (``w:vMerge``
without "restart") are skipped — the same result as python-docx's ``row.cells`` deduplicated
by identity of ``_tc``, without its failure on a continuation cell that has no cell above.
A table nested in a cell is flattened into the cell's text. Before anything is unpacked,
the zip directory is checked so a zip bomb is refused rather than inflated.
"""

from __future__ import annotations

import io
import zipfile

from xxgk.errors import ReportError, limit_error
from xxgk.readers.detect import MB, size_text
from xxgk.readers.document import Document, TextBuilder

MAX_UNPACKED_BYTES = 200 * MB
# Parsed XML costs about 27 times its size in memory (a 190 MB document.xml took 5.1 GB and 32 s); a
# real report's XML parts unpack to under 0.5 MB in all, so 20 MB (about 540 MB parsed) is a wide margin.
MAX_XML_BYTES = 20 * MB
MAX_MEMBERS = 10_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _R = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
_T, _TAB, _BR, _CR = _W + "t", _W + "tab", _W + "br", _W + "cr"
_HYPHEN = _W + "noBreakHyphen"
_VAL = _W + "val"
# Wrappers whose children are body-level (or row-level) content.
_WRAPPERS = (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag")


def read_docx(path: str, data: bytes) -> Document:
    """Read a .docx (bytes) into a Document with format "docx"."""
    _check_zip(path, data)
    try:
        import docx

        body = docx.Document(io.BytesIO(data)).element.body
        # Drawing shapes carry their text twice (mc:Choice and a VML mc:Fallback): keep one.
        for fallback in list(body.iter(_MC_FALLBACK)):
            fallback.getparent().remove(fallback)
        out = TextBuilder()
        for el in _children(body):
            if el.tag == _P:
                out.paragraph(_run_text(el, "\t", "\n"))
            elif el.tag == _TBL:
                out.table(_rows(el))
    except ReportError:
        raise
    except Exception as exc:  # python-docx and lxml fail in many ways on damaged files
        raise ReportError(path, f"cannot read the Word document: {type(exc).__name__}: {exc}")
    text = out.text()
    if not text:
        raise ReportError(path, "the Word document has no text")
    return Document(path, "docx", text, None, (), producer=_application(data))


def _application(data: bytes) -> str | None:
    """The program that wrote the file, from ``docProps/app.xml`` (``<Application>``), if stated."""
    import re

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("docProps/app.xml")
            if info.file_size > 1 * MB:
                return None
            xml = zf.read(info).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    found = re.search(r"<(?:\w+:)?Application>([^<]{1,200})</", xml)
    return found.group(1).strip() or None if found else None


def _check_zip(path: str, data: bytes) -> None:
    """Refuse zip bombs from the sizes the zip directory declares (zipfile enforces them)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReportError(path, f"the Word file is damaged (not a readable zip archive): {exc}")
    if len(infos) > MAX_MEMBERS:
        raise ReportError(path, f"the Word file holds {len(infos)} parts, over the {MAX_MEMBERS} limit")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise ReportError(path, f"the Word file unpacks to {size_text(total)} MB, over the 200 MB limit")
    xml = [info for info in infos if info.filename.lower().endswith((".xml", ".rels"))]
    xml_total = sum(info.file_size for info in xml)
    if xml_total > MAX_XML_BYTES:
        largest = max(xml, key=lambda info: info.file_size)
        raise limit_error(
            path,
            f"the Word file's XML unpacks to {size_text(xml_total)} MB ({largest.filename} "
            f"{size_text(largest.file_size)} MB), over the {MAX_XML_BYTES // MB} MB limit",
            f"Word 文件的 XML 内容解压后共 {size_text(xml_total)} MB，超过 {MAX_XML_BYTES // MB} MB 的上限"
            "（真实年报不足 1 MB），可能是压缩炸弹或损坏的文件",
        )


def _children(parent):
    """Block-level children in order, descending into content-control wrappers (no recursion)."""
    stack = [iter(parent)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
        elif el.tag in _WRAPPERS:
            stack.append(iter(el))
        else:
            yield el


def _run_text(el, tab: str, brk: str) -> str:
    """Text of the runs under ``el``: w:t as is, run tabs and breaks as given.

    Tab stops in paragraph properties are also ``w:tab``; only those inside a run count.
    """
    parts = []
    for node in el.iter(_T, _TAB, _BR, _CR, _HYPHEN, _P):
        tag = node.tag
        if tag == _T:
            if node.text:
                parts.append(node.text)
        elif tag == _P:
            if parts:
                parts.append(brk)  # a paragraph inside a cell or text box
        elif node.getparent().tag != _R:
            continue
        elif tag == _TAB:
            parts.append(tab)
        elif tag == _HYPHEN:
            parts.append("-")
        else:
            parts.append(brk)
    return "".join(parts)


def _rows(tbl):
    """Cells starting in each row; vertically merged continuations are left out."""
    for tr in _children(tbl):
        if tr.tag != _TR:
            continue
        row = []
        for tc in _children(tr):
            if tc.tag != _TC:
                continue
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge.get(_VAL, "continue") != "restart":
                continue
            row.append(_run_text(tc, " ", "\n"))
        yield row
