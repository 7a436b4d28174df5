"""Codes in words: a finding's cells, each of another report under that report's agency and year
(a cell itself is worded by ``xxgk.vocabulary.cell_label``), rules by their Chinese names, a report
named by agency and year. The words are ``xxgk.vocabulary``'s and the template's (``xxgk.codes``)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from xxgk.ui.data import query
from xxgk.vocabulary import RULE_NAMES, cell_label
from xxgk.vocabulary import TABLE_NUMBERS as TABLE_SHORT


def rule_label(code: str) -> str:
    """A rule as users see it: its Chinese name, the code only beside it ("内容雷同（R11）")."""
    name = RULE_NAMES.get(code)
    return f"{name}（{code}）" if name else code


def rule_list_label(codes_: str | None) -> str:
    """A space-separated list of rule codes ("R1 R9") as their names."""
    return "；".join(rule_label(c) for c in (codes_ or "").split())


def report_title(report_id: str) -> str:
    """A report named as a reader knows it: "洛阳市某局 2022年报告" (or 另一份报告 when it is gone)."""
    meta = query("report_metadata", report=report_id)
    if meta.empty:
        return "另一份报告（已不在数据库中）"
    m = meta.iloc[0]
    year = f"{int(m['year'])}年" if pd.notna(m["year"]) else "年度未识别的"
    return f"{m['agency']} {year}报告"


def cells_in_words(cells: Iterable[str] | None, template: str | None = None) -> str:
    """A finding's cells in words, each cell of another report (R7, R8, R11) under that report's
    agency and year: "洛阳市某局 2022年报告·正文"."""
    labels = []
    for code in cells if cells is not None else ():
        other, _, own = code.rpartition(":")
        labels.append(f"{report_title(other)}·{cell_label(own, template)}" if other else cell_label(code, template))
    return "；".join(labels)


def other_report(cells: Iterable[str] | None) -> str | None:
    """The first other report a finding names ("<report_id>:table.row.column"), if any."""
    for code in cells if cells is not None else ():
        other, _, _ = code.rpartition(":")
        if other:
            return other
    return None
