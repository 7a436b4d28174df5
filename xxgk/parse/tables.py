"""Read the three tables of a report by their labels, whatever the layout.

The parser never relies on line positions or counts. Each table is looked for between its section
heading and the next one; inside it, every row is found by its label (``xxgk.codes``; the key must
end the label, so a header such as 法人或其他组织 is not the row 其他) and takes the figures that
follow the label.

How the figures after a label become cells:

- a row that is a full line of a padded grid (TAB or pipe cells, as many as the header lines above
  it, whose column headers 自然人 … 总计 / 结果维持 … 总计 / 本年制发件数 … give each column's
  cell): each column is read at its header's cell, so an empty cell there is a blank cell, even at
  the end of the row (see ``_Grid``); any other row is read as below;
- exactly as many cells as columns: read as printed (a blank cell is None, a mark is its text);
- more cells: empty cells at the ends are dropped first (a label cell spanning two columns), then
  the readings "aligned from the right", "aligned from the left" and "a figure split over two
  cells" are kept only if the row adds up — one survivor is read, with a warning;
- fewer cells: the cells may hold figures that ran together (split as below, keeping every cell
  edge), else the blank cells were dropped and nothing says which columns are left: unread;
- the text stops inside the row (a page saved cut short): the cells before the cut are read, the
  last figure only if a separator closes it;
- digits run together: every split satisfying the table's arithmetic (R3 row total, R5 block
  total) is listed, then narrowed by evidence — visible spaces, the 2019 prior 本年增/减 = 0, equal
  parts, figures the prose states about the row. One left: read. Several: the cells they all
  agree on are read, the others left unread. None: unread. Never a guess; always a warning;
- a run of zeros short of its row (the crawler dropped blank cells): its 总计 is 0; where the
  table's other runs show unpadded cells, each space inside a run is a blank cell in its place;
- once the report shows its crawler drops blank cells (a row short of its cells), the readings of
  every run include those lacking blank cells (``parse_row_tables``), so "225" is no longer
  2 | 2 | 5 on trust; the columns' arithmetic may then place the blanks.

Memo caches are ``functools`` caches of pure functions of hashable values (row sets by name, text
by its string): a parse writes no module state.

Long: the label-driven table reader and the evidence for splitting flattened runs (arithmetic of
rows and columns, prose, spacing, blanks dropped by crawlers) read one table together; a split is
due (runs and their evidence into a module of their own) and was left for after the crawler-text
work of this session.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from xxgk import codes
from xxgk.codes import Row
from xxgk.model import Cell, TableReport, Value
from xxgk.normalize import squeeze
from xxgk.parse.tokens import EMPTY, RUN, TEXT, VALUE, Token, line_tokens, tokenize
from xxgk.parse.values import parse_value, split_parts, total_is_sum

# Section headings that open each table, matched whatever spaces a page put between characters
# ("四、政府信息公开行 政 复 议"). The numeral prefix avoids the report's own introduction, which
# often lists the section names in a sentence.


def _loose(*parts: str) -> str:
    """A pattern from literal parts (spaces allowed between any two characters) and regex parts
    (written as ``re:…``)."""
    out = []
    for part in parts:
        if part.startswith("re:"):
            out.append(part[3:])
        else:
            out.append(r"\s*".join(re.escape(ch) for ch in part))
    return r"\s*".join(out)


_HEADINGS = {
    "active_disclosure": [_loose("re:[二2][,.]?", "主动公开政府信息情况"), _loose("主动公开政府信息情况")],
    "applications": [
        _loose("re:[三3][,.]?", "收到和处理政府信息公开申请情况"),
        _loose("收到和处理政府信息公开申请情况"),
    ],
    "review_litigation": [
        _loose("re:[四4][,.]?", "政府信息公开行政", r"re:\S{0,2}", "复议", "re:.{0,2}", "行政诉讼情况"),
        _loose("行政复议", "re:.{0,2}", "行政诉讼情况"),
    ],
}
_END_HEADING = [
    _loose("re:[五5][,.]?", "存在", "re:的?", "主要问题"),
    _loose("存在", "re:的?", "主要问题及改进情况"),
    _loose("re:[五5][,.]", "其他需要报告"),
]

_REMARK = re.compile(r"\([^()]*\)")


@dataclass
class Region:
    table: str
    start: int
    end: int


@dataclass
class Ambiguous:
    """A row whose run of digits has several splits the row alone cannot choose between."""

    spec: RowSpec
    candidates: list[list[str]]
    unit: str
    line: int
    warning: str  # the warning that says so, replaced if the columns' arithmetic settles it


@dataclass
class TableResult:
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    report: TableReport = field(default_factory=lambda: TableReport(found=False))
    warnings: list[str] = field(default_factory=list)
    ambiguous: dict[str, Ambiguous] = field(default_factory=dict)  # row code → its open splits
    spaced: dict[str, SpacedRun] = field(default_factory=dict)  # row code → its reading, spaces as blanks
    runs: list[tuple[int, str]] = field(default_factory=list)  # (cells, run) of every run read
    short_runs: int = 0  # rows with fewer figures or cells than columns: blank cells dropped


@dataclass
class SpacedRun:
    """A run with spaces inside it and its one reading as cells where each space is a blank cell,
    read if the table shows unpadded cells (see ``_place_blanks_by_spaces``)."""

    spec: RowSpec
    run: str
    parts: list[str]  # "" for a blank cell
    line: int
    warning: str | None  # the warning the run's other reading gave, replaced when this one is read


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


# Caches in this module are ``functools`` caches of pure functions of hashable values, so that a
# parse writes no module state of its own. The template's row sets are named (the name is the key:
# hashing ~30 nested rows costs ~10 µs a lookup); rows from elsewhere are matched uncached.
def _template_row_sets() -> dict[str, tuple[Row, ...]]:
    sets = {"pre2019": codes.PRE2019_INDICATORS, "review_blocks": _BLOCK_ROWS}
    for template in ("2019", "2021"):
        sets[f"active_disclosure/{template}"] = codes.active_rows(template)
        sets[f"applications/{template}"] = codes.application_rows(template)
    return sets


def _row_set_name(rows: Sequence[Row]) -> str | None:
    """The name of one of the template's row sets, when ``rows`` is that very tuple."""
    for name, known in _ROW_SETS.items():
        if rows is known:
            return name
    return None


def _build_matcher(rows: Sequence[Row]) -> tuple[re.Pattern[str], dict[str, Row]]:
    by_key: dict[str, Row] = {}
    for row in rows:
        for key in (row.label, *row.keys):
            by_key.setdefault(squeeze(key), row)
    alternation = "|".join(re.escape(k) for k in sorted(by_key, key=len, reverse=True))
    return re.compile(alternation), by_key


@functools.cache
def _set_matcher(name: str) -> tuple[re.Pattern[str], dict[str, Row]]:
    return _build_matcher(_ROW_SETS[name])


@functools.lru_cache(maxsize=100_000)
def _match_in_set(name: str, label: str, normalized: bool) -> Row | None:
    return _match_row(label, _set_matcher(name), normalized)


_SPACES = re.compile(r"\s+")
_MEMO_LENGTH = 300  # longer labels are matched uncached (they are not the template's)


def match_row(label: str, rows: Sequence[Row], normalized: bool = False) -> Row | None:
    """The row a label names: the key that ends last (closest to the figures), longest first.

    Parenthesised remarks are dropped first: "部分公开(区分处理的,只计这一情形,不计其他情形)" is
    the row 部分公开, not 其他. ``normalized``: the label comes from normalised text already.
    """
    return _label_matcher(rows)(label, normalized)


def _label_matcher(rows: Sequence[Row]) -> Callable[[str, bool], Row | None]:
    """``match_row`` for one row set: memoised for the template's sets."""
    name = _row_set_name(rows)
    if name is None:
        matcher = _build_matcher(rows)
        return lambda label, normalized: _match_row(label, matcher, normalized)

    def match(label: str, normalized: bool) -> Row | None:
        if len(label) <= _MEMO_LENGTH:
            return _match_in_set(name, label, normalized)
        return _match_row(label, _set_matcher(name), normalized)

    return match


def _match_row(label: str, matcher: tuple[re.Pattern[str], dict[str, Row]], normalized: bool) -> Row | None:
    pattern, by_key = matcher
    text = _SPACES.sub("", label) if normalized else squeeze(label)
    if "(" in text:
        text = _REMARK.sub("", text)
    text = text.rstrip(",.:;")
    best: re.Match[str] | None = None
    for m in pattern.finditer(text):
        if best is None or m.end() >= best.end():
            best = m
    if best is None or not _LABEL_TAIL.fullmatch(text, best.end()):
        # the key must end the label: "法人或其他组织" is a header, not the row 其他
        return None
    return by_key[best.group()]


# What may follow a row's key at the end of its label: a unit or "数量" ("…申请数量", "…数条").
_LABEL_TAIL = re.compile(r"(?:数量|件数|数|件|条|个|项|次|人次|份|万元|元|情况)?")


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


_SENTENCE_END = re.compile(r"[!?;\n]|(?<!\d)\.|\.(?!\d)")
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


@dataclass
class SplitContext:
    """What the row parser may use to choose among splits of a run of digits.

    ``prose`` is the normalised text outside the tables. A figure stated in a sentence that names
    the row ("现行有效行政规范性文件698件") is evidence for the split that contains it.
    """

    prose: str = ""
    _sentences: list[str] | None = None
    _topics: dict[tuple[str, ...], frozenset[int | float]] = field(default_factory=dict)

    def topic_numbers(self, keys: Sequence[str]) -> frozenset[int | float]:
        """Figures (≥ 10: small ones are everywhere) stated in sentences naming any of ``keys``."""
        cache_key = tuple(keys)
        if cache_key not in self._topics:
            if self._sentences is None:
                self._sentences = [s for s in _SENTENCE_END.split(self.prose) if s.strip()]
            numbers: set[int | float] = set()
            for sentence in self._sentences:
                if any(key in sentence for key in keys):
                    for m in _FIGURE.finditer(sentence):
                        value = float(m.group()) if "." in m.group() else int(m.group())
                        if value >= 10:
                            numbers.add(value)
            self._topics[cache_key] = frozenset(numbers)
        return self._topics[cache_key]


    def column_numbers(self, keys: Sequence[str], words: Sequence[str]) -> frozenset[int]:
        """Figures the prose binds to one column of a row, any size: "废止规范性文件6件" gives 6
        for 本年废止 of 规范性文件 (a column word, the row's name, the figure, in one clause)."""
        pattern = re.compile(
            "(?:" + "|".join(map(re.escape, words)) + r")[^\d，。；,;]{0,12}?(?:"
            + "|".join(map(re.escape, keys)) + r")[^\d，。；,;]{0,6}?(\d+)\s*[件个部]"
        )
        return frozenset(int(m.group(1)) for m in pattern.finditer(self.prose))


@dataclass
class RowSpec:
    """What the reader knows about the row it is filling."""

    where: str  # "applications.new_received", for messages
    columns: Sequence[str]
    groups: Sequence[int]
    check: Callable[[Sequence[int | float]], bool] | None = None
    prefer_zero_at: int | None = None  # 2019 本年增/减: a change of 0 is the usual case
    topic: Sequence[str] = ()  # words naming the row in the prose
    stock: bool = False  # 2021 本年制发 | 本年废止 | 现行有效: what was issued is in force or repealed
    column_words: Sequence[Sequence[str]] = ()  # per column, words that name it in the prose


def _cuts(parts: Sequence[str]) -> set[int]:
    cuts, pos = set(), 0
    for part in parts[:-1]:
        pos += len(part)
        cuts.add(pos)
    return cuts


def _narrow(
    candidates: list[list[str]], pieces: Sequence[str], spec: RowSpec, context: SplitContext
) -> tuple[list[list[str]], list[str]]:
    """Keep the candidates the evidence favours; the second item names the evidence used.

    Evidence, strongest first: boundaries visible in the text (a stray space, a cell edge), the
    2019 prior that 本年增/减 is 0, equal parts (本年新制作 = 本年新公开 = 对外公开总数量), figures
    the prose states about the row. Each step only narrows: if no candidate fits it, it is skipped.
    """
    used: list[str] = []

    def step(name: str, kept: list[list[str]]) -> None:
        nonlocal candidates
        if kept and len(kept) < len(candidates):
            candidates = kept
            used.append(name)

    if len(candidates) > 1 and len(pieces) > 1:
        bounds = _cuts(pieces)
        step("the spaces in the text", [c for c in candidates if bounds <= _cuts(c)])
    if len(candidates) > 1 and spec.stock:
        # documents issued this year are in force at its end unless repealed: issued ≤ in force + repealed
        step(
            "the documents in force (those issued this year are in force or repealed)",
            [c for c in candidates if _num0(c[0]) <= _num0(c[2]) + _num0(c[1])],
        )
    for i, words in enumerate(spec.column_words):
        if len(candidates) > 1 and words:
            stated = context.column_numbers(spec.topic, words)
            if stated:
                step("a figure the prose states for that column", [c for c in candidates if _num0(c[i]) in stated])
    if len(candidates) > 1 and spec.prefer_zero_at is not None:
        # (a blank is no change either: it stays beside a printed 0, never ruled out by the prior)
        step("no change from last year", [c for c in candidates if c[spec.prefer_zero_at] in ("0", "")])
    if len(candidates) > 1:
        step("equal parts", [c for c in candidates if len(set(c)) == 1])
    if len(candidates) > 1 and spec.topic:
        stated = context.topic_numbers(spec.topic)
        if stated:
            scores = [sum(1 for p in c if p and _num(p) in stated) for c in candidates]
            best = max(scores)
            if best > 0:
                step("figures stated in the prose", [c for c, s in zip(candidates, scores) if s == best])
    return candidates, used


def _num(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _num0(text: str) -> int | float:
    """A part's figure, a blank part ("") counting as nothing in the table's arithmetic."""
    return _num(text) if text else 0


_MAX_PLACED_CELLS = 7  # table 2 and 3 rows; table 4's fifteen cells would give too many placements


def _blank_placements(digits: str, n: int, check: Callable[[Sequence[int | float]], bool] | None) -> tuple[list[list[str]], bool]:
    """Splits of ``digits`` into fewer than ``n`` figures, with the other cells blank ("") in every
    possible place: the readings of a run whose crawler dropped blank cells. A row with a 总计
    prints it whenever it prints a part, and its sum holds with the blanks as nothing. The second
    item is True when there are too many to weigh."""
    out: list[list[str]] = []
    total = check is total_is_sum
    for printed in range(1, min(n - 1, len(digits)) + 1):
        # the blanks add nothing, so a row's sum holds on its printed figures alone
        splits, exhausted = split_parts(digits, [printed], check, limit=512)
        if exhausted:
            return out, True
        for parts in splits:
            if total:  # the 总计 is the last figure, in its own column
                placings = (p + (n - 1,) for p in itertools.combinations(range(n - 1), printed - 1))
            else:
                placings = itertools.combinations(range(n), printed)
            for places in placings:
                cells = [""] * n
                for place, part in zip(places, parts):
                    cells[place] = part
                out.append(cells)
                if len(out) > 1024:
                    return out, True
    return out, False


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


class _Reader:
    """Shared machinery: turns value tokens into cells for one row or block."""

    def __init__(self, text: str, result: TableResult, context: SplitContext, blanks_dropped: bool = False):
        self.text = text
        self.result = result
        self.context = context
        # the table shows its crawler dropped blank cells: any run may lack some
        self.blanks_dropped = blanks_dropped

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    def cells_from(
        self, spec: RowSpec, values: list[Token], cut: bool = False, grid: _Grid | None = None
    ) -> dict[str, Cell] | None:
        """The cells of one row (or block) from the value tokens after its label, or None.

        ``cut``: the text stops inside this row (it holds the text's last token and is not the
        table's last row), so its last figure may be incomplete. ``grid``: the column positions
        the table's header lines give, for rows that are full lines of a padded grid.
        """
        n = len(spec.columns)
        kinds = {t.kind for t in values}
        if kinds == {EMPTY}:
            if len(values) < n or cut:
                return None
            # a whole row of blank cells: blank, not zero, and not missing
            line = values[0].line
            return {col: Cell(None, "", line) for col in spec.columns}
        line = values[0].line if values[0].kind != EMPTY else next(t for t in values if t.kind != EMPTY).line
        if RUN in kinds:
            self.result.report.layout = "flattened"
            return self._from_run(spec, [t for t in values if t.kind != EMPTY], line, cut)
        self.result.report.layout = self.result.report.layout or "cells"
        if grid is not None and not cut:
            placed = grid.tokens(values, tuple(spec.columns))
            if placed is not None:
                return self._assign(spec, placed, line)
        tokens = list(values)
        while len(tokens) > n and tokens[-1].kind == EMPTY:
            tokens.pop()
        while len(tokens) > n and tokens[0].kind == EMPTY:
            tokens.pop(0)
        if len(tokens) == n and not cut:
            return self._assign(spec, tokens, line)
        if cut:
            return self._cut_row(spec, tokens, line)
        if len(tokens) > n:
            return self._too_many(spec, tokens, line)
        return self._too_few(spec, tokens, line)

    # -- the layouts ------------------------------------------------------------------------

    def _assign(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell]:
        cells: dict[str, Cell] = {}
        for col, token in zip(spec.columns, tokens):
            if token.kind == EMPTY:
                cells[col] = Cell(None, "", line)
                continue
            value, unit = parse_value(token.text)
            if unit is None:
                cells[col] = Cell(value, token.text, line)
            else:
                cells[col] = self._cell(spec, col, value, unit, token.text, line)
        return cells

    def _cell(self, spec: RowSpec, col: str, value: Value, unit: str | None, raw: str, line: int) -> Cell:
        if unit == "元" and col == "amount_10k_yuan" and isinstance(value, (int, float)):
            self.warn(f"{spec.where}: '{raw}' is in 元 in a 万元 column (line {line}); converted to 万元")
            value = round(value / 10000, 6)
        return Cell(value, raw, line)

    def _from_run(self, spec: RowSpec, tokens: Sequence[Token], line: int, cut: bool) -> dict[str, Cell] | None:
        """Figures that ran together (no cell separators), split by the table's arithmetic."""
        n = len(spec.columns)
        run = " ".join(t.text for t in tokens)
        unit = ""
        for suffix in ("万元", "元"):
            if run.endswith(suffix):
                unit, run = suffix, run[: -len(suffix)].rstrip()
        pieces = run.split()
        if cut:
            self.warn(f"{spec.where}: the text ends inside this row ('{run}', line {line}); left unread")
            return None
        self.result.runs.append((n, run))
        if len(run.replace(" ", "")) + len(pieces) - 1 < n:
            # fewer figures than cells even where each space inside the run stood for a blank cell
            self.result.short_runs += 1
        parsed = [parse_value(p)[0] for p in pieces]
        if len(pieces) == n and all(isinstance(v, (int, float)) for v in parsed):
            # as many space-separated figures as cells: read as printed, even where the report's
            # own sums fail (that is a finding for the rules, not a reason to re-cut the figures)
            return self._from_parts(spec, pieces, unit, line)
        if any(not p.replace(".", "").isdigit() for p in pieces):
            self.warn(f"{spec.where}: cannot read '{run}' (line {line}) as {n} figures; left unread")
            return None
        before = len(self.result.warnings)
        cells = self._resolve(spec, pieces, unit, line, f"figures run together as '{run}{unit}'", blanks=True)
        if len(pieces) > 1 and not unit and "." in spec.where:
            readings = _spaced_readings(pieces, spec)
            if len(readings) == 1:
                warning = self.result.warnings[-1] if len(self.result.warnings) > before else None
                self.result.spaced[spec.where.split(".", 1)[1]] = SpacedRun(spec, run, readings[0], line, warning)
        return cells

    def _resolve(
        self, spec: RowSpec, pieces: Sequence[str], unit: str, line: int, what: str, strict: bool = False,
        blanks: bool = False,
    ) -> dict[str, Cell] | None:
        """Split digits (whose visible boundaries are ``pieces``) into the row's cells.

        ``strict``: the boundaries are cell edges, so every candidate must keep them. ``blanks``:
        a run of the text, which may lack blank cells where the table shows its crawler drops them.
        """
        n = len(spec.columns)
        candidates, exhausted = split_parts("".join(pieces), spec.groups, spec.check)
        if blanks and self.blanks_dropped and len(spec.groups) == 1 and 1 < n <= _MAX_PLACED_CELLS:
            placed, too_many = _blank_placements("".join(pieces), n, spec.check)
            candidates, exhausted = candidates + placed, exhausted or too_many
            what += " in a report whose crawler dropped blank cells"
        if strict:
            bounds = _cuts(pieces)
            candidates = [c for c in candidates if bounds <= _cuts(c)]
        candidates, used = _narrow(candidates, pieces, spec, self.context) if not exhausted else (candidates, [])
        digits = "".join(pieces)
        if not candidates and not exhausted and len(digits) == n and digits.isdigit():
            # as many digits as cells: one reading only, as printed, even where the report's own
            # sums fail (that is a finding for the rules, not a reason to re-cut the figures)
            self.warn(f"{spec.where}: {what} (line {line}); read as one digit per cell, the row's sums do not hold")
            return self._from_parts(spec, list(digits), unit, line)
        if not candidates and not exhausted and digits and set(digits) == {"0"} and len(digits) < n:
            return self._zeros_short_of_cells(spec, digits, line, what)
        if not candidates or exhausted:
            reason = "too many possible splits" if exhausted else "no split adds up"
            self.warn(f"{spec.where}: {what} (line {line}) cannot be split into {n} cells: {reason}; left unread")
            return None
        if len(candidates) == 1:
            if used:
                self.warn(
                    f"{spec.where}: {what} (line {line}); split as {' | '.join(p or 'blank' for p in candidates[0])} using "
                    + " and ".join(used)
                )
            return self._from_parts(spec, candidates[0], unit, line)
        # several splits remain: read the cells they all agree on, leave the others unread
        agreed = [i for i in range(n) if len({c[i] for c in candidates}) == 1]
        shown = "; ".join(" | ".join(p or "blank" for p in c) for c in candidates[:3]) + (" …" if len(candidates) > 3 else "")
        if not agreed:
            self.warn(
                f"{spec.where}: {what} (line {line}) cannot be split into {n} cells: "
                f"{len(candidates)} possible splits ({shown}); left unread"
            )
            return None
        cells = self._from_parts(spec, candidates[0], unit, line)
        unread = [spec.columns[i] for i in range(n) if i not in agreed]
        warning = (
            f"{spec.where}: {what} (line {line}) has {len(candidates)} possible splits ({shown}); "
            f"read only the cells they agree on, left {', '.join(unread)} unread"
            + (f" (evidence used: {' and '.join(used)})" if used else "")
        )
        self.warn(warning)
        if "." in spec.where:
            self.result.ambiguous[spec.where.split(".", 1)[1]] = Ambiguous(spec, candidates, unit, line, warning)
        return {col: cell for i, (col, cell) in enumerate(cells.items()) if i in agreed}

    def _zeros_short_of_cells(self, spec: RowSpec, digits: str, line: int, what: str) -> dict[str, Cell] | None:
        """A run of zeros with fewer digits than cells: the crawler dropped blank cells.

        Each zero is a cell of its own ("00" is no figure), so every printed cell is 0 and the others
        are blank; where the blanks were is not known. A row whose last cell is its 总计 prints that
        total whenever it prints any part, so the total is 0 and the parts stay unread.
        """
        n = len(spec.columns)
        if spec.check is not total_is_sum or len(spec.groups) != 1:
            self.warn(f"{spec.where}: {what} (line {line}): {n - len(digits)} blank cells dropped, places unknown; left unread")
            return None
        self.warn(
            f"{spec.where}: {what} (line {line}): {len(digits)} zeros for {n} cells, {n - len(digits)} blank; "
            f"the total is 0, the blank parts cannot be placed and are left unread"
        )
        return {spec.columns[-1]: Cell(0, "0", line)}

    def _from_parts(self, spec: RowSpec, parts: Sequence[str], unit: str, line: int) -> dict[str, Cell]:
        cells: dict[str, Cell] = {}
        for i, (col, part) in enumerate(zip(spec.columns, parts)):
            if not part:
                cells[col] = Cell(None, "", line)  # a blank cell the crawler dropped
                continue
            value, _ = parse_value(part)
            raw = part + (unit if i == len(parts) - 1 else "")
            cells[col] = self._cell(spec, col, value, unit if i == len(parts) - 1 and unit else None, raw, line)
        return cells

    def _too_many(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell] | None:
        """More cells than columns: a cell the label spans, or one figure split over two cells."""
        n = len(spec.columns)
        options: dict[tuple[str, ...], str] = {}
        options.setdefault(tuple(t.text for t in tokens[-n:]), "aligned from the right")
        options.setdefault(tuple(t.text for t in tokens[:n]), "aligned from the left")
        numeric = all(t.kind == VALUE and t.text.isdigit() for t in tokens)
        # two cells can only be one figure if the first is not "0" ("0" | "5" is never 05)
        joinable = numeric and any(t.text != "0" for t in tokens[:-1])
        if joinable:
            # one figure broken over adjacent cells: join cells, never cut inside one
            candidates, _ = split_parts("".join(t.text for t in tokens), spec.groups, None, limit=256)
            bounds = _cuts([t.text for t in tokens])
            for c in candidates:
                if _cuts(c) <= bounds:
                    options.setdefault(tuple(c), "joining a figure split over two cells")
        kept = {}
        for texts, how in options.items():
            values = [parse_value(t)[0] for t in texts]
            if spec.check is not None and all(isinstance(v, (int, float)) for v in values):
                if not all(spec.check(g) for g in _grouped(values, spec.groups)):  # type: ignore[arg-type]
                    continue
            kept[texts] = how
        if len(kept) == 1:
            texts, how = next(iter(kept.items()))
            self.warn(f"{spec.where}: {len(tokens)} cells for {n} columns (line {line}); {how}")
            by_text = {t.text: t for t in tokens}
            chosen = [by_text.get(t) or Token(VALUE, t, tokens[0].pos) for t in texts]
            return self._assign(spec, chosen, line)
        self.warn(
            f"{spec.where}: {len(tokens)} cells for {n} columns (line {line}) and no single reading fits "
            f"({'; '.join(' | '.join(t) for t in list(kept)[:3]) or 'none adds up'}); left unread"
        )
        return None

    def _too_few(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell] | None:
        """Fewer cells than columns: figures run together in a cell, or blank cells dropped."""
        n = len(spec.columns)
        shown = " | ".join(t.text or "∅" for t in tokens)
        self.result.short_runs += 1  # cells missing from a row: the report's blank cells may be dropped
        if all(t.kind == VALUE and t.text.isdigit() for t in tokens):
            cells = self._resolve(
                spec, [t.text for t in tokens], "", line, f"{len(tokens)} cells for {n} columns ('{shown}')", strict=True,
                blanks=True,
            )
            if cells is not None:
                return cells
            self.result.warnings.pop()  # replaced by the message below
        self.warn(
            f"{spec.where}: only {len(tokens)} of {n} cells ('{shown}', line {line}) and nothing says which "
            f"columns they belong to (blank cells dropped?); left unread"
        )
        return None

    def _cut_row(self, spec: RowSpec, tokens: Sequence[Token], line: int) -> dict[str, Cell] | None:
        """The text stops inside this row: keep the complete cells before the cut."""
        n = len(spec.columns)
        tokens = list(tokens[:n])
        if tokens and tokens[-1].kind != EMPTY and not self._followed_by_separator(tokens[-1]):
            tokens.pop()  # the last figure may itself be cut ("14" of "1472")
        while tokens and tokens[-1].kind == EMPTY:
            tokens.pop()
        if not tokens:
            self.warn(f"{spec.where}: the text ends inside this row (line {line}); left unread")
            return None
        self.warn(
            f"{spec.where}: the text ends inside this row (line {line}); read the first {len(tokens)} "
            f"of {n} cells, the last {n - len(tokens)} are missing"
        )
        return self._assign(spec, tokens, line)

    def _followed_by_separator(self, token: Token) -> bool:
        """Whether the cut text closes the last cell ("… | 0 |"), so that its figure is whole."""
        return self.text.rstrip(" \n").endswith(("|", "\t"))


def _grouped(values: Sequence[int | float], groups: Sequence[int]) -> list[Sequence[int | float]]:
    out, pos = [], 0
    for size in groups:
        out.append(values[pos : pos + size])
        pos += size
    return out


def _end_token(text: str, region: Region, tokens: Sequence[Token]) -> Token | None:
    """The last token, when the whole text stops inside this region (a page saved cut short)."""
    if region.end < len(text.rstrip()) or not tokens:
        return None
    return tokens[-1]


def parse_row_tables(text: str, regions: dict[str, Region], template: str, context: SplitContext) -> dict[str, TableResult]:
    """Tables 2 and 3 of a report in the 2019 or 2021 template.

    A run with fewer digits than its row has cells shows that the crawler dropped blank cells in
    this report (a page that leaves one cell empty often leaves others). Both tables are then read
    again with each run's readings including those that lack blank cells, so that a run as long as
    its row ("225": 2 | 2 | 5, or 2 | blank | 25) is no longer read a digit a cell on trust."""

    def read(blanks_dropped: bool) -> dict[str, TableResult]:
        results = {}
        for table, rows, check_sum in (
            ("active_disclosure", codes.active_rows(template), False),
            ("applications", codes.application_rows(template), True),
        ):
            if table in regions:
                results[table] = parse_row_table(
                    table, text, regions[table], rows, context, check_sum, template, blanks_dropped
                )
        return results

    results = read(False)
    if any(result.short_runs for result in results.values()):
        results = read(True)
    return results


def parse_row_table(
    table: str,
    text: str,
    region: Region,
    rows: Sequence[Row],
    context: SplitContext,
    check_sum: bool,
    template: str | None,
    blanks_dropped: bool = False,
) -> TableResult:
    """Table 2 or 3: rows found by label, each taking the figures after it. ``blanks_dropped``:
    the report shows its crawler dropped blank cells (see ``parse_row_tables``)."""
    first_line = _line_of(text, region.start)
    result = TableResult(report=TableReport(found=True, first_line=first_line))
    reader = _Reader(text, result, context, blanks_dropped)
    body = text[region.start : region.end]
    lines = body.split("\n")
    tokens = tokenize(body, region.start, first_line, lines)
    end_token = _end_token(text, region, tokens)
    grid = _Grid.of(body, lines, first_line, table)
    last_pos = region.start
    label_columns: dict[str, int] = {}  # enumerated sub-item → column of its label cell
    match, row_set = _label_matcher(rows), _row_set_name(rows)
    for labels, values in _groups(tokens):
        if not labels or not values:
            continue
        row = match("".join([t.text for t in labels]), True)
        if row is None or not (any(t.kind != EMPTY for t in values) or _blank_row(labels, values, row)):
            continue
        if row.code in result.cells:
            if all(c.value is None for c in result.cells[row.code].values()) and _has_figures(values):
                del result.cells[row.code]  # a header cell ("总计") over blank cells, then the real row
            else:
                result.warnings.append(f"{table}.{row.code}: row appears twice; the first is kept")
                continue
        spec = (
            _make_row_spec(table, row, check_sum, template) if row_set is None
            else _row_spec(table, row_set, row.code, check_sum, template)
        )
        cut = values[-1] is end_token and row is not rows[-1]
        cells = reader.cells_from(spec, values, cut, grid)
        if cells:
            result.cells[row.code] = cells
            last_pos = max(last_pos, values[-1].pos)
            if row.number is not None and labels[-1].col >= 0:
                label_columns[row.code] = labels[-1].col
    result.report.last_line = _line_of(text, last_pos)
    if end_token is not None:
        result.report.truncated = True
    _warn_shifted_rows(table, label_columns, result)
    if result.spaced:
        _place_blanks_by_spaces(result, reader)
    if result.ambiguous and table == "applications":
        _settle_by_columns(result, reader, [row.code for row in rows])
    return result


def _spaced_readings(pieces: Sequence[str], spec: RowSpec) -> list[list[str]]:
    """The readings of a run's ``pieces`` (split at its spaces) as the row's cells where each space
    is one blank cell: each piece split into one or more figures, the cells adding up to the row's,
    its sums holding (a blank as nothing, a 总计 printed when a part is). At most two are listed."""
    n = len(spec.columns)
    gaps = len(pieces) - 1
    if len(pieces) + gaps > n or sum(map(len, pieces)) + gaps < n:
        return []  # too many spaces for the cells, or too few digits
    options: list[list[list[str]]] = []
    for piece in pieces:
        splits: list[list[str]] = []
        for count in range(1, min(len(piece), n) + 1):
            found, exhausted = split_parts(piece, [count], None, limit=64)
            if exhausted:
                return []
            splits.extend(found)
        options.append(splits)
    if not all(options) or _product_size(options) > 4096:
        return []
    readings: list[list[str]] = []
    for combo in itertools.product(*options):
        if sum(len(parts) for parts in combo) + gaps != n:
            continue
        cells = list(combo[0])
        for parts in combo[1:]:
            cells += ["", *parts]
        if spec.check is not None:
            if spec.check is total_is_sum and cells[-1] == "":
                continue
            if not all(spec.check(g) for g in _grouped([_num0(c) for c in cells], spec.groups)):
                continue
        readings.append(cells)
        if len(readings) > 1:
            break
    return readings


def _product_size(options: Sequence[Sequence[object]]) -> int:
    size = 1
    for option in options:
        size *= len(option)
    return size


def _place_blanks_by_spaces(result: TableResult, reader: _Reader) -> None:
    """Read a run whose spaces show its blank cells.

    A crawler that joins cells with nothing between them turns a blank cell holding a space (a
    page's "&nbsp;") into a space, and a printed cell into its bare figure. When every run of
    the table that fills its row (as many digits as cells, or more: a cell edge between any two
    cells), other than the runs read this way, has no space inside it, the printed cells carry no
    padding, so each space inside a run
    is a blank cell in that place. The run is read when exactly one reading makes it the row's
    cells that way ("0 00000" for seven cells: "00" is no figure, so 0 | blank | 0 | 0 | 0 | 0 | 0;
    "2 25" for three: 2 | blank | 25) and the row's sums hold; spaces at its ends say nothing (a
    label's padding).
    """
    spaced_runs = {spaced.run for spaced in result.spaced.values()}
    filled = [run for n, run in result.runs if n >= 2 and len(run.replace(" ", "")) >= n and run not in spaced_runs]
    if not filled or any(" " in run for run in filled):
        return
    for code, spaced in result.spaced.items():
        spec, line, parts = spaced.spec, spaced.line, spaced.parts
        result.cells[code] = reader._from_parts(spec, parts, "", line)
        result.ambiguous.pop(code, None)
        blanks = [col for col, part in zip(spec.columns, parts) if not part]
        message = (
            f"{spec.where}: {len(parts) - len(blanks)} figures and {len(blanks)} space{'s' if len(blanks) > 1 else ''} "
            f"for {len(parts)} cells (line {line}); the other runs of the table have no spaces, so each space "
            f"is a blank cell: {', '.join(blanks)} blank"
        )
        if spaced.warning in result.warnings:
            result.warnings[result.warnings.index(spaced.warning)] = message
        else:
            result.warnings.append(message)


def _column_equations(order: Sequence[str]) -> list[tuple[list[str], list[str]]]:
    """Table 3's arithmetic down each column, as (rows added, rows subtracted) summing to zero:
    R1 新收 + 上年结转 = 总计 + 结转下年度, and R2 总计 = the sum of the outcome rows."""
    ends = ("new_received", "carried_over", "total_processed", "carried_forward")
    if not all(code in order for code in ends):
        return []
    outcomes = list(order[order.index("carried_over") + 1 : order.index("total_processed")])
    return [(["new_received", "carried_over"], ["total_processed", "carried_forward"]), (["total_processed"], outcomes)]


def _settle_by_columns(result: TableResult, reader: _Reader, order: Sequence[str]) -> None:
    """Choose among the splits of an ambiguous row with the table's arithmetic down the columns.

    An equation settles a row when that row is its only unknown (every other row in it read in
    full, as figures) and exactly one of the row's splits makes it hold in every column. Settling
    one row can settle the next (R2 gives 总计, then R1 gives 新收).
    """
    equations = _column_equations(order)
    settled = True
    while settled and result.ambiguous:
        settled = False
        for plus, minus in equations:
            open_rows = [code for code in plus + minus if code in result.ambiguous]
            if len(open_rows) != 1:
                continue
            code = open_rows[0]
            known = {c: result.cells.get(c, {}) for c in plus + minus if c != code}
            pending = result.ambiguous[code]
            columns = pending.spec.columns
            if not all(
                all(isinstance(cells.get(col) and cells[col].value, (int, float)) for col in columns)
                for cells in known.values()
            ):
                continue
            sign = 1 if code in plus else -1
            rest = [
                sum((1 if c in plus else -1) * cells[col].value for c, cells in known.items())  # type: ignore[operator]
                for col in columns
            ]
            kept = [
                cand for cand in pending.candidates
                if all(abs(sign * _num0(part) + other) < 1e-9 for part, other in zip(cand, rest))
            ]
            if len(kept) != 1:
                continue
            result.cells[code] = reader._from_parts(pending.spec, kept[0], pending.unit, pending.line)
            result.warnings[result.warnings.index(pending.warning)] = (
                f"{pending.spec.where}: {len(pending.candidates)} possible splits of the run (line {pending.line}); "
                f"split as {' | '.join(p or 'blank' for p in kept[0])} by the table's arithmetic down the columns"
            )
            del result.ambiguous[code]
            settled = True


def _has_figures(values: Sequence[Token]) -> bool:
    return any(t.kind != EMPTY for t in values)


@functools.lru_cache(maxsize=1024)
def _row_spec(table: str, row_set: str, code: str, check_sum: bool, template: str | None) -> RowSpec:
    """The spec of a row of one of the template's row sets, memoised by names (hashing a ``Row``
    hashes all its nested fields, for each of a report's ~30 rows)."""
    row = next(r for r in _ROW_SETS[row_set] if r.code == code)
    return _make_row_spec(table, row, check_sum, template)


def _make_row_spec(table: str, row: Row, check_sum: bool, template: str | None) -> RowSpec:
    stock = template == "2021" and tuple(row.columns) == ("issued", "repealed", "in_force")
    return RowSpec(
        f"{table}.{row.code}",
        row.columns,
        (len(row.columns),),
        total_is_sum if check_sum and len(row.columns) > 1 else None,
        1 if template == "2019" and row.columns[:2] == ("prev_items", "change") else None,
        _topic(row),
        stock,
        _STOCK_WORDS if stock else (),
    )


# How the prose names the columns of 2021 table 2's document rows (本年制发 | 本年废止 | 现行有效)
_STOCK_WORDS = (("制发", "制定", "出台", "印发"), ("废止",), ("现行有效",))


def _blank_row(labels: Sequence[Token], values: Sequence[Token], row: Row) -> bool:
    """A row of blank cells: as many empty cells as columns, on the label's own line."""
    return sum(1 for t in values if t.pos == labels[-1].pos) >= len(row.columns)


@functools.lru_cache(maxsize=256)
def _topic(row: Row) -> tuple[str, ...]:
    """Words that name a row in the prose: its keys (行政规范性文件 → also 规范性文件)."""
    keys = {squeeze(k) for k in row.keys}
    if row.code == "normative_documents":
        keys.add("规范性文件")
    if row.code == "procurement":
        keys.add("采购")
    return tuple(sorted(keys))


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


_ROW_SETS = _template_row_sets()

_ALL_REVIEW_COLUMNS = tuple(f"{b}.{c}" for b in codes.REVIEW_BLOCKS for c in codes.REVIEW_COLUMNS)


def parse_review_table(text: str, region: Region, context: SplitContext) -> TableResult:
    """Table 4: fifteen cells, laid out as one row under a two-level header, or as three rows."""
    first_line = _line_of(text, region.start)
    result = TableResult(report=TableReport(found=True, first_line=first_line))
    reader = _Reader(text, result, context)
    body = text[region.start : region.end]
    lines = body.split("\n")
    tokens = tokenize(body, region.start, first_line, lines)
    end_token = _end_token(text, region, tokens)
    if end_token is not None:
        result.report.truncated = True
    grid = _Grid.of(body, lines, first_line, "review_litigation")
    groups = [
        (labels, values)
        for labels, values in _groups(tokens)
        if any(t.kind != EMPTY for t in values) or len(values) >= len(codes.REVIEW_COLUMNS) * 3
    ]
    columns = codes.REVIEW_COLUMNS

    # three rows, each labelled with its block and holding five cells
    vertical: dict[str, list[Token]] = {}
    for labels, values in groups:
        row = match_row("".join(t.text for t in labels), _BLOCK_ROWS, normalized=True)
        if row and row.code not in vertical and (
            _width(values) == len(columns) or (grid is not None and grid.tokens(values, columns) is not None)
        ):
            vertical[row.code] = values
    if len(vertical) == 3:
        for block, values in vertical.items():
            spec = RowSpec(f"review_litigation.{block}", columns, [5], total_is_sum, None, (codes.REVIEW_BLOCK_LABELS[block],))
            cut = values[-1] is end_token and block != "litigation_after_review"
            cells = reader.cells_from(spec, values, cut, grid)
            if cells:
                result.cells[block] = cells
        result.report.last_line = _line_of(text, max(v[-1].pos for v in vertical.values()))
        return result

    # one row of fifteen cells after the header
    for _labels, values in groups:
        if _width(values) < 5:
            continue
        spec = RowSpec("review_litigation", _ALL_REVIEW_COLUMNS, [5, 5, 5], total_is_sum)
        cells = reader.cells_from(spec, values, values[-1] is end_token, grid)
        if cells:
            for key, cell in cells.items():
                block, col = key.split(".")
                result.cells.setdefault(block, {})[col] = cell
        result.report.last_line = _line_of(text, values[-1].pos)
        break
    return result


def _width(values: Sequence[Token]) -> int:
    """How many cells the tokens can fill at most (a run of digits can fill one per digit, and so
    can a lone figure of digits: a line of digits alone, as a crawler leaves a row it ran together
    under a header with no label of its own; ``cells_from`` splits it as a run)."""
    non_empty = [t for t in values if t.kind != EMPTY]
    if any(t.kind == RUN for t in non_empty):
        return sum(len(t.text.replace(" ", "")) if t.kind == RUN else 1 for t in non_empty)
    if len(non_empty) == 1 and non_empty[0].kind == VALUE and non_empty[0].text.isdigit():
        return len(non_empty[0].text)
    return len(_strip_empty(values))


def _strip_empty(values: Sequence[Token]) -> Sequence[Token]:
    start, end = 0, len(values)
    while start < end and values[start].kind == EMPTY:
        start += 1
    while end > start and values[end - 1].kind == EMPTY:
        end -= 1
    return values[start:end]


# --- padded grids: column positions from the header lines ---------------------------------------

# Header cells that name a column, besides the column labels of ``xxgk.codes`` (the 2019 template's
# own wording, and shortenings seen in real reports). Compared whole, after spaces and a trailing
# parenthesised remark ("本年收费金额(单位:万元)") are dropped: a row label such as "(七)总计" or
# "3.其他" never names a column.
_HEADER_ALIASES = {
    "active_disclosure": {
        "decisions": ("处理决定数量",),
        "produced": ("本年新制作",),
        "published": ("本年新公开",),
        "total_published": ("对外公开数量",),
        "change": ("本年增减",),
    },
}
_HEADER_LABELS = {
    "active_disclosure": codes.ACTIVE_COLUMN_LABELS,
    "applications": codes.APPLICANT_COLUMN_LABELS,
    "review_litigation": codes.REVIEW_COLUMN_LABELS,
}
_TRAILING_REMARK = re.compile(r"\([^()]*\)?$")  # also one cut short: "本年收费金额(单位:万"


def _header_key(text: str) -> str:
    text = _SPACES.sub("", text)
    if "(" in text:
        text = _TRAILING_REMARK.sub("", text)
    return text.rstrip(":")


@functools.cache
def _header_names(table: str) -> dict[str, str]:
    """Header cell text (as ``_header_key`` makes it) → the column it names, for one table."""
    names: dict[str, str] = {}
    for column, label in _HEADER_LABELS[table].items():
        names[_header_key(squeeze(label))] = column
    for column, aliases in _HEADER_ALIASES.get(table, {}).items():
        for alias in aliases:
            names.setdefault(_header_key(squeeze(alias)), column)
    return names


# One line of a table as the grid sees it: its number of cells (0: no separators, or no content),
# whether it holds a figure, and the columns its header cells name with their cell indices.
_LineInfo = tuple[int, bool, tuple[tuple[str, int], ...]]

# Where the columns sit in a grid of one width: (column code, its cell indices left to right), in
# the order the header names them (hashable, so that plans can be memoised by it).
_Positions = tuple[tuple[str, tuple[int, ...]], ...]


# A Markdown delimiter row ("|---|:---:|"): part of the header, whatever its dashes tokenise to
# ("-" and "--" are marks).
_DELIMITER_ROW = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+(?:\s*:?-+:?\s*)?")


def _line_info(line: str, table: str) -> _LineInfo:
    if len(line) <= _MEMO_LENGTH:
        return _line_info_memo(line, table)
    return _line_info_of(line, table)


def _line_info_of(line: str, table: str) -> _LineInfo:
    parts = () if "-" in line and _DELIMITER_ROW.fullmatch(line.strip()) else line_tokens(line)
    width = parts[-1][2] + 1 if parts else 0  # the last cell always yields a token (EMPTY if empty)
    names = _header_names(table)
    found = tuple(
        (names[key], col) for kind, part, col in parts if kind == TEXT and col >= 0 and (key := _header_key(part)) in names
    )
    return (width if width > 1 else 0, any(kind in (VALUE, RUN) for kind, _, _ in parts), found)


_line_info_memo = functools.lru_cache(maxsize=100_000)(_line_info_of)


class _Grid:
    """Where each column sits in a padded grid: TAB or pipe lines that are full rows of the table.

    Such a layout pads merged cells with empty ones, so a row's empty cells are only told apart —
    padding, or a blank cell — by the column they stand in. The header lines give the columns:
    the cell of each column header (自然人 … 总计; 结果维持 … 总计 once per block; 本年制发件数 …).
    The header lines above a row (those since the previous line with figures: table 3's two or
    three of them, whichever holds 总计) are merged when they have the same number of cells. A row
    whose line has that number of cells is read at those cells, provided every column of the row
    has its header (as many times as the row has the column: table 4's blocks, left to right),
    the headers stand left to right in the row's column order, each column's cell follows the
    row's label, and every figure of the line sits under a header. Anything else — text from HTML
    (readers emit a merged cell once, so header and rows differ in width), irregular rows such as
    the seed report's eleven-cell ones, one cell per line — is left to the other readings:
    ``tokens`` returns None.
    """

    __slots__ = ("rows",)

    def __init__(self, rows: dict[int, _Positions]):
        self.rows = rows  # line number of a row with figures → the columns of the header in force

    @classmethod
    def of(cls, text: str, lines: list[str], first_line: int, table: str) -> _Grid | None:
        """The grid of a table's text (``lines``: split), or None when no row of it lies under
        column headers."""
        if "\t" not in text and "|" not in text:
            return None
        rows: dict[int, _Positions] = {}
        current: dict[int, _Positions] | None = None  # the header in force: width → positions
        pending: list[_LineInfo] = []  # header lines since the last line with figures
        for number, line in enumerate(lines, first_line):
            info = _line_info(line, table)
            width = info[0]
            if not width:
                continue
            if info[1]:
                if pending:
                    current = _header(tuple(pending))
                    pending = []
                if current is not None:
                    positions = current.get(width)
                    if positions is not None:
                        rows[number] = positions
            elif info[2]:
                pending.append(info)
        return cls(rows) if rows else None

    def tokens(self, values: Sequence[Token], columns: tuple[str, ...]) -> list[Token] | None:
        """The tokens of ``values`` at the header cells of ``columns`` (codes, or ``block.code``),
        when the row is a full line of the grid — the line that begins the row's values, or else
        the one that ends them — holding all its figures; else None."""
        rows = self.rows
        line = values[0][4]  # (tuple indexing: this runs for every row)
        positions = rows.get(line)
        if positions is None:
            line = values[-1][4]
            positions = rows.get(line)
            if positions is None:
                return None
        plan = _plan(positions, columns)
        if plan is None:
            return None
        placed: list[Token | None] = [None] * len(plan)
        at = plan.get
        for t in values:
            if t[4] == line:
                i = at(t[3])
                if i is not None:
                    if t[0] == RUN:
                        return None  # figures run together: not a cell of the grid
                    placed[i] = t
                    continue
            if t[0] != EMPTY:
                return None  # a figure outside the columns, or on another line
        if None in placed:
            return None  # a column's cell lies before the row's values (under its label)
        return placed  # type: ignore[return-value]


@functools.lru_cache(maxsize=10_000)
def _header(lines: tuple[_LineInfo, ...]) -> dict[int, _Positions]:
    """Header lines (as ``_line_info`` gives them) → width → the columns' positions."""
    header: dict[int, dict[str, list[int]]] = {}
    for width, _, found in lines:
        positions = header.setdefault(width, {})
        for column, col in found:
            positions.setdefault(column, []).append(col)
    # a reader may repeat a header spanning two lines on both: the same cell, one column
    return {
        width: tuple((column, tuple(sorted(set(cols)))) for column, cols in positions.items())
        for width, positions in header.items()
    }


@functools.lru_cache(maxsize=10_000)
def _plan(positions: _Positions, columns: tuple[str, ...]) -> dict[int, int] | None:
    """Cell index → index in ``columns``, when the header places every column, in order."""
    by_column = dict(positions)
    wanted: list[int] = []
    used: dict[str, int] = {}
    for column in columns:
        name = column.rpartition(".")[2]
        k = used.get(name, 0)
        cols = by_column.get(name)
        if cols is None or k >= len(cols):
            return None
        used[name] = k + 1
        wanted.append(cols[k])  # table 4: the k-th 结果维持 from the left is the k-th block's
    if any(len(by_column[name]) != k for name, k in used.items()):
        return None  # a header named more often than the row has the column
    if any(b <= a for a, b in zip(wanted, wanted[1:])):
        return None  # the headers are not in the columns' order
    return {col: i for i, col in enumerate(wanted)}


# --- template detection ------------------------------------------------------------------

_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期不补正", "缴纳费用")
_MARKERS_2019 = (
    "本年新制作",
    "本年新公开",
    "对外公开总数量",
    "对外公开数量",
    "上一年项目数量",
    "本年增/减",
    "本年增减",
    "其他对外管理服务事项",
    "采购项目数量",
    "采购总金额",
)
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
