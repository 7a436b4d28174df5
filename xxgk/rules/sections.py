"""Where a report's six sections begin (一、总体情况 · 二、主动公开政府信息情况 · 三、收到和处理政府信息公开申请情况 ·
四、政府信息公开行政复议、行政诉讼情况 · 五、存在的主要问题及改进情况 · 六、其他需要报告的事项), for R10 and for
cutting out the prose (R11).

Headings are found in the text with its whitespace removed, so a heading typed 一、 总 体 情 况 or a
report saved as one long line (the tables' cells run together after the headings) reads the same.
A heading is a Chinese numeral, a separator (、 . ．，) and the section's title, with up to twelve
characters between them (五、政府信息公开工作存在的主要问题及改进情况). Titles vary between reports,
so each section accepts the variants seen in real reports; the expected numeral is tried first and
any numeral second (a report that added a section numbers the later ones differently).

Table rows that look like headings (三、本年度办理结果, 四、结转下年度继续办理) carry no section title,
so they never match.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass

from xxgk.normalize import normalize

_NUMERALS = "一二三四五六七"
_SEPARATOR = r"\s*[、,，.．]\s*"
_FILLER = r"[^。；;，,:：]{0,12}?"

# (number, canonical title, title pattern). Pre-2019 reports use older titles for 1, 3, 4, 5.
SECTIONS: tuple[tuple[int, str, str], ...] = (
    (1, "总体情况", r"总体情况|总体概况|基本情况|概述"),
    (2, "主动公开政府信息情况", r"主动公开政府信息(?:的)?(?:工作)?情况|主动公开(?:工作)?情况"),
    (
        3,
        "收到和处理政府信息公开申请情况",
        r"收到和处理政府信息公开申请(?:的)?情况|(?:收到|受理)(?:和|及)?(?:处理|办理)[^。]{0,8}申请[^。]{0,2}情况"
        r"|依申请公开[^。]{0,8}情况",
    ),
    (4, "政府信息公开行政复议、行政诉讼情况", r"行政(?:法)?复议[^。]{0,10}行政诉讼[^。]{0,3}情况"),
    (
        5,
        "存在的主要问题及改进情况",
        r"(?:存在的)?(?:主要)?(?:问题|不足)(?:及|和|与|以及)(?:改进|整改|下一步)(?:情况|措施|方向|计划|工作)?",
    ),
    (6, "其他需要报告的事项", r"其他需要报告(?:的)?事项"),
)

# Where a heading may start: a numeral and a separator. Titles are then matched at these few
# places only, which is ten times faster than searching the text for each title.
_NUMBERED = re.compile("[" + _NUMERALS + "]" + _SEPARATOR)
_TITLES = {number: re.compile(_FILLER + "(?:" + title + ")") for number, _, title in SECTIONS}


@dataclass(frozen=True)
class Heading:
    number: int
    start: int  # offset of the numeral in the squeezed text
    end: int  # offset just after the title


@dataclass(frozen=True)
class Sections:
    """The headings found, in a text without whitespace (``squeezed``)."""

    squeezed: str
    headings: dict[int, Heading]

    def content(self, number: int) -> str | None:
        """The text of section ``number`` after its heading, up to the next heading found."""
        heading = self.headings.get(number)
        if heading is None:
            return None
        later = [h.start for h in self.headings.values() if h.start > heading.start]
        return self.squeezed[heading.end : min(later, default=len(self.squeezed))]


@functools.lru_cache(maxsize=1)  # R10 and the R11 fingerprint ask for the same text one after the other
def find_sections(text: str) -> Sections:
    """The section headings of a report.

    >>> sorted(find_sections("一、总体情况\\n正文\\n五、存在的主要问题及改进情况\\n无").headings)
    [1, 5]
    """
    return _find_sections(text)


def _find_sections(text: str) -> Sections:
    squeezed = "".join(text.split())
    found = _find(squeezed)
    if len(found.headings) < len(SECTIONS):
        # Traditional characters, full-width punctuation, PDF radicals: fold and look again. Only
        # reports that lack a heading pay for the fold.
        folded = _find("".join(normalize(text).split()))
        if len(folded.headings) > len(found.headings):
            return folded
    return found


def _find(squeezed: str) -> Sections:
    candidates = [(m.start(), m.end(), _NUMERALS.index(m.group()[0]) + 1) for m in _NUMBERED.finditer(squeezed)]
    headings: dict[int, Heading] = {}
    for number, title in _TITLES.items():
        # the first place with the expected numeral where the title follows; else the first with any
        # numeral (the expected ones are tried first: most headings are found without the others)
        heading = _first_title(squeezed, title, number, (c for c in candidates if c[2] == number))
        heading = heading or _first_title(squeezed, title, number, (c for c in candidates if c[2] != number))
        if heading:
            headings[number] = heading
    return Sections(squeezed, headings)


def _first_title(squeezed: str, title: re.Pattern[str], number: int, candidates) -> Heading | None:
    for start, end, _ in candidates:
        match = title.match(squeezed, end)
        if match:
            return Heading(number, start, match.end())
    return None


SECTION_TITLES = {number: title for number, title, _ in SECTIONS}
