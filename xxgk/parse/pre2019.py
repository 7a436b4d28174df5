"""Reports before 2019: the 政府信息公开情况统计表 and what it says in the canonical tables.

Before the 2019 national template, reports ended with a local statistics table — 指标名称 |
计量单位 | 本年度 | 历年累计 (some with a single 统计数 column) — in every layout the later
tables come in: HTML cells, space-delimited text, or cells run together ("主动公开文件数条206912106"
= 条 | 2069 | 12106). It is read with the same machinery as the other tables: rows are found by
their label (``codes.PRE2019_INDICATORS``), the unit column is label text, and run-together
figures are split under the table's own arithmetic — a year's figure never exceeds the cumulative
one, and a part ("其中：1.政府网站公开数") never exceeds its whole — with the prose as evidence.

The figures land in ``report.tables["pre2019_statistics"]`` ({indicator: {"this_year",
"cumulative"}}) and nowhere else: an older indicator is not the modern cell it resembles
(受理依申请公开信息总数 is not 本年新收, 对申请的答复总数 is not 办理结果总计), so the metrics show
it as a series of its own beside the 2019+ figures, never summed into them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from xxgk import codes
from xxgk.model import Cell, Report, TableReport, is_number
from xxgk.parse.row_labels import _groups, match_row
from xxgk.parse.row_reader import TableResult, _Reader
from xxgk.parse.split_evidence import RowSpec, SplitContext
from xxgk.parse.table_regions import Region, _end_token, _line_of
from xxgk.parse.tokens import EMPTY, Token, tokenize

TABLE = codes.PRE2019_TABLE

_HEADER = re.compile(r"指标名称")
_TITLE = re.compile(r"统计表")
_HEADER_WORDS = re.compile(r"计量单位|历年累计|本年度|统计数|单位")

# words that name an indicator in the prose ("主动公开政府信息2069条"): evidence for a split
_TOPIC = {
    "active_total": ("主动公开",),
    "active_website": ("网站",),
    "active_gazette": ("公报",),
    "requests_total": ("申请",),
    "replies_total": ("答复",),
    "review": ("行政复议",),
    "litigation": ("行政诉讼",),
}


def find_region(text: str) -> Region | None:
    """The statistics table: from its header (指标名称) or its title, to the end of the text."""
    starts = [m.start() for m in _HEADER.finditer(text)]
    if not starts:
        # a title followed closely by the column header; the introduction also names the table
        starts = [m.end() for m in _TITLE.finditer(text) if _HEADER_WORDS.search(text, m.end(), m.end() + 120)]
    if not starts:
        return None
    return Region(TABLE, starts[-1], len(text))


def read(report: Report, text: str) -> None:
    """Fill ``report.tables`` and ``report.parsing`` for a pre-2019 report (``text`` normalised)."""
    region = find_region(text)
    for table in codes.TABLES:
        report.parsing[table] = TableReport(found=False)
    if region is None:
        report.parsing[TABLE] = TableReport(found=False)
        report.warnings.append(
            "pre2019: no 政府信息公开情况统计表 found; no table figures could be read "
            "(the report is loaded with its metadata and prose only)"
        )
        return

    from xxgk.parse import _prose  # the text outside the table: evidence for splits

    context = SplitContext(prose=_prose(text, {TABLE: region}))
    first_line = _line_of(text, region.start)
    result = TableResult(report=TableReport(found=True, first_line=first_line))
    reader = _Reader(text, result, context)
    tokens = tokenize(text[region.start : region.end], region.start, first_line)
    end_token = _end_token(text, region, tokens)
    groups = _groups(tokens)
    header = " ".join(t.text for labels, _ in groups[:1] for t in labels)
    columns: tuple[str, ...] = codes.PRE2019_COLUMNS if "累计" in header else codes.PRE2019_COLUMNS[:1]

    seen: list[str] = []
    rows: dict[str, list[Token]] = {}  # indicator → its value tokens, in table order
    for labels, values in groups:
        if not labels or not any(t.kind != EMPTY for t in values):
            continue
        row = match_row("".join(t.text for t in labels), codes.PRE2019_INDICATORS, normalized=True)
        if row is None:
            continue
        if row.code in rows:
            result.warnings.append(f"{TABLE}.{row.code}: row appears twice; the first is kept")
            continue
        seen.append(row.code)
        rows[row.code] = values

    # Two passes: a part is read under its whole's figures, then a whole left unread is tried
    # again with its parts' figures as lower bounds ("1260" = 12 | 60 once 同意公开 reads 8 | 40).
    said: dict[str, list[str]] = {}
    for attempt in (1, 2):
        for code, values in rows.items():
            if code in result.cells or (attempt == 2 and not _has_parts(code, result.cells)):
                continue
            spec = RowSpec(
                f"{TABLE}.{code}", columns, [len(columns)], _check(code, columns, result.cells), None, _TOPIC.get(code, ())
            )
            before = len(result.warnings)
            # the statistics table ends the report: a text that stops after a row has not cut it
            cells = reader.cells_from(spec, values)
            if attempt == 1 or cells:
                said[code] = result.warnings[before:]
            del result.warnings[before:]
            if cells:
                result.cells[code] = cells
    result.cells = {code: result.cells[code] for code in rows if code in result.cells}  # table order
    result.warnings.extend(w for code in rows for w in said.get(code, ()))
    last_pos = max((rows[code][-1].pos for code in result.cells), default=region.start)

    rep = result.report
    rep.last_line = _line_of(text, last_pos)
    rep.cells_expected = len(seen) * len(columns)
    rep.missing = [f"{code}.{col}" for code in seen for col in columns if col not in result.cells.get(code, {})]
    rep.cells_read = rep.cells_expected - len(rep.missing)
    rep.truncated = end_token is not None and bool(rep.missing)
    report.tables[TABLE] = result.cells
    report.parsing[TABLE] = rep
    report.warnings.extend(result.warnings)
    if not seen:
        rep.found = False
        report.warnings.append(
            "pre2019: a 统计表 heading was found but none of its indicators could be read; "
            "no table figures could be read"
        )
        return
    report.warnings.append(
        f"pre2019: read the 政府信息公开情况统计表 ({len(result.cells)} indicators: {', '.join(result.cells) or 'none'}); "
        f"stored under its own codes ({TABLE}), not in the cells of the 2019/2021 tables"
    )


def _check(code: str, columns: Sequence[str], read: dict[str, dict[str, Cell]]):
    """The arithmetic a row's figures obey: 本年度 ≤ 历年累计, and a part ≤ its whole."""
    parent = read.get(codes.PRE2019_PARENT.get(code, ""), {})
    upper = [parent[c].value if c in parent and is_number(parent[c].value) else None for c in columns]
    parts = [cells for child, cells in read.items() if codes.PRE2019_PARENT.get(child) == code]
    lower = [
        max((cells[c].value for cells in parts if c in cells and is_number(cells[c].value)), default=None)
        for c in columns
    ]

    def check(values: Sequence[int | float]) -> bool:
        if len(values) == 2 and values[0] > values[1]:
            return False
        for value, high, low in zip(values, upper, lower):
            if (high is not None and value > high) or (low is not None and value < low):
                return False
        return True

    return check


def _has_parts(code: str, read: dict[str, dict[str, Cell]]) -> bool:
    return any(codes.PRE2019_PARENT.get(child) == code for child in read)
