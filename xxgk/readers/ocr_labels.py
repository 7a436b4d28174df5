"""Row labels of a scanned table 3 that OCR garbled, named by the template when that is sure.

Tesseract's Chinese model reads a label cell well but not perfectly: "（" comes out as "〈"
("部分公开〈区分处理的…"), and now and then one character is another ("禁止" as "茜止", "秘密" as
"秘窗"). The parser matches a row by its label's keys, so one wrong character loses the whole row.

:func:`name_labels` takes the label cells of a page in reading order and gives back, for each, the
text to put in the cell. A label is left as read unless

- it names no row of table 3 as read (no key of :mod:`xxgk.codes` in it),
- it is at least ``MIN_CORE`` characters once its enumerator ("2.", "（二）") is set aside,
- one row's label or key is at least ``SIMILAR`` alike to it (:class:`difflib.SequenceMatcher`),
  and every other row at least ``MARGIN`` less so, and
- that row's place in the template lies between the rows named by the nearest labels read as
  printed above and below it on the page (rows come in the template's order).

Then the cell says that row's label (with its number for an enumerated sub-item). A label that
cannot be named stays as read: its row is unread, never guessed. The figures of a named row are
still kept only where two readings agree and the table's sums hold (:mod:`xxgk.parse.ocr_check`).

Layer: readers — imports base only (:mod:`xxgk.codes`, :mod:`xxgk.normalize`).
"""

from __future__ import annotations

import difflib
import functools
import re

from xxgk import codes
from xxgk.normalize import squeeze

SIMILAR = 0.8  # the least likeness of a garbled label to its row's label
MARGIN = 0.15  # by which the runner-up row must be less alike
MIN_CORE = 4  # characters: shorter labels ("其他", "总计") are never named by likeness
# Tesseract's Chinese model reads a full-width "（" as "〈" or "《": an angle bracket closed by a
# parenthesis (or by its own angle bracket, "〈…〉") was a parenthesis
_BRACKETS = re.compile(r"[〈《]([^〈《〉》()（）]*)(?:[)）]|〉)")
# A label's enumerator without its dot ("4保护第三方合法权益"): the digit would be read as a figure
_BARE_NUMBER = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])")
# An enumerator at the start, after at most two stray characters: "2.", "涯1.", "(二)", "（三）"
_ENUMERATOR = re.compile(r"^.{0,2}?(?:\d{1,2}[.,、]|[(（][一二三四五六七八九十]{1,2}[)）])")
_REMARK = re.compile(r"\([^()]*\)?$")
_TAIL = re.compile(r"(?:数量|件数|数|件|条|个|项|次|人次|份|万元|元|情况)$")  # a unit after a row's key


def fix_brackets(text: str) -> str:
    """A label cell's OCR'd text with the angle brackets the Chinese model makes of full-width
    parentheses turned back, and the dot of an enumerator that lost it put back."""
    return _BARE_NUMBER.sub(r"\1.", _BRACKETS.sub(r"（\1）", text))


@functools.cache
def _rows() -> tuple[tuple[float, codes.Row, tuple[str, ...]], ...]:
    """(place in the template, row, its normalised keys) of every row of table 3 of both templates.
    The 2019 row 其他处理 takes the place of the 2021 rows it became."""
    order = [row.code for row in codes.APPLICATION_ROWS_2021]
    out = {}
    for row in (*codes.APPLICATION_ROWS_2021, *codes.APPLICATION_ROWS_2019):
        place = order.index(row.code) if row.code in order else order.index("other_no_correction") - 0.5
        out[row.code] = (place, row, tuple(squeeze(k) for k in (row.label, *row.keys)))
    return tuple(out.values())


def _core(text: str) -> str:
    """A label without its enumerator and a remark in parentheses at its end."""
    text = squeeze(fix_brackets(text))
    text = _ENUMERATOR.sub("", text, count=1)
    return _REMARK.sub("", text)


def named_place(text: str) -> float | None:
    """The template place of the row a label names as read (a key of it ends the label, as the
    parser matches it; the longest such key), else None."""
    core = _core(text)
    ends = (core, _TAIL.sub("", core))
    best = None
    for place, _, keys in _rows():
        for key in keys:
            if any(end.endswith(key) for end in ends) and (best is None or len(key) > best[0]):
                best = (len(key), place)
    return best[1] if best else None


def likeliest(text: str) -> tuple[float, codes.Row] | None:
    """(place, row) of the one row a garbled label is alike to (SIMILAR, ahead by MARGIN), else None."""
    core = _core(text)
    if len(core) < MIN_CORE:
        return None
    scores = []
    for place, row, keys in _rows():
        long_keys = [k for k in keys if len(k) >= MIN_CORE]
        if long_keys:
            scores.append((max(difflib.SequenceMatcher(None, core, k).ratio() for k in long_keys), place, row, keys))
    scores.sort(key=lambda s: s[0], reverse=True)
    if scores and any(k.startswith(core) for k in scores[0][3]):
        return None  # not garbled but cut short (a row split by a page break): its rest follows
    if not scores or scores[0][0] < SIMILAR or len(scores) > 1 and scores[1][0] > scores[0][0] - MARGIN:
        return None
    return scores[0][1], scores[0][2]


def _label(row: codes.Row) -> str:
    return f"{row.number}.{row.label}" if row.number is not None else row.label


def name_labels(texts: list[str]) -> list[str]:
    """Each label cell's text (in reading order) to put in its cell: as read with its brackets
    fixed, or, garbled, the label of the row it is sure to be (see the module's docstring)."""
    fixed = [fix_brackets(t) for t in texts]
    places = [named_place(t) for t in fixed]
    out = list(fixed)
    for k, text in enumerate(fixed):
        if places[k] is not None:
            continue
        found = likeliest(text)
        if found is None:
            continue
        above = next((p for p in reversed(places[:k]) if p is not None), -1.0)
        below = next((p for p in places[k + 1:] if p is not None), float("inf"))
        if above < found[0] < below:
            out[k] = _label(found[1])
    return out
