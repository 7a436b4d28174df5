"""Seeded perturbations of the real department reports, for ``tests/test_fuzz_never_wrong.py``.

A real report ``2NN`` of the shared corpus is read as its published page (``2NN.html``) or its
crawler text (``2NNt.txt``, the tables flattened into runs of digits). :func:`locate` finds, in
the file's own characters, where every row of ``truth_cells`` is printed: its label and the span
of each of its figures (checked against the truth, so a row whose print does not match is simply
not a target). A perturbation (:data:`KINDS`) edits those characters the way other publishers'
reports differ — a mark or a "?" for a figure, full-width digits, thousands separators, spaces,
line breaks and reworded characters inside labels, a row deleted or two swapped, cells merged or
split, a page header or footer between rows, a number in the prose right before a table — and
says what each cell it touched may now read as. Every other truth cell must read as printed or
be unread (:data:`UNREAD`). Targets are drawn by ``random.Random`` seeded with the case's name,
so every run builds the same files.

Long: the row model, finding rows in the two formats, the perturbations and the judge belong
together (each perturbation edits the spans the finders record); split, the halves would import
each other.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xxgk import codes
from xxgk.model import is_number
from xxgk.normalize import normalize

UNREAD = "<unread>"  # the outcome of a cell the parser left out (absent, listed in parsing.missing)

_TR = re.compile(r"<tr\b[^>]*>.*?</tr\s*>", re.S | re.I)
_TD = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_TEXT_NODE = re.compile(r"(?<=>)([^<]*\S[^<]*)(?=<)|^([^<]*\S[^<]*)(?=<|$)")
_WS = re.compile(r"\s+")


@dataclass
class Row:
    """Where one printed row of the truth sits in the source."""

    cells: list[str]  # "table.row.column" per figure, in printed order
    values: list[Any]  # the truth of each
    spans: list[tuple[int, int]]  # the characters of each figure (HTML: the cell's inner markup)
    row_span: tuple[int, int]  # the whole row (HTML: the <tr>; text: label number + label + figures)
    label_span: tuple[int, int] | None  # the characters of the label's key text
    movable: bool = True  # may be deleted or swapped (HTML: no cell of it spans rows)
    label_cell: tuple[int, int] | None = None  # HTML: the whole <td …>…</td> of the label


@dataclass
class Source:
    name: str  # "201" (html) or "201t" (text)
    fmt: str  # "html" | "text"
    text: str
    truth: dict[str, Any]  # "table.row.column" → value as printed (None: blank)
    rows: list[Row]
    tables: list[tuple[int, int]]  # HTML: each <table>…</table>; text: the tables' section


@dataclass
class Case:
    """One perturbed file and what each touched cell may read as."""

    name: str
    suffix: str
    text: str
    note: str
    allowed: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # touched cell → outcomes


# ---- the corpus ---------------------------------------------------------------------------------

def department_reports(corpus: Path) -> list[str]:
    """Ids of the reports with ``truth_cells`` (``201`` …), whose page and crawler text both exist."""
    out = []
    for meta_path in sorted(corpus.glob("2[0-9][0-9].json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("truth_cells") and (corpus / f"{meta_path.stem}.html").exists():
            out.append(meta_path.stem)
    return out


def load(corpus: Path, name: str, fmt: str) -> Source:
    meta = json.loads((corpus / f"{name}.json").read_text(encoding="utf-8"))
    path = corpus / (f"{name}.html" if fmt == "html" else f"{name}t.txt")
    text = path.read_text(encoding="utf-8")
    truth = {f"{t}.{r}.{c}": v for t, rows in meta["truth_cells"].items()
             for r, cols in rows.items() for c, v in cols.items()}
    template = meta.get("table_format") or "2021"
    rows, tables = (_locate_html if fmt == "html" else _locate_text)(text, meta["truth_cells"], template)
    return Source(name if fmt == "html" else f"{name}t", fmt, text, truth, rows, tables)


def _template_rows(truth_cells: dict, template: str) -> list[tuple[str, codes.Row]]:
    """(table, template row) for every truth row, in printed order; table 4 comes last."""
    out = []
    for table, rows in (("active_disclosure", codes.active_rows(template)),
                        ("applications", codes.application_rows(template))):
        out += [(table, r) for r in rows if r.code in truth_cells.get(table, {})]
    return out


def _key(text: str) -> str:
    return _WS.sub("", normalize(text))


def printed_as(text: str, truth: Any) -> bool:
    """Whether a cell's printed text is the truth value."""
    text = text.strip()
    if truth is None:
        return text == ""
    if isinstance(truth, str):
        return text == truth
    try:
        return float(text) == float(truth)
    except ValueError:
        return False


# ---- where each row is: the page ---------------------------------------------------------------

def cell_text(inner: str) -> str:
    """A page cell's text: its markup dropped, entities decoded, NBSP a space, trimmed."""
    return html.unescape(_TAG.sub("", inner)).replace("\xa0", " ").strip()


def _locate_html(text: str, truth_cells: dict, template: str):
    trs = []
    for tr in _TR.finditer(text):
        tds = [(m.start(), m.end(), m.start(2), m.end(2), cell_text(m.group(2)), m.group(1))
               for m in _TD.finditer(text, tr.start(), tr.end())]
        trs.append((tr.start(), tr.end(), tds))
    rows: list[Row] = []
    cursor = 0
    for table, trow in _template_rows(truth_cells, template):
        truths = [truth_cells[table][trow.code][c] for c in trow.columns]
        for i in range(cursor, len(trs)):
            start, end, tds = trs[i]
            n = len(trow.columns)
            if len(tds) <= n or not all(printed_as(td[4], v) for td, v in zip(tds[-n:], truths)):
                continue
            label_tds = [td for td in tds[:-n] if any(k in _key(td[4]) for k in trow.keys)]
            if not label_tds:
                continue
            lab = label_tds[-1]
            key_at = _find_key(text, lab[2], lab[3], trow.keys)
            rows.append(Row([f"{table}.{trow.code}.{c}" for c in trow.columns], truths,
                            [(td[2], td[3]) for td in tds[-n:]], (start, end), key_at,
                            movable=not any("rowspan" in td[5].lower() for td in tds),
                            label_cell=(lab[0], lab[1])))
            cursor = i + 1
            break
    review = [truth_cells.get("review_litigation", {}).get(b) for b in codes.REVIEW_BLOCKS]
    if all(review):
        cells = [f"review_litigation.{b}.{c}" for b in codes.REVIEW_BLOCKS for c in codes.REVIEW_COLUMNS]
        truths = [truth_cells["review_litigation"][b][c] for b in codes.REVIEW_BLOCKS for c in codes.REVIEW_COLUMNS]
        for start, end, tds in trs[cursor:]:
            if len(tds) >= 15 and all(printed_as(td[4], v) for td, v in zip(tds[-15:], truths)):
                rows.append(Row(cells, truths, [(td[2], td[3]) for td in tds[-15:]], (start, end), None,
                                movable=False))
                break
    tables = [(m.start(), m.end()) for m in re.finditer(r"<table\b.*?</table\s*>", text, re.S | re.I)]
    return rows, tables


def _find_key(text: str, start: int, end: int, keys: tuple[str, ...]) -> tuple[int, int] | None:
    """The characters of the first key of ``keys`` printed as-is between start and end."""
    for key in keys:
        for variant in (key, key.replace('"', "“", 1).replace('"', "”", 1), key.replace("(", "（").replace(")", "）")):
            at = text.find(variant, start, end)
            if at >= 0:
                return at, at + len(variant)
    return None


# ---- where each row is: the crawler's text ------------------------------------------------------

def _locate_text(text: str, truth_cells: dict, template: str):
    rows: list[Row] = []
    first = text.find(codes.TABLE_LABELS["active_disclosure"])
    cursor = first
    for table, trow in _template_rows(truth_cells, template):
        truths = [truth_cells[table][trow.code][c] for c in trow.columns]
        if not all(is_number(v) for v in truths):
            continue
        found = _text_row(text, cursor, trow.keys, truths)
        if found is None:
            continue
        key_at, spans = found
        at = spans[-1][1]
        row_start = key_at[0]
        # the enumeration number ("2.") printed before an item's label belongs to the row
        head = re.compile(r"\d\.[^\d]*$").search(text, max(0, key_at[0] - 12), key_at[0])
        if trow.number and head:
            row_start = head.start()
        rows.append(Row([f"{table}.{trow.code}.{c}" for c in trow.columns], truths, spans, (row_start, at), key_at))
        cursor = at
    review_truth = truth_cells.get("review_litigation", {})
    cells = [f"review_litigation.{b}.{c}" for b in codes.REVIEW_BLOCKS for c in codes.REVIEW_COLUMNS if b in review_truth]
    truths = [review_truth[b][c] for b in codes.REVIEW_BLOCKS for c in codes.REVIEW_COLUMNS if b in review_truth]
    section = text.find(codes.TABLE_LABELS["review_litigation"], cursor)
    if len(truths) == 15 and section >= 0 and all(is_number(v) for v in truths):
        digit = re.compile(r"\d").search(text, text.find("复议后起诉", section) + 1)
        m = digit and _run(truths).match(text, digit.start())
        if m:
            spans = [m.span(g) for g in range(1, 16)]
            rows.append(Row(cells, truths, spans, (spans[0][0], spans[-1][1]), None, movable=False))
    end = text.find("五、", cursor)
    return rows, [(first, end if end > 0 else len(text))]


def _run(truths: list[Any]) -> re.Pattern[str]:
    """The figures of a row as the crawler prints them: run together, or apart by spaces."""
    return re.compile(r"[ \t\u3000\xa0]*".join(f"({re.escape(str(v))})" for v in truths) + r"(?!\d(?!\.))")


def _text_row(text: str, cursor: int, keys: tuple[str, ...], truths: list[Any]):
    """(key span, figure spans) of the first printing of a key at or after ``cursor`` that is
    followed, after at most 30 characters of label, by the row's figures."""
    run = _run(truths)
    while True:
        key_at = _find_key(text, cursor, len(text), keys)
        if key_at is None:
            return None
        digit = re.compile(r"\d").search(text, key_at[1])
        m = digit and digit.start() - key_at[1] <= 30 and run.match(text, digit.start())
        if m:
            return key_at, [m.span(g) for g in range(1, len(truths) + 1)]
        cursor = key_at[1]


# ---- editing -----------------------------------------------------------------------------------

def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end) replaced; edits must not overlap."""
    out, last = [], 0
    for start, end, new in sorted(edits):
        assert start >= last, "overlapping edits"
        out += [text[last:start], new]
        last = end
    return "".join(out + [text[last:]])


def _set_cell(src: Source, span: tuple[int, int], new: str) -> tuple[int, int, str]:
    """An edit printing ``new`` as a cell's text: in HTML its first text node, the others emptied."""
    if src.fmt == "text":
        return span[0], span[1], new
    inner = src.text[span[0]:span[1]]
    done = []

    def one(m: re.Match) -> str:
        if done:
            return ""
        done.append(1)
        return html.escape(new, quote=False)

    replaced = _TEXT_NODE.sub(one, inner)
    return span[0], span[1], replaced if done else html.escape(new, quote=False)


def _value_cells(src: Source, rng: random.Random, want: Callable[[Any], bool] = lambda v: True,
                 rows: Callable[[Row], bool] = lambda r: True, cells: Callable[[str], bool] | None = None):
    """(row, index) of a figure whose truth passes ``want``, in a row passing ``rows`` and a cell
    passing ``cells``; nonzero figures first."""
    found = [(r, i) for r in src.rows if rows(r) for i, v in enumerate(r.values)
             if want(v) and (cells is None or cells(r.cells[i]))]
    nonzero = [(r, i) for r, i in found if r.values[i]]
    pool = nonzero if nonzero and rng.random() < 0.7 else found
    return rng.choice(pool) if pool else None


# ---- the perturbations --------------------------------------------------------------------------
# Each takes the source and a seeded generator, and returns (edited text, note, allowed outcomes of
# the cells it touched) or None where it has no target in this report.

def mark(*symbols: str):
    """A figure printed as one of ``symbols``: a mark reads as itself (normalised: "－" is "-")
    or unread, "?" unread, "" blank or unread."""
    def perturb(src: Source, rng: random.Random):
        symbol = rng.choice(symbols)
        # A blank cell leaves no trace in flattened text: where the row's other figures could
        # absorb the gap ("1", "", "16" prints "116", the text of 1 | 1 | 6) the perturbed text is
        # another report's, so a blank is dropped only from rows of one-digit figures, where the
        # run comes out shorter than the row, and never from a 总计 (the parser takes a row that
        # prints its parts to print its total, so "000000" is 0 in 总计 by that convention).
        text_blank = src.fmt == "text" and symbol == ""
        decidable = _one_digit_row if text_blank else (lambda r: True)
        hit = _value_cells(src, rng, is_number, decidable, (lambda c: not c.endswith(".total")) if text_blank else None)
        if hit is None:
            return None
        row, i = hit
        if symbol == "?":
            allowed = (UNREAD,)
        elif symbol == "":
            allowed = (None, UNREAD)  # a blank is printed now
        else:
            allowed = (symbol, normalize(symbol), UNREAD)  # the mark as printed, never a figure
        return (splice(src.text, [_set_cell(src, row.spans[i], symbol)]),
                f"{row.cells[i]} ({row.values[i]!r}) printed as {symbol!r}", {row.cells[i]: allowed})
    return perturb


def _one_digit_row(row: Row) -> bool:
    return all(is_number(v) and 0 <= v <= 9 and int(v) == v for v in row.values)


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth_digits(src: Source, rng: random.Random):
    hit = _value_cells(src, rng, is_number)
    if hit is None:
        return None
    row, i = hit
    printed = str(row.values[i]).translate(_FULL)
    return (splice(src.text, [_set_cell(src, row.spans[i], printed)]),
            f"{row.cells[i]} printed in full-width digits {printed!r}", {})


def thousands(src: Source, rng: random.Random):
    """A figure of four digits or more printed with a separator; where the report has none, a
    single-figure row of table 2 (no sum binds it) is printed as a larger figure."""
    big = _value_cells(src, rng, lambda v: is_number(v) and v >= 1000)
    sep = rng.choice([",", "，"])
    if big:
        row, i = big
        value = row.values[i]
    else:
        singles = [(r, 0) for r in src.rows if len(r.cells) == 1 and r.cells[0].startswith("active_disclosure")]
        if not singles:
            return None
        row, i = rng.choice(singles)
        value = rng.randrange(1000, 99999)
    printed = f"{value:,}".replace(",", sep)
    return (splice(src.text, [_set_cell(src, row.spans[i], printed)]),
            f"{row.cells[i]} printed as {printed!r} (was {row.values[i]!r})", {row.cells[i]: (value, UNREAD)})


def _labelled(src: Source, rng: random.Random, longer_than: int = 2) -> Row | None:
    rows = [r for r in src.rows if r.label_span and r.label_span[1] - r.label_span[0] > longer_than]
    return rng.choice(rows) if rows else None


def label_space(src: Source, rng: random.Random):
    row = _labelled(src, rng)
    if row is None:
        return None
    at = rng.randrange(row.label_span[0] + 1, row.label_span[1])
    space = rng.choice([" ", "\xa0", "\u3000", "  "])
    if src.fmt == "html" and space == "\xa0":
        space = rng.choice(["\xa0", "&nbsp;"])
    return splice(src.text, [(at, at, space)]), f"{space!r} inside the label of {row.cells[0]}", {}


def label_break(src: Source, rng: random.Random):
    row = _labelled(src, rng)
    if row is None:
        return None
    at = rng.randrange(row.label_span[0] + 1, row.label_span[1])
    brk = "<br/>" if src.fmt == "html" else rng.choice(["\n", "\r\n"])
    return splice(src.text, [(at, at, brk)]), f"a line break inside the label of {row.cells[0]}", {}


_REWORDINGS = (("其他", "其它"), ("的", ""), ("（", "("), ("）", ")"), ("“", "\""), ("”", "\""), ("、", "，"))


def label_reword(src: Source, rng: random.Random):
    """One slight rewording, everywhere inside the tables: 其他 → 其它, a dropped 的, half-width
    brackets or quotes, a comma for 、."""
    old, new = rng.choice(_REWORDINGS)
    edits = []
    for start, end in src.tables:
        for m in re.finditer(re.escape(old), src.text[start:end]):
            edits.append((start + m.start(), start + m.end(), new))
    if not edits:
        return None
    return splice(src.text, edits), f"{old!r} → {new!r} in the tables ({len(edits)}×)", {}


def row_delete(src: Source, rng: random.Random):
    rows = [r for r in src.rows if r.movable]
    if not rows:
        return None
    row = rng.choice(rows)
    return (splice(src.text, [(row.row_span[0], row.row_span[1], "")]), f"row of {row.cells[0]} deleted",
            {c: (UNREAD,) for c in row.cells})


def row_swap(src: Source, rng: random.Random):
    rows = [r for r in src.rows if r.movable]
    pairs = [(a, b) for a, b in zip(rows, rows[1:])
             if a.cells[0].split(".")[0] == b.cells[0].split(".")[0] and a.row_span[1] <= b.row_span[0]
             and not src.text[a.row_span[1]:b.row_span[0]].strip(" \t\r\n")]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    ta, tb = src.text[a.row_span[0]:a.row_span[1]], src.text[b.row_span[0]:b.row_span[1]]
    return (splice(src.text, [(a.row_span[0], a.row_span[1], tb), (b.row_span[0], b.row_span[1], ta)]),
            f"rows of {a.cells[0]} and {b.cells[0]} swapped", {})


def cell_merge(src: Source, rng: random.Random):
    """HTML: two neighbouring figures printed as one cell spanning both columns (colspan=2),
    holding the first's text. Neither may read as any other figure."""
    if src.fmt != "html":
        return None
    pairs = [(r, i) for r in src.rows for i in range(len(r.cells) - 1)]
    if not pairs:
        return None
    row, i = rng.choice(pairs)
    (a0, a1), (b0, b1) = row.spans[i], row.spans[i + 1]
    open_a = src.text.rfind("<td", 0, a0)
    close_b = src.text.find(">", b1) + 1
    opening = src.text[open_a:a0]
    opening = re.sub(r"\s*colspan=\"?\d+\"?", "", opening, flags=re.I)[:-1] + ' colspan="2">'
    first = row.values[i]
    return (splice(src.text, [(open_a, close_b, opening + src.text[a0:a1] + "</td>")]),
            f"{row.cells[i]} and {row.cells[i + 1]} merged into one cell printing {first!r}",
            {row.cells[i]: (first, UNREAD), row.cells[i + 1]: (first, UNREAD)})


def cell_split(src: Source, rng: random.Random):
    """HTML: a row's label cell printed as two cells (the label cut in two)."""
    if src.fmt != "html":
        return None
    rows = [r for r in src.rows if r.label_cell and r.label_span and r.label_span[1] - r.label_span[0] > 3]
    if not rows:
        return None
    row = rng.choice(rows)
    at = rng.randrange(row.label_span[0] + 1, row.label_span[1] - 1)
    cell0, cell1 = row.label_cell
    opening = src.text[cell0:src.text.find(">", cell0) + 1]
    opening = re.sub(r"\s*(rowspan|colspan)=\"?\d+\"?", "", opening, flags=re.I)
    return (splice(src.text, [(at, at, f"</td>{opening}")]), f"the label cell of {row.cells[0]} split in two", {})


def printed_otherwise(form: str):
    """A figure printed in another form of the same value: with a footnote mark (157①, 15*, 0[1],
    2（注）), a unit (5件), decimals (0.00), spaces around it, or a larger figure with a space as
    thousands separator (12 345, in a single-figure row of table 2 where no sum binds it). It
    reads as that value or is unread."""
    def perturb(src: Source, rng: random.Random):
        if form == "space_thousands":
            singles = [(r, 0) for r in src.rows if len(r.cells) == 1 and r.cells[0].startswith("active_disclosure")]
            if not singles:
                return None
            row, i = rng.choice(singles)
            value = rng.randrange(1000, 99999)
            printed = f"{value:,}".replace(",", " ")
        else:
            hit = _value_cells(src, rng, lambda v: is_number(v) and int(v) == v)
            if hit is None:
                return None
            row, i = hit
            value = row.values[i]
            printed = {
                "footnote": lambda: f"{value}{rng.choice(['①', '*', '[1]', '（注）', '⑵'])}",
                "unit": lambda: f"{value}{rng.choice(['件', '条', '个', ' 件'])}",
                "decimal": lambda: f"{value}.00",
                "padded": lambda: f"{rng.choice([' ', '  ', '&nbsp;'])}{value}{rng.choice([' ', '  ', '&nbsp;'])}",
            }[form]()
        cell = _set_cell(src, row.spans[i], printed)
        if "&nbsp;" in printed:  # markup, not text: put it in unescaped
            cell = (cell[0], cell[1], cell[2].replace("&amp;nbsp;", "&nbsp;"))
        return (splice(src.text, [cell]), f"{row.cells[i]} ({row.values[i]!r}) printed as {printed!r}",
                {row.cells[i]: (value, UNREAD)})
    return perturb


def cell_drop(src: Source, rng: random.Random):
    """HTML: a figure's cell left out of its row (the row a cell short). The cell left out is
    blank or unread; every other figure of the row reads as printed or is unread."""
    if src.fmt != "html":
        return None
    hit = _value_cells(src, rng, is_number)
    if hit is None:
        return None
    row, i = hit
    start, end = row.spans[i]
    opening, closing = src.text.rfind("<td", 0, start), src.text.find(">", end) + 1
    return (splice(src.text, [(opening, closing, "")]), f"the cell of {row.cells[i]} ({row.values[i]!r}) left out",
            {row.cells[i]: (None, UNREAD)})


def cell_extra(src: Source, rng: random.Random):
    """HTML: an empty cell after a row's last figure."""
    if src.fmt != "html" or not src.rows:
        return None
    row = rng.choice(src.rows)
    at = src.text.find(">", row.spans[-1][1]) + 1
    return splice(src.text, [(at, at, "<td></td>")]), f"an empty cell after {row.cells[-1]}", {}


_FURNITURE = ("第 2 页 共 5 页", "- 3 -", "— 2 —", "2", "政府信息公开工作年度报告　第4页", "3/7")


def page_furniture(src: Source, rng: random.Random):
    """A page header or footer line between two rows (as a page break leaves it)."""
    rows = [r for r in src.rows if r.movable]
    pairs = [(a, b) for a, b in zip(rows, rows[1:]) if a.row_span[1] <= b.row_span[0]]
    if not pairs:
        return None
    a, _ = rng.choice(pairs)
    line = rng.choice(_FURNITURE)
    insert = (f'<tr><td colspan="8">{line}</td></tr>' if src.fmt == "html" and rng.random() < 0.5
              else f"</tbody></table><p>{line}</p><table><tbody>" if src.fmt == "html" else f"\n{line}\n")
    at = a.row_span[1]
    return splice(src.text, [(at, at, insert)]), f"{line!r} after the row of {a.cells[0]}", {}


_PROSE = ("（单位：件）", "本年度共受理申请12件。", "表1", "2023年", "数据截至2023年12月31日。", "共3项")


def stray_number(src: Source, rng: random.Random):
    """A sentence with a number in the prose right before a table."""
    sentence = rng.choice(_PROSE)
    if src.fmt == "html":
        starts = [s for s, _ in src.tables]
        if not starts:
            return None
        at = rng.choice(starts)
        return splice(src.text, [(at, at, f"<p>{sentence}</p>")]), f"{sentence!r} before a table", {}
    heads = [src.text.find(label) + len(label) for label in codes.TABLE_LABELS.values() if src.text.find(label) >= 0]
    if not heads:
        return None
    at = rng.choice(heads)
    return splice(src.text, [(at, at, sentence)]), f"{sentence!r} right after a table's heading", {}


KINDS: dict[str, Callable] = {
    "dash": mark("—"),
    "slash": mark("/"),
    "none_mark": mark("无"),
    "blank": mark(""),
    "question": mark("?"),
    # what else stands in a figure's place: a full-width hyphen, a CJK "one" typed for a dash,
    # "N/A", 不详 (unknown), a doubled dash, a cross, an asterisk
    "other_mark": mark("－", "一", "N/A", "不详", "——", "×", "*"),
    "fullwidth": fullwidth_digits,
    "thousands": thousands,
    "label_space": label_space,
    "label_break": label_break,
    "label_reword": label_reword,
    "row_delete": row_delete,
    "row_swap": row_swap,
    "cell_merge": cell_merge,
    "cell_split": cell_split,
    "footnote": printed_otherwise("footnote"),
    "unit": printed_otherwise("unit"),
    "decimal": printed_otherwise("decimal"),
    "padded": printed_otherwise("padded"),
    "space_thousands": printed_otherwise("space_thousands"),
    "cell_drop": cell_drop,
    "cell_extra": cell_extra,
    "page_furniture": page_furniture,
    "stray_number": stray_number,
}


def make_case(src: Source, kind: str, sample: int) -> Case | None:
    """The ``sample``-th perturbation of ``kind`` of ``src`` (None: no target in this report)."""
    rng = random.Random(f"{src.name}/{kind}/{sample}")
    made = KINDS[kind](src, rng)
    if made is None:
        return None
    text, note, allowed = made
    return Case(f"{src.name}-{kind}-{sample}", ".html" if src.fmt == "html" else ".txt", text, note, allowed)


# ---- judging -----------------------------------------------------------------------------------

def outcome(report_json: dict, cell: str) -> Any:
    """What the parser gave for ``cell``: its value, or UNREAD."""
    table, row, col = cell.split(".")
    cols = report_json["tables"].get(table, {}).get(row, {})
    return cols[col] if col in cols else UNREAD


def same(a: Any, b: Any) -> bool:
    if a is UNREAD or b is UNREAD:
        return a is b
    if is_number(a) and is_number(b):
        return float(a) == float(b)
    return type(a) is type(b) and a == b


def judge(case: Case, truth: dict[str, Any], report_json: dict) -> tuple[list[str], int]:
    """(every cell read as something it may not be, how many truth cells are unread)."""
    bad, unread = [], 0
    for cell, value in truth.items():
        allowed = case.allowed.get(cell, (value, UNREAD))
        got = outcome(report_json, cell)
        unread += got is UNREAD
        if not any(same(got, a) for a in allowed):
            bad.append(f"{cell}: printed {value!r}, allowed {allowed!r}, got {got!r}")
        table, row, col = cell.split(".")
        missing = report_json["parsing"].get(table, {}).get("missing", [])
        if got is not UNREAD and f"{row}.{col}" in missing:
            bad.append(f"{cell}: read as {got!r} yet listed in parsing.{table}.missing")
    return bad, unread
