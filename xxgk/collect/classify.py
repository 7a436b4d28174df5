"""Which items of a column are annual reports: the title decides, not the URL.

An annual report's title names one (政府信息公开工作年度报告, 政府信息公开年报, 年度报告); an item
that only mentions one (关于报送…的函, 图解, 解读, 工作要点落实情况, 通知) is skipped, with the
reason recorded in the manifest.
"""

from __future__ import annotations

import re

_REPORT = re.compile(r"(政府)?信息公开.{0,8}(年度报告|年报)|政务公开.{0,6}年度报告|年度报告")
# Items near a report that are not one: (pattern, reason). The first match decides.
_NOT_REPORT = (
    (re.compile(r"图解|一图读懂|图说|长图"), "a graphic explanation (图解), not the report"),
    (re.compile(r"解读"), "an explanation (解读), not the report"),
    (re.compile(r"关于报送|的函|报送.*报告"), "a letter submitting a report (关于报送…的函), not the report"),
    (re.compile(r"工作要点|落实情况"), "a work-plan progress note (工作要点落实情况), not the report"),
    (re.compile(r"通知|公告|目录|指南"), "a notice, catalogue or guide, not the report"),
)
_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")


def classify(title: str) -> tuple[bool, str]:
    """(is an annual report, reason): the reason says why an item is skipped."""
    title = " ".join((title or "").split())
    for pattern, reason in _NOT_REPORT:
        if pattern.search(title):
            return False, reason
    if _REPORT.search(title):
        return True, ""
    return False, "the title does not name an annual report (年度报告/年报)"


def report_year(title: str, list_date: str | None) -> int | None:
    """The year a report is about: the year in its title, else the year before its list date."""
    match = _YEAR.search(title or "")
    if match:
        return int(match[1])
    if list_date:
        return int(list_date[:4]) - 1
    return None
