"""A figure cell of a scanned table-3 row the models disagree on, settled by the row's own sum.

Table 3's rows end in 总计, the sum of the six applicant cells before it (rule R3). When the two
models agree on every cell of such a row but one, and for that one the digits-only model is sure
("7", 97 per cent) while the Chinese model reads something else ("8"), the row's sum says which
figure the cell must hold. :func:`settle_by_rows` keeps that figure only when it is exactly what
the digits-only model read: arithmetic alone never makes a figure, it only chooses between
readings. A row qualifies only when

- a label cell on the row's line names a row of table 3 (:func:`xxgk.readers.ocr_labels.named_place`),
- the row holds exactly seven figure cells after its label, and
- exactly one of them is unsettled, all others agreed figures.

The parser then checks the table's sums as for every OCR'd figure (:mod:`xxgk.parse.ocr_check`):
R1 and R2 down the cell's column must hold, or not be checkable, for it to be kept.

Layer: readers — imports base only, and the OCR readers beside it.
"""

from __future__ import annotations

from xxgk.readers.ocr_labels import named_place

CELLS = 7  # a table-3 row: six applicant columns and 总计
SAME = 0.5  # points: cells of one grid row share their top and bottom edges


def _same_row(a, b) -> bool:
    return abs(a[1] - b[1]) < SAME and abs(a[3] - b[3]) < SAME


def settle_by_rows(points: list[tuple], figures: list[str | None], digits: list[str],
                   labels: list[tuple[str, tuple]]) -> dict[int, str]:
    """{index: figure} for the figure cells (``points`` boxes, agreed ``figures`` or None, their
    digits-only ``digits`` readings, sure ones only) a table-3 row's sum settles; ``labels`` are
    (text, points box) of the page's label cells."""
    settled: dict[int, str] = {}
    for text, box in labels:
        if named_place(text) is None:
            continue
        row = sorted((k for k, p in enumerate(points) if _same_row(p, box) and p[0] >= box[2] - SAME),
                     key=lambda k: points[k][0])
        if len(row) != CELLS:
            continue
        open_cells = [k for k in row if figures[k] is None]
        if len(open_cells) != 1 or not all((figures[j] or digits[j]).isdigit() for j in row):
            continue
        k = open_cells[0]
        *parts, total = [int(figures[j]) if j != k else None for j in row]
        known = sum(p for p in parts if p is not None)
        solved = known if total is None else total - known
        if str(solved) == digits[k]:
            settled[k] = digits[k]
    return settled
