"""Layouts: how a demo report is written to a file, as real reports are.

Four layouts, each keeping the national template's tables in their row and column order, with
their labels, group labels (三、本年度办理结果, （三）不予公开 …) and spanning headers
(申请人情况, 法人或其他组织, 行政诉讼 …):

``tsv``    (.txt)  text copied from a Word document: one paragraph a line, tables as TAB-separated
                   rows; variant ``padded`` (merged cells padded with empty cells, as in the seed
                   report) or ``compact`` (a merged cell once, where it starts).
``html``   (.html) a Word export: ``<p>`` paragraphs and ``<table>`` with colspan and rowspan.
``pipe``   (.md or .txt) pipe rows: variant ``md`` (``| a | b |`` with a ``| --- |`` line, padded,
                   ``#`` headings) or ``txt`` (``a | b | c |`` compact, as web-page copies come).
``cells``  (.txt)  text scraped from a web page: one cell per line; variant ``spaced`` puts a blank
                   line between lines (and stray spaces around them), ``tight`` does not.

Tables are rendered once per (layout, variant, template, punctuation) into a format string with
one ``{n}`` slot per figure (``skeleton``); a report only fills the slots, which keeps the generator
fast.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence

from xxgk import codes
from xxgk_demo import truth

LAYOUTS = ("tsv", "html", "pipe", "cells")
VARIANTS = {"tsv": ("padded", "compact"), "html": ("word",), "pipe": ("md", "txt"), "cells": ("spaced", "tight")}
EXTENSIONS = {("tsv", "padded"): "txt", ("tsv", "compact"): "txt", ("html", "word"): "html",
              ("pipe", "md"): "md", ("pipe", "txt"): "txt", ("cells", "spaced"): "txt", ("cells", "tight"): "txt"}

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# A grid cell: (text, colspan, rowspan). Figures are slots: text "\x00n\x00".
GridCell = tuple[str, int, int]
Grid = list[list[GridCell]]


def _c(text: str, colspan: int = 1, rowspan: int = 1) -> GridCell:
    return (text, colspan, rowspan)


class _Slots:
    """Hands out slot numbers for figures in a fixed order: (table, row, column) → n."""

    def __init__(self) -> None:
        self.order: list[tuple[str, str, str]] = []

    def __call__(self, table: str, row: str, column: str, colspan: int = 1) -> GridCell:
        self.order.append((table, row, column))
        return (f"\x00{len(self.order) - 1}\x00", colspan, 1)


def _p(text: str, fullwidth: bool) -> str:
    if fullwidth:
        return text
    return text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")


def _active_grid(template: str, slot: _Slots, fw: bool) -> Grid:
    t = "active_disclosure"
    g: Grid = []

    def block(item: str) -> None:
        g.append([_c(_p(f"第二十条第（{item}）项", fw), 4)])

    if template == "2021":
        block("一")
        g.append([_c("信息内容"), _c("本年制发件数"), _c("本年废止件数"), _c("现行有效件数")])
        for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            g.append([_c(label)] + [slot(t, row, col) for col in ("issued", "repealed", "in_force")])
        block("五")
        g.append([_c("信息内容"), _c("本年处理决定数量", 3)])
        g.append([_c("行政许可"), slot(t, "licensing", "decisions", 3)])
        block("六")
        g.append([_c("信息内容"), _c("本年处理决定数量", 3)])
        g.append([_c("行政处罚"), slot(t, "penalty", "decisions", 3)])
        g.append([_c("行政强制"), slot(t, "coercion", "decisions", 3)])
        block("八")
        g.append([_c("信息内容"), _c(_p("本年收费金额（单位：万元）", fw), 3)])
        g.append([_c("行政事业性收费"), slot(t, "fees", "amount_10k_yuan", 3)])
        return g
    block("一")
    g.append([_c("信息内容"), _c("本年新制作数量"), _c("本年新公开数量"), _c("对外公开总数量")])
    for row, label in (("regulations", "规章"), ("normative_documents", "规范性文件")):
        g.append([_c(label)] + [slot(t, row, col) for col in ("produced", "published", "total_published")])
    block("五")
    g.append([_c("信息内容"), _c("上一年项目数量"), _c("本年增/减"), _c("处理决定数量")])
    for row, label in (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")):
        g.append([_c(label)] + [slot(t, row, col) for col in ("prev_items", "change", "decisions")])
    block("六")
    g.append([_c("信息内容"), _c("上一年项目数量"), _c("本年增/减"), _c("处理决定数量")])
    for row, label in (("penalty", "行政处罚"), ("coercion", "行政强制")):
        g.append([_c(label)] + [slot(t, row, col) for col in ("prev_items", "change", "decisions")])
    block("八")
    g.append([_c("信息内容"), _c("上一年项目数量"), _c("本年增/减", 2)])
    g.append([_c("行政事业性收费"), slot(t, "fees", "prev_items"), slot(t, "fees", "change", 2)])
    block("九")
    g.append([_c("信息内容"), _c("采购项目数量"), _c(_p("采购总金额（万元）", fw), 2)])
    g.append([_c("政府集中采购"), slot(t, "procurement", "projects"), slot(t, "procurement", "amount", 2)])
    return g


_GROUP_ITEMS = {
    "denied": ("（三）不予公开", codes.DENIED_ROWS),
    "unable": ("（四）无法提供", codes.UNABLE_ROWS),
    "not_processed": ("（五）不予处理", codes.NOT_PROCESSED_ROWS),
    "other": ("（六）其他处理", codes.OTHER_ROWS_2021),
}


def _applications_grid(template: str, slot: _Slots, fw: bool) -> Grid:
    t = "applications"
    labels = {r.code: r.label for r in codes.application_rows(template)}
    cols = codes.APPLICANT_COLUMNS

    def values(row: str) -> list[GridCell]:
        return [slot(t, row, col) for col in cols]

    g: Grid = [
        [_c(_p("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", fw), 3, 3), _c("申请人情况", 7)],
        [_c("自然人", 1, 2), _c("法人或其他组织", 5), _c("总计", 1, 2)],
        [_c("商业企业"), _c("科研机构"), _c("社会公益组织"), _c("法律服务机构"), _c("其他")],
        [_c("一、本年新收政府信息公开申请数量", 3)] + values("new_received"),
        [_c("二、上年结转政府信息公开申请数量", 3)] + values("carried_over"),
    ]
    result_rows = 22 if template == "2021" else 20
    g.append([_c("三、本年度办理结果", 1, result_rows), _c(_p("（一）予以公开", fw), 2)] + values("granted"))
    g.append([_c(_p("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", fw), 2)] + values("partially_granted"))
    groups = ("denied", "unable", "not_processed", "other") if template == "2021" else ("denied", "unable", "not_processed")
    for group in groups:
        head, rows = _GROUP_ITEMS[group]
        for i, row in enumerate(rows, start=1):
            item = _c(_p(f"{i}.{labels[row]}", fw))
            if i == 1:
                g.append([_c(_p(head, fw), 1, len(rows)), item] + values(row))
            else:
                g.append([item] + values(row))
    if template == "2019":
        g.append([_c(_p("（六）其他处理", fw), 2)] + values("other_handling"))
    g.append([_c(_p("（七）总计", fw), 2)] + values("total_processed"))
    g.append([_c("四、结转下年度继续办理", 3)] + values("carried_forward"))
    return g


def _review_grid(slot: _Slots) -> Grid:
    t = "review_litigation"
    heads = [codes.REVIEW_COLUMN_LABELS[c] for c in codes.REVIEW_COLUMNS]
    return [
        [_c("行政复议", 5), _c("行政诉讼", 10)],
        [_c(h, 1, 2) for h in heads] + [_c("未经复议直接起诉", 5), _c("复议后起诉", 5)],
        [_c(h) for h in heads] * 2,
        [slot(t, block, col) for block in codes.REVIEW_BLOCKS for col in codes.REVIEW_COLUMNS],
    ]


def _matrix(grid: Grid) -> list[list[tuple[str, bool]]]:
    """The grid as a full matrix: (text, is_origin) per position; covered positions are ''."""
    width = max(sum(c[1] for c in row) for row in grid)
    taken: dict[tuple[int, int], bool] = {}
    out: list[list[tuple[str, bool]]] = []
    for r, row in enumerate(grid):
        line: list[tuple[str, bool]] = []
        col = 0
        cells = list(row)
        while cells or col < width:
            if taken.get((r, col)):
                line.append(("", False))
                col += 1
                continue
            if not cells:
                break
            text, cs, rs = cells.pop(0)
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, col + dc)] = True
            line.append((text, True))
            line.extend(("", False) for _ in range(cs - 1))
            col += cs
        out.append(line)
    return out


def _grid_lines(grid: Grid, padded: bool) -> list[list[str]]:
    if padded:
        return [[text for text, _ in row] for row in _matrix(grid)]
    return [[text for text, _, _ in row] for row in grid]


def _table_text(grid: Grid, layout: str, variant: str) -> str:
    if layout == "tsv":
        rows = _grid_lines(grid, variant == "padded")
        return "\n".join("\t".join(r) for r in rows)
    if layout == "pipe":
        if variant == "md":
            rows = _grid_lines(grid, True)
            lines = ["| " + " | ".join(r) + " |" for r in rows]
            lines.insert(1, "|" + "---|" * len(rows[0]))
            return "\n".join(lines)
        rows = _grid_lines(grid, False)
        return "\n".join(" | ".join(r) + " |" for r in rows)
    if layout == "cells":
        cells = [text for row in grid for text, _, _ in row]
        if variant == "spaced":
            return "\n\n".join(c + " " for c in cells)
        return "\n".join(cells)
    # html (Word export)
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse;border:none">\n']
    for row in grid:
        out.append("<tr>")
        for text, cs, rs in row:
            attrs = ""
            if cs > 1:
                attrs += f' colspan="{cs}"'
            if rs > 1:
                attrs += f' rowspan="{rs}"'
            if text.startswith("\x00"):  # a figure
                out.append(f"<td{attrs}>{text}</td>")
            else:
                out.append(f'<td{attrs} valign="center"><p align="center">{html.escape(text, quote=False)}</p></td>')
        out.append("</tr>\n")
    out.append("</table>")
    return "".join(out)


@functools.cache
def skeleton(layout: str, variant: str, template: str, fullwidth: bool) -> tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]:
    """Format strings of the three tables and the (table, row, column) each slot ``{n}`` takes."""
    slot = _Slots()
    grids = (_active_grid(template, slot, fullwidth), _applications_grid(template, slot, fullwidth), _review_grid(slot))
    texts = []
    for grid in grids:
        raw = _table_text(grid, layout, variant).replace("{", "{{").replace("}", "}}")
        parts = raw.split("\x00")
        texts.append("".join(p if i % 2 == 0 else "{" + p + "}" for i, p in enumerate(parts)))
    if tuple(slot.order) != truth.shape(template).keys:  # the slots take the values in canonical order
        raise AssertionError(f"table layout out of the canonical cell order ({template})")
    return tuple(texts), tuple(slot.order)


# --- whole documents --------------------------------------------------------------------------


def document(layout: str, variant: str, title: str, blocks: Sequence[tuple[str, str]], tables: Sequence[str]) -> str:
    """The file text: ``blocks`` are ("heading" | "sub" | "para" | "table", text) in order;
    a "table" block's text is the index of the rendered table in ``tables``."""
    if layout == "html":
        return _html_document(title, blocks, tables)
    lines: list[str] = []
    if layout == "tsv":
        lines.append(title)
        for kind, text in blocks:
            lines.append("")
            lines.append(tables[int(text)] if kind == "table" else text)
        return "\n".join(lines) + "\n"
    if layout == "pipe" and variant == "md":
        lines.append("# " + title)
        for kind, text in blocks:
            lines.append("")
            if kind == "table":
                lines.append(tables[int(text)])
            elif kind == "heading":
                lines.append("## " + text)
            elif kind == "sub":
                lines.append("### " + text)
            else:
                lines.append(text)
        return "\n".join(lines) + "\n"
    if layout == "pipe":
        lines.append(title)
        for kind, text in blocks:
            lines.append(tables[int(text)] if kind == "table" else text)
        return "\n".join(lines) + "\n"
    # cells
    spaced = variant == "spaced"
    lines.append(title)
    for kind, text in blocks:
        if spaced:
            lines.append("")
        if kind == "table":
            lines.append(tables[int(text)])
        elif kind == "heading" and spaced:
            lines.append("  " + text + " ")
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _html_document(title: str, blocks: Sequence[tuple[str, str]], tables: Sequence[str]) -> str:
    esc = html.escape
    out = [
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>',
        '<meta name="Generator" content="Microsoft Word 15 (filtered)">',
        "<style>p.MsoNormal{margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线}</style>",
        '</head><body lang="ZH-CN"><div class="WordSection1">',
        f'<p class="MsoNormal" align="center" style="text-align:center"><b><span style="font-size:16.0pt;'
        f'font-family:方正小标宋简体">{esc(title)}</span></b></p>',
    ]
    for kind, text in blocks:
        if kind == "table":
            out.append(tables[int(text)])
        elif kind == "heading":
            out.append(f'<p class="MsoNormal" style="text-indent:32.0pt"><b><span style="font-family:黑体">'
                       f"{esc(text)}</span></b></p>")
        elif kind == "sub":
            out.append(f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:楷体_GB2312">'
                       f"{esc(text)}</span></p>")
        else:
            out.append(f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">'
                       f"{esc(text)}</span></p>")
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"
