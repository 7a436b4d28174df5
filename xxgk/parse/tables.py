"""Read the three tables of a report by their labels, whatever the layout.

The parser never relies on line positions or counts. Each table is looked for between its section
heading and the next one; inside it, every row is found by its label (``xxgk.codes``) and takes
the figures that follow the label. Figures that ran together are split with the table's own
arithmetic. Everything unusual is said in a warning: a row with more cells than columns, a run of
digits that cannot be split unambiguously, a table that is cut short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from xxgk import codes
from xxgk.codes import Row
from xxgk.model import Cell, TableReport, Value
from xxgk.normalize import squeeze
from xxgk.parse.tokens import EMPTY, RUN, TEXT, VALUE, Token, tokenize
from xxgk.parse.values import parse_value, split_run, total_is_sum

# Section headings that open each table. The numeral prefix avoids the report's own introduction,
# which often lists the section names in a sentence.
_HEADINGS = {
    "active_disclosure": [r"[二2][,.]?\s*主动公开政府信息情况", r"主动公开政府信息情况"],
    "applications": [r"[三3][,.]?\s*收到和处理政府信息公开申请情况", r"收到和处理政府信息公开申请情况"],
    "review_litigation": [
        r"[四4][,.]?\s*政府信息公开行政\S{0,2}复议.{0,2}行政诉讼情况",
        r"行政复议.{0,2}行政诉讼情况",
    ],
}
_END_HEADING = [r"[五5][,.]?\s*存在的?主要问题", r"存在的?主要问题及改进情况", r"[五5][,.]\s*其他需要报告"]

_REMARK = re.compile(r"\([^()]*\)")


@dataclass
class Region:
    table: str
    start: int
    end: int


@dataclass
class TableResult:
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    report: TableReport = field(default_factory=lambda: TableReport(found=False))
    warnings: list[str] = field(default_factory=list)


def _first(patterns: Sequence[str], text: str, start: int = 0) -> re.Match[str] | None:
    for pattern in patterns:
        m = re.compile(pattern).search(text, start)
        if m:
            return m
    return None


def find_regions(text: str) -> dict[str, Region]:
    """Where each table's section starts and ends in the normalised text."""
    starts: dict[str, int] = {}
    pos = 0
    for table in codes.TABLES:
        m = _first(_HEADINGS[table], text, pos)
        if m:
            starts[table] = m.end()
            pos = m.end()
    end_match = _first(_END_HEADING, text, pos)
    text_end = end_match.start() if end_match else len(text)
    regions: dict[str, Region] = {}
    ordered = [t for t in codes.TABLES if t in starts]
    for i, table in enumerate(ordered):
        if i + 1 < len(ordered):
            nxt = ordered[i + 1]
            m = _first(_HEADINGS[nxt], text, starts[table])
            end = m.start() if m else text_end
        else:
            end = text_end
        regions[table] = Region(table, starts[table], max(end, starts[table]))
    return regions


_KEY_CACHE: dict[tuple[str, ...], tuple[re.Pattern[str], dict[str, Row]]] = {}


def _key_matcher(rows: Sequence[Row]) -> tuple[re.Pattern[str], dict[str, Row]]:
    cache_key = tuple(r.code for r in rows)
    if cache_key not in _KEY_CACHE:
        by_key: dict[str, Row] = {}
        for row in rows:
            for key in row.keys:
                by_key.setdefault(squeeze(key), row)
        alternation = "|".join(re.escape(k) for k in sorted(by_key, key=len, reverse=True))
        _KEY_CACHE[cache_key] = (re.compile(alternation), by_key)
    return _KEY_CACHE[cache_key]


def match_row(label: str, rows: Sequence[Row]) -> Row | None:
    """The row a label names: the key that ends last (closest to the figures), longest first.

    Parenthesised remarks are dropped first: "部分公开(区分处理的,只计这一情形,不计其他情形)" is
    the row 部分公开, not 其他.
    """
    pattern, by_key = _key_matcher(rows)
    text = _REMARK.sub("", squeeze(label))
    best: re.Match[str] | None = None
    for m in pattern.finditer(text):
        if best is None or m.end() >= best.end():
            best = m
    return by_key[best.group()] if best else None


def _groups(tokens: Iterable[Token]) -> list[tuple[list[Token], list[Token]]]:
    """(label tokens, value tokens) pairs in reading order."""
    groups: list[tuple[list[Token], list[Token]]] = []
    labels: list[Token] = []
    values: list[Token] = []
    for token in tokens:
        if token.kind == TEXT:
            if values:
                groups.append((labels, values))
                labels, values = [], []
            labels.append(token)
        else:
            values.append(token)
    if values or labels:
        groups.append((labels, values))
    return groups


def _trim(values: list[Token]) -> list[Token]:
    start, end = 0, len(values)
    while start < end and values[start].kind == EMPTY:
        start += 1
    while end > start and values[end - 1].kind == EMPTY:
        end -= 1
    return values[start:end]


@dataclass
class SplitContext:
    """What the row parser may use to choose among splits of a run of digits."""

    prose_numbers: frozenset[int | float] = frozenset()


def _choose(
    candidates: list[list[int | float]],
    run: str,
    context: SplitContext,
    prefer_zero_at: int | None = None,
) -> tuple[list[int | float] | None, str | None]:
    """Pick one split, or none; the second item says how (for the warning)."""
    if len(candidates) == 1:
        return candidates[0], None
    if not candidates:
        return None, None
    pieces = run.split()
    if len(pieces) > 1:
        # a stray space is weak evidence of a boundary: keep the cuts that honour every space
        bounds = {sum(len(p) for p in pieces[: i + 1]) for i in range(len(pieces) - 1)}

        def honours(candidate: list[int | float]) -> bool:
            cuts, pos = set(), 0
            for value in candidate[:-1]:
                pos += len(_fmt(value))
                cuts.add(pos)
            return bounds <= cuts

        kept = [c for c in candidates if honours(c)]
        if len(kept) == 1:
            return kept[0], "the spaces in the text"
        if kept:
            candidates = kept
    equal = [c for c in candidates if len(set(c)) == 1]
    if len(equal) == 1:
        return equal[0], "equal parts"
    if context.prose_numbers:
        scores = [sum(1 for v in c if v >= 10 and v in context.prose_numbers) for c in candidates]
        best = max(scores)
        if best > 0 and scores.count(best) == 1:
            return candidates[scores.index(best)], "figures stated in the prose"
    if prefer_zero_at is not None:
        zero = [c for c in candidates if c[prefer_zero_at] == 0]
        if len(zero) == 1:
            return zero[0], "no change from last year"
    return None, None


def _fmt(value: int | float) -> str:
    if isinstance(value, float):
        return repr(value).rstrip("0").rstrip(".") if "." in repr(value) else repr(value)
    return str(value)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


class _Reader:
    """Shared machinery: turns value tokens into cells for one row or block."""

    def __init__(self, text: str, result: TableResult, context: SplitContext):
        self.text = text
        self.result = result
        self.context = context

    def cells_from(
        self,
        where: str,
        values: list[Token],
        columns: Sequence[str],
        groups: Sequence[int],
        check: bool,
        prefer_zero_at: int | None = None,
    ) -> dict[str, Cell] | None:
        values = _trim(values)
        if not values:
            return None
        line = _line_of(self.text, values[0].pos)
        n = len(columns)
        if any(t.kind == RUN for t in values):
            self.result.report.layout = "flattened"
            run = " ".join(t.text for t in values if t.kind != EMPTY)
            unit = ""
            for suffix in ("万元", "元"):
                if run.endswith(suffix):
                    unit, run = suffix, run[: -len(suffix)].rstrip()
            pieces = run.split()
            parsed = [parse_value(p)[0] for p in pieces]
            if len(pieces) == n and all(isinstance(v, (int, float)) for v in parsed):
                numbers: list[int | float] | None = parsed  # type: ignore[assignment]
                how = None
            else:
                digits = run.replace(" ", "")
                candidates = split_run(digits, groups, total_is_sum if check else None)
                numbers, how = _choose(candidates, run, self.context, prefer_zero_at)
                if numbers is None:
                    shown = "; ".join(" | ".join(_fmt(v) for v in c) for c in candidates[:3])
                    reason = (
                        f"{len(candidates)} possible splits ({shown}{' …' if len(candidates) > 3 else ''})"
                        if candidates
                        else "no split adds up"
                    )
                    self.result.warnings.append(
                        f"{where}: figures run together as '{run}' (line {line}) and cannot be split into "
                        f"{n} cells: {reason}; left unread"
                    )
                    return None
                if how:
                    self.result.warnings.append(
                        f"{where}: figures run together as '{run}' (line {line}); split as "
                        f"{' | '.join(_fmt(v) for v in numbers)} using {how}"
                    )
            raws = [_fmt(v) for v in numbers]
            if unit:
                raws[-1] += unit
            return {col: Cell(v, raw, line) for col, v, raw in zip(columns, numbers, raws)}

        self.result.report.layout = self.result.report.layout or "cells"
        if len(values) > n:
            self.result.warnings.append(
                f"{where}: {len(values)} cells for {n} columns (line {line}); aligned from the right"
            )
            values = values[-n:]
        elif len(values) < n:
            self.result.warnings.append(
                f"{where}: only {len(values)} of {n} cells present (line {line}); "
                f"the last {n - len(values)} are missing"
            )
        cells: dict[str, Cell] = {}
        for col, token in zip(columns, values):
            if token.kind == EMPTY:
                cells[col] = Cell(None, "", line)
                continue
            value, unit = parse_value(token.text)
            if unit == "元" and col == "amount_10k_yuan" and isinstance(value, (int, float)):
                self.result.warnings.append(
                    f"{where}: '{token.text}' is in 元 in a 万元 column (line {line}); converted to 万元"
                )
                value = round(value / 10000, 6)
            cells[col] = Cell(value, token.text, line)
        return cells


def parse_row_table(
    table: str,
    text: str,
    region: Region,
    rows: Sequence[Row],
    context: SplitContext,
    check_sum: bool,
    template: str | None,
) -> TableResult:
    """Table 2 or 3: rows found by label, each taking the figures after it."""
    result = TableResult(report=TableReport(found=True, first_line=_line_of(text, region.start)))
    reader = _Reader(text, result, context)
    tokens = tokenize(text[region.start : region.end], region.start)
    last_pos = region.start
    label_columns: dict[str, int] = {}  # enumerated sub-item → column of its label cell
    for labels, values in _groups(tokens):
        if not labels or not any(t.kind != EMPTY for t in values):
            continue
        row = match_row(" ".join(t.text for t in labels), rows)
        if row is None:
            continue
        where = f"{table}.{row.code}"
        if row.code in result.cells:
            result.warnings.append(f"{where}: row appears twice; the first is kept")
            continue
        prefer_zero = 1 if template == "2019" and row.columns[:2] == ("prev_items", "change") else None
        cells = reader.cells_from(
            where, values, row.columns, [len(row.columns)], check_sum and len(row.columns) > 1, prefer_zero
        )
        if cells:
            result.cells[row.code] = cells
            last_pos = max(last_pos, values[-1].pos)
            if row.number is not None and labels[-1].col >= 0:
                label_columns[row.code] = labels[-1].col
    result.report.last_line = _line_of(text, last_pos)
    _warn_shifted_rows(table, label_columns, result)
    return result


def _warn_shifted_rows(table: str, label_columns: dict[str, int], result: TableResult) -> None:
    """Say where a sub-item row lost the leading cells its siblings have (read by label anyway)."""
    if len(label_columns) < 3:
        return
    columns = list(label_columns.values())
    usual = max(set(columns), key=columns.count)
    for code, col in label_columns.items():
        if col < usual:
            result.warnings.append(
                f"{table}.{code}: label in cell {col + 1} where the other sub-items have it in cell "
                f"{usual + 1}; leading cells lost, read by its label"
            )


_BLOCK_ROWS = tuple(
    Row(block, label, (label,) + extra, codes.REVIEW_COLUMNS)
    for block, label, extra in (
        ("review", "行政复议", ()),
        ("litigation_direct", "未经复议直接起诉", ("直接起诉",)),
        ("litigation_after_review", "复议后起诉", ()),
    )
)


def parse_review_table(text: str, region: Region, context: SplitContext) -> TableResult:
    """Table 4: fifteen cells, laid out as one row under a two-level header, or as three rows."""
    result = TableResult(report=TableReport(found=True, first_line=_line_of(text, region.start)))
    reader = _Reader(text, result, context)
    tokens = tokenize(text[region.start : region.end], region.start)
    groups = [(labels, _trim(values)) for labels, values in _groups(tokens)]
    groups = [(labels, values) for labels, values in groups if values]
    columns = codes.REVIEW_COLUMNS

    # three rows, each labelled with its block and holding five cells
    vertical: dict[str, list[Token]] = {}
    for labels, values in groups:
        row = match_row(" ".join(t.text for t in labels), _BLOCK_ROWS)
        if row and row.code not in vertical and len(values) == len(columns):
            vertical[row.code] = values
    if len(vertical) == 3:
        for block, values in vertical.items():
            cells = reader.cells_from(f"review_litigation.{block}", values, columns, [5], True)
            if cells:
                result.cells[block] = cells
        result.report.last_line = _line_of(text, max(v[-1].pos for v in vertical.values()))
        return result

    # one row of fifteen cells after the header
    for _labels, values in groups:
        size = sum(len(t.text.replace(" ", "")) if t.kind == RUN else 1 for t in values)
        if size < 5:
            continue
        all_columns = [f"{b}.{c}" for b in codes.REVIEW_BLOCKS for c in columns]
        cells = reader.cells_from("review_litigation", values, all_columns, [5, 5, 5], True)
        if cells:
            for key, cell in cells.items():
                block, col = key.split(".")
                result.cells.setdefault(block, {})[col] = cell
        result.report.last_line = _line_of(text, values[-1].pos)
        break
    return result


# --- template detection ------------------------------------------------------------------

_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期不补正", "缴纳费用")
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "采购总金额")
_MARKERS_PRE2019 = ("历年累计", "情况统计表", "指标名称", "同意公开答复数", "受理依申请公开信息总数")


def detect_template(squeezed: str, year: int | None) -> tuple[str | None, str | None]:
    """The template from the labels the report uses; the year only breaks a tie.

    Returns the template and, when the labels alone did not decide it, a warning.
    """
    score = {
        "2021": sum(m in squeezed for m in _MARKERS_2021),
        "2019": sum(m in squeezed for m in _MARKERS_2019),
        "pre2019": sum(m in squeezed for m in _MARKERS_PRE2019),
    }
    best = max(score.values())
    winners = [t for t, s in score.items() if s == best]
    if best > 0 and len(winners) == 1:
        return winners[0], None
    if year is None:
        return None, "template: no template labels found and no year; template unknown"
    guess = "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"
    return guess, f"template: labels do not decide the template; assumed {guess} from the year {year}"


def expected_missing(template: str, cells: dict[str, dict[str, dict[str, Cell]]]) -> dict[str, list[str]]:
    """For each table, the row.column codes the template has and the report did not yield."""
    missing: dict[str, list[str]] = {}
    for table, rows in codes.expected_cells(template).items():
        got = cells.get(table, {})
        missing[table] = [f"{row}.{col}" for row, cols in rows.items() for col in cols if col not in got.get(row, {})]
    return missing


def all_values(cells: dict[str, dict[str, Cell]]) -> list[Value]:
    return [cell.value for row in cells.values() for cell in row.values()]
