"""Readers: every input format to one Document whose text follows the shared conventions.

Real reports are read from the shared corpus (never copied here); Word and PDF versions of
a real report are made at test time with LibreOffice, as an agency's own export would be.
"""

from __future__ import annotations

import dataclasses
import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readers_support import (
    cjk_table_pdf,
    corpus,
    image_only_pdf,
    row_after,
    row_starting,
    soffice_convert,
    squeeze,
    tab_rows,
    table3_docx,
)
from xxgk.errors import ReportError
from xxgk.readers import Document, read_bytes, read_document

MB = 1024 * 1024


def fails(path, data=None) -> str:
    """The message of the ReportError reading raises (and nothing else may be raised)."""
    with pytest.raises(ReportError) as info:
        read_document(path, data)
    return str(info.value)


# --- the interface -------------------------------------------------------------------------


def test_document_is_frozen_with_the_agreed_fields():
    doc = read_bytes("一、总体情况\n".encode(), "a.txt")
    assert [f.name for f in dataclasses.fields(Document)] == ["path", "format", "text", "encoding", "warnings", "producer", "ocr"]
    assert doc == Document("a.txt", "text", "一、总体情况\n", "utf-8", ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "x"  # type: ignore[misc]


def test_path_is_kept_as_given(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("正文\n", encoding="utf-8")
    assert read_document(path).path == str(path)
    assert read_document(str(path)).path == str(path)
    assert read_document("upload.txt", "正文\n".encode()).path == "upload.txt"


# --- real HTML reports (Word/TRS-exported pages) ------------------------------------------------


@pytest.fixture(scope="module")
def html036() -> Document:
    return read_document(corpus("036.html"))


def test_036_is_html_with_title_first(html036):
    assert (html036.format, html036.encoding, html036.warnings) == ("html", "utf-8", ())
    assert html036.text.split("\n")[0] == "平潭综合实验区2023年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会"


def test_036_table2_rows(html036):
    text = html036.text
    assert row_starting(text, "信息内容") == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert row_starting(text, "规章") == ["规章", "0", "0", "0"]
    assert row_starting(text, "行政规范性文件") == ["行政规范性文件", "77", "132", "470"]
    assert row_starting(text, "行政许可") == ["行政许可", "2629"]
    assert row_starting(text, "行政处罚") == ["行政处罚", "1330"]
    assert row_starting(text, "行政强制") == ["行政强制", "54"]
    assert row_starting(text, "行政事业性收费") == ["行政事业性收费", "5949.088667"]


def test_036_table3_rows_with_merged_labels_once(html036):
    text = html036.text
    assert row_starting(text, "一、本年新收政府信息公开申请数量")[1:] == ["80", "1", "0", "0", "0", "0", "81"]
    assert row_starting(text, "二、上年结转政府信息公开申请数量")[1:] == ["0"] * 7
    # rowspan=22 label: once, in the first row it covers, then rows start with their own label
    assert row_starting(text, "三、本年度办理结果") == ["三、本年度办理结果", "（一）予以公开", "22", "0", "0", "0", "0", "0", "22"]
    assert text.count("三、本年度办理结果") == 1
    assert row_starting(text, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")[1:] == ["19", "1", "0", "0", "0", "0", "20"]
    assert row_starting(text, "（三）不予公开") == ["（三）不予公开", "1.属于国家秘密"] + ["0"] * 7
    assert row_starting(text, "4.保护第三方合法权益")[1:] == ["1", "0", "0", "0", "0", "0", "1"]
    assert row_starting(text, "8.属于行政查询事项")[1:] == ["2", "0", "0", "0", "0", "0", "2"]
    assert row_after(text, "1.本机关不掌握相关政府信息") == ["31", "0", "0", "0", "0", "0", "31"]
    assert row_starting(text, "2.重复申请")[1:] == ["1", "0", "0", "0", "0", "0", "1"]
    assert row_starting(text, "（七）总计")[1:] == ["80", "1", "0", "0", "0", "0", "81"]
    assert row_starting(text, "四、结转下年度继续办理")[1:] == ["0"] * 7
    # the spanning header 法人或其他组织 is one cell; its five columns are the next row
    assert row_starting(text, "自然人") == ["自然人", "法人或其他组织", "总计"]
    assert row_starting(text, "商业企业") == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_036_table4_fifteen_numbers(html036):
    numeric = [row for row in tab_rows(html036.text) if all(c.isdigit() for c in row)]
    assert numeric == [["1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"]]
    assert row_starting(html036.text, "行政复议") == ["行政复议", "行政诉讼"]


def test_036_tables_are_set_off_by_blank_lines_and_scripts_are_gone(html036):
    text = html036.text
    assert "\n二、主动公开政府信息情况\n\n第二十条第（一）项\n信息内容\t本年制发件数\t" in text
    assert "\n行政事业性收费\t5949.088667\n\n三、收到和处理政府信息公开申请情况\n\n（本列数据" in text
    assert "\n四、结转下年度继续办理" + "\t0" * 7 + "\n\n四、政府信息公开" in text
    assert text.count("\n\n") == 6  # three tables, a blank line on each side
    assert "\n\n四、政府信息公开行政复议、行政诉讼情况\n\n行政复议\t行政诉讼\n" in html036.text
    assert "SiteInfo" not in html036.text and "require(" not in html036.text
    assert "\r" not in html036.text and "\u200b" not in html036.text


def test_032_2019_template_tables():
    text = read_document(corpus("032.html")).text
    assert row_starting(text, "信息内容") == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert row_starting(text, "规范性文件") == ["规范性文件", "89", "89", "89"]
    assert row_starting(text, "行政许可") == ["行政许可", "396", "0", "181"]
    assert row_starting(text, "其他对外管理服务事项") == ["其他对外管理服务事项", "10", "0", "153"]
    assert row_starting(text, "行政事业性收费") == ["行政事业性收费", "35", "0"]
    assert row_starting(text, "政府集中采购") == ["政府集中采购", "135", "75394432.52元"]
    assert row_starting(text, "一、本年新收政府信息公开申请数量")[1:] == ["23", "0", "0", "0", "0", "0", "23"]
    assert row_starting(text, "3.补正后申请内容仍不明确")[1:] == ["5", "0", "0", "0", "0", "0", "5"]
    assert row_starting(text, "（六）其他处理")[1:] == ["0"] * 7  # 2019 template: one row
    assert row_starting(text, "（七）总计")[1:] == ["23", "0", "0", "0", "0", "0", "23"]
    numeric = [row for row in tab_rows(text) if all(c.isdigit() for c in row)]
    assert numeric == [["0"] * 15]


def test_038_pre2019_statistics_table():
    text = read_document(corpus("038.html")).text
    assert row_starting(text, "指标名称") == ["指标名称", "计量单位", "2018年度", "历年累计"]
    assert row_starting(text, "主动公开文件数") == ["主动公开文件数", "条", "2069", "12106"]
    assert row_starting(text, "其中：1.政府网站公开数") == ["其中：1.政府网站公开数", "条", "2069", "12106"]
    assert row_starting(text, "受理依申请公开信息总数") == ["受理依申请公开信息总数", "条", "0", "0"]
    assert row_starting(text, "行政复议数") == ["行政复议数", "件", "0", "0"]
    assert len(tab_rows(text)) == 16


# --- real plain-text reports -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["013.txt", "014.txt", "016.txt", "021.txt", "026.txt", "028.txt"])
def test_real_text_reports_pass_through_unchanged(name):
    path = corpus(name)
    doc = read_document(path)
    assert (doc.format, doc.encoding, doc.warnings) == ("text", "utf-8", ())
    assert doc.text == path.read_text(encoding="utf-8")


# --- Word and PDF exports of a real report (LibreOffice) -----------------------------------------


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    src = corpus("036.html")
    return {fmt: soffice_convert(src, fmt, out) for fmt in ("docx", "pdf")}


def test_036_as_docx_gives_the_same_table_rows(exports, html036):
    doc = read_document(exports["docx"])
    assert (doc.format, doc.encoding) == ("docx", None)
    assert tab_rows(doc.text) == tab_rows(html036.text)
    assert row_starting(doc.text, "行政规范性文件") == ["行政规范性文件", "77", "132", "470"]
    assert "二、主动公开政府信息情况\n\n" in doc.text


def test_036_as_pdf_gives_the_same_table_rows(exports, html036):
    doc = read_document(exports["pdf"])
    assert (doc.format, doc.encoding, doc.warnings) == ("pdf", None, ())
    # Wrapped labels gain spaces where a PDF line broke ("行政规范性文 件"); cells match otherwise.
    assert [[squeeze(c) for c in r] for r in tab_rows(doc.text)] == \
           [[squeeze(c) for c in r] for r in tab_rows(html036.text)]
    text = doc.text
    assert row_starting(text, "行政规范性文件") == ["行政规范性文件", "77", "132", "470"]
    # table 3 crosses two page breaks: merged labels still appear once, rows stay whole
    assert row_starting(text, "3.危及“三安全一稳定”")[1:] == ["0"] * 7
    assert row_starting(text, "（七）总计")[1:] == ["80", "1", "0", "0", "0", "0", "81"]
    assert "\n\n四、政府信息公开行政复议、行政诉讼情况\n\n" in text


def test_content_wins_over_extension(exports, tmp_path):
    pdf_as_txt = tmp_path / "report.txt"
    pdf_as_txt.write_bytes(exports["pdf"].read_bytes())
    assert read_document(pdf_as_txt).format == "pdf"
    docx_as_pdf = tmp_path / "report.pdf"
    docx_as_pdf.write_bytes(exports["docx"].read_bytes())
    assert read_document(docx_as_pdf).format == "docx"


# --- Word files built with python-docx -----------------------------------------------------------


def test_docx_table3_with_merged_header_cells(tmp_path):
    doc = read_document(table3_docx(tmp_path / "t3.docx"))
    assert doc.format == "docx"
    assert doc.text == (
        "三、收到和处理政府信息公开申请情况\n"
        "\n"
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
        "自然人\t法人或其他组织\t总计\n"
        "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
        "一、本年新收政府信息公开申请数量\t3\t1\t0\t\t0\t0\t4\n"
        "三、本年度办理结果\t（一）予以公开\t2\t1\t0\t0\t0\t0\t3\n"
        "（二）部分公开 （区分处理的，只计这一情形）\t1\t0\t0\t0\t0\t0\t1\n"
        "\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )


def test_docx_nested_table_is_flattened_and_run_tabs_kept(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("项目\t数量")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "外层"
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内1"
    inner.cell(0, 1).text = "内2"
    path = tmp_path / "nested.docx"
    document.save(str(path))
    assert read_document(path).text == "项目\t数量\n\n外层\t内1 内2\n"


def test_html_disguised_as_docx_reads_as_html(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes('<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table></body></html>'.encode("gbk"))
    doc = read_document(path)
    assert (doc.format, doc.encoding, doc.text) == ("html", "gbk", "一、总体情况\n\n规章\t0\n")


# --- PDF files built with fpdf2 ------------------------------------------------------------------


def test_pdf_cjk_table_with_blank_and_spanning_cells(tmp_path):
    rows = [["第二十条第（一）项"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "", "5"],
            ["行政规范性文件", "77", "132", "470"]]
    path = cjk_table_pdf(tmp_path / "t2.pdf", rows, "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                         colspans={(0, 0): 4})
    doc = read_document(path)
    assert (doc.format, doc.encoding, doc.warnings) == ("pdf", None, ())
    assert doc.text == (
        "二、主动公开政府信息情况\n"
        "\n"
        "第二十条第（一）项\n"
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
        "规章\t0\t\t5\n"
        "行政规范性文件\t77\t132\t470\n"
        "\n"
        "三、收到和处理政府信息公开申请情况\n"
    )


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    # tests/test_ocr.py: the message without Tesseract, and OCR of real scans
    path = image_only_pdf(tmp_path / "scan.pdf")
    assert fails(path).startswith(f"{path}: the PDF has no text layer (scanned image)")


def test_pdf_with_a_password(tmp_path):
    path = cjk_table_pdf(tmp_path / "locked.pdf", [["规章", "0"]], "a", "b", password="secret")
    assert fails(path) == f"{path}: the PDF is encrypted with a password; it cannot be read without it"


def test_damaged_pdfs(tmp_path):
    assert fails("x.pdf", b"%PDF-1.7\nnot really a pdf\n") == \
        "x.pdf: cannot read the PDF (damaged or truncated?): Failed to load document (PDFium: Data format error)."
    path = cjk_table_pdf(tmp_path / "t.pdf", [["规章", "0"]], "二、主动公开", "三、收到")
    data = path.read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 10):
        try:  # a truncated PDF may still be readable from what is left; it must never crash
            read_bytes(data[:cut], "cut.pdf")
        except ReportError as exc:
            assert str(exc).startswith("cut.pdf: ")


# --- encodings ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("codec", "prefix", "recorded"), [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("gbk", b"", "gbk"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"),  # no BOM: found by where the NULs are
    ("utf-16-be", b"", "utf-16-be"),
])
def test_seed_in_every_encoding(seed_text, codec, prefix, recorded):
    doc = read_bytes(prefix + seed_text.encode(codec), "seed.txt")
    assert (doc.format, doc.text, doc.encoding, doc.warnings) == ("text", seed_text, recorded, ())


def test_seed_in_gb18030(seed_text):
    # Text GBK covers is byte-identical in GB18030 and is recorded as gbk; a character only
    # GB18030 has (Extension B 𠀀, the 4-byte range) makes it gb18030.
    assert read_bytes(seed_text.encode("gb18030"), "seed.txt").encoding == "gbk"
    text = seed_text + "附：𠀀䶮\n"
    doc = read_bytes(text.encode("gb18030"), "seed.txt")
    assert (doc.text, doc.encoding, doc.warnings) == (text, "gb18030", ())


def test_crlf_and_zero_width_are_dropped():
    doc = read_bytes("一、总体\u200b情况\r\n规章\t0\r\n旧式换行\r".encode("utf-8"), "a.txt")
    assert doc.text == "一、总体情况\n规章\t0\n旧式换行\n"
    doc = read_bytes("\ufeff一、总体\u2060情况\r\n".encode("utf-8"), "a.txt")
    assert (doc.text, doc.encoding) == ("一、总体情况\n", "utf-8-sig")


def test_truncated_utf8_keeps_its_text_with_a_warning(seed_text):
    data = (seed_text + "结束").encode("utf-8")[:-1]  # the last character cut in half
    doc = read_bytes(data, "cut.txt")
    assert (doc.text, doc.encoding) == (seed_text + "结\ufffd", "utf-8")
    assert doc.warnings == ("1 byte sequence(s) are not valid utf-8 and became U+FFFD (damaged or truncated file?)",)


def test_truncated_gbk_keeps_its_text_with_a_warning(seed_text):
    data = (seed_text + "结束").encode("gbk")[:-1]  # the last character cut in half
    doc = read_bytes(data, "cut.txt")
    assert (doc.text, doc.encoding) == (seed_text + "结\ufffd", "gb18030")
    assert doc.warnings == ("1 byte sequence(s) are not valid gb18030 and became U+FFFD (damaged or truncated file?)",)


def test_markdown_pipe_tables_pass_through_and_a_stray_div_does_not_make_html():
    md = "# 报告\n\n<div align=center>一、总体情况</div>\n\n| 规章 | 0 | 0 |\n|---|---|---|\n"
    doc = read_bytes(md.encode(), "report.md")
    assert (doc.format, doc.text) == ("text", md)


# --- HTML details ------------------------------------------------------------------------------


def html(body: str, name: str = "page.html", head: str = "") -> Document:
    return read_bytes(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode(), name)


def test_html_spans_blanks_breaks_and_entities():
    doc = html(
        "<p>三、收到和处理</p>"
        "<table>"
        "<tr><td rowspan=2>本列</td><td colspan=2>申请人&nbsp;情况</td></tr>"
        "<tr><td>自然<br>人</td><td>总计</td></tr>"
        "<tr><td>一、本年新收</td><td>&nbsp;</td><td>0</td></tr>"
        "<tr><td>A &amp; B &lt;c&gt;</td><td>\n  1\n</td><td><p>2</p><p>3</p></td></tr>"
        "<tr><td></td><td> </td><td></td></tr>"
        "</table>"
        "<p>四、复议</p>")
    assert doc.text == ("三、收到和处理\n\n"
                        "本列\t申请人\u00a0情况\n"
                        "自然 人\t总计\n"
                        "一、本年新收\t\t0\n"
                        "A & B <c>\t1\t2 3\n"
                        "\n四、复议\n")


def test_html_word_residue_scripts_and_comments_are_removed():
    doc = html('<p class=MsoListParagraph><!--[if !supportLists]--><span>1.<span>&nbsp;&nbsp;</span></span>'
               '<!--[endif]-->主动公开</p><script>alert(1)</script><style>p{color:red}</style>'
               '<!-- hidden note --><noscript>启用脚本</noscript><p>正文\u200b内容</p>',
               head="<title>标题</title><script>var x=1</script>")
    assert doc.text == "标题\n1.\u00a0\u00a0主动公开\n正文内容\n"
    assert "alert" not in doc.text


def test_html_nested_data_table_is_flattened_into_its_cell():
    doc = html("<table><tr><td>规章</td><td><table><tr><td>0</td><td>1</td></tr></table></td></tr></table>")
    assert doc.text == "规章\t0 1\n"


def test_html_layout_table_keeps_the_data_table_inside():
    doc = html("<table><tr><td>导航</td><td><p>二、主动公开</p>"
               "<table><tr><td>规章</td><td>0</td></tr><tr><td>行政规范性文件</td><td>7</td></tr></table>"
               "<p>三、申请</p></td></tr></table>")
    assert doc.text == "导航\n二、主动公开\n\n规章\t0\n行政规范性文件\t7\n\n三、申请\n"


def test_html_pre_keeps_its_lines_and_gbk_meta_page_decodes():
    doc = read_bytes('<html><head><meta charset="gb2312"></head><body><pre>一、总体\n规章  0</pre></body></html>'
                     .encode("gbk"), "p.htm")
    assert (doc.format, doc.encoding, doc.text) == ("html", "gbk", "一、总体\n规章 0\n")


def test_deeply_nested_html_degrades_gracefully():
    doc = read_bytes(("<div>" * 20000 + "深处的正文" + "</div>" * 20000 + "<p>之后</p>").encode(), "deep.html")
    assert doc.format == "html"
    assert "深处的正文" in doc.text and "之后" in doc.text
    assert doc.warnings == ("the page nests tags over 2048 levels deep; it was read with div/span/font tags flattened",)


def test_deeply_nested_tables_are_refused():
    data = ("<table><tr><td>" * 5000 + "x").encode()
    assert fails("deep.html", data) == "deep.html: the HTML nests tags over 2048 levels deep; it cannot be read"


def test_html_with_no_visible_text():
    assert fails("e.html", b"<html><head><title></title></head><body><script>x()</script></body></html>") == \
        "e.html: the HTML page has no visible text"


# --- bad input -----------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert fails(path) == f"{path}: the file is empty"


def test_blank_file():
    assert fails("b.txt", b" \n\t\r\n\xe3\x80\x80\n") == "b.txt: the file has no text, only blank space"


def test_random_bytes():
    data = random.Random(7).randbytes(4096)
    assert fails("r.txt", data) == "r.txt: not a report: binary data, not text, HTML, Word or PDF"


def test_png_and_other_binaries_are_named():
    # PNG, JPEG and TIFF are scans, read by OCR (tests/test_ocr.py); a damaged one is named as such
    assert fails("p.jpg", b"\xff\xd8\xff\xe0" + bytes(100)).startswith("p.jpg: ")
    assert fails("a.gif", b"GIF89a" + bytes(100)) == "a.gif: not a report: looks like a GIF image"
    assert fails("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)) == (
        "old.doc: not a report: a legacy Office file (OLE2) that is neither a Word nor an Excel file")


def test_zips_that_are_not_word_files():
    def zipped(*names: str) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name in names:
                zf.writestr(name, "<x/>")
        return buf.getvalue()

    assert fails("a.docx", zipped("readme.txt")) == \
        "a.docx: not a report: a zip archive without word/document.xml (not a Word .docx)"
    # a workbook is read as one (tests/test_office.py); this one is only a stub
    assert fails("a.xlsx", zipped("[Content_Types].xml", "xl/workbook.xml")).startswith(
        "a.xlsx: cannot read the spreadsheet (damaged?): ")
    assert fails("cut.docx", zipped("word/document.xml")[:30]).startswith(
        "cut.docx: the file is a damaged zip archive (truncated Word file?)")


def test_broken_word_file():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<not xml")
    assert fails("b.docx", buf.getvalue()).startswith("b.docx: cannot read the Word document: ")


def test_zip_bomb_docx_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/zeros.bin", "w", force_zip64=True) as f:
            chunk = bytes(MB)
            for _ in range(300):
                f.write(chunk)
    assert path.stat().st_size < 2 * MB
    assert fails(path) == f"{path}: the Word file unpacks to 300 MB, over the 200 MB limit"


def test_file_over_100_mb_is_refused_from_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(101 * MB)  # sparse: nothing is written or read
    assert fails(path) == f"{path}: the file is 101 MB, over the 100 MB limit"


def test_missing_file_and_directory(tmp_path):
    assert fails(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file"
    assert fails(tmp_path) == f"{tmp_path}: is a directory, not a file"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a"]))
def test_any_bytes_give_a_document_or_a_report_error(data, name):
    try:
        doc = read_bytes(data, name)
    except ReportError as exc:
        assert str(exc).startswith(f"{name}: ")
    else:
        assert doc.format in ("text", "html", "docx", "pdf") and doc.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="<\u200b\u200c\u200d"
                             "\u200e\u200f\u2060\ufeff") | st.sampled_from("\n\t"), min_size=1))
def test_any_utf8_text_passes_through(text):
    if text.isspace():
        return
    doc = read_bytes(text.encode("utf-8"), "t.txt")
    assert (doc.format, doc.text, doc.encoding) == ("text", text, "utf-8")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body><table><tr><td>", b"\xef\xbb\xbf",
                               b"\xff\xfe", b"\xfe\xff", "一、总体情况".encode("gbk")]),
       rest=st.binary(max_size=2000))
def test_damaged_containers_give_a_report_error(prefix, rest):
    try:
        read_bytes(prefix + rest, "x.bin")
    except ReportError as exc:
        assert str(exc).startswith("x.bin: ")


def test_truncated_exports_never_crash(exports):
    for fmt, path in exports.items():
        data = path.read_bytes()
        for cut in (10, 100, len(data) // 4, len(data) // 2, len(data) - 100):
            try:
                read_bytes(data[:cut], f"cut.{fmt}")
            except ReportError as exc:
                assert str(exc).startswith(f"cut.{fmt}: ")
