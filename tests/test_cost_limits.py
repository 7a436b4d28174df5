"""Limits by cost: a file small on disk that would cost gigabytes or minutes is refused, naming the limit.

The DOCX here is zip-bomb-like: under 1 MB on disk, its ``word/document.xml`` unpacks to 60 MB, under
the 200 MB unpacked limit (a real report's document.xml is under 0.4 MB). Memory is measured, not
time: each command runs in a fresh process whose peak (``ru_maxrss`` of RUSAGE_CHILDREN, read by a
small wrapper process) is asserted.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xxgk.errors import ReportError
from xxgk.readers import MAX_HTML_CHARS, MAX_PDF_PAGES, MAX_TABLE_CELLS, MAX_TEXT_CHARS, read_bytes
from xxgk.readers.docx import MAX_XML_BYTES

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
# Well above a Python process that has read a small report (~100 MB), far below what the bomb costs
# when it is parsed (about 1.6 GB for 60 MB of XML).
PEAK_LIMIT_KB = 400 * 1024

_PARAGRAPH = b"<w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5</w:t></w:r></w:p>"


def bomb_docx(xml_bytes: int) -> bytes:
    """A valid .docx whose document.xml holds ``xml_bytes`` of repeated paragraphs, written in chunks."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, source.read(info.filename))
                continue
            head, _, tail = source.read(info.filename).partition(b"<w:body>")
            member_info = zipfile.ZipInfo("word/document.xml")
            member_info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(member_info, "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                chunk = _PARAGRAPH * (MB // len(_PARAGRAPH))
                for _ in range(xml_bytes // len(chunk)):
                    member.write(chunk)
                member.write(tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    path.write_bytes(bomb_docx(60 * MB))
    assert path.stat().st_size < MB
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size > 50 * MB
    return path


def run_measured(*command: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``command`` as the only child of a fresh wrapper process; its result and peak RSS in kB."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([done.returncode, done.stdout, done.stderr, peak]))\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=REPO, capture_output=True,
                         text=True, timeout=600, check=True)
    code, stdout, stderr, peak = json.loads(out.stdout)
    return subprocess.CompletedProcess(command, code, stdout, stderr), peak


def test_xxgk_parse_refuses_a_huge_document_xml_naming_the_limit_in_little_memory(bomb: Path) -> None:
    done, peak_kb = run_measured(sys.executable, "-m", "xxgk.cli", "parse", str(bomb))
    assert done.returncode == 1
    assert f"over the {MAX_XML_BYTES // MB} MB limit" in done.stderr and "bomb.docx" in done.stderr, done.stderr
    assert peak_kb < PEAK_LIMIT_KB, f"xxgk parse peaked at {peak_kb // 1024} MB"


def test_the_largest_real_report_as_word_and_pdf_is_read_far_under_every_limit(corpus_dir: Path, tmp_path: Path) -> None:
    from tests.readers_support import soffice_convert
    from xxgk.readers import read_document

    for fmt in ("docx", "pdf"):
        converted = soffice_convert(corpus_dir / "032.html", fmt, tmp_path)
        doc = read_document(converted)
        assert len(doc.text) * 100 < MAX_TEXT_CHARS
        assert sum(line.count("\t") + 1 for line in doc.text.splitlines() if "\t" in line) * 50 < MAX_TABLE_CELLS
    xml = zipfile.ZipFile(tmp_path / "032.docx").getinfo("word/document.xml").file_size
    assert xml * 40 < MAX_XML_BYTES, xml


def test_a_text_longer_than_the_limit_is_refused() -> None:
    line = "一、总体情况\n"
    with pytest.raises(ReportError) as caught:
        read_bytes((line * (MAX_TEXT_CHARS // len(line) + 1)).encode("utf-8"), "long.txt")
    assert caught.value.path == "long.txt"
    assert f"over the {MAX_TEXT_CHARS:,} character limit" in caught.value.reason
    assert caught.value.reason_zh.startswith("报告文字")


def test_an_html_page_longer_than_the_limit_is_refused_before_it_is_parsed() -> None:
    page = "<html><body><p>" + "一" * MAX_HTML_CHARS + "</p></body></html>"
    with pytest.raises(ReportError) as caught:
        read_bytes(page.encode("utf-8"), "long.html")
    assert f"over the {MAX_HTML_CHARS:,} character limit" in caught.value.reason


def test_tables_with_more_cells_than_the_limit_are_refused() -> None:
    rows = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    page = "<html><body><p>一、总体情况</p><table>" + rows * (MAX_TABLE_CELLS // 100 + 1) + "</table></body></html>"
    with pytest.raises(ReportError) as caught:
        read_bytes(page.encode("utf-8"), "cells.html")
    assert f"over the {MAX_TABLE_CELLS:,} cell limit" in caught.value.reason


def test_a_pdf_with_more_pages_than_the_limit_is_refused_before_it_is_read() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    with pytest.raises(ReportError) as caught:
        read_bytes(buffer.getvalue(), "pages.pdf")
    assert caught.value.reason == f"the PDF has {MAX_PDF_PAGES + 1} pages, over the {MAX_PDF_PAGES} page limit"
