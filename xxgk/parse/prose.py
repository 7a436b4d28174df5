"""Prose facts: figures a report states only in its prose (README, “A report, in codes”).

``extract_prose_facts(text)`` reads figures such as 上报政务信息35条，采用信息6条，采用率18% from the
report's prose, so that rules R6 (prose agrees with the tables) and R9 (stated rates agree with their
parts) can check them. A fact the report does not state is absent from the result, never 0; a
negative phrasing (未收到政府信息公开申请, 无收取信息处理费情况, 没有因…引起行政复议和行政诉讼) is a
stated 0.

Codes and the phrasings that map to them (after folding, see below):

=============================== ============================================================
info_submitted                  上报/报送/呈报/上送 [政务]信息|稿件 [共计] N 条|篇|件|份|则;
                                信息报送 N 条
info_adopted                    [被]采用/录用/采纳/刊用/选用 [信息|稿件] N 条|篇…
adoption_rate_stated_pct        采用率/采纳率/录用率/采用比例 [为|达] N %  (18.5% → 18.5)
portal_items_published          门户网站|政府网站|官网… then 公开/发布/更新… …信息 N 条|篇|则|件
                                (在政府门户网站共公开各类信息N条; 通过门户网站公开政府信息N条)
active_disclosure_total_stated  主动公开[的][各类][政府]信息[总数|数] [共] N 条|件|篇;
                                共/全年/累计 公开|公布|发布 政府信息 N 条
mailbox_replies                 …信箱…回复|答复|办理|办结 N 条|件|封; 回复|答复… 留言 N 条
special_topics                  制作/开设/设立/新增… …专题[专栏|栏目] N 个|期|项
online_interviews               在线|网上|网络|线上 访谈 N 期|次|场
requests_handled_stated         收到/受理/处理/办理/办结… 政府信息公开申请|依申请公开|信息公开件 N 件;
                                新收[政府信息公开]申请 N 件;
                                0 from 未收到/没有受理过/无 … 政府信息公开申请|依申请公开
processing_fees_yuan            处理费 [共计] N [万]元 (万元 × 10000);
                                0 from 未/无/没有/不/免 收取 … 处理费
review_stated                   行政复议[案件] N 件|起|宗; 0 from 未/没有/无 … 行政复议
litigation_stated               行政诉讼[案件] N 件|起|宗; 0 from 未/没有/无 … 行政诉讼
                                (…行政复议和行政诉讼[案件]均为N → both)
normative_docs_in_force_stated  现行有效[的][行政]规范性文件 N 件; 规范性文件…现行有效 N 件
normative_docs_issued_stated    制发/制定/出台/印发/新制作[的][行政]规范性文件 N 件
=============================== ============================================================

Which 主动公开 figure is which: a figure tied to a named website (门户网站, 政府网站, 官网) is
``portal_items_published``; any 主动公开…政府信息N条 is ``active_disclosure_total_stated`` — so
通过政府门户网站全年主动公开各类政府信息10407条 sets both, which is what that sentence says.
Where a code has several candidates: the adoption pair prefers the sentence that states the rate
(so R9 compares parts of one statement); the totals (active disclosure, portal, requests) prefer the
first figure with a totalling word (共, 全年, 全区, 累计, 总数 …) in front of it, and skip 历年累计
(cumulative since the first report); everything else takes the first figure in reading order.
Approximate figures (1000余条, 100多条) are not read: the unit must follow the number directly.
Review and litigation figures count only when the sentence or the 80 characters before it speak
of disclosure (信息公开, 依申请, 政府信息): a 司法局 report's 办理行政复议案件50件 is its own
caseload as a review body, not a disclosure dispute.

Where the prose is. Facts are read from prose only, never from a table:

* Reports on the 2019/2021 templates (recognised by labels printed only in their tables:
  本年制发件数, 本年新制作数量, 本列数据的勾稽关系, 本年新收政府信息公开申请数量 — or, in a report
  cut off inside table 2, its block label 第二十条第): everything before the heading
  二、主动公开… (the preamble plus 一、总体情况) and everything from the heading 五、…问题 (or
  六、其他需要报告) on. Sections 二–四 are the three tables in these templates, and their flattened
  text (行政规范性文件8855698) is full of numbers that a prose pattern must not see. A truncated
  report without 五 keeps only the part before 二. This is the brief's rule (一 up to 二, plus 五
  and 六) widened to the preamble, which some reports use for their summary figures.
* Older reports (before 2019) write 二、三、四 as prose — 2018年未收到有关政府信息公开申请 sits in
  三 — and end with a 政府信息公开情况统计表; everything before its header 指标名称 is prose.
* Everywhere, a line containing a tab or a pipe (| or ｜) is a table row and is skipped, unless it
  holds three or more 。 (a prose paragraph that happens to contain one).
* With no headings at all, the whole text (minus table lines) is prose.

Folding. Reports come with full-width digits (３５条), Kangxi radicals from PDF extraction and
Traditional characters from mirror sites (採用率, 資訊). The text is folded one character for one
character — NFKC for those compatibility ranges, OpenCC's single-character Traditional→Simplified
table, 资讯 → 信息 — so every offset into the folded text is an offset into the original, and the
sentence returned is the original's. Full-width punctuation is not folded (patterns accept both
forms), which lets an ordinary Simplified report skip folding entirely.

Long: most of it is the table of patterns, one per stated figure with its reading rules,
which reads best whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from xxgk.normalize import traditional_simplified
from xxgk.parse.values import MAX_DIGITS

__all__ = ["ProseFact", "extract_prose_facts"]


@dataclass(frozen=True)
class ProseFact:
    """One figure read from the prose.

    ``sentence`` is the clause between 。；！？ (or line breaks) the figure was read from, exactly as
    printed, and ``start`` its offset in the text given: ``text[start:start + len(sentence)] ==
    sentence``.
    """

    code: str
    value: float | int  # ints stay int
    sentence: str
    start: int


# --------------------------------------------------------------------------------------------
# Folding (one character → one character)

_PHRASES = {"资讯": "信息"}  # Taiwan usage; same length, so offsets survive


def _build_fold_table(wanted: set[str]) -> dict[int, str]:
    """Fold map restricted to characters whose folded form a pattern can use (``wanted``).

    Restricting keeps the "does this report need folding?" check a small character class, which
    is what lets an ordinary Simplified report skip ``str.translate`` (the full OpenCC table
    would make that check cost a millisecond).
    """
    table: dict[int, str] = {}
    # Compatibility ranges where NFKC gives one plain character: Kangxi radicals and CJK radicals
    # (PDF text: ⼀ for 一), CJK compatibility ideographs, small forms, full-width digits/letters/%.
    for lo, hi in ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0xFE50, 0xFE6F), (0xFF05, 0xFF05),
                   (0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        for cp in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if len(folded) == 1 and folded != chr(cp) and (folded in wanted or folded.isascii()):
                table[cp] = folded
    table.update({ord(trad): simp for trad, simp in traditional_simplified().items() if trad != simp and simp in wanted})
    return table


def _fold(text: str) -> str:
    """Fold for matching; same length as ``text``. Most reports need nothing and pay one scan."""
    if _NEEDS_FOLD.search(text):
        text = text.translate(_FOLD_TABLE)
    for old, new in _PHRASES.items():
        if old in text:
            text = text.replace(old, new)
    return text


# --------------------------------------------------------------------------------------------
# Where the prose is

# Labels printed only inside the 2019/2021 tables (table 2 column headers, table 3 header and row).
_TABLE_ONLY_LABELS = ("本年制发件数", "本年新制作数量", "本列数据的勾稽关系", "本年新收政府信息公开申请数量")
# Table 2's block label; prose may cite it (《条例》第二十条第（一）项), so it only counts when the
# labels above are missing — as in a report cut off inside table 2.
_TABLE_2_BLOCK = "第二十条第"
_HEADING_2_NUMBER = re.compile(r"二\s*[、.．,，]\s*$")  # what stands just before 主动公开 in the heading
_HEADING_5 = (re.compile(r"五\s*[、.．]\s*[^\n。]{0,16}?问题"), re.compile(r"六\s*[、.．]\s*其他需要报告"))
_TABLE_SEPARATORS = ("\t", "|", "｜")


def _first(folded: str, labels: tuple[str, ...]) -> int:
    # str.find on a few literals beats one alternation regex, which re tests character by character.
    return min((i for i in (folded.find(label) for label in labels) if i != -1), default=-1)


def _prose_spans(folded: str) -> list[tuple[int, int]]:
    """Half-open ranges of ``folded`` that are prose (see the module docstring)."""
    n = len(folded)
    table = _first(folded, _TABLE_ONLY_LABELS)
    block = folded.find(_TABLE_2_BLOCK, 0, table if table != -1 else n)
    if table == -1 and block == -1:  # no 2019/2021 tables: an older report, or prose only
        stats = folded.find("指标名称")
        return [(0, stats if stats != -1 else n)]
    limit = table if table != -1 else block
    cut = min(i for i in (table, block) if i != -1)
    heading = folded.rfind("主动公开", 0, limit)
    while heading != -1:  # the last 二、主动公开 before the tables; an earlier one may be a contents list
        if _HEADING_2_NUMBER.search(folded, max(0, heading - 6), heading):
            cut = folded.rfind("二", 0, heading)
            break
        heading = folded.rfind("主动公开", 0, heading)
    resumes = [m.start() for m in (p.search(folded, limit) for p in _HEADING_5) if m]
    spans = [(0, cut)]
    if resumes:
        spans.append((min(resumes), n))
    return spans


def _blank(length: int) -> str:
    # Newlines at both ends are sentence delimiters, so no sentence and no pattern gap crosses the
    # blanked stretch; NULs inside match no pattern.
    return "\n" * length if length < 3 else "\n" + "\0" * (length - 2) + "\n"


def _is_table_line(line: str) -> bool:
    # A line with three or more 。 is a prose paragraph that happens to carry a stray pipe or tab
    # (or a report printed as one single line).
    return any(sep in line for sep in _TABLE_SEPARATORS) and line.count("。") < 3


def _prose_only(folded: str) -> tuple[str, list[tuple[int, int]]]:
    """The prose spans of ``folded`` joined by line breaks, table lines inside them blanked, and
    for each span (offset in the joined prose, offset in ``folded``) to map positions back.

    Scanning only the prose (not a blanked copy of the whole text) halves the work on a report
    whose tables are as long as its prose.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    joined = 0
    for lo, hi in _prose_spans(folded):
        part = folded[lo:hi]
        if any(sep in part for sep in _TABLE_SEPARATORS):
            part = "\n".join(_blank(len(line)) if _is_table_line(line) else line for line in part.split("\n"))
        parts.append(part)
        offsets.append((joined, lo))
        joined += len(part) + 1
    return "\n".join(parts), offsets


# --------------------------------------------------------------------------------------------
# Patterns
#
# Speed: Python's re finds a pattern that starts with a literal with a fast substring search, but
# tests every character against a pattern that starts with an alternation (上报|报送|…) — about
# seven times slower, times two dozen patterns. So each rule is split in two: ``pattern`` starts at
# a literal anchor (usually the noun: 信息, 专题, 行政复议) and reads forward to the number; the
# optional ``before`` must match the words in front of the anchor (the verb: 上报, 制作 …), ending
# exactly at it, and runs only where ``pattern`` matched.

_NUM = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|[一二两三四五六七八九]?十[一二三四五六七八九]?|[零〇一二两三四五六七八九])"
)
# Words allowed between a label and its number: 共计、累计、总数为、达 …
_FILL = r"(?:共计|累计|合计|总计|总数|数量|共有|共|计|数)?(?:为|达到|达|约|有)?\s*[:：]?\s*"
# A short stretch inside one clause: no digits, no sentence or clause punctuation.
_GAP = r"[^\d。；;，,！!？?\n\r]"
# As _GAP but may cross commas (a website named before the clause that gives its figure).
_WIDE_GAP = r"[^\d。；;！!？?\n\r]"
# Negations must govern the noun directly: no commas or enumeration commas in between.
_NEG_GAP = r"[^\d。；;，,、！!？?\n\r]"
# 未 and 无 also begin words that negate nothing here (未来, 无论, 无需 …).
_NEG = r"(?:未曾|未(?!来|能|按)|没有|暂无|无(?!论|需|须|法|关|效|正当|偿))"

_U_INFO = r"(?:条|篇|件|份|则)"
_U_CASE = r"(?:件|起|宗|个|次|例)"
_U_DOC = r"(?:件|个|份|部|篇)"

_SUBMIT_VERB = rf"(?:上报|报送|呈报|上送)(?:了)?{_GAP}{{0,10}}?"
_REQUEST_VERB = rf"(?:收到|受理|处理|办理|接收|接到|办结|答复|新收)(?:了|并办理|并答复|并处理|和办理|及办理)?{_GAP}{{0,10}}?"
# What may stand right before 申请 in the name of a request: 政府信息公开申请, 依申请公开, 公开申请.
_REQUEST_QUALIFIER = r"(?:信息公开(?:的)?|依|公开)"

_DISCLOSURE_CONTEXT = re.compile(r"信息公开|依申请|政府信息|公开申请")
_TOTAL_MARK = re.compile(r"共|全年|全区|全县|全市|全镇|全乡|全局|全委|累计|合计|总计|总数|全部")
_BEFORE_WINDOW = 48  # characters a ``before`` pattern may reach back (the longest is the portal's)


# Codes whose candidates prefer a figure introduced by a totalling word.
_PREFER_TOTAL = frozenset({"active_disclosure_total_stated", "portal_items_published", "requests_handled_stated"})


@dataclass(frozen=True)
class _Rule:
    codes: tuple[str, ...]
    pattern: re.Pattern[str]  # starts with a literal anchor; group "num" holds the figure
    before: re.Pattern[str] | None = None  # must match up to the anchor; ends with $
    zero: bool = False  # a negative phrasing: the stated value is 0
    needs_context: bool = False  # review/litigation: only in a disclosure context
    skip_cumulative: bool = False  # skip 历年累计 figures
    anchor: str = ""  # the literal every match starts with; a report without it cannot match
    self_sufficient: bool = False  # a match whose group "self" matched needs no `before` (信息报送35条)
    prefer_total: bool = False  # see _PREFER_TOTAL


def _rule(codes: str, pattern: str, before: str | None = None, **flags: bool) -> _Rule:
    anchor = re.match(r"[^\\()\[\]?*+{}|.^$]+", pattern).group()
    compiled = re.compile(pattern)
    return _Rule(tuple(codes.split()), compiled, re.compile(before + "$") if before else None, anchor=anchor,
                 self_sufficient="self" in compiled.groupindex,
                 prefer_total=any(code in _PREFER_TOTAL for code in codes.split()), **flags)


_RULES: tuple[_Rule, ...] = (
    # 上报政务信息35条 · 全年共报送信息12篇 · 报送各类信息N条; 全年信息报送35条 needs no verb in front
    _rule("info_submitted", rf"信息(?P<self>(?:报送|上报)(?:量|数量|数)?)?{_FILL}{_NUM}\s*{_U_INFO}", _SUBMIT_VERB),
    _rule("info_submitted", rf"稿(?:件)?{_FILL}{_NUM}\s*{_U_INFO}", _SUBMIT_VERB),
    # 采用信息6条 · 被采用45条 · 录用3篇 · 被市政府办公室采用2条 · 采纳2条
    _rule("info_adopted", rf"用(?:了)?(?:政务)?(?:信息|稿件|稿)?{_FILL}{_NUM}\s*{_U_INFO}", r"[采录刊选]"),
    _rule("info_adopted", rf"采纳(?:了)?(?:政务)?(?:信息|稿件|稿)?{_FILL}{_NUM}\s*{_U_INFO}"),
    # 采用率18% · 采纳率为37.5％ · 采用比例18%
    _rule("adoption_rate_stated_pct",
          r"率(?:为|达到|达|是|约|高达)?\s*[:：]?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]", r"(?:采用|采纳|录用)"),
    _rule("adoption_rate_stated_pct",
          r"比(?:例|率)(?:为|达到|达|是|约|高达)?\s*[:：]?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]", r"采用"),
    # 在政府门户网站共公开各类信息0条 · 通过“中国平潭网”门户网站公开政府信息3636条
    _rule("portal_items_published", rf"信息{_GAP}{{0,6}}?{_NUM}\s*(?:条|篇|则|件)",
          rf"(?:门户网站|政府网站|门户网|官方网站|官网|部门网站|局网站){_WIDE_GAP}{{0,20}}?"
          rf"(?:公开|发布|更新|上传|刊登|刊载|推送|发)(?:了)?{_GAP}{{0,10}}?",
          skip_cumulative=True),
    # 2022年全区共主动公开政府信息14571条 · 主动公开政府信息数209条次
    _rule("active_disclosure_total_stated",
          rf"主动公开(?:了)?(?:的)?(?:各类|各项|相关)?(?:政府)?信息(?:总数|数量|数)?{_FILL}{_NUM}\s*(?:条|件|篇)",
          skip_cumulative=True),
    # 我区政府信息公开单位共公布政府信息2599条
    _rule("active_disclosure_total_stated", rf"政府信息{_FILL}{_NUM}\s*条",
          r"(?:共|全年|累计)(?:主动)?(?:公开|公布|发布)(?:了)?(?:各类)?", skip_cumulative=True),
    # 领导信箱办理回复0条
    _rule("mailbox_replies",
          rf"信箱{_GAP}{{0,12}}?(?:回复|答复|办理|办结)(?:回复|答复|办结)?{_GAP}{{0,6}}?{_NUM}\s*(?:条|件|封|个|次)"),
    # 回复网民留言N条
    _rule("mailbox_replies", rf"留言{_GAP}{{0,4}}?{_NUM}\s*(?:条|件|个|次)",
          rf"(?:回复|答复|办理|办结)(?:了)?{_GAP}{{0,6}}?"),
    # 制作政务专题0个 · 开设专题专栏5个
    _rule("special_topics", rf"专题(?:专栏|栏目|页面|网页)?{_FILL}{_NUM}\s*(?:个|期|项)",
          rf"(?:制作|开设|开辟|设立|新增|新建|推出|建设|上线|打造)(?:了)?{_GAP}{{0,8}}?"),
    # 领导在线访谈0期 · 开展“平潭大家谈”系列在线访谈12期
    _rule("online_interviews", rf"访谈(?:活动|节目|直播)?{_FILL}{_NUM}\s*(?:期|次|场)", r"(?:在线|网上|网络|线上)"),
    # 共收到政府信息公开申请75件 · 收到依申请公开0件 · 受理依申请公开申请3件
    _rule("requests_handled_stated",
          rf"申请(?:公开(?:的)?(?:申请|件|事项)?)?(?:件|数量|数)?{_FILL}{_NUM}\s*(?:件|个|条|份|次|宗|起)",
          rf"(?:{_REQUEST_VERB}{_REQUEST_QUALIFIER}|新收)", skip_cumulative=True),
    # 处理信息公开件0件
    _rule("requests_handled_stated", rf"公开件{_FILL}{_NUM}\s*(?:件|个|条|份|次|宗|起)",
          _REQUEST_VERB + "信息", skip_cumulative=True),
    # 未收到有关政府信息公开申请 · 没有受理过政府信息依申请公开 · 无政府信息公开申请
    _rule("requests_handled_stated", r"申请",
          rf"{_NEG}(?:(?:收到|受理|接到|接收|发生|办理)(?:过|到|任何)?{_NEG_GAP}{{0,10}}?|(?:任何)?(?:政府)?)"
          + _REQUEST_QUALIFIER, zero=True),
    # 收取信息处理费120元 · 信息处理费共计0.5万元
    _rule("processing_fees_yuan", rf"处理费(?:用)?(?:收取|收入)?(?:金额|总额)?{_FILL}{_NUM}\s*(?P<wan>万)?\s*元"),
    # 无收取信息处理费情况 · 未收取信息处理费
    _rule("processing_fees_yuan", r"处理费",
          rf"(?:{_NEG}|不|免|免于)(?:收取|收缴|产生|发生|涉及)(?:过|任何)?{_NEG_GAP}{{0,8}}?", zero=True),
    # 行政复议和行政诉讼案件均为0件
    _rule("review_stated litigation_stated",
          rf"行政复议(?:[和、及与或]|以及)(?:提起)?行政诉讼(?:的)?(?:案件)?(?:数量|数)?(?:均为|均是|都是|都为|均|各)"
          rf"\s*{_NUM}", needs_context=True),
    # 行政复议案件2件 · 因政府信息依申请公开引起行政复议0件
    _rule("review_stated",
          rf"行政复议(?:的)?(?:案件|申请)?(?:数量|数)?(?:均为)?{_FILL}{_NUM}\s*{_U_CASE}", needs_context=True),
    # 行政诉讼案件1件
    _rule("litigation_stated",
          rf"行政诉讼(?:的)?(?:案件|申请)?(?:数量|数)?(?:均为)?{_FILL}{_NUM}\s*{_U_CASE}", needs_context=True),
    # 没有因政府信息公开工作处理不当而引起行政复议和行政诉讼 · 未收到…行政复议申请
    _rule("review_stated", r"行政复议", rf"{_NEG}{_NEG_GAP}{{0,30}}?", zero=True, needs_context=True),
    # 未收到有关政府信息公开行政复议、提起行政诉讼的申请: the negation governs both nouns of the
    # enumeration, so here (only) 、 may stand between them
    _rule("litigation_stated", r"行政诉讼",
          rf"{_NEG}{_NEG_GAP}{{0,30}}?(?:行政复议[、和及与或]{_NEG_GAP}{{0,4}}?)?", zero=True, needs_context=True),
    # 现行有效行政规范性文件698件
    _rule("normative_docs_in_force_stated", rf"现行有效(?:的)?(?:行政)?规范性文件{_FILL}{_NUM}\s*{_U_DOC}"),
    # 行政规范性文件…现行有效393件
    _rule("normative_docs_in_force_stated",
          rf"规范性文件{_GAP}{{0,6}}?现行有效(?:的)?(?:件数|数量|数)?{_FILL}{_NUM}\s*{_U_DOC}"),
    # 本年度制发的规范性文件88件 · 制发行政规范性文件62件
    _rule("normative_docs_issued_stated", rf"规范性文件{_FILL}{_NUM}\s*{_U_DOC}",
          r"(?:新制发|制发|新制定|制定|出台|印发|新制作|制作)(?:并公开|并发布)?(?:的|了)?(?:行政)?"),
)

# Codes read, when possible, from the sentence that states the adoption rate.
_RATE_PARTS = ("info_submitted", "info_adopted")

_DELIMITERS = "。；;！!？?\n\r"
_DELIMITER = re.compile(f"[{_DELIMITERS}]")
_LAST_OTHER_DELIMITER = re.compile(r"(?s:.*)[；;！!？?\r]")

_WANTED = {
    ch
    for source in (
        *(rule.pattern.pattern for rule in _RULES),
        *(rule.before.pattern for rule in _RULES if rule.before),
        *_TABLE_ONLY_LABELS, _TABLE_2_BLOCK, "主动公开", "指标名称", _HEADING_2_NUMBER.pattern,
        *(p.pattern for p in _HEADING_5), _DISCLOSURE_CONTEXT.pattern, _TOTAL_MARK.pattern,
        _DELIMITERS, "历年", *_PHRASES,
    )
    for ch in source
    if not ch.isascii()
}
_FOLD_TABLE = _build_fold_table(_WANTED)
_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD_TABLE)) + "]")


# --------------------------------------------------------------------------------------------
# Values

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def _parse_number(raw: str) -> int | float:
    """'1,234' → 1234, '18.5' → 18.5, '二十三' → 23 (Chinese numerals 0–99)."""
    if raw[0].isdigit():
        raw = raw.replace(",", "")
        return float(raw) if "." in raw else int(raw)
    if "十" not in raw:
        return _CN_DIGITS[raw]
    tens, _, units = raw.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _wan_to_yuan(value: int | float) -> int | float:
    # Decimal avoids 0.07 × 10000 = 700.0000000000001; whole yuan come back as int.
    yuan = Decimal(str(value)) * 10000
    return int(yuan) if yuan == yuan.to_integral_value() else float(yuan)


# --------------------------------------------------------------------------------------------
# Extraction

class _Hit(NamedTuple):
    position: int  # where the phrase starts; reading order
    value: int | float
    sentence_start: int
    sentence_end: int
    totalled: bool


def _clause(prose: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause around prose[start:end], whitespace trimmed."""
    # 。 and line breaks are nearly all the delimiters, and str.(r)find locates them at memchr speed;
    # the rarer ；！？ are then looked for only inside the stretch those leave.
    s = max(prose.rfind("。", 0, start), prose.rfind("\n", 0, start)) + 1
    other = _LAST_OTHER_DELIMITER.match(prose, s, start)
    if other:
        s = other.end()
    e = len(prose)
    for stop in ("。", "\n"):
        i = prose.find(stop, end, e)
        if i != -1:
            e = i
    other = _DELIMITER.search(prose, end, e)
    if other:
        e = other.start()
    while s < e and prose[s].isspace():
        s += 1
    while e > s and prose[e - 1].isspace():
        e -= 1
    return s, e


def _scan(prose: str) -> dict[str, list[_Hit]]:
    hits: dict[str, list[_Hit]] = {}
    present: dict[str, bool] = {}
    for rule in _RULES:
        found = present.get(rule.anchor)
        if found is None:
            found = present[rule.anchor] = rule.anchor in prose
        if not found:
            continue
        for m in rule.pattern.finditer(prose):
            start = m.start()
            if rule.before is not None and not (rule.self_sufficient and m.group("self")):
                # `before` ends with $, and $ matches at endpos: the words must end at the anchor.
                b = rule.before.search(prose, max(0, start - _BEFORE_WINDOW), start)
                if b is None:
                    continue
                start = b.start()
            s, e = _clause(prose, start, m.end())
            totalled = False
            if rule.skip_cumulative or rule.prefer_total:
                lead = prose[max(s, start - 12):start]
                if rule.skip_cumulative and "历年" in lead:
                    continue
                totalled = bool(_TOTAL_MARK.search(lead) or _TOTAL_MARK.search(prose, start, m.end()))
            if rule.needs_context and not (
                _DISCLOSURE_CONTEXT.search(prose, s, e) or _DISCLOSURE_CONTEXT.search(prose, max(0, s - 80), s)
            ):
                continue
            if rule.zero:
                value: int | float = 0
            else:
                if sum(c.isdigit() for c in m.group("num")) > MAX_DIGITS:
                    continue  # digits pasted together, no figure (nor one a double holds exactly)
                value = _parse_number(m.group("num"))
                if "wan" in rule.pattern.groupindex and m.group("wan"):
                    value = _wan_to_yuan(value)
            hit = _Hit(start, value, s, e, totalled)
            for code in rule.codes:
                hits.setdefault(code, []).append(hit)
    return hits


def extract_prose_facts(text: str) -> dict[str, ProseFact]:
    """Figures stated in the prose. A fact the report does not state is absent (not 0).

    >>> facts = extract_prose_facts("一、总体情况\\n2022年上报政务信息35条，采用信息6条，采用率18%。")
    >>> facts["info_submitted"].value, facts["info_adopted"].value, facts["adoption_rate_stated_pct"].value
    (35, 6, 18)
    >>> facts["info_adopted"].sentence
    '2022年上报政务信息35条，采用信息6条，采用率18%'
    >>> "review_stated" in facts
    False
    """
    if not text:
        return {}
    prose, offsets = _prose_only(_fold(text))
    hits = _scan(prose)

    facts: dict[str, ProseFact] = {}
    rate_hits = hits.get("adoption_rate_stated_pct")
    rate_sentence = min(rate_hits, key=lambda h: h.position).sentence_start if rate_hits else None
    for code, candidates in hits.items():
        pool = candidates
        if code in _RATE_PARTS and rate_sentence is not None:
            pool = [h for h in candidates if h.sentence_start == rate_sentence] or candidates
        elif code in _PREFER_TOTAL:
            pool = [h for h in candidates if h.totalled] or candidates
        best = min(pool, key=lambda h: h.position)
        joined, original = max(o for o in offsets if o[0] <= best.sentence_start)
        start = best.sentence_start - joined + original
        facts[code] = ProseFact(code, best.value, text[start:start + best.sentence_end - best.sentence_start], start)
    return facts
