"""Builders for the reader tests: Word and PDF documents, images, conversions.

Everything is made at test time into a temporary folder; real reports are read from the
shared corpus (``shared_corpus``) and never copied into the repository.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import shared_corpus

# A TrueType (glyf) CJK collection fpdf2 can embed; Noto CJK is CFF-based and .ttc too.
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def corpus(name: str) -> Path:
    """A real report of the shared corpus (the test skips without the corpus)."""
    return shared_corpus.file(name)


def tab_rows(text: str) -> list[list[str]]:
    """The table rows of a reader's text: lines with a TAB, split into cells."""
    return [line.split("\t") for line in text.split("\n") if "\t" in line]


def squeeze(value: str) -> str:
    """A cell without spaces: wrapping in PDF and <br> in HTML put spaces inside labels."""
    return "".join(value.split())


def row_starting(text: str, label: str) -> list[str]:
    """The cells (spaces removed) of the first table row whose first cell is ``label``."""
    for row in tab_rows(text):
        if squeeze(row[0]) == label:
            return [squeeze(c) for c in row]
    raise AssertionError(f"no table row starts with {label!r}")


def row_after(text: str, label: str) -> list[str]:
    """The cells after ``label`` in the first table row that has a cell equal to it."""
    for row in tab_rows(text):
        cells = [squeeze(c) for c in row]
        if label in cells:
            return cells[cells.index(label) + 1:]
    raise AssertionError(f"no table row has a cell {label!r}")


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Convert an HTML page to docx or pdf with LibreOffice, as an agency's export would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("soffice is not on PATH (apt-get install libreoffice-writer-nogui)")
    target = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}[fmt]
    profile = outdir / "lo-profile"
    # Open the page as a Writer document (not Writer/Web, which has no docx export), with
    # a private profile so parallel runs do not fight over the user's.
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--infilter=HTML (StarWriter)", "--convert-to", target, "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    out = outdir / f"{src.stem}.{fmt}"
    assert out.exists(), f"soffice did not write {out}"
    return out


def png_bytes(width: int = 64, height: int = 32) -> bytes:
    """A small grey PNG written with zlib alone (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes([(x * 4) % 256 for x in range(width)]) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page holding only an image, no text layer."""
    from fpdf import FPDF

    png = path.with_suffix(".png")
    png.write_bytes(png_bytes(400, 200))
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(png), x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def cjk_table_pdf(path: Path, rows: list[list[str]], before: str, after: str,
                  colspans: dict | None = None, password: str | None = None) -> Path:
    """A PDF with a heading, a bordered CJK table and a closing line, made with fpdf2.

    ``colspans`` maps (row, cell) to a column span.
    """
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    if not CJK_FONT.exists():
        pytest.skip(f"CJK font {CJK_FONT} missing (apt-get install fonts-wqy-microhei)")
    colspans = colspans or {}
    pdf = FPDF()
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.add_page()
    pdf.add_font("wqy", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("wqy", size=9)
    pdf.cell(text=before)
    pdf.ln(12)
    with pdf.table(headings_style=FontFace(emphasis=None), first_row_as_headings=False) as table:
        for r, cells in enumerate(rows):
            row = table.row()
            for c, text in enumerate(cells):
                row.cell(text, colspan=colspans.get((r, c), 1))
    pdf.ln(6)
    pdf.cell(text=after)
    pdf.output(str(path))
    return path


def table3_docx(path: Path) -> Path:
    """A Word file with a 2021-template table 3 fragment built with python-docx.

    Header: the 勾稽关系 note merged down three rows, 申请人情况 across seven columns,
    自然人 and 总计 merged down two rows, 法人或其他组织 across five; 三、本年度办理结果
    merged down two rows; one blank cell in the 本年新收 row.
    """
    import docx

    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=6, cols=9)
    cell = table.cell

    def put(r: int, c: int, text: str) -> None:
        cell(r, c).text = text

    note = cell(0, 0).merge(cell(2, 1))
    note.text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    cell(0, 2).merge(cell(0, 8)).text = "申请人情况"
    cell(1, 2).merge(cell(2, 2)).text = "自然人"
    cell(1, 3).merge(cell(1, 7)).text = "法人或其他组织"
    cell(1, 8).merge(cell(2, 8)).text = "总计"
    for c, label in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], start=3):
        put(2, c, label)
    cell(3, 0).merge(cell(3, 1)).text = "一、本年新收政府信息公开申请数量"
    for c, value in enumerate(["3", "1", "0", "", "0", "0", "4"], start=2):
        put(3, c, value)
    cell(4, 0).merge(cell(5, 0)).text = "三、本年度办理结果"
    put(4, 1, "（一）予以公开")
    put(5, 1, "（二）部分公开\n（区分处理的，只计这一情形）")
    for r, values in ((4, ["2", "1", "0", "0", "0", "0", "3"]), (5, ["1", "0", "0", "0", "0", "0", "1"])):
        for c, value in enumerate(values, start=2):
            put(r, c, value)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    document.save(str(path))
    return path


def scanned_table_png(folder: Path, rows: list[list[str]]) -> bytes:
    """A PNG of a ruled table of ``rows`` under table 2's heading, as a scanner would give it: the
    table drawn into a PDF, rasterised at 200 dpi by ``pdftoppm`` (skips without poppler-utils)."""
    pdf = cjk_table_pdf(folder / "t.pdf", rows, "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
    subprocess.run([shutil.which("pdftoppm") or pytest.skip("pdftoppm missing (poppler-utils)"),
                    "-r", "200", "-png", "-singlefile", str(pdf), str(folder / "page")], check=True)
    return (folder / "page.png").read_bytes()
