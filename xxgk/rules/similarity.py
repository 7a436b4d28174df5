"""Prose fingerprints for R11 (内容雷同): how much of a report's own words is found in another report.

From a report's text to a set of 64-bit shingle hashes, in four steps:

1. **The prose.** For the national templates, the text before 二、主动公开政府信息情况 and from
   五、存在的主要问题 on (sections 二–四 are the three tables); for pre-2019 reports everything before
   the 统计表 (their 二–四 are prose). Headings are found as for R10 (``xxgk.rules.sections``).
2. **Fixed boilerplate out.** The title, citations of laws and documents (《…》, 国办公开办函〔2019〕
   60号), every section title and table label of the templates, punctuation and whitespace. Every run
   of digits becomes one ``0``: a copy with the year and the figures changed is still a copy.
3. **Shingles.** Every run of ``SHINGLE`` characters, hashed (a polynomial over the code points, then
   splitmix64 — stable across processes and machines, unlike Python's ``hash``).
4. **Sample.** Only hashes ≡ 0 mod ``SAMPLE_EVERY`` are kept (Broder's mod-m sample): a shingle is
   kept or dropped alike in every report, so shares measured on the samples estimate shares of the
   whole, at 1/``SAMPLE_EVERY`` of the storage (~375 rows for a report of 3,000 characters of prose).

The stock phrases every report uses (认真贯彻落实…, 进一步提高…) are taken out by their document
frequency over the database, when pairs are scored (``xxgk.rules.cross``): a hash found in ``df`` of
the ``N`` current reports of the year weighs ``ln((N+1)/df)``, so a phrase in nearly every report
weighs nearly nothing and one shared by two reports weighs most. Score of report A against B: the
**weighted containment** of A in B — the weight of A's hashes that B also has over the weight of all
of A's. Containment, not Jaccard, because a copy that adds a paragraph to last year's text is still
a copy of it, and because it reads plainly: "82 % of this report's prose is found in that report".

Why weights rather than a hard cut: on the demo corpus (3,402 reports whose prose is assembled from
a few variants per paragraph) a cut at "df > 1 % of the year's reports" removed 95 % of every
report, copies included, leaving too little to judge; weights keep every hash and let frequency
decide how much it counts.

Thresholds, from ``scripts/r11_threshold.py`` (the demo corpus, seed 2024, with 400 edited copies
the script adds; the real reports in ../shared/corpus/real). Share of pairs at or above each bar:

    previous report (one comparison per report)         ≥0.5    ≥0.6    ≥0.7    ≥0.8
      copied (demo defect copied_prose), n=99           100 %   100 %   100 %   100 %
      copy, 10 % of sentences rewritten, n=40           100 %   100 %   100 %    98 %
      copy, 20 % rewritten, n=40                        100 %   100 %    95 %    50 %
      copy, 30 % rewritten, n=40                        100 %    93 %    48 %     3 %
      copy, 50 % rewritten, n=40                         65 %    28 %     5 %     3 %
      ordinary next year, demo, n=2,411                 1.7 %   0.3 %     0 %     0 %   (max 0.82)
      ordinary next year, real (平潭 2012–2024), n=6        0       0       0       0   (max 0.14)
    another agency's report of the same year
      copy under another name, n=40                     100 %   100 %   100 %   100 %
      … 10 % rewritten, n=40                            100 %   100 %   100 %    93 %
      … 20 % rewritten, n=40                            100 %    90 %    78 %    38 %
      … 30 % rewritten, n=39                             97 %    77 %    31 %     5 %
      best match of each ordinary report, n=2,864       7.0 %   1.7 %   0.1 %     0 %   (max 0.78)

``THRESHOLD_PREVIOUS`` = 0.6 finds every copy with up to a fifth of its sentences rewritten and 93 %
at 30 %, and flags 0.3 % of ordinary next-year pairs on the demo corpus, whose prose is assembled
from a few variants per paragraph and so is far more alike from year to year than real reports
(whose ordinary pairs stay below 0.15). ``THRESHOLD_SAME_YEAR`` = 0.8 is higher because a report is
compared with every other agency of its year, so what must stay below the bar is its *best* chance
match: it does (max 0.78), while verbatim copies under another name and 93 % of 10 %-edited ones pass.

The fingerprint's parameters, tried with ``--shingle`` and ``--every``: 4-character shingles let
chance matches through (best same-year match ≥ 0.8 for 0.1 % of reports, max 0.92; ordinary next
year ≥ 0.6: 0.9 %); 8-character ones lose lightly edited same-year copies (72 % of 10 %-edited at 0.8
instead of 93 %). Keeping every hash instead of 1 in 8 lowers the best chance match (max 0.65) but
stores eight times the rows (~3,000 a report of real length); 1 in 4 gave max 0.74.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from xxgk import codes
from xxgk.model import Report
from xxgk.rules.sections import SECTION_TITLES, find_sections

SHINGLE = 6  # characters per shingle
SAMPLE_EVERY = 8  # keep 1 hash in 8
# Weighted containment at or above which a report is 内容雷同 with its agency's previous report (one
# comparison per report) and with another agency's report of its year (a comparison with each of
# them, so the bar is higher: a per-pair false alarm rate must be N times smaller).
THRESHOLD_PREVIOUS = 0.6
THRESHOLD_SAME_YEAR = 0.8
MIN_SAMPLED = 20  # fewer sampled hashes than this (≈ 160 characters of prose): too little to judge


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
    table = None if heading_2 else _TABLE_START.search(squeezed)  # the labels only where 二 has no heading
    cut = heading_2.start if heading_2 else (table.start() if table else len(squeezed))
    resume = sections.headings.get(5) or sections.headings.get(6)
    tail = squeezed[resume.start :] if resume and resume.start >= cut else ""
    return squeezed[:cut] + tail


# --- 2. static boilerplate ------------------------------------------------------------------------

_TITLE = re.compile(r"^.{0,60}?(?:工作)?年度报告")
# 《…》 and the number of a document (〔2019〕60号); the issuer before it (国办公开办函) is left to the
# document frequencies — matching it here would try every character of the text as a start.
# ``《[^》]{0,60}》|[〔\[［(（]\d{4}[〕\]］)）]第?\d+号``, written to start with one set of characters:
# re then skips to the next 《 or bracket instead of trying both alternatives at every character.
_CITATION = re.compile(r"[《〔\[［(（](?:(?<=《)[^》]{0,60}》|(?<=[〔\[［(（])\d{4}[〕\]］)）]第?\d+号)")
_DIGITS = re.compile(r"\d+")
_NOT_WORDS = re.compile(r"[^\u4e00-\u9fff0]+")
_WORDS = re.compile(r"[\u4e00-\u9fff0]+")  # what ``_NOT_WORDS`` leaves: joining its runs is faster than sub


def _template_labels() -> re.Pattern[str]:
    labels = set(SECTION_TITLES.values()) | set(codes.TABLE_LABELS.values()) | set(codes.SECTION_TITLES)
    for template in ("2019", "2021"):
        for row in (*codes.application_rows(template), *codes.active_rows(template)):
            labels.update(row.keys)
    labels.update(codes.APPLICANT_COLUMN_LABELS.values())
    labels.update(codes.ACTIVE_COLUMN_LABELS.values())
    labels.update(codes.REVIEW_BLOCK_LABELS.values())
    labels.update(codes.REVIEW_COLUMN_LABELS.values())
    words = {_NOT_WORDS.sub("", label) for label in labels if len(_NOT_WORDS.sub("", label)) >= 4}
    return _any_of(words)


def _any_of(words: set[str]) -> re.Pattern[str]:
    """A pattern for the longest of ``words`` that starts at a place, as ``"|".join(words sorted
    longest first)`` matches, but grouped by first character (``本(?:年…|…)|政(?:…)``): re then
    tries at a place only the words that start with its character, not every word in turn."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    return re.compile("|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in by_first.items()))


_LABELS = _template_labels()


def clean(prose: str) -> str:
    """Prose without title, citations, template labels, punctuation; digit runs as ``0``.

    >>> clean("某局2022年政府信息公开工作年度报告一、总体情况2022年，依据《条例》公开信息35条。")
    '一0年依据公开信息0条'
    """
    prose = _TITLE.sub("", prose, count=1)
    prose = _CITATION.sub("", prose)
    prose = _DIGITS.sub("0", prose)
    prose = "".join(_WORDS.findall(prose))
    return _LABELS.sub("", prose)


# --- 3–4. shingles and the sample -------------------------------------------------------------

_PRIME = np.uint64(1_000_003)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_SHIFT_1, _SHIFT_2, _SHIFT_3 = np.uint64(30), np.uint64(27), np.uint64(31)


def shingle_hashes(words: str, size: int = SHINGLE, every: int = 1) -> np.ndarray:
    """The distinct 64-bit hashes of every ``size``-character run of ``words`` that are ≡ 0 mod
    ``every`` (sorted, uint64)."""
    if len(words) < size:
        return np.empty(0, dtype=np.uint64)
    points = np.frombuffer(words.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    # the polynomial of each run, c₀·p^(size-1) + c₁·p^(size-2) + … + c_(size-1) (mod 2⁶⁴), in one
    # call; a few hundred hashes a report: the time goes to numpy's calls, not to arithmetic, so
    # every step after it works in place and the shifts reuse one scratch array
    h = np.correlate(points, _powers(size), "valid")
    # splitmix64: every bit of the result depends on every character, so ``h % m`` is uniform
    scratch = np.empty_like(h)
    h += _GOLDEN
    h ^= np.right_shift(h, _SHIFT_1, out=scratch)
    h *= _MIX_1
    h ^= np.right_shift(h, _SHIFT_2, out=scratch)
    h *= _MIX_2
    h ^= np.right_shift(h, _SHIFT_3, out=scratch)
    if every > 1:
        h = h[(h & np.uint64(every - 1)) == 0] if every & (every - 1) == 0 else h[h % np.uint64(every) == 0]
    return _distinct(h)


@functools.cache
def _powers(size: int) -> np.ndarray:
    """``_PRIME`` to the powers size-1 … 1, 0 (mod 2⁶⁴): the weights of a run's characters (a run
    of one character is weighed ``_PRIME``, as the hash has always done)."""
    exponents = [max(size - 1 - k, 1 if k == 0 else 0) for k in range(size)]
    powers = np.array([pow(int(_PRIME), e, 1 << 64) for e in exponents], dtype=np.uint64)
    powers.flags.writeable = False  # shared by every call
    return powers


def _distinct(h: np.ndarray) -> np.ndarray:
    """``np.unique(h)`` for a 1-d array of our own (sorted in place): the same values, without
    ``np.unique``'s fixed cost, which is most of its time on a report's few dozen hashes."""
    h.sort()
    if len(h) < 2:
        return h
    keep = np.empty(len(h), dtype=bool)
    keep[0] = True
    np.not_equal(h[1:], h[:-1], out=keep[1:])
    return h[keep]


def sample(hashes: np.ndarray, every: int = SAMPLE_EVERY) -> np.ndarray:
    if every <= 1:
        return hashes
    return hashes[hashes % np.uint64(every) == 0]


def fingerprint(text: str, template: str | None) -> np.ndarray:
    """The sampled shingle hashes of a report's prose: what ``r11_shingles`` stores for it."""
    return shingle_hashes(clean(prose_text(text, template)), SHINGLE, SAMPLE_EVERY)


def report_fingerprint(report: Report) -> np.ndarray:
    """A parsed report's R11 fingerprint (computed by the loader's workers as they parse, so that
    the end of a load stays short)."""
    return fingerprint(report.text, report.template)
