"""Where each of the three tables is in a report's text: between its section heading and the next.

The parser never relies on line positions or counts. Each table (二、主动公开 …, 三、收到和处理 …,
四、行政复议、行政诉讼 …) is looked for between its section heading, matched whatever spaces a page put
between its characters, and the next heading (or 五、存在的主要问题, which ends the last one).
``find_regions`` gives each table's ``Region``; the readers of the rows (``row_tables``,
``review_table``, ``pre2019``) take the text inside it.

Layer: parse (the shared base: ``xxgk.codes``; and ``xxgk.parse.tokens``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from xxgk import codes
from xxgk.parse.tokens import Token


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


@dataclass
class Region:
    table: str
    start: int
    end: int


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


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _end_token(text: str, region: Region, tokens: Sequence[Token]) -> Token | None:
    """The last token, when the whole text stops inside this region (a page saved cut short)."""
    if region.end < len(text.rstrip()) or not tokens:
        return None
    return tokens[-1]
