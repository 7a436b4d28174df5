"""OCR of scanned pages and image files (图片版 reports) with Tesseract, tables rebuilt by position.

A page image becomes the same geometry a PDF's text layer gives (:mod:`xxgk.readers.pdf_layout`):
ruling lines are found in the pixels (runs of dark pixels far longer than any stroke of a
character), painted out, and the rest goes to Tesseract (``tesseract - - -l chi_sim tsv``), whose
words with their boxes become characters (a word's box shared evenly among its characters). The
table builder then puts each character in the cell its centre lies in, exactly as for a PDF.

OCR misreads digits (0/8/6, 1/7), so what it reads is never taken on trust: every cell of a ruled
table is read again on its own, and a figure is kept only where two models agree
(:mod:`xxgk.readers.ocr_cells`); the Document says it came from OCR (``Document.ocr``), and the
parser checks the arithmetic of tables 3 and 4 and leaves a row whose sums fail unread
(:func:`xxgk.parse.ocr_check.verify_ocr`). Coordinates are scaled to points of an
A4-wide page, so the layout code's tolerances mean what they mean for a PDF.

Without Tesseract and its Simplified Chinese data, :func:`require_tesseract` raises a
:class:`ReportError` saying what to install.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import shutil
import subprocess

from xxgk.errors import ReportError
from xxgk.readers.pdf_layout import Char, Rule

LANGUAGE = "chi_sim"
INSTALL = "install Tesseract with Simplified Chinese (Debian: tesseract-ocr tesseract-ocr-chi-sim)"
RENDER_DPI = 200  # PDF pages are rendered at this resolution for OCR
PAGE_POINTS = 595.0  # an image is scaled to the width of an A4 page in points
SECONDS = 120  # one page's OCR
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SURE = 40  # Tesseract's confidence (0-100) below which a word with a digit is not taken as read
UNSURE = "?"  # stands for each character of such a word: never a figure, so its cell stays unread
# Tesseract splits Chinese into words with gaps between them; the layout code would print a space
_WIDE_GAP = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


@functools.lru_cache(maxsize=1)
def tesseract() -> str | None:
    """The tesseract program, if it is installed with Simplified Chinese (and English, which
    Debian's tesseract-ocr always brings: figure cells are read with it); else None."""
    program = shutil.which("tesseract")
    if not program:
        return None
    try:
        langs = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    found = (langs.stdout + langs.stderr).split()
    return program if LANGUAGE in found and "eng" in found else None


def require_tesseract(path: str, what: str) -> str:
    """The tesseract program, or a ReportError saying ``what`` needs OCR and what to install."""
    program = tesseract()
    if program is None:
        raise ReportError(path, f"{what}; it needs OCR: {INSTALL}")
    return program


# ---- ruling lines in pixels -----------------------------------------------------------------------------

def _runs(dark, length: int):
    """Pixels lying on a horizontal run of at least ``length`` dark pixels (a boolean array)."""
    import numpy as np

    h, w = dark.shape
    if w < length:
        return np.zeros_like(dark)
    sums = np.cumsum(np.pad(dark, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    full = (sums[:, length:] - sums[:, :-length]) == length  # window starting at x is all dark
    on = np.zeros((h, w + 1), dtype=np.int32)
    on[:, :w - length + 1] += full
    on[:, length:w + 1] -= full
    return np.cumsum(on, axis=1)[:, :w] > 0


def _lines(mask, horizontal: bool, scale: float) -> list[Rule]:
    """The rules a run mask draws: each band of adjacent rows holding runs is one rule."""
    import numpy as np

    if not horizontal:
        mask = mask.T
    rows = np.flatnonzero(mask.any(axis=1))
    out: list[Rule] = []
    start = None
    for i, y in enumerate(rows):
        if start is None:
            start = y
        if i + 1 < len(rows) and rows[i + 1] == y + 1:
            continue
        band = mask[start:y + 1].any(axis=0)
        xs = np.flatnonzero(band)
        # a band may hold several collinear pieces: cut it where it breaks
        breaks = np.flatnonzero(np.diff(xs) > 1)
        for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks, len(xs) - 1]):
            out.append(Rule(horizontal, (start + y + 1) / 2 * scale, xs[a] * scale, (xs[b] + 1) * scale))
        start = None
    return out


def page_rules(gray, scale: float):
    """Ruling lines of a page image (a 2-D uint8 array) in points, and the image with them painted
    out. A rule is a run of dark pixels longer than 0.1 of an inch across (0.07 down, as rows of a
    table are short): at 10.5 pt a character is about 0.15 inch tall, its strokes shorter still."""
    dpi = 72.0 / scale
    dark = gray < 200  # thin rules are anti-aliased to gray
    across = _runs(dark, max(8, int(0.3 * dpi)))
    down = _runs(dark.T, max(8, int(0.18 * dpi))).T
    rules = _lines(across, True, scale) + _lines(down, False, scale)
    clean = gray.copy()
    clean[across | down] = 255
    return rules, clean


# ---- words ------------------------------------------------------------------------------------------------

def page_chars(program: str, gray, scale: float, path: str) -> list[Char]:
    """Tesseract's words of a page image as characters in points (each word's box shared evenly)."""
    from PIL import Image

    png = io.BytesIO()
    Image.fromarray(gray).save(png, format="PNG")
    try:
        done = subprocess.run([program, "-", "-", "-l", LANGUAGE, "--psm", "6", "tsv"], input=png.getvalue(),
                              capture_output=True, timeout=SECONDS)
    except subprocess.TimeoutExpired:
        raise ReportError(path, f"OCR of a page took over {SECONDS} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ReportError(path, f"OCR failed: tesseract: {detail[0]}")
    chars: list[Char] = []
    rows = csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
    for row in rows:
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        if any(c.isdigit() for c in word) and float(row.get("conf") or 0) < SURE:
            word = UNSURE * len(word)
        left, top = int(row["left"]), int(row["top"])
        width, height = int(row["width"]), int(row["height"])
        step = width / len(word)
        for k, ch in enumerate(word):
            x0 = left + k * step
            chars.append(Char(ch, x0 * scale, top * scale, (x0 + step) * scale, (top + height) * scale))
    return chars


def squeeze(text: str) -> str:
    """OCR'd text without the spaces Tesseract's word boxes leave between Chinese characters."""
    return _WIDE_GAP.sub("", text)


def ocr_page(program: str, gray, scale: float, path: str):
    """(characters, rules) of one page image, in points; the figure cells of its ruled tables read
    again one by one (:func:`xxgk.readers.ocr_cells.reread_cells`)."""
    from xxgk.readers.ocr_cells import reread_cells

    rules, clean = page_rules(gray, scale)
    chars = reread_cells(program, page_chars(program, clean, scale, path), rules, clean, scale, path)
    unruled_figures_unsure(chars, rules)
    return chars, rules


def unruled_figures_unsure(chars: list[Char], rules: list[Rule]) -> None:
    """Mark UNSURE every digit of a line outside the ruled tables that runs in columns (a table
    drawn without rules): only the page reading saw it, and a figure of a scanned table is kept
    only where two readings agree (:mod:`xxgk.readers.ocr_cells`). Prose keeps its digits."""
    from xxgk.readers.pdf_layout import _chunks, page_parts

    marked = {  # characters are tuples: the list is rebuilt with the marked ones replaced
        (ch.text, ch.x0, ch.y0, ch.x1, ch.y1)
        for line in page_parts(chars, rules)[1] if len(_chunks(line)) >= 2
        for ch in line if ch.text.isdigit()
    }
    chars[:] = [ch._replace(text=UNSURE) if tuple(ch) in marked else ch for ch in chars]


def pdf_page_image(page):
    """A PDF page rendered in gray for OCR, and the points one of its pixels measures."""
    bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
    import numpy as np

    gray = np.array(bitmap.to_pil().convert("L"))
    return gray, 72.0 / RENDER_DPI


def image_pages(path: str, data: bytes):
    """Each frame of an image file (a TIFF may hold several pages) in gray, with its scale."""
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [np.array(frame.convert("L")) for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ReportError(path, f"cannot read the image (damaged or truncated?): {exc}") from None
    return [(gray, PAGE_POINTS / gray.shape[1]) for gray in frames if gray.size]


def read_image(path: str, data: bytes, max_pages: int):
    """Read an image file (PNG, JPEG, TIFF; every frame a page) by OCR into a Document."""
    from xxgk.errors import limit_error
    from xxgk.readers.document import Document
    from xxgk.readers.pdf import pages_text
    from xxgk.readers.pdf_layout import page_parts

    program = require_tesseract(path, "the file is an image (a scanned report)")
    frames = image_pages(path, data)
    if len(frames) > max_pages:
        raise limit_error(path, f"the image has {len(frames)} pages, over the {max_pages} page limit",
                          f"图片共 {len(frames)} 页，超过 {max_pages} 页的上限")
    pages = []
    for gray, scale in frames:
        chars, rules = ocr_page(program, gray, scale, path)
        pages.append((*page_parts(chars, rules), gray.shape[0] * scale) if chars else None)
    text = squeeze(pages_text(pages))
    if not text:
        raise ReportError(path, "OCR found no text in the image")
    warning = ("the report is an image and was read by OCR; its table figures are kept only where two "
               "readings agree and, in tables 3 and 4, the sums hold")
    return Document(path, "image", text, None, (warning,), ocr=True)
