"""Prose fingerprints for R11 (内容雷同): what of a report's own words is found in another report.

From a report's text to a set of 64-bit shingle hashes, in four steps:

1. **The prose.** For the national templates, the text before 二、主动公开政府信息情况 and from
   五、存在的主要问题 on (sections 二–四 are the three tables); for pre-2019 reports, everything before
   the 统计表 (their 二–四 are prose). Headings are found as in R10 (``xxgk.rules.sections``).
2. **Static boilerplate out.** The title line, citations of laws and documents (《…》, 国办公开办函〔2019〕
   60号), every section title and table label the template prints, punctuation and whitespace. Every run
   of digits becomes one ``0``: a copy with the year and the figures changed is still a copy.
3. **Shingles.** Every run of ``SHINGLE`` characters, hashed (a polynomial over the code points,
   then splitmix64 — stable across processes and machines, unlike Python's ``hash``).
4. **Sample.** Only hashes ≡ 0 mod ``SAMPLE_EVERY`` are kept (Broder's mod-m sample): the same
   shingle is kept or dropped in every report, so the share of a report's sample found in another
   report's sample estimates the share of its shingles found there, at 1/``SAMPLE_EVERY`` the storage.

What stays common to many reports after step 2 — stock phrases (认真贯彻落实…, 进一步提高…) — is removed
at comparison time by document frequency, over the database (``xxgk.rules.cross``): a hash found in
more than ``boilerplate_cap(n)`` of the year's ``n`` reports is not evidence that two of them copied.

The score of report A against report B is the **containment** of A in B: of A's sampled hashes that
are not boilerplate, the share that B also has. Containment, not Jaccard, because a copy that adds a
paragraph to last year's text is still a copy of it, and because it says something a reader can
check: "82 % of this report's prose is found in that report".

Method and threshold — figures from ``scripts/r11_threshold.py`` (demo corpus of 3,402 reports,
seed 2024, plus the real reports in ../shared/corpus/real; see the script for how each pair is made):

    THRESHOLD_FIGURES
"""

from __future__ import annotations

import re

import numpy as np

from xxgk import codes
from xxgk.rules.sections import SECTION_TITLES, find_sections

SHINGLE = 6  # characters per shingle
SAMPLE_EVERY = 8  # keep 1 hash in 8
THRESHOLD = 0.5  # containment at or above which a pair is 内容雷同
MIN_SAMPLED = 20  # fewer non-boilerplate sampled hashes than this (≈ 160 characters): too little to judge
BOILERPLATE_MIN_REPORTS = 10  # a hash in ≤ this many reports of a year is never boilerplate …
BOILERPLATE_SHARE = 0.01  # … nor in ≤ 1 % of them


def boilerplate_cap(reports_in_year: int) -> int:
    """A hash found in more reports of the year than this is boilerplate."""
    return max(BOILERPLATE_MIN_REPORTS, int(BOILERPLATE_SHARE * reports_in_year))


# --- 1. the prose -------------------------------------------------------------------------------

# Labels printed only inside the 2019/2021 tables: where the tables start when 二 has no heading.
_TABLE_START = re.compile("本列数据的勾稽关系|第二十条第|信息内容本年|本年新收政府信息公开申请")


def prose_text(text: str, template: str | None) -> str:
    """The report's own words, whitespace removed: sections 一, 五, 六 (all prose before 2019)."""
    sections = find_sections(text)
    squeezed = sections.squeezed
    if template == "pre2019":
        end = squeezed.find("指标名称")
        return squeezed[: end if end != -1 else len(squeezed)]
    if template not in ("2019", "2021"):
        return squeezed
    heading_2 = sections.headings.get(2)
    table = _TABLE_START.search(squeezed)
    cut = heading_2.start if heading_2 else (table.start() if table else len(squeezed))
    resume = sections.headings.get(5) or sections.headings.get(6)
    tail = squeezed[resume.start :] if resume and resume.start >= cut else ""
    return squeezed[:cut] + tail


# --- 2. static boilerplate ------------------------------------------------------------------------

_TITLE = re.compile(r"^.{0,60}?(?:工作)?年度报告")
_CITATION = re.compile(r"《[^》]{0,60}》|[\u4e00-\u9fff]{0,12}[〔\[［(（]\d{4}[〕\]］)）]第?\d+号")
_DIGITS = re.compile(r"\d+")
_NOT_WORDS = re.compile(r"[^\u4e00-\u9fff0]+")


def _template_labels() -> re.Pattern[str]:
    labels = set(SECTION_TITLES.values()) | set(codes.TABLE_LABELS.values()) | set(codes.SECTION_TITLES)
    for template in ("2019", "2021"):
        for row in (*codes.application_rows(template), *codes.active_rows(template)):
            labels.update(row.keys)
    labels.update(codes.APPLICANT_COLUMN_LABELS.values())
    labels.update(codes.ACTIVE_COLUMN_LABELS.values())
    labels.update(codes.REVIEW_BLOCK_LABELS.values())
    labels.update(codes.REVIEW_COLUMN_LABELS.values())
    words = sorted({_NOT_WORDS.sub("", label) for label in labels if len(_NOT_WORDS.sub("", label)) >= 4}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


_LABELS = _template_labels()


def clean(prose: str) -> str:
    """Prose without title, citations, template labels, punctuation; digit runs as ``0``.

    >>> clean("某局2022年政府信息公开工作年度报告一、总体情况2022年，依据《条例》公开信息35条。")
    '一0年依据公开信息0条'
    """
    prose = _TITLE.sub("", prose, count=1)
    prose = _CITATION.sub("", prose)
    prose = _DIGITS.sub("0", prose)
    prose = _NOT_WORDS.sub("", prose)
    return _LABELS.sub("", prose)


# --- 3–4. shingles and the sample -------------------------------------------------------------

_PRIME = np.uint64(1_000_003)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


def shingle_hashes(words: str, size: int = SHINGLE) -> np.ndarray:
    """The distinct 64-bit hashes of every ``size``-character run of ``words`` (sorted, uint64)."""
    if len(words) < size:
        return np.empty(0, dtype=np.uint64)
    points = np.frombuffer(words.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(points) - size + 1
    h = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            h = h * _PRIME + points[offset : offset + count]
        # splitmix64: every bit of the result depends on every character, so ``h % m`` is uniform
        h = h + _GOLDEN
        h = (h ^ (h >> np.uint64(30))) * _MIX_1
        h = (h ^ (h >> np.uint64(27))) * _MIX_2
        h = h ^ (h >> np.uint64(31))
    return np.unique(h)


def sample(hashes: np.ndarray, every: int = SAMPLE_EVERY) -> np.ndarray:
    if every <= 1:
        return hashes
    return hashes[hashes % np.uint64(every) == 0]


def fingerprint(text: str, template: str | None) -> np.ndarray:
    """The sampled shingle hashes of a report's prose: what ``r11_shingles`` stores for it."""
    return sample(shingle_hashes(clean(prose_text(text, template))))


def containment(a: np.ndarray, b: np.ndarray, boilerplate: np.ndarray | None = None) -> float | None:
    """Share of ``a`` (minus boilerplate) found in ``b``; None when ``a`` has too little to judge.

    The database computes the same in SQL; this is for scripts and tests.
    """
    if boilerplate is not None and len(boilerplate):
        a = a[~np.isin(a, boilerplate)]
    if len(a) < MIN_SAMPLED:
        return None
    return float(np.isin(a, b).sum()) / len(a)
