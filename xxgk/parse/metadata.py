"""Agency, year and title of a report, from its title line or, failing that, its body.

Titles come as "孟津区司法局2022年政府信息公开工作年度报告", "标题: 平潭综合实验区2022年度政府信息公开
工作年度报告", or split over two lines ("乌海市工业和信息化局" / "政府信息公开工作年度报告").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TITLE = re.compile(
    r"(?P<agency>[^\s,.:;!?\"'()\[\]]*?)\s*(?:(?P<year>(?:19|20)\d{2})\s*年度?)?\s*(?:度)?"
    r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:工作)?报告"
)
_PREFIX = re.compile(r"^(?:标题|題目|题目|名称)\s*[:]\s*")
_BODY_YEAR = [
    re.compile(r"统计期限?(?:为|是)?自?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"),
    re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?至\s*(?:19|20)\d{2}\s*年\s*12\s*月\s*31\s*日"),
    re.compile(r"((?:19|20)\d{2})\s*年度?(?:,|,)?\s*(?:全年|本年度|我[局委办区县市镇乡]|[^\d\n]{0,12}?(?:认真|坚持|深入|围绕|在))"),
]
_AGENCY_TAIL = re.compile(
    r"(?:人民政府|政府|办事处|委员会|管委会|管理委员会|办公室|办公厅|局|厅|委|办|署|院|中心|馆|站|所|实验区|新区|开发区)$"
)


# Where the body names the agency when the title does not (a page saved without its title):
# "现将X2022年度政府信息公开工作报告如下", "由X编制", "2020年,X认真贯彻…", "请联系X办公室".
_NAME = r"(?P<a>[^\s,.:;!?()\[\]<>《》\"'\d]{2,30}?)"
_BODY_AGENCY = [
    re.compile(r"现将" + _NAME + r"(?:19|20)\d{2}\s*年度?(?:政府)?信息公开"),
    re.compile(r"由" + _NAME + r"(?:负责)?(?:编制|汇总编制)"),
    re.compile(
        r"(?:^|[,.;:\n ])" + _NAME + r"(?:认真|坚持|深入|围绕|严格|积极|始终|全面|紧紧|不断|进一步|高度重视)"
    ),
    re.compile(r"联系" + _NAME + r"(?:办公室)?(?:[,.;:\n(]|$)", re.M),
]
_NOT_AGENCY = re.compile(r"^(?:我|本|各|全|该|各级|上级|市委|区委|县委)")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    warnings: tuple[str, ...] = ()


def read_metadata(text: str, max_lines: int = 12) -> Metadata:
    """Title, agency and year; each is None with a warning when the report does not say it."""
    warnings: list[str] = []
    head: list[str] = []
    for ln in text[:20_000].split("\n"):
        ln = ln.strip()
        if ln:
            head.append(_PREFIX.sub("", ln))
            if len(head) == max_lines:
                break
    title = agency = None
    year: int | None = None
    for i, line in enumerate(head):
        m = _TITLE.search(line[:200])
        if not m:
            continue
        title = m.group(0).strip()  # without a site name after it ("…年度报告_政府信息公开年报_…")
        agency = m.group("agency") or None
        if m.group("year"):
            year = int(m.group("year"))
        if not agency and i > 0 and _AGENCY_TAIL.search(head[i - 1]) and len(head[i - 1]) <= 40:
            agency = head[i - 1]
            title = f"{agency}{title}"
        if agency and not _AGENCY_TAIL.search(agency):
            # a title like "2022年政府信息公开工作年度报告" followed by the agency on the next line
            agency = None
        if not agency and i + 1 < len(head) and _AGENCY_TAIL.search(head[i + 1]) and len(head[i + 1]) <= 40:
            agency = head[i + 1]
            title = f"{agency}{title}"
        break
    if year is None:
        for pattern in _BODY_YEAR:
            m = pattern.search(text[:5000])
            if m:
                year = int(m.group(1))
                break
    if title is None:
        warnings.append("metadata: no title line found")
    if agency is None:
        agency = agency_from_body(text[:5000])
        if agency:
            warnings.append(f"metadata: agency not in a title; '{agency}' taken from the body text")
        else:
            warnings.append("metadata: agency not found in the title or the body")
    if year is None:
        warnings.append("metadata: year not found")
    return Metadata(title, agency, year, tuple(warnings))


def agency_from_body(text: str) -> str | None:
    """The agency as the body names it, or None.

    Every name the body gives is collected; the one most others are a short form of wins
    ("县审计局" and "桃江县审计局办公室" → 桃江县审计局), longer names first on a tie.
    """
    names: list[str] = []
    for pattern in _BODY_AGENCY:
        for m in pattern.finditer(text):
            name = m.group("a")
            if _NOT_AGENCY.match(name) or not _AGENCY_TAIL.search(name):
                continue
            if name.endswith("办公室") and _AGENCY_TAIL.search(name[:-3]) and len(name) > 5:
                name = name[:-3]  # "桃江县审计局办公室": the agency's own office
            names.append(name)
    if not names:
        return None
    return max(names, key=lambda n: (sum(1 for o in names if n.endswith(o)), len(n)))


# The publication date a report states: labelled anywhere (发布日期：2023-01-20, the page header of
# a site), or a line holding only a date among the last lines (the signature under the agency name).
_DIGITS = r"[0-9〇零一二三四五六七八九十]"
_DATE = (rf"(?P<y>{_DIGITS}{{4}})\s*[年\-/.]\s*(?P<m>{_DIGITS}{{1,2}})\s*[月\-/.]\s*(?P<d>{_DIGITS}{{1,3}})\s*日?")
_LABELLED_DATE = re.compile(rf"(?:发布日期|发布时间|公开日期|成文日期|印发日期)\s*[:：]?\s*{_DATE}")
_DATE_LINE = re.compile(rf"^\s*{_DATE}\s*$")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _number(text: str) -> int:
    """A number written in digits, digit by digit in Chinese (二〇二三) or with 十 (二十, 十五)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CHINESE_DIGITS.get(tens, 1) * 10 + (_CHINESE_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_CHINESE_DIGITS[c]) for c in text))


def _iso(m: re.Match[str], year: int | None) -> str | None:
    import datetime

    try:
        day = datetime.date(_number(m.group("y")), _number(m.group("m")), _number(m.group("d")))
    except (KeyError, ValueError):
        return None
    # a report on a year is published after that year ends: an earlier date is something else
    return day.isoformat() if year is None or day.year > year else None


def read_published(text: str, year: int | None = None, tail_lines: int = 8) -> str | None:
    """The publication date the report states (ISO ``YYYY-MM-DD``), or None.

    A labelled date (发布日期 / 发布时间 …) anywhere wins; else a line that is only a date among the
    last ``tail_lines`` non-empty lines. A date not after the end of ``year`` (the statistical
    period 2022年1月1日至2022年12月31日, a date in the text) is never taken.
    """
    for m in _LABELLED_DATE.finditer(text):
        if found := _iso(m, year):
            return found
    tail = [ln for ln in text[-3000:].split("\n") if ln.strip()][-tail_lines:]
    for line in reversed(tail):
        if (m := _DATE_LINE.match(line)) and (found := _iso(m, year)):
            return found
    return None
