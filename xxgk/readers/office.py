"""Legacy Word files (.doc, WPS .wps, .rtf) through LibreOffice, and spreadsheets (.xlsx, .xls, .et).

A ``.doc``, ``.wps`` or ``.rtf`` file is converted to ``.docx`` by LibreOffice headless
(``soffice --headless --convert-to docx``) in a temporary folder with a profile of its own, so
conversions running side by side never share one, and within a time limit; the Word reader then
reads the result. Where LibreOffice is not installed, the file is refused saying so.

Spreadsheets are read with calamine (``python-calamine``: ``.xlsx``, and the binary ``.xls`` that
WPS's ``.et`` also is): each sheet's rows become TAB rows, an empty row ends a table, a merged
range appears once where it starts, and a whole number stored as 3.0 prints as ``3``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from xxgk.errors import ReportError
from xxgk.readers.document import Document, TextBuilder

SECONDS = 120  # one conversion by LibreOffice
INSTALL = "install LibreOffice (Debian: libreoffice-writer-nogui)"
WORD_SUFFIXES = (".doc", ".wps", ".rtf")
SHEET_SUFFIXES = (".xlsx", ".xls", ".et")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_word(path: str, data: bytes, kind: str) -> Document:
    """A .doc/.wps (``kind`` "doc") or .rtf ("rtf") file, converted to .docx and read as one."""
    from xxgk.readers.docx import read_docx

    program = soffice()
    what = "an RTF document" if kind == "rtf" else "a legacy Word file (.doc/.wps)"
    if program is None:
        raise ReportError(path, f"the file is {what}; reading it needs LibreOffice: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as tmp:
        source = Path(tmp) / f"report.{kind}"
        source.write_bytes(data)
        profile = (Path(tmp) / "profile").as_uri()
        try:
            done = subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(Path(tmp) / "out"), str(source)],
                capture_output=True, timeout=SECONDS)
        except subprocess.TimeoutExpired:
            raise ReportError(path, f"LibreOffice took over {SECONDS} s to convert {what}") from None
        made = Path(tmp) / "out" / "report.docx"
        if done.returncode != 0 or not made.exists():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ReportError(path, f"LibreOffice could not convert {what} (damaged?): {detail[0]}")
        doc = read_docx(path, made.read_bytes())
    return Document(path, kind, doc.text, None,
                    doc.warnings + (f"converted from {what} to .docx by LibreOffice",), producer=doc.producer)


def read_sheets(path: str, data: bytes, kind: str) -> Document:
    """An Excel or WPS spreadsheet (``kind`` "xlsx" or "xls"): every sheet's tables as TAB rows."""
    import python_calamine

    try:
        book = python_calamine.load_workbook(io.BytesIO(data))
        out = TextBuilder()
        for index in range(len(book.sheet_names)):
            sheet = book.get_sheet_by_index(index)
            _sheet_tables(out, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
    except ReportError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine fails in many ways on damaged files
        raise ReportError(path, f"cannot read the spreadsheet (damaged?): {type(exc).__name__}: {exc}") from None
    text = out.text()
    if not text:
        raise ReportError(path, "the spreadsheet has no text")
    return Document(path, kind, text, None, ())


def _cell_text(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return "" if value is None else str(value)


def _sheet_tables(out: TextBuilder, rows: list[list], merged: list) -> None:
    covered = {(r, c) for (r0, c0), (r1, c1) in merged
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    table: list[list[str | None]] = []

    def flush() -> None:
        if table:
            width = max(max((i + 1 for i, v in enumerate(row) if v), default=0) for row in table)
            out.table([row[:width] for row in table])
            table.clear()

    for r, row in enumerate(rows):
        cells = [None if (r, c) in covered else _cell_text(v) for c, v in enumerate(row)]
        if not any(cells):
            flush()
        else:
            table.append(cells)
    flush()
