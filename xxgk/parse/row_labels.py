"""Which template row a label names (``match_row``), and a table's tokens grouped as label and figures.

Every row of a table is found by its label (``xxgk.codes``), wherever it stands: the key must end
the label, so a header such as 法人或其他组织 is not the row 其他, and a parenthesised remark is
dropped first. The figures that follow a label are its row's (``_groups``).

Memo caches are ``functools`` caches of pure functions of hashable values (row sets by name, text
by its string): a parse writes no module state.

Layer: parse (the shared base: ``xxgk.codes``, ``xxgk.normalize``; and ``xxgk.parse.tokens``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence

from xxgk import codes
from xxgk.codes import Row
from xxgk.normalize import squeeze
from xxgk.parse.tokens import TEXT, Token


_REMARK = re.compile(r"\([^()]*\)")


_BLOCK_ROWS = tuple(
    Row(block, label, (label,) + extra, codes.REVIEW_COLUMNS)
    for block, label, extra in (
        ("review", "行政复议", ()),
        ("litigation_direct", "未经复议直接起诉", ("直接起诉",)),
        ("litigation_after_review", "复议后起诉", ()),
    )
)


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


_ROW_SETS = _template_row_sets()


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
