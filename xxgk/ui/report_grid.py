"""The report view's grids: one parsed table as printed, styled so that blank, zero, a mark and a
cell the parser could not read look different, and the cells of findings stand out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from xxgk import codes
from xxgk.vocabulary import printed_rows


BLANK_TEXT = "（空白）"
UNREAD_TEXT = "（未读出）"
STYLE_FINDING = "background-color: #ffd08a; font-weight: bold"
STYLE_BLANK = "background-color: #e8e8ea; color: #555555"
STYLE_MARK = "background-color: #dbeafe; color: #1e3a8a"
STYLE_UNREAD = "color: #d62728"

GRID_TABLES = ("active_disclosure", "applications", "review_litigation", "pre2019_statistics")


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def cell_grid(cells: pd.DataFrame, table: str, template: str | None, highlight: Iterable[str] = ()) -> Any:
    """One parsed table as a grid of what was printed, styled so blank, zero and a mark differ.

    ``cells`` is the result of ``report_cells``; ``highlight`` holds "table.row.column" codes (the
    cells of findings). A number shows as printed, a blank cell as （空白）, a mark as its text
    ("/", "—"), a template cell the parser could not read as （未读出）; a cell the row does not have
    stays empty. Returns a pandas Styler.
    """
    part = cells[cells["table_name"] == table]
    read = {(r.row_code, r.column_code): r for r in part.itertuples()}
    layout = printed_rows(table, template)
    known = {row for row, _, _ in layout}
    # Rows the template does not list (an unknown layout) still show, by their codes.
    for row in dict.fromkeys(part["row_code"]):
        if row not in known:
            layout.append((row, row, tuple(dict.fromkeys(part.loc[part["row_code"] == row, "column_code"]))))
    columns = list(dict.fromkeys(c for _, _, cols in layout for c in cols))
    marked = set(highlight)
    values: list[list[str]] = []
    styles: list[list[str]] = []
    for row, _, row_columns in layout:
        texts, css = [], []
        for column in columns:
            cell = read.get((row, column))
            style = ""
            if column not in row_columns and cell is None:
                text = ""
            elif cell is None:
                text, style = UNREAD_TEXT, STYLE_UNREAD
            elif cell.kind == "blank":
                text, style = BLANK_TEXT, STYLE_BLANK
            elif cell.kind == "mark":
                text, style = str(cell.raw), STYLE_MARK
            else:
                text = _number(cell.value)
            if f"{table}.{row}.{column}" in marked:
                style = STYLE_FINDING
            texts.append(text)
            css.append(style)
        values.append(texts)
        styles.append(css)
    labels = [label for _, label, _ in layout]
    # The styler needs unique labels; a repeated one (an unknown layout) gets its code.
    labels = [f"{label}（{row}）" if labels.count(label) > 1 else label for (row, _, _), label in zip(layout, labels)]
    index = pd.Index(labels, name="项目")
    header = [codes.column_label(table, c) for c in columns]
    grid = pd.DataFrame(values, index=index, columns=header)
    style_frame = pd.DataFrame(styles, index=index, columns=header)
    return grid.style.apply(lambda _: style_frame, axis=None)
