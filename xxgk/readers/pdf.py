"""PDF to text with PDFium (pypdfium2): characters with their boxes, ruling lines, geometry.

Per page, PDFium gives every character with its box and every path object; thin paths (stroked
lines, or filled rectangles under 3 pt thick) are ruling lines. :mod:`xxgk.readers.pdf_layout`
rebuilds tables from them (blank cells keep their column, merged cells span what they span) and
reads the text outside tables in order. Across pages, repeated header and footer lines and page
numbers are left out, and a table that ends one page and starts the next with the same columns is
joined back into one (a merged cell cut by the break continues). Pages whose text runs sideways or
upside down are turned to their reading direction first.

A page without any text layer is a scan: where Tesseract is installed it is rendered and read by OCR
(:mod:`xxgk.readers.ocr`; ``Document.ocr`` then says so), else a PDF with no text at all is refused
naming what to install. An encrypted or damaged PDF is refused with the reason. The PDF's ``Producer`` (the program that wrote it) is kept in ``Document.producer``.

Long: opening a PDF with PDFium, its characters and path objects, the page limit and the hand-off
to OCR are one reader with one open document; the layout is already its own module.
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
from collections import Counter
from itertools import compress, repeat

import numpy as np

from xxgk.errors import ReportError
from xxgk.readers.document import Document, TextBuilder
from xxgk.readers.ocr import ocr_page, pdf_page_image, require_tesseract, squeeze, tesseract
from xxgk.readers.pdfium_calls import address, calls, loose_char_boxes, page_objects
from xxgk.readers.pdf_layout import (TOL, Cell, Char, Grid, Rule, join_text, line_text, page_items,
                                     page_parts)

# Page furniture: a page number ("3", "- 3 -", "第3页", "第 3 页 共 8 页", "3/8", "共8页 第3页").
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第?\s*\d+\s*页?\s*(?:[/／]\s*\d+|共\s*\d+\s*页)?"
                          r"|共\s*\d+\s*页\s*第\s*\d+\s*页)[-—–\s]*$")
_WORD = re.compile(r"[^\d\s.,\-—–/％%]")  # a line with nothing of this is figures, never a header
_DIGITS = re.compile(r"\d+")
# What PDFium hands out for a character of a font without a character map: a control code (tab
# and line ends aside) or U+FFFD.
_GLYPH_NUMBER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
# Not printed: a blank (what str.isspace() calls space; none lies above U+3000) or a control code,
# and PDFium's U+FFFE, which marks a hyphen it took for the end of a word. A table by code up to
# U+3000, and False for every code above.
_BLANK = np.array([i <= 32 or chr(i).isspace() for i in range(0x3001)] + [False])
_HYPHEN_MARK = 0xFFFE
_FOUR_FLOATS = struct.Struct("4f").unpack_from  # a (c_float * 4) box at once
MARGIN = 0.1  # top and bottom tenth of a page: where headers and footers live
NO_TEXT_LAYER = "the PDF has no text layer (scanned image)"


def read_pdf(path: str, data: bytes, check_pages=None) -> Document:
    """Read a PDF (bytes) into a Document with format "pdf"; ``check_pages(number of pages)``, if
    given, is called before any page is read (to refuse a PDF over a page limit)."""
    import pypdfium2 as pdfium

    warnings: list[str] = []
    imageonly: list[int] = []
    ocred: list[int] = []  # pages read by OCR
    pages: list[tuple] = []  # (grids, lines, page height) per page; None for a page without text
    unreadable = 0  # characters in fonts without a character map
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReportError(path, "the PDF is encrypted with a password; it cannot be read without it")
        raise ReportError(path, f"cannot read the PDF (damaged or truncated?): {exc}")
    try:
        if check_pages is not None:
            check_pages(len(pdf))
        producer = (pdf.get_metadata_dict().get("Producer") or "").strip() or None
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                chars, rules, height, unmapped = _page_geometry(page)
                unreadable += unmapped
                if not chars and not unmapped and _has_images(page) and tesseract():
                    chars, rules = ocr_page(tesseract(), *pdf_page_image(page), path)
                    ocred.append(number + 1)
                if not chars:
                    if not unmapped and _has_images(page) and number + 1 not in ocred:
                        imageonly.append(number + 1)
                    pages.append(None)  # a table does not continue across it
                    continue
                grids, lines = page_parts(chars, rules)
                pages.append((grids, lines, height))
            finally:
                page.close()
    except ReportError:
        raise
    except Exception as exc:  # noqa: BLE001 - PDFium fails in many ways on damaged files
        raise ReportError(path, f"cannot read the PDF (damaged or truncated?): {type(exc).__name__}: {exc}")
    finally:
        pdf.close()
    text = pages_text(pages)
    if ocred:
        text = squeeze(text)
    if unreadable and unreadable > len("".join(text.split())):
        raise ReportError(path, "the PDF's fonts carry no character map (its characters are glyph "
                                "numbers, not text); it needs OCR")
    if not text:
        if ocred:
            raise ReportError(path, f"{NO_TEXT_LAYER} and OCR found no text in it")
        require_tesseract(path, NO_TEXT_LAYER)
        raise ReportError(path, NO_TEXT_LAYER)
    if unreadable:
        warnings.append(f"{unreadable} characters are in fonts without a character map and were left "
                        "out; what they print is unread")
    if imageonly:
        numbers = ", ".join(map(str, imageonly))
        warnings.append(f"page(s) {numbers} have no text layer, only images (scanned?); their content is missing")
    if ocred:
        warnings.append(f"page(s) {', '.join(map(str, ocred))} are images (scanned) and were read by OCR; "
                        "their table figures are kept only where two readings agree and, in tables 3 and 4, "
                        "the sums hold")
    return Document(path, "pdf", text, None, tuple(warnings), producer=producer, ocr=bool(ocred))


def pages_text(pages: list) -> str:
    """The text of pages given as (grids, lines, height), None for a page without text."""
    out = TextBuilder()
    for kind, item in _paragraphs(_join_pages(_without_furniture(pages))):
        if kind == "table":
            out.table(item.rows())
        elif kind == "rows":
            out.table(item)
        elif kind == "text":
            out.paragraph(item)
    # a character outside the BMP came out of PDFium as two UTF-16 halves: pair them up
    return out.text().encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# ---- PDFium ---------------------------------------------------------------------------------------------

def _page_geometry(page) -> tuple[list[Char], list[Rule], float, int]:
    """Characters and ruling lines of a page in reading coordinates, the page's height there, and
    how many characters were left out because their font has no character map."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    wrapper = page.get_textpage()
    textpage = wrapper.raw  # the bare handle: the wrapper costs an attribute lookup per call
    try:
        n = raw.FPDFText_CountChars(textpage)
        if n <= 0:
            return [], [], height, 0
        buf = ctypes.create_string_buffer((n + 1) * 2)
        raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        units = buf.raw[: n * 2].decode("utf-16-le", errors="surrogatepass")
        turn = _turn(textpage, n, units, raw)
        unmapped_fonts = _unmapped_fonts(textpage, units, raw)
        # its code is a glyph number: even a "7" may print something else
        left_out = {i for i in range(n) if _font(textpage, i, raw) in unmapped_fonts} if unmapped_fonts else ()
        to_view = _view(turn, width, height)
        chars = _chars(textpage, units, left_out, to_view)
    finally:
        wrapper.close()
    view_height = width if turn % 2 else height
    return chars, _rules(page, to_view, raw), view_height, len(left_out)


def _chars(textpage, units: str, left_out, to_view) -> list[Char]:
    """The page's printed characters with their boxes in reading coordinates.

    One call to PDFium a character is the least its interface allows: the calls write every box
    into one array (:mod:`xxgk.readers.pdfium_calls`), and the boxes are turned, filtered and
    checked for doubles as arrays; Python objects are made only for the characters kept.
    """
    codes = np.frombuffer(units.encode("utf-32-le", "surrogatepass"), np.uint32)
    printed = np.flatnonzero(~(_BLANK[np.minimum(codes, len(_BLANK) - 1)] | (codes == _HYPHEN_MARK)))
    if left_out:
        printed = printed[~np.isin(printed, list(left_out))]
    found, boxes = loose_char_boxes(address(textpage), printed.tolist())
    printed, boxes = printed[found], boxes[found]
    x0, y0, x1, y1 = to_view(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])  # left, top, right, bottom
    texts = list(map(units.__getitem__, printed.tolist()))
    chars = list(map(tuple.__new__, repeat(Char), zip(texts, x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist())))
    if not _doubled(codes[printed], x0, y0):
        return chars
    seen: set = set()  # fake bold: the same character drawn twice on itself is kept once
    keys = zip(texts, map(int, x0.tolist()), map(int, y0.tolist()))
    return [ch for key, ch in zip(keys, chars) if not (key in seen or seen.add(key))]


def _doubled(codes, x0, y0) -> bool:
    """Whether two characters have the same code at the same whole points (x0, y0 truncated);
    True also when the positions are too far out to tell this way."""
    whole = np.trunc(x0), np.trunc(y0)
    if not all((np.abs(v) < 2 ** 20).all() for v in whole):
        return True
    keys = codes.astype(np.int64) << 42  # codes < 2**21; each position in 21 bits
    for shift, v in ((21, whole[0]), (0, whole[1])):
        keys |= (v.astype(np.int64) + 2 ** 20) << shift
    keys.sort()
    return bool((keys[1:] == keys[:-1]).any())


def _font(textpage, i: int, raw) -> int | None:
    obj = raw.FPDFText_GetTextObject(textpage, i)
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    return ctypes.cast(font, ctypes.c_void_p).value if font else None


def _unmapped_fonts(textpage, units: str, raw) -> set:
    """Fonts whose characters come out as control codes or U+FFFD: they have no character map,
    and PDFium hands out their glyph numbers as if they were text."""
    bad = {m.start() for m in _GLYPH_NUMBER.finditer(units)}
    return {f for f in (_font(textpage, i, raw) for i in bad) if f is not None}


def _turn(textpage, n: int, units: str, raw) -> int:
    """Quarter turns of the page's text (0 upright, 1 running up, 2 upside down, 3 running down)."""
    votes: Counter = Counter()
    step = max(1, n // 40)
    page, char_angle = address(textpage), calls().char_angle
    for i in range(0, n, step):
        if units[i].isspace():
            continue
        angle = char_angle(page, i)
        if angle >= 0:
            votes[-round(angle / (math.pi / 2)) % 4] += 1  # PDFium's angles run clockwise
    return votes.most_common(1)[0][0] if votes else 0


def _view(turn: int, width: float, height: float):
    """Map a PDF box (left, top, right, bottom; y up) to reading coordinates (x0, y0, x1, y1; y down)."""
    def box(left, top, right, bottom):
        if turn == 0:
            return left, height - top, right, height - bottom
        if turn == 1:  # text runs upwards: read with the page turned a quarter clockwise
            return bottom, left, top, right
        if turn == 2:
            return width - right, bottom, width - left, top
        return height - top, width - right, height - bottom, width - left
    return box


def _rules(page, to_view, raw) -> list[Rule]:
    """Ruling lines: thin path objects, or the thin pieces and stroked rectangles inside a path."""
    out: list[Rule] = []
    box = (ctypes.c_float * 4)()  # left, bottom, right, top
    where = [ctypes.addressof(box) + 4 * k for k in range(4)]
    bounds = calls().bounds
    for obj in _objects(address(page.raw), raw.FPDF_PAGEOBJ_PATH):
        if not bounds(obj, *where):
            continue
        left, bottom, right, top = _FOUR_FLOATS(box)
        x0, y0, x1, y1 = to_view(left, top, right, bottom)
        if min(x1 - x0, y1 - y0) < 3:
            _add_rule(out, x0, y0, x1, y1)
        else:
            _path_rules(obj, to_view, raw, out)
    return out


def _objects(holder: int, kind: int, depth: int = 4, form: bool = False) -> list[int]:
    """The addresses of a page's objects of one kind (``holder`` the page's address, or with
    ``form`` a form object's), looking inside form objects.

    PDFium's own calls, in bulk (:mod:`xxgk.readers.pdfium_calls`): pypdfium2's object wrappers
    cost more than the geometry for pages with tens of thousands of paths.
    """
    import pypdfium2.raw as raw

    objects, kinds = page_objects(holder, form)
    form_kind = raw.FPDF_PAGEOBJ_FORM
    if not depth or form_kind not in kinds:
        return list(compress(objects, map(kind.__eq__, kinds)))
    out: list[int] = []
    for obj, kind_of in zip(objects, kinds):
        if kind_of == kind:
            out.append(obj)
        elif kind_of == form_kind:
            out += _objects(obj, kind, depth - 1, form=True)
    return out


def _add_rule(out: list[Rule], x0: float, y0: float, x1: float, y1: float) -> None:
    w, h = x1 - x0, y1 - y0
    if w >= h and w > TOL:
        out.append(Rule(True, (y0 + y1) / 2, x0, x1))
    elif h > w and h > TOL:
        out.append(Rule(False, (x0 + x1) / 2, y0, y1))


def _path_rules(obj: int, to_view, raw, out: list[Rule]) -> None:
    """Rules inside a larger path (its address): each thin subpath, and the edges of a stroked
    rectangle.

    A path with curves is a drawing (an icon, a rounded button), not ruling: it is skipped at its
    first curve.
    """
    pdfium = calls()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium.draw_mode(obj, ctypes.addressof(fill), ctypes.addressof(stroke))
    matrix = raw.FS_MATRIX()
    pdfium.matrix(obj, ctypes.addressof(matrix))
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y = ctypes.c_float(), ctypes.c_float()
    at_x, at_y = ctypes.addressof(x), ctypes.addressof(y)
    subpaths: list[list[tuple[float, float]]] = []
    for k in range(pdfium.count_segments(obj)):
        seg = pdfium.segment(obj, k)
        kind = pdfium.segment_type(seg)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            return
        pdfium.segment_point(seg, at_x, at_y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
    for pts in subpaths:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, y0, x1, y1 = to_view(min(xs), max(ys), max(xs), min(ys))
        if min(x1 - x0, y1 - y0) < 3:
            _add_rule(out, x0, y0, x1, y1)
        elif stroke.value:
            for p, q in zip(pts, pts[1:] + pts[:1]):
                px0, py0, px1, py1 = to_view(min(p[0], q[0]), max(p[1], q[1]), max(p[0], q[0]), min(p[1], q[1]))
                if min(px1 - px0, py1 - py0) < 1:
                    _add_rule(out, px0, py0, px1, py1)


def _has_images(page) -> bool:
    import pypdfium2.raw as raw

    return bool(_objects(address(page.raw), raw.FPDF_PAGEOBJ_IMAGE))


# ---- across pages ---------------------------------------------------------------------------------------

def _squeeze(chars) -> str:
    return "".join(c.text for c in chars)


def _without_furniture(pages: list) -> list:
    """Each page's items with page numbers, and lines repeated in the margins of pages, left out.

    A header or footer is a line in the top or bottom tenth of the page that recurs, digits aside,
    at the same height on another page.
    """
    def margin_texts(lines, height) -> dict[int, tuple[str, tuple]]:
        """id → (text, key) of the lines in the page's margins; the key is the text, digits
        aside, and the height it sits at."""
        out = {}
        for line in lines:
            if line[0].y0 < MARGIN * height or line[0].y1 > (1 - MARGIN) * height:
                text = line_text(line)
                out[id(line)] = text, (_DIGITS.sub("#", text), round(line[0].y0 / 3))
        return out

    margins = [None if page is None else margin_texts(page[1], page[2]) for page in pages]
    counts: Counter = Counter()
    for texts in margins:
        if texts is not None:
            counts.update({key for _, key in texts.values()})
    out = []
    for page, texts in zip(pages, margins):
        if page is None:
            out.append(None)
            continue
        grids, lines, height = page
        furniture = {i for i, (text, key) in texts.items()
                     if _PAGE_NUMBER.match(text) or counts[key] >= 2 and _WORD.search(text)}
        out.append(page_items(grids, [line for line in lines if id(line) not in furniture]))
    return out


def _join_pages(pages: list) -> list[tuple]:
    """All items in order, a table cut by a page break joined back into one.

    A ruled table that ends a page continues into a ruled table that starts the next page when
    their column edges line up.
    """
    items: list[tuple] = []
    for page in pages:
        if page is None:
            items.append(("gap", None))
            continue
        if items:
            items.append(("page", None))
        if page and len(items) > 1 and page[0][0] == "table" and items[-2][0] == "table" \
                and _aligned(items[-2][1], page[0][1]) is not None:
            items.pop()
            items[-1] = ("table", _joined(items[-1][1], page[0][1]))
            page = page[1:]
        items.extend(page)
    return items


def _continues_row(a: Grid, b: Grid) -> bool:
    """Whether ``b``'s first row is ``a``'s last row cut by the page break: every cell of that row
    is there again, text only where ``a``'s cell has text (and somewhere), at least one cell ended
    on ``a``'s page (blank in ``b``), and nothing else in the row but blank continuations."""
    last = a.nrows - 1
    # cells merged down over several rows continue blank on the next page in any case: only the
    # cells of the last row itself tell whether that row was cut
    above = {(c.c0, c.c1): c.text for c in a.cells if c.r0 == c.r1 == last}
    first = {(c.c0, c.c1): c.text for c in b.cells if c.r0 == 0}
    if not above or not set(above) <= set(first):
        return False
    if any(text for key, text in first.items() if key not in above):
        return False
    if any(first[key] and not text for key, text in above.items()):
        return False
    return any(first[key] for key in above) and any(text and not first[key] for key, text in above.items())


def _paragraphs(items: list[tuple]) -> list[tuple]:
    """Lines that go on with the paragraph above (within a page or across a break) joined into one
    ("text", str) item: the text conventions want one paragraph per line, and a sentence cut at a
    line end would lose the figure it states."""
    out: list[tuple] = []
    last = None  # the previous item's TextLine, while the previous item is text
    page_break = False
    for kind, item in items:
        if kind == "page":
            page_break = True
            continue
        if kind != "text":
            out.append((kind, item))
            last = None
            continue
        if last is not None and last.continued_by(item, same_page=not page_break):
            out[-1] = ("text", join_text(out[-1][1], item.text))
        else:
            out.append(("text", item.text))
        last = item
        page_break = False
    return out


def _aligned(a: Grid, b: Grid) -> Grid | None:
    """Both tables on the same column edges (``b`` shifted into ``a``'s, or ``a`` into ``b``'s when a
    merged first column left some edges undrawn on one page); None when the columns differ."""
    def offset(big: list[float], small: list[float]) -> int | None:
        for off in range(len(big) - len(small) + 1):
            if all(abs(p - q) <= TOL for p, q in zip(big[off:], small)):
                return off
        return None

    if len(a.xs) >= len(b.xs):
        off = offset(a.xs, b.xs)
        return None if off is None else _shifted(b, a.xs, off)
    off = offset(b.xs, a.xs)
    return None if off is None else _shifted(a, b.xs, off)


def _shifted(grid: Grid, xs: list[float], off: int) -> Grid:
    for cell in grid.cells:
        cell.c0 += off
        cell.c1 += off
    grid.xs = xs
    return grid


def _joined(a: Grid, b: Grid) -> Grid:
    """Table ``b`` appended below ``a``; a blank cell at the top of ``b`` under a merged cell that
    runs to the bottom of ``a`` over the same columns is the rest of that merged cell, and a first
    row of ``b`` that only finishes cells of ``a``'s last row is the rest of that row."""
    last = a.nrows - 1
    if _continues_row(a, b):
        ends = {(c.c0, c.c1): c for c in a.cells if c.r1 == last}
        for cell in [c for c in b.cells if c.r0 == 0]:
            end = ends.get((cell.c0, cell.c1))
            if end is not None:
                end.text = join_text(end.text, cell.text)
            if cell.r1 == 0:
                b.cells.remove(cell)
            else:  # it goes on below: the rest starts in b's second row
                cell.r0, cell.text = 1, ""
        b = Grid(b.xs, b.ys[1:], [Cell(c.r0 - 1, c.c0, c.r1 - 1, c.c1, text=c.text) for c in b.cells])
        if not b.cells:
            return a
    open_cells = {(c.c0, c.c1): c for c in a.cells if c.r1 == last and c.r0 < c.r1}
    shift = a.nrows
    cells = list(a.cells)
    offset = b.ys[0] - a.ys[-1]
    for cell in b.cells:
        above = open_cells.get((cell.c0, cell.c1)) if cell.r0 == 0 else None
        if above is not None and not cell.text:
            above.r1 = cell.r1 + shift
            continue
        cell.r0 += shift
        cell.r1 += shift
        cells.append(cell)
    ys = a.ys + [y - offset for y in b.ys[1:]]
    return Grid(a.xs, ys, cells)
