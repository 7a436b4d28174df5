"""The PDF reader on PDFs drawn with fpdf2: tables rebuilt from ruling lines and positions.

Each PDF is drawn cell by cell (rectangles and text at known places), so the expected table is
exactly what was drawn: blank cells keep their column, merged cells appear once, a table cut by a
page break comes out as one, a table without ruling lines is read from its columns, and a page
turned sideways reads the same. Page headers, footers and page numbers are left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readers_support import CJK_FONT, tab_rows
from xxgk.readers import read_document

ROW = 20.0  # row height, points
FONT = 10


def new_pdf():
    from fpdf import FPDF

    if not CJK_FONT.exists():
        pytest.skip(f"CJK font {CJK_FONT} missing (apt-get install fonts-wqy-microhei)")
    pdf = FPDF(unit="pt", format="A4")  # 595 x 842 points
    pdf.set_auto_page_break(False)
    pdf.add_font("wqy", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("wqy", size=FONT)
    pdf.set_producer("xxgk test drawing (fpdf2)")
    return pdf


def draw_cells(pdf, x0: float, y0: float, widths: list[float], cells, ruled: bool = True) -> None:
    """Draw cells given as (row, column, text[, rowspan, colspan]) with their borders."""
    edges = [x0]
    for w in widths:
        edges.append(edges[-1] + w)
    for cell in cells:
        r, c, text, rowspan, colspan = (*cell, 1, 1)[:5] if len(cell) == 3 else cell
        x, y = edges[c], y0 + r * ROW
        if ruled:
            pdf.rect(x, y, edges[c + colspan] - x, rowspan * ROW)
        if text:
            pdf.text(x + 4, y + 14, text)


def grid(rows: list[list[str]]) -> list[tuple]:
    return [(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]


def save(pdf, path: Path) -> Path:
    pdf.output(str(path))
    return path


def test_blank_cells_keep_their_column_and_zeros_stay_zeros(tmp_path):
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "", "3", ""],
            ["行政规范性文件", "0", "", "0"]]
    pdf = new_pdf()
    pdf.add_page()
    pdf.text(50, 80, "二、主动公开政府信息情况")
    draw_cells(pdf, 50, 100, [130, 110, 110, 110], grid(rows))
    pdf.text(50, 200, "三、收到和处理政府信息公开申请情况")
    doc = read_document(save(pdf, tmp_path / "blank.pdf"))
    assert doc.text == ("二、主动公开政府信息情况\n\n"
                        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                        "规章\t\t3\t\n"
                        "行政规范性文件\t0\t\t0\n\n"
                        "三、收到和处理政府信息公开申请情况\n")


def test_the_producer_is_kept(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    pdf.text(50, 80, "二、主动公开政府信息情况")
    doc = read_document(save(pdf, tmp_path / "producer.pdf"))
    assert doc.producer == "xxgk test drawing (fpdf2)"  # to group reading problems by producer


def test_merged_cells_appear_once_where_they_start(tmp_path):
    cells = [(0, 0, "项目", 2, 1), (0, 1, "申请人情况", 1, 3),
             (1, 1, "自然人"), (1, 2, "法人"), (1, 3, "总计"),
             (2, 0, "三、本年度办理结果", 2, 1), (2, 1, "4"), (2, 2, ""), (2, 3, "4"),
             (3, 1, "0"), (3, 2, "1"), (3, 3, "1")]
    pdf = new_pdf()
    pdf.add_page()
    draw_cells(pdf, 40, 100, [160, 110, 110, 110], cells)
    doc = read_document(save(pdf, tmp_path / "merged.pdf"))
    assert tab_rows(doc.text) == [["项目", "申请人情况"], ["自然人", "法人", "总计"],
                                  ["三、本年度办理结果", "4", "", "4"], ["0", "1", "1"]]


def _header_and_footer(pdf, page: int) -> None:
    pdf.text(50, 30, "某某局2023年政府信息公开工作年度报告")
    pdf.text(280, 820, f"第 {page} 页 共 2 页")


def test_a_table_across_a_page_break_is_one_table(tmp_path):
    widths = [120, 200, 80]
    label = "三、本年度办理结果"
    page1 = [(r, 1, f"第{r}行") for r in range(30)] + [(r, 2, str(r)) for r in range(30)]
    page1 += [(r, 0, f"项{r}") for r in range(20)] + [(20, 0, label, 10, 1)]
    # the label's cell goes on over the first five rows of page 2, blank there
    page2 = [(0, 0, "", 5, 1)] + [(r, 1, f"第{30 + r}行") for r in range(10)]
    page2 += [(r, 2, str(30 + r)) for r in range(10)] + [(r, 0, f"项{30 + r}") for r in range(5, 10)]
    pdf = new_pdf()
    pdf.add_page()
    _header_and_footer(pdf, 1)
    pdf.text(50, 120, "三、收到和处理政府信息公开申请情况")
    draw_cells(pdf, 50, 140, widths, page1)
    pdf.add_page()
    _header_and_footer(pdf, 2)
    draw_cells(pdf, 50, 100, widths, page2)
    pdf.text(50, 330, "四、政府信息公开行政复议、行政诉讼情况")
    doc = read_document(save(pdf, tmp_path / "break.pdf"))

    expected = [[f"项{r}", f"第{r}行", str(r)] for r in range(20)] + [[label, "第20行", "20"]]
    expected += [[f"第{r}行", str(r)] for r in range(21, 35)] + [[f"项{r}", f"第{r}行", str(r)] for r in range(35, 40)]
    assert tab_rows(doc.text) == expected
    # one table (no blank line inside it), and no header, footer or page number anywhere
    lines = doc.text.split("\n")
    first, last = lines.index("项0\t第0行\t0"), lines.index("项39\t第39行\t39")
    assert all("\t" in line for line in lines[first:last + 1])
    assert "某某局" not in doc.text and "页" not in doc.text
    assert lines[0] == "三、收到和处理政府信息公开申请情况"
    assert lines[-2] == "四、政府信息公开行政复议、行政诉讼情况"


def test_a_table_without_ruling_lines_reads_its_columns(tmp_path):
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "", "3", ""],
            ["行政规范性文件", "0", "", "0"],
            ["", "1", "2", "3"]]
    pdf = new_pdf()
    pdf.add_page()
    pdf.text(50, 80, "二、主动公开政府信息情况")
    draw_cells(pdf, 50, 100, [130, 110, 110, 110], grid(rows), ruled=False)
    pdf.text(50, 220, "三、收到和处理政府信息公开申请情况")
    doc = read_document(save(pdf, tmp_path / "unruled.pdf"))
    assert doc.text == ("二、主动公开政府信息情况\n\n"
                        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                        "规章\t\t3\t\n"
                        "行政规范性文件\t0\t\t0\n"
                        "\t1\t2\t3\n\n"
                        "三、收到和处理政府信息公开申请情况\n")


def test_a_chunk_running_across_columns_is_not_guessed_into_one(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    lines = ((100, [(50, "信息内容"), (200, "本年制发件数"), (350, "现行有效件数")]),
             (120, [(50, "规章"), (200, "1"), (350, "2")]),
             # the long number runs from the second column into the third
             (140, [(50, "行政规范性文件"), (200, "7777777777777777777777777777777"), (450, "9")]))
    for y, parts in lines:
        for x, text in parts:
            pdf.text(x, y, text)
    doc = read_document(save(pdf, tmp_path / "straddle.pdf"))
    # no column can hold both the header's second and third cells: no table, the lines as text
    assert tab_rows(doc.text) == []
    assert doc.text.split("\n")[:3] == ["信息内容 本年制发件数 现行有效件数", "规章 1 2",
                                        "行政规范性文件 7777777777777777777777777777777 9"]


@pytest.mark.parametrize(("how", "angle"), [("page rotated", 90), ("page rotated", 270),
                                            ("content turned", 90), ("content turned", 180),
                                            ("content turned", 270)])
def test_a_rotated_page_reads_like_an_upright_one(tmp_path, how, angle):
    rows = [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "", "3"], ["行政规范性文件", "0", "12"]]
    pdf = new_pdf()
    pdf.add_page()
    if how == "content turned":
        with pdf.rotation(angle, x=300, y=420):
            pdf.text(150, 360, "二、主动公开政府信息情况")
            draw_cells(pdf, 150, 380, [130, 110, 110], grid(rows))
    else:
        pdf.text(50, 80, "二、主动公开政府信息情况")
        draw_cells(pdf, 50, 100, [130, 110, 110], grid(rows))
    path = save(pdf, tmp_path / "rotated.pdf")
    if how == "page rotated":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(path)
        document[0].set_rotation(angle)
        document.save(str(tmp_path / "turned.pdf"))
        document.close()
        path = tmp_path / "turned.pdf"
    doc = read_document(path)
    assert doc.text == ("二、主动公开政府信息情况\n\n"
                        "信息内容\t本年制发件数\t本年废止件数\n"
                        "规章\t\t3\n"
                        "行政规范性文件\t0\t12\n")


def _without_character_map(path: Path) -> Path:
    """The same PDF with its fonts' ToUnicode maps unhooked (a key renamed, offsets unchanged)."""
    data = path.read_bytes()
    assert b"/ToUnicode" in data
    path.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))
    return path


def test_a_font_without_a_character_map_needs_ocr(tmp_path):
    from xxgk.errors import ReportError

    pdf = new_pdf()
    pdf.add_page()
    pdf.text(50, 80, "二、主动公开政府信息情况")
    draw_cells(pdf, 50, 100, [130, 110], grid([["规章", "7"], ["行政规范性文件", "12"]]))
    path = _without_character_map(save(pdf, tmp_path / "nomap.pdf"))
    with pytest.raises(ReportError, match="no character map .* it needs OCR"):
        read_document(path)


def test_characters_of_an_unmapped_font_are_left_out_not_misread(tmp_path):
    # the figures are in a second font that lost its map: its glyph numbers must not pass for
    # digits; the text in the mapped font still reads
    pdf = new_pdf()
    pdf.add_font("other", fname=str(CJK_FONT), collection_font_number=1)
    pdf.add_page()
    pdf.text(50, 80, "二、主动公开政府信息情况，本年制发规章和行政规范性文件的件数如下表所列")
    pdf.text(50, 100, "二、主动公开政府信息情况，本年制发规章和行政规范性文件的件数如下表所列")
    pdf.set_font("other", size=FONT)
    pdf.text(50, 130, "规章 7 行政规范性文件 12")
    path = save(pdf, tmp_path / "mixed.pdf")
    data = path.read_bytes()
    # unhook only the second font's map: the last ToUnicode written
    cut = data.rindex(b"/ToUnicode")
    path.write_bytes(data[:cut] + b"/ToUnicodX" + data[cut + len(b"/ToUnicode"):])
    doc = read_document(path)
    assert doc.text.startswith("二、主动公开政府信息情况")
    assert doc.text.count("规章") == 2 and "7" not in doc.text and "12" not in doc.text
    assert any("without a character map" in w for w in doc.warnings), doc.warnings


def test_figures_at_the_top_of_pages_are_not_taken_for_headers(tmp_path):
    # the same row of figures at the same height on two pages, in the top margin: a header would
    # recur like that, but a line of figures alone is never a header or a page number
    tables = [[["0", "0", "0"], ["规章", "1", "2"], ["行政规范性文件", "3", "4"]],
              [["0", "0", "0"], ["行政许可", "5", "6"], ["行政处罚", "7", "8"]]]
    pdf = new_pdf()
    for rows in tables:
        pdf.add_page()
        draw_cells(pdf, 50, 40, [130, 110, 110], grid(rows), ruled=False)
    doc = read_document(save(pdf, tmp_path / "figures.pdf"))
    assert tab_rows(doc.text) == tables[0] + tables[1]
