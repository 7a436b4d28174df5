"""Scanned tables read by OCR (session ocr3): what a cell's readings must show before a figure
is kept, and the label cells whose text must reach their own row.

Every test here was written before its fix and failed on the code as it was found.
"""

from __future__ import annotations

from xxgk.readers.ocr_cells import slot_of


def test_a_word_on_the_first_line_of_a_tall_cut_belongs_to_that_cut():
    # a one-line label cut (30-60) above a three-line one (90-250): the tall cut's first line
    # (92-122) is nearer the short cut's middle than its own, yet it lies inside the tall cut
    slots = [(30, 60), (90, 250)]
    assert slot_of(slots, 92, 122) == 1
    assert slot_of(slots, 32, 58) == 0
    assert slot_of(slots, 215, 248) == 1
    assert slot_of(slots, 78, 88) == 1  # in the white between: the nearer edge
    assert slot_of(slots, 58, 70) == 0
