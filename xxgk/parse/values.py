"""Cell values: numbers, marks and blanks, and how to split digits that ran together.

Text extracted from some report pages loses every cell boundary: ``行政规范性文件8855698`` is
88 | 55 | 698. ``split_run`` lists every way to cut such a run into the cells a row has, keeping
only the cuts that satisfy the table's own arithmetic (a row's 总计 is the sum of its parts);
the caller decides what to do when more than one cut remains.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

from xxgk.model import Value

# Marks that stand in a cell instead of a figure. Kept as text: a mark is not zero.
MARKS = frozenset({"/", "\\", "—", "——", "-", "--", "–", "无", "空", "×", "x", "X", "*", "…", "——/"})

# A whole cell holding one figure, optionally signed (本年增/减), with thousands separators, a
# percent sign or a unit, and a footnote mark after it (15①, 15*, 15[1], 15(注)). Units and notes
# are stripped; 元 in a 万元 column is converted by the caller.
_NUMBER = re.compile(
    r"^(?P<sign>[+-])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|条|个|项|次|%)?"
    r"\s*(?:[\u2460-\u2487]|\*|\[\d{1,2}\]|\(注\d{0,2}\))?$"
)


# Significant digits of the longest figure read: a double (how figures are stored) holds 15 exactly,
# and no report prints more; a longer "figure" (a run of digits pasted into a cell) is unread.
MAX_DIGITS = 15


def _too_long(num: str) -> bool:
    return len(num.replace(".", "").lstrip("0")) > MAX_DIGITS


def is_too_long_figure(raw: str) -> bool:
    """Whether ``raw`` is printed as a figure with more significant digits than ``MAX_DIGITS``."""
    m = _NUMBER.match(raw.strip())
    return bool(m) and _too_long(m.group("num").replace(",", ""))


@functools.lru_cache(maxsize=8192)
def parse_value(raw: str) -> tuple[Value, str | None]:
    """A cell's value and its unit, or ``(None, None)`` when the text is not a figure at all (nor
    one of ``MAX_DIGITS`` digits or fewer).

    >>> parse_value("251000元")
    (251000, '元')
    >>> parse_value("+2")
    (2, None)
    >>> parse_value("/")
    ('/', None)
    """
    text = raw.strip()
    if text == "":
        return None, None
    if text in MARKS:
        return text, None
    m = _NUMBER.match(text)
    if not m:
        return None, None
    num = m.group("num").replace(",", "")
    if _too_long(num):
        return None, None
    value: int | float = float(num) if "." in num else int(num)
    if m.group("sign") == "-":
        value = -value
    return value, m.group("unit")


def is_value_text(raw: str) -> bool:
    return len(raw) <= 40 and parse_value(raw)[0] is not None  # (long text: not a figure, not cached)


# One part of a run: "0", a whole number without a leading zero, or a decimal; of ``MAX_DIGITS``
# digits at most.
_PART = re.compile(r"0|[1-9]\d{0,14}|(?=[\d.]{3,16}\Z)(?:0|[1-9]\d*)\.\d+")


def _parts(digits: str, start: int) -> Iterator[int]:
    """End positions of every valid part beginning at ``start``."""
    if start >= len(digits):
        return
    last = min(len(digits), start + MAX_DIGITS + 1)  # a part has at most MAX_DIGITS digits and a point
    if digits[start] == "0":
        ends = [start + 1]
        # "0.5" is a valid decimal part
        if start + 1 < len(digits) and digits[start + 1] == ".":
            ends += [e for e in range(start + 3, last + 1) if _PART.fullmatch(digits[start:e])]
        yield from ends
        return
    for end in range(start + 1, last + 1):
        if _PART.fullmatch(digits[start:end]):
            yield end


def _num(text: str) -> int | float:
    return float(text) if "." in text else int(text)


Check = Callable[[Sequence[int | float]], bool]


def split_run(
    digits: str,
    groups: Sequence[int],
    check: Check | None = None,
    limit: int = 64,
) -> list[list[int | float]]:
    """Every cut of ``digits`` into ``sum(groups)`` numbers where each group passes ``check``.

    ``groups`` lets table 4 (three blocks of five, each ending in its 总计) be split in one pass
    with pruning after each block. At most ``limit`` candidates are returned: past that the run
    is hopelessly ambiguous anyway.

    >>> split_run("713000074", [7], lambda g: sum(g[:-1]) == g[-1])
    [[71, 3, 0, 0, 0, 0, 74]]
    """
    return [[_num(p) for p in parts] for parts in split_parts(digits, groups, check, limit)[0]]


BUDGET = 5_000  # the real corpus needs at most ~200 steps per run


def split_parts(
    digits: str,
    groups: Sequence[int],
    check: Check | None = None,
    limit: int = 64,
) -> tuple[list[list[str]], bool]:
    """Like ``split_run`` but each candidate lists the digit strings of its parts.

    The second item is True when the search stopped early (``limit`` candidates found, or a
    pathological run exhausted the search budget): the run is then too ambiguous to read.
    Results for the shared checks (none, or a total) are memoised: "0000000" recurs in every
    flattened report. Callers must not modify the lists returned.
    """
    if check is None or check is total_is_sum:
        return _split_cached(digits, tuple(groups), check, limit)
    return _split(digits, groups, check, limit)


@functools.lru_cache(maxsize=4096)
def _split_cached(digits: str, groups: tuple[int, ...], check: Check | None, limit: int) -> tuple[list[list[str]], bool]:
    return _split(digits, groups, check, limit)


def _split(digits: str, groups: Sequence[int], check: Check | None, limit: int) -> tuple[list[list[str]], bool]:
    out: list[list[str]] = []
    n_groups = len(groups)
    tails = [sum(groups[i + 1 :]) for i in range(n_groups)]
    budget = [BUDGET]  # search steps: a pathological run gives up (as ambiguous) instead of hanging
    sum_last = check is total_is_sum

    def walk(pos: int, group_index: int, current: list[str], values: list[int | float], done: list[str]) -> None:
        budget[0] -= 1
        if len(out) >= limit or budget[0] < 0:
            return
        size = groups[group_index]
        if sum_last and current and len(current) < size:
            # the parts so far cannot add up to more than the digits left for the total can hold
            room = len(digits) - pos - (size - 1 - len(current)) - tails[group_index]
            if room <= 0 or sum(values) >= 10**room:
                return
        if len(current) == size:
            if check is not None and not check(values):
                return
            done = done + current
            if group_index + 1 == n_groups:
                if pos == len(digits):
                    out.append(done)
                return
            walk(pos, group_index + 1, [], [], done)
            return
        remaining_cells = size - len(current) + tails[group_index]
        if len(digits) - pos < remaining_cells:
            return
        if sum_last and len(current) == size - 1 and not any(type(v) is float for v in values):
            # the group's last cell is the sum of the others: its digits are known
            part = str(sum(values))
            if digits.startswith(part, pos) and not _too_long(part):
                walk(pos + len(part), group_index, current + [part], values + [int(part)], done)
            return
        if remaining_cells == 1:
            ends = [len(digits)] if _PART.fullmatch(digits, pos) else []  # the last cell takes the rest
        else:
            ends = _parts(digits, pos)
        for end in ends:
            part = digits[pos:end]
            walk(end, group_index, current + [part], values + [_num(part)], done)

    if digits:
        walk(0, 0, [], [], [])
    return out, len(out) >= limit or budget[0] < 0


def total_is_sum(group: Sequence[int | float]) -> bool:
    """The last figure of a group is the sum of the others (R3, R5)."""
    return abs(sum(group[:-1]) - group[-1]) < 1e-9
