"""Each figure cell of a scanned table read again on its own, and kept only where two models agree.

Tesseract reading a whole page (:func:`xxgk.readers.ocr.page_chars`) often takes a lone 0 in a
narrow ruled cell for "o", "n" or "oo". Cut out of the page and read on its own, the same cell is
read far better. So every cell of a ruled table that holds ink and whose page reading could be a
figure (at most one Chinese character in it) or whose ink is short (a few characters on one line)
is cut out at its ink's box, and all such cuts of a page are stacked into one strip image (one a
line, white space between) that Tesseract reads twice:

- with its English model and only the digits allowed (``tessedit_char_whitelist``), and
- with its Simplified Chinese model and nothing forbidden.

A cell becomes a figure only where the digits-only reading is at least ``SURE_CELL`` per cent sure
and a reading by the Chinese model (the cell's own, or the page's) is the same figure. Anything
else (the readings differ, a mark such as "/" the digits-only reading had to make a digit) leaves
an :data:`UNSURE` mark, so the cell is unread, never guessed; a cell whose page reading is a label
keeps it. A cell with no ink is blank. The parser checks tables 3 and 4 by their sums besides
(:mod:`xxgk.parse.ocr_check`).
"""

from __future__ import annotations

import csv
import io
import re
import subprocess

from xxgk.errors import ReportError
from xxgk.readers.ocr_labels import name_labels
from xxgk.readers.ocr_rows import settle_by_rows
from xxgk.readers.pdf_layout import Char, Grid, Rule, _is_cjk, build_grid, fill_grid, merge_rules, rule_groups

UNSURE = "?"
SURE_CELL = 80  # Tesseract's confidence (0-100) the digits-only reading must reach
SECONDS = 120
INSET = 3  # pixels kept clear of a cell's edges (what is left of its painted-out rules)
INK = 128  # a pixel darker than this is ink
MIN_INK = 5  # pixels: fewer is specks, the cell is blank
GAP = 30  # pixels of white around each cut in the strip
LINE = 16.0  # points: ink taller than this is more than one line of text (a label)
ENLARGE = 2  # cells the models disagree on are read again this many times larger
SHORT = 2.0  # ink at most this many times as wide as tall is read again whatever the page read
_WITH_UNIT = re.compile(r"(\d+)(万元|元)")  # a figure printed with its unit
_DIGIT_LIKE = "〇口日目一丨"  # characters the Chinese model makes of a 0 or 1
READINGS = (("eng", ("-c", "tessedit_char_whitelist=0123456789")), ("chi_sim", ()))


def _cell_boxes(grid: Grid, scale: float, shape) -> list[tuple]:
    """Each cell's inner box in pixels (x0, y0, x1, y1), inset from its rules."""
    h, w = shape
    out = []
    for cell in grid.cells:
        x0 = max(0, int(grid.xs[cell.c0] / scale) + INSET)
        x1 = min(w, int(grid.xs[cell.c1 + 1] / scale) - INSET)
        y0 = max(0, int(grid.ys[cell.r0] / scale) + INSET)
        y1 = min(h, int(grid.ys[cell.r1 + 1] / scale) - INSET)
        out.append((cell, (x0, y0, x1, y1)))
    return out


def _may_be_figure(text: str) -> bool:
    """A page reading that could be a misread figure: at most one Chinese character in it."""
    return sum(1 for ch in text if _is_cjk(ch)) <= 1


def _one_line(box, scale: float) -> bool:
    """Ink no taller than one line of text (LINE points)."""
    return (box[3] - box[1]) * scale <= LINE


def _short(box) -> bool:
    """Ink no wider than SHORT times its height: a few characters on one line."""
    x0, y0, x1, y1 = box
    return x1 - x0 <= SHORT * (y1 - y0)


def ruled_cells(chars: list[Char], rules: list[Rule], clean, scale: float):
    """(pixel box of the cell's ink or None when blank, points box of the cell, page reading) of
    every ruled cell that holds ink or whose page reading could be a figure."""
    import numpy as np

    out = []
    for group in rule_groups(merge_rules(rules)):
        grid = build_grid(group)
        fill_grid(grid, list(chars))
        for cell, (x0, y0, x1, y1) in _cell_boxes(grid, scale, clean.shape):
            text = cell.text.replace(" ", "")
            if x1 <= x0 or y1 <= y0:
                continue
            ink = clean[y0:y1, x0:x1] < INK
            points = (grid.xs[cell.c0], grid.ys[cell.r0], grid.xs[cell.c1 + 1], grid.ys[cell.r1 + 1])
            if ink.sum() >= MIN_INK:
                ys, xs = np.nonzero(ink)
                out.append(((x0 + xs.min(), y0 + ys.min(), x0 + xs.max() + 1, y0 + ys.max() + 1), points, text))
            elif _may_be_figure(text):
                out.append((None, points, text))
    return out


def strip_image(clean, boxes: list[tuple]):
    """The cuts stacked one a line with white between, and each cut's (top, bottom) in the strip."""
    import numpy as np

    width = max(x1 - x0 for x0, _, x1, _ in boxes) + 2 * GAP
    height = sum(y1 - y0 + GAP for _, y0, _, y1 in boxes) + GAP
    strip = np.full((height, width), 255, dtype=np.uint8)
    slots = []
    top = GAP
    for x0, y0, x1, y1 in boxes:
        strip[top:top + y1 - y0, GAP:GAP + x1 - x0] = clean[y0:y1, x0:x1]
        slots.append((top, top + y1 - y0))
        top += y1 - y0 + GAP
    return strip, slots


def read_strip(program: str, strip, slots, language: str, options, path: str) -> list[tuple[str, float]]:
    """Each slot's text as Tesseract reads the strip, with its least sure word's confidence."""
    from PIL import Image

    png = io.BytesIO()
    Image.fromarray(strip).save(png, format="PNG")
    try:
        done = subprocess.run([program, "-", "-", "-l", language, "--psm", "6", *options, "tsv"],
                              input=png.getvalue(), capture_output=True, timeout=SECONDS)
    except subprocess.TimeoutExpired:
        raise ReportError(path, f"OCR of a page's table cells took over {SECONDS} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ReportError(path, f"OCR failed: tesseract: {detail[0]}")
    texts = [""] * len(slots)
    confs = [100.0] * len(slots)
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        top, bottom = int(row["top"]), int(row["top"]) + int(row["height"])
        k = slot_of(slots, top, bottom)
        texts[k] += word
        # a word reaching into the white between cuts is not this cut's alone: unsure
        inside = slots[k][0] - GAP / 2 <= top and bottom <= slots[k][1] + GAP / 2
        confs[k] = min(confs[k], float(row.get("conf") or 0) if inside else 0.0)
    return [(t, c if t else 0.0) for t, c in zip(texts, confs)]


def slot_of(slots: list[tuple[int, int]], top: int, bottom: int) -> int:
    """The slot a word from ``top`` to ``bottom`` of the strip belongs to: the one its middle lies
    in, else the nearest by its edges. (Nearest by middles would give the first line of a tall
    cut, a label on three lines, to the short cut above it.)"""
    middle = (top + bottom) / 2
    return min(range(len(slots)), key=lambda i: max(slots[i][0] - middle, middle - slots[i][1], 0.0))


def agreed(digits: tuple[str, float], others: list[str]) -> str | None:
    """The digits-only reading when it is at least SURE_CELL sure and a reading by the Chinese
    model (the cell's own or the page's) is the same figure; else None."""
    figure, conf = digits
    if not figure.isdigit() or not figure.isascii() or conf < SURE_CELL:
        return None
    return figure if figure in others else None


def _spread(text: str, box) -> list[Char]:
    x0, y0, x1, y1 = box
    step = (x1 - x0) / len(text)
    return [Char(ch, x0 + k * step, y0, x0 + (k + 1) * step, y1) for k, ch in enumerate(text)]


def read_figures(program: str, clean, cells: list[tuple], path: str, again: bool = True):
    """(the agreed figure or None, the Chinese model's reading, the digits-only reading with its
    confidence) of each cell. Cells where the two models agree but the digits-only reading is
    unsure are read once more in a strip of their own (Tesseract now and then gives a clear digit a
    confidence of 0 in a long strip); they are still kept only where that reading is sure and
    agrees. Cells where the digits-only reading is sure but no Chinese reading agrees are read
    again enlarged (:func:`read_enlarged`)."""
    strip, slots = strip_image(clean, [box for box, _, _ in cells])
    digits, chinese = (read_strip(program, strip, slots, language, options, path)
                       for language, options in READINGS)
    out = [(agreed(digits[k], [chinese[k][0], cells[k][2]]), chinese[k][0], digits[k])
           for k in range(len(cells))]
    unsure = [k for k, (figure, _, _) in enumerate(out)
              if figure is None and digits[k][0] == chinese[k][0] and digits[k][0].isdigit()]
    if again and unsure:
        for k, found in zip(unsure, read_figures(program, clean, [cells[k] for k in unsure], path, False)):
            out[k] = found
    disputed = [k for k, (figure, _, _) in enumerate(out) if figure is None and agreed(digits[k], [digits[k][0]])]
    if again and disputed:
        for k, figure in zip(disputed, read_enlarged(program, clean, [cells[k][0] for k in disputed], path)):
            if figure == digits[k][0]:
                out[k] = (figure, out[k][1], out[k][2])
    if again:
        for k, figure in read_without_unit(program, clean, cells, out, path).items():
            out[k] = (figure, out[k][1], out[k][2])
    return out


def unit_cut(clean, box, unit: str):
    """The part of a cut left of its unit ("147230元": the ink before the last gap, when what lies
    right of that gap is as wide as the unit's characters), else None."""
    import numpy as np

    x0, y0, x1, y1 = box
    ink = (clean[y0:y1, x0:x1] < INK).any(axis=0)
    height = y1 - y0
    gaps = np.flatnonzero(~ink)
    for gap in gaps[::-1]:
        right = len(ink) - gap - 1
        if right > 1.5 * height * len(unit):
            return None
        if right >= 0.6 * height * len(unit) and gap > 0 and ink[:gap].any():
            left = int(np.flatnonzero(ink[:gap]).max()) + 1
            return (x0, y0, x0 + left, y1)
    return None


def read_without_unit(program: str, clean, cells: list[tuple], out: list[tuple], path: str) -> dict[int, str]:
    """{index: figure with its unit} for cells the Chinese model (the cell's and the page's reading)
    reads as a figure with a unit ("147230元"), the digits-only model unable to read the unit: the
    part left of the unit is read again by both models, kept where both say the Chinese reading's
    figure."""
    found = {}
    for k, (figure, chinese, _) in enumerate(out):
        match = _WITH_UNIT.fullmatch(chinese)
        if figure is None and match and cells[k][2].endswith(match[2]):
            cut = unit_cut(clean, cells[k][0], match[2])
            if cut is not None:
                found[k] = (cut, match[1], match[2])
    if not found:
        return {}
    strip, slots = strip_image(clean, [cut for cut, _, _ in found.values()])
    digits, chinese = (read_strip(program, strip, slots, language, options, path) for language, options in READINGS)
    return {k: number + unit for (k, (_, number, unit)), d, c in zip(found.items(), digits, chinese)
            if agreed(d, [c[0]]) == number}


def read_enlarged(program: str, clean, boxes: list[tuple], path: str) -> list[str | None]:
    """Each cut read again at ENLARGE times its size by both models: the figure where the two
    agree and the digits-only reading is sure, else None. A cell whose first readings disagreed
    (the digits-only model sure of "7", the Chinese model reading "8") is kept only where these
    two more readings both say what the first digits-only reading said."""
    import numpy as np
    from PIL import Image

    strip, slots = strip_image(clean, boxes)
    h, w = strip.shape
    big = np.array(Image.fromarray(strip).resize((w * ENLARGE, h * ENLARGE), Image.LANCZOS))
    slots = [(top * ENLARGE, bottom * ENLARGE) for top, bottom in slots]
    digits, chinese = (read_strip(program, big, slots, language, options, path) for language, options in READINGS)
    return [agreed(d, [c[0]]) for d, c in zip(digits, chinese)]


def _words(text: str) -> bool:
    """Text of Chinese characters only (no digit, mark or Latin letter a misread figure leaves,
    nor a character a 0 or 1 is misread as)."""
    return bool(text) and all(_is_cjk(ch) and ch not in _DIGIT_LIKE for ch in text)


def _chinese(text: str) -> bool:
    return sum(1 for ch in text if _is_cjk(ch)) >= 2


def reread_cells(program: str, chars: list[Char], rules: list[Rule], clean, scale: float,
                 path: str) -> list[Char]:
    """The page's characters with every ruled cell read again on its own: a cell that could hold a
    figure becomes the figure two models agree on (or a table-3 row's sum settles between them,
    :mod:`xxgk.readers.ocr_rows`) or UNSURE, a label the Chinese model's reading of it alone (where
    that is Chinese; read in a page's context, labels come out worse) named by the template where
    OCR garbled it (:mod:`xxgk.readers.ocr_labels`), a cell without ink blank."""
    cells = ruled_cells(chars, rules, clean, scale)
    figures = [c for c in cells if c[0] is not None and _one_line(c[0], scale)
               and (_may_be_figure(c[2]) or _short(c[0]))]
    labels = [c for c in cells if c[0] is not None and c not in figures]
    replaced = [points for box, points, _ in cells if box is None]  # blank
    new: list[Char] = []
    named: list[tuple] = []  # label cells read again, named by the template once all are in
    shown: list[tuple] = []  # figure cells: (agreed figure or None, box, points)

    def put(text: str, box, points) -> None:
        replaced.append(points)
        new.extend(_spread(text, tuple(v * scale for v in box)))

    found = read_figures(program, clean, figures, path) if figures else []
    for (box, points, text), (figure, chinese, digits) in zip(figures, found):
        if figure is None and not digits[0] and _words(text) and _words(chinese):
            named.append((chinese, box, points))  # a word on its own ("供" of 无法提供 cut by a page)
        elif figure is not None or _may_be_figure(text):
            shown.append((figure, box, points))
        elif _chinese(chinese):
            named.append((chinese, box, points))
    if labels:
        strip, slots = strip_image(clean, [box for box, _, _ in labels])
        language, options = READINGS[-1]
        for (box, points, page), (text, _) in zip(labels, read_strip(program, strip, slots, language, options, path)):
            if _chinese(text):
                named.append((text, box, points))
            elif _may_be_figure(page) and any(ch.isdigit() for ch in page):
                put(UNSURE, box, points)  # figures on more than one line: only the page read them
    named.sort(key=lambda item: (item[2][1], item[2][0]))  # reading order
    named = [(text, box, points) for text, (box, points) in
             zip(name_labels([t for t, _, _ in named]), [n[1:] for n in named])]
    sure = {points: digits[0] for (_, points, _), (_, _, digits) in zip(figures, found)
            if agreed(digits, [digits[0]])}
    settled = settle_by_rows([p for _, _, p in shown], [f for f, _, _ in shown],
                             [sure.get(p, "") for _, _, p in shown], [(t, p) for t, _, p in named])
    for k, (figure, box, points) in enumerate(shown):
        put(settled.get(k, figure) or UNSURE, box, points)
    for text, box, points in named:
        put(text, box, points)

    def inside(ch: Char) -> bool:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.y0 + ch.y1) / 2
        # as :func:`~xxgk.readers.pdf_layout.fill_grid` puts it: a centre on an edge is the cell's after it
        return any(x0 <= cx < x1 and y0 <= cy < y1 for x0, y0, x1, y1 in replaced)

    return [ch for ch in chars if not inside(ch)] + new
