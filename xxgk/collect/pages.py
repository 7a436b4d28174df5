"""Reading the pages of a disclosure column: decoding (UTF-8, GBK), the items and next pages of a
list page, and the title, publication date and attachments of a report page.

Three list styles are common: TRS lists (``<dl><dd><a href="./202301/t20230109_1.htm">…</a>
<span>2023-01-09</span></dd>``, paged by ``createPageHTML(n, i, "index", "htm")`` or ``index_1.htm``
links), ``<ul><li>`` lists with ``index_1.html`` pages and dates in ``<span>``, and lists whose items
link straight to PDF or Word files. An item is a link whose row carries a date, or that points to an
article (``t20230109_…``) or a document; its title is the link's ``title`` attribute or text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".rtf", ".ofd")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff")
ATTACHMENT_SUFFIXES = DOCUMENT_SUFFIXES + IMAGE_SUFFIXES

_DATE = re.compile(r"(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ARTICLE = re.compile(r"/t(20\d\d)(\d\d)(\d\d)_\d+")
_NEXT_TEXT = {"下一页", "下页", "后页", "下一頁", "next", ">", "»", "›"}
_PAGE_LINK = re.compile(r"(?:^|/)(index|default|list)_\d+\.s?html?$", re.I)
_TRS_PAGER = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]")
_SCRIPTED = re.compile(r"\$\.(?:ajax|get|post|getJSON)|XMLHttpRequest|fetch\(|axios|\.load\(", re.I)
_META_DATES = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "releasedate")
_DATE_LINE = re.compile(r"(发布日期|发布时间|发文日期|公开日期)\s*[:：]?\s*" + _DATE.pattern)
_ROW_TAGS = {"li", "dd", "dt", "tr", "p"}


@dataclass
class ListItem:
    url: str
    title: str
    list_date: str | None


@dataclass
class ListPage:
    items: list[ListItem] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    scripted: bool = False  # no items, and a script seems to fill the list


@dataclass
class PageInfo:
    title: str
    published_at: str | None
    published_from: str | None
    attachments: list[tuple[str, str]]  # (url, link text)
    looks_like_report: bool  # the page itself carries the report's text (not only a link to it)


def decode_html(content: bytes, content_type_header: str = "") -> str:
    """The text of an HTML page: the charset of the header, else of a <meta>, else UTF-8 if it
    decodes, else GB18030 (a superset of GBK and GB2312)."""
    names = []
    header = re.search(r"charset=([\w-]+)", content_type_header or "", re.I)
    if header:
        names.append(header.group(1))
    meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", content[:4096], re.I)
    if meta:
        names.append(meta.group(1).decode("ascii", "replace"))
    names += ["utf-8", "gb18030"]
    for name in names:
        name = "gb18030" if name.lower() in ("gbk", "gb2312", "gb_2312-80") else name
        try:
            return content.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("gb18030", "replace")


def _tree(text: str):
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses an encoding declaration in a str
    return lxml.html.fromstring(text or "<html></html>")


def _matched_date(match: re.Match[str] | None) -> str | None:
    """The ISO date of a match whose groups 1–3 are year, month and day; None for no match or no
    such day (2023-02-30)."""
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def iso_date(text: str | None) -> str | None:
    return _matched_date(_DATE.search(text or ""))


def path_date(url: str) -> str | None:
    """The date of a TRS article path: …/t20230109_123.htm → 2023-01-09."""
    return _matched_date(_ARTICLE.search(urlsplit(url).path))


def clean_url(base: str, href: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    split = urlsplit(urljoin(base, href))
    if split.scheme not in ("http", "https"):
        return None
    return urlunsplit((split.scheme, split.netloc, split.path or "/", split.query, ""))


def is_document(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES)


def _title(a) -> str:
    return " ".join((a.get("title") or a.text_content() or "").split())


def _row(a):
    node = a.getparent()
    while node is not None and node.tag not in _ROW_TAGS:
        if node.tag in ("ul", "ol", "dl", "table", "body"):
            return a.getparent()
        node = node.getparent()
    return node if node is not None else a.getparent()


def parse_list(text: str, url: str) -> ListPage:
    """The items and next pages of a list page."""
    tree = _tree(text)
    page = ListPage()
    seen: set[str] = set()
    pages_seen: set[str] = set()  # a pager may name 100,000 pages: no list scans
    for a in tree.iter("a"):
        target = clean_url(url, a.get("href"))
        if target is None or target == url:
            continue
        title = _title(a)
        label = " ".join(a.text_content().split()).lower()
        if label in _NEXT_TEXT or _PAGE_LINK.search(urlsplit(target).path):
            if target not in pages_seen:
                pages_seen.add(target)
                page.next_pages.append(target)
            continue
        row = _row(a)
        row_date = iso_date(row.text_content()) if row is not None else None
        if len(title) < 6 or not (row_date or _ARTICLE.search(urlsplit(target).path) or is_document(target)):
            continue
        if target in seen:
            continue
        seen.add(target)
        page.items.append(ListItem(target, title, row_date))
    for script in tree.iter("script"):
        body = script.text or ""
        pager = _TRS_PAGER.search(body)
        if pager:
            count, current, stem, ext = int(pager[1]), int(pager[2]), pager[3], pager[4]
            for n in range(current + 1, count):
                target = urljoin(url, f"{stem}_{n}.{ext}")
                if target not in pages_seen:
                    pages_seen.add(target)
                    page.next_pages.append(target)
        if not page.items and (_SCRIPTED.search(body) or script.get("src", "").lower().endswith(("list.js", "page.js"))):
            page.scripted = True
    return page


def page_info(text: str, url: str, list_date: str | None = None) -> PageInfo:
    """The title, publication date (and where it came from) and attachments of a report page."""
    tree = _tree(text)
    heads = [" ".join(h.text_content().split()) for h in tree.iter("h1", "h2", "title")]
    title = next((h for h in heads if h), "")
    published, source = None, None
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in _META_DATES and iso_date(meta.get("content")):
            published, source = iso_date(meta.get("content")), f"meta {meta.get('name') or meta.get('property')}"
            break
    body_text = " ".join((tree.find("body") if tree.find("body") is not None else tree).text_content().split())
    if published is None:
        line = _DATE_LINE.search(body_text)
        if line:
            published, source = iso_date(line.group(0)), f"page line {line.group(1)}"
    if published is None and list_date:
        published, source = list_date, "list date"
    if published is None and path_date(url):
        published, source = path_date(url), "URL path"
    attachments: list[tuple[str, str]] = []
    here = urlsplit(url).path.rsplit("/", 1)[0] + "/"
    for element in tree.iter("a", "img"):
        target = clean_url(url, element.get("href") if element.tag == "a" else element.get("src"))
        if target is None:
            continue
        path = urlsplit(target).path.lower()
        linked = element.tag == "a" and path.endswith(ATTACHMENT_SUFFIXES)
        inline = element.tag == "img" and path.endswith(IMAGE_SUFFIXES) and urlsplit(target).path.startswith(here)
        if (linked or inline) and target not in [t for t, _ in attachments]:
            attachments.append((target, _title(element) if element.tag == "a" else ""))
    return PageInfo(title, published, source, attachments, looks_like_report(body_text))


_REPORT_MARKS = ("收到和处理政府信息公开申请情况", "主动公开政府信息情况", "政府信息公开行政复议", "行政复议、行政诉讼情况")


def looks_like_report(text: str) -> bool:
    """Whether a page's text is a report itself (its tables' headings are there)."""
    return sum(mark in text for mark in _REPORT_MARKS) >= 2

