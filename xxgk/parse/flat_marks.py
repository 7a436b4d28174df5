"""A mark printed among flattened figures ("3.其他000000—", "行政规范性文件41—", "1100000/二、").

A crawler that runs a table's cells together keeps a mark ("—", "/", "×" …) that stood in a cell
instead of a figure as a plain character between the digits. Taken for label text, it ended the
row's figures: the digits before it were read as the whole row (a total printed "—" read 0, a
printed 11 read 1) and those after it were lost. A mark right after a run of figures is a cell of
that row (``leading_mark``): the row then holds a mark among its digits, which nothing can place,
and is left unread.

A word printed for a figure (无, 空, 不详, 暂无, N/A, 一 as a dash) is taken even where the next
label follows it at once ("行政规范性文件156无第二十条…": else 156 read 1 | 5 | 6), unless the text
from it begins a label of the templates (无法提供, 无正当理由…); "一、" numbers a heading. A unit
(件, 条 …) or a note mark (①, [1], (注)) after a figure is taken only where another figure follows
it: between two figures it is no label, and nothing says whether the digits after it begin a cell
of their own.

Layer: parse (the shared base only).
"""

from __future__ import annotations

import re

from xxgk import codes

_WORDS = ("不详", "暂无", "无", "空")


def _labels_from_words() -> str:
    """The labels of the templates that begin with a word printed for a figure, as alternatives."""
    labels = {label for label, _ in codes.APPLICATION_GROUPS.values()}
    for template in ("2019", "2021"):
        for row in (*codes.application_rows(template), *codes.active_rows(template)):
            labels.update((row.label, *row.keys))
    labels.update(codes.REVIEW_BLOCK_LABELS.values())
    return "|".join(sorted(re.escape(label) for label in labels if label.startswith((*_WORDS, "一", "N/A"))))


_MARK = re.compile(
    r"[ \t]*(?:——/|——|--|[/\\—\-–×*…]"
    rf"|(?!{_labels_from_words() or '$^'})(?:{'|'.join(_WORDS)}|(?i:N/A)|一(?![、.,:]))"
    # a unit or a note mark between two figures ("4条17", "4①17", "6[1]21", "0(注)0"): which
    # figure it belongs to is known, but not whether the digits after it begin the next cell
    r"|[ \t]*[件条个项次份](?=[ \t]*\d)|(?:[\u2460-\u249b\u24ea-\u24ff\u2776-\u2793]|\[\d{1,2}\]|\(注\))(?=[ \t]*\d))"
)


def leading_mark(segment: str) -> str:
    """The mark that opens a stretch of text printed right after a run of figures (with the
    spaces before it), or ""."""
    m = _MARK.match(segment)
    return m.group() if m else ""
