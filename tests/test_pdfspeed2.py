"""The PDF reader's characters, made in bulk, are the characters PDFium gives one by one.

The reader asks PDFium for every character's box through calls bound without argument types,
into one array, and turns, filters and de-doubles the boxes as numpy arrays
(:mod:`xxgk.readers.pdfium_calls`, ``xxgk.readers.pdf._chars``). Here the same rule is spelt out
character by character with pypdfium2's own API (``PdfTextPage.get_charbox(loose=True)``): the
printed characters (blanks left out), their loose boxes in reading coordinates (y downwards, the
page turned to its text), and a character drawn twice on itself (fake bold) kept once.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from test_pdf import new_pdf, save
from xxgk.readers.pdf import _doubled, _page_geometry, _view


def _one_by_one(page) -> list[tuple]:
    """The page's characters as the reader's rule says, one pypdfium2 call at a time."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n)
        # PDFium's angles run clockwise, in radians; the page is turned back by the most common
        quarters = [-round(pdfium_c.FPDFText_GetCharAngle(textpage, i) / (math.pi / 2)) % 4
                    for i in range(n) if not text[i].isspace()]
        to_view = _view(max(set(quarters), key=quarters.count) if quarters else 0, width, height)
        out, seen = [], set()
        for i, ch in enumerate(text):
            if ch.isspace() or ch <= " " or ch == "\ufffe":
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            x0, y0, x1, y1 = to_view(left, top, right, bottom)
            if (ch, int(x0), int(y0)) not in seen:
                seen.add((ch, int(x0), int(y0)))
                out.append((ch, x0, y0, x1, y1))
        return out
    finally:
        textpage.close()


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("angle", [0, 90])
def test_the_characters_made_in_bulk_are_those_given_one_by_one(tmp_path, monkeypatch, angle, exact):
    """``exact``: the set of (character, whole points) is always consulted, as when the quick
    check finds a double."""
    import pypdfium2

    if exact:
        monkeypatch.setattr("xxgk.readers.pdf._doubled", lambda *args: True)

    pdf = new_pdf()
    pdf.add_page()
    with pdf.rotation(angle, x=300, y=420):
        pdf.text(72, 100, "政府信息公开 2024 年度报告")
        pdf.text(72, 130, "收到申请 12 件，办结 11 件")
        pdf.text(72, 160, "加粗")  # fake bold: drawn again a fraction of a point apart
        pdf.text(72.3, 160, "加")
        pdf.text(300, 160, "  ")
    path = save(pdf, tmp_path / "chars.pdf")
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        chars = _page_geometry(page)[0]
        expected = _one_by_one(page)
    finally:
        document.close()
    assert [tuple(c) for c in chars] == expected
    assert "".join(c[0] for c in chars).count("加") == 1
    assert all(type(v) is float for c in chars for v in c[1:])  # Python floats, not numpy scalars


def test_doubles_are_found_by_code_and_whole_points():
    codes = np.array([0x52A0, 0x7C97, 0x52A0], np.uint32)
    assert _doubled(codes, np.array([72.1, 90.0, 72.9]), np.array([100.2, 100.2, 100.7]))
    assert not _doubled(codes, np.array([72.1, 90.0, 73.1]), np.array([100.2, 100.2, 100.7]))
    assert not _doubled(codes, np.array([-0.5, 1.0, 0.5]), np.array([-3.5, 2.0, 3.5]))
    # int() truncates towards zero: -0.5 and 0.5 are both at 0
    assert _doubled(codes, np.array([-0.5, 1.0, 0.5]), np.array([0.2, 2.0, 0.7]))
    # positions too far out for the packed check: the exact one decides
    assert _doubled(codes, np.array([1e7, 0.0, 5.0]), np.array([0.0, 0.0, 0.0]))
