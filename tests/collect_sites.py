"""Local disclosure columns for the collector tests, served on 127.0.0.1 by a real ``http.server``.

Built from the demo corpus in three styles seen on real sites:

* ``/trs/zfxxgknb/`` — a TRS list (``<dl><dd>``, ``./YYYYMM/tYYYYMMDD_N.htm``, paged by
  ``createPageHTML``), in GBK, report pages with a ``PubDate`` meta tag;
* ``/ul/nb/`` — a ``<ul><li>`` list with dates in ``<span>``, ``index_1.html`` pages and a 下一页
  link, in UTF-8, report pages with a 发布时间 line; plus a broken link, a slow page, a redirect loop,
  a redirect to a login page and a last page that repeats the one before (a pagination loop);
* ``/att/`` — a table whose items link straight to .docx files, with an HTML page served as a PDF,
  a file over the size limit, a truncated download, a link to another site and a redirect to one;

and ``/js/`` — a list only a script fills. Non-report items (图解, 关于报送…的函, 工作要点落实情况)
are mixed in. ``robots.txt`` forbids ``/private/``.
"""

from __future__ import annotations

import dataclasses
import html
import io
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx

from xxgk_demo import iter_reports

OFF_SITE = "http://other-site.invalid"  # a site not named on the command line (.invalid never resolves)
SLOW_SECONDS = 3.0  # the slow page answers after this; the tests set a shorter client timeout
FAST = dict(delay=0.0, timeout=1.0, retries=2, backoff=0.01, max_bytes=200_000)  # collector Options for these sites


@dataclass
class Expected:
    """What the site holds, for the tests to compare against."""

    reports: dict[str, dict] = field(default_factory=dict)  # url path → agency, kind, year, published
    skipped_titles: list[str] = field(default_factory=list)
    failing: dict[str, str] = field(default_factory=dict)  # url path → a word the reason contains
    changing: str = ""  # the url path of the page the test changes between runs
    same_report: str = ""  # an attachment that is the same report as its page (not loaded again)


def _unsigned(report):
    """The report without the date it is signed with: the sites here say the date, or not, themselves."""
    day = report.record["published_at"]
    if day is None:
        return report
    y, m, d = (int(part) for part in day.split("-"))
    return dataclasses.replace(report, text=report.text.replace(f"{y}年{m}月{d}日", ""))


def _demo(count: int = 400, seed: int = 5):
    html_pages, texts, govs = [], [], []
    for report in iter_reports(seed, count):
        if report.path is None:
            continue
        report = _unsigned(report)
        rec = report.record
        if rec["kind"] == "government" and rec["layout"] == "html":
            govs.append(report)
        elif rec["kind"] == "department" and rec["layout"] == "html":
            html_pages.append(report)
        elif rec["kind"] == "department" and rec["layout"] in ("tsv", "cells"):
            texts.append(report)
    return html_pages, texts, govs


def _report_page(report, head_extra: str = "", date_line: str = "", attachment: str = "") -> str:
    text = report.text
    if date_line:
        text = text.replace('<div class="WordSection1">', f'<div class="info">{date_line}</div><div class="WordSection1">', 1)
    if head_extra:
        text = text.replace("</head>", head_extra + "</head>", 1)
    if attachment:
        text = text.replace("</body>", attachment + "</body>", 1)
    return text


def _title(report) -> str:
    return report.record["agency"] + f"{report.record['year']}年政府信息公开工作年度报告"


def _docx(report) -> bytes:
    document = docx.Document()
    for line in report.text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write(root: Path, rel: str, data: str | bytes, encoding: str = "utf-8") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def build_site(root: Path) -> Expected:
    """Write the site's files under ``root``; return what a collection should find."""
    pages, texts, govs = _demo()
    expected = Expected()
    _write(root, "robots.txt", "User-agent: *\nDisallow: /private/\n")

    # -- TRS style, GBK ----------------------------------------------------------------------
    trs_items = []
    # (report, published): the government on time (by 31 March), one department late (after 31 January)
    chosen = [(govs[0], "03-20"), (pages[0], "01-15"), (pages[1], "03-15"), (pages[2], "01-28")]
    for n, (report, md) in enumerate(chosen, start=1):
        year = report.record["year"]
        ymd = f"{year + 1}{md.replace('-', '')}"
        rel = f"trs/zfxxgknb/{ymd[:6]}/t{ymd}_{n}.htm"
        published = f"{year + 1}-{md}"
        # The government's page carries its report and attaches the same report as a .docx: one report.
        attachment = f'<p>附件：<a href="./P0{ymd}_{n}.docx">{_title(report)}.docx</a></p>' if n == 1 else ""
        if attachment:
            _write(root, f"trs/zfxxgknb/{ymd[:6]}/P0{ymd}_{n}.docx", _docx(report))
            expected.same_report = f"/trs/zfxxgknb/{ymd[:6]}/P0{ymd}_{n}.docx"
        page = _report_page(report, head_extra=f'<meta name="PubDate" content="{published} 09:30">', attachment=attachment)
        page = page.replace('charset="utf-8"', 'charset="gbk"')
        _write(root, rel, page, "gbk")
        trs_items.append((f"./{ymd[:6]}/t{ymd}_{n}.htm", _title(report), published))
        expected.reports["/" + rel] = dict(agency=report.record["agency"], kind=report.record["kind"], year=year,
                                           published=published, source="meta PubDate")
    expected.changing = "/" + f"trs/zfxxgknb/{trs_items[1][0][2:]}"
    for n, title in enumerate(("2022年政府信息公开工作年度报告图解", "关于报送2022年度政府信息公开工作年度报告的函"), start=98):
        trs_items.append((f"./202302/t20230201_{n}.htm", title, "2023-02-01"))
        expected.skipped_titles.append(title)
        _write(root, f"trs/zfxxgknb/202302/t20230201_{n}.htm", "<html><body>图解</body></html>")

    def trs_list(items, page_no, pages_count):
        rows = "".join(f'<dd><a href="{h}" title="{html.escape(t)}" target="_blank">{html.escape(t[:12])}…</a>'
                       f"<span>{d}</span></dd>" for h, t, d in items)
        return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>政府信息公开年报</title></head>'
                f'<body><div class="nav"><a href="/">首页</a></div><dl class="list">{rows}</dl>'
                f'<script>var countPage = {pages_count};createPageHTML({pages_count}, {page_no}, "index", "htm");</script></body></html>')

    _write(root, "trs/zfxxgknb/index.htm", trs_list(trs_items[:3], 0, 2), "gbk")
    _write(root, "trs/zfxxgknb/index_1.htm", trs_list(trs_items[3:], 1, 2), "gbk")

    # -- ul/li style, UTF-8 ------------------------------------------------------------------
    ul_items = []
    for n, report in enumerate(pages[3:5], start=1):
        year = report.record["year"]
        published = f"{year + 1}-02-1{n}"
        rel = f"ul/nb/content_{n}.html"
        _write(root, rel, _report_page(report, date_line=f"发布时间：{published} 10:00 来源：本站"))
        ul_items.append((f"content_{n}.html", _title(report), published))
        expected.reports["/" + rel] = dict(agency=report.record["agency"], kind=report.record["kind"], year=year,
                                           published=published, source="page line 发布时间")
    # A page that only links to its report (a .docx): the attachment is the report.
    report = texts[0]
    year = report.record["year"]
    _write(root, "ul/nb/content_3.html",
           f'<html><head><meta charset="utf-8"><title>{_title(report)}</title></head><body><h1>{_title(report)}</h1>'
           f'<p>发布日期：{year + 1}-01-10</p><p>附件：<a href="files/report_{year}.docx">{_title(report)}.docx</a></p></body></html>')
    _write(root, f"ul/nb/files/report_{year}.docx", _docx(report))
    ul_items.append(("content_3.html", _title(report), f"{year + 1}-01-10"))
    expected.reports[f"/ul/nb/files/report_{year}.docx"] = dict(agency=report.record["agency"], kind="department",
                                                                year=year, published=f"{year + 1}-01-10",
                                                                source="page line 发布日期")
    # A page that answers 503 twice before it answers (retried with backoff), and a moved page (301).
    for report, path, served in ((pages[5], "/flaky/report.html", "flaky/report.html"),
                                 (pages[6], "moved_old.html", "ul/nb/moved_new.html")):
        year = report.record["year"]
        published = f"{year + 1}-01-0{len(ul_items)}"
        _write(root, served, _report_page(report, date_line=f"发布日期：{published}"))
        ul_items.append((path, _title(report), published))
        key = path if path.startswith("/") else "/ul/nb/" + path
        expected.reports[key] = dict(agency=report.record["agency"], kind=report.record["kind"], year=year,
                                     published=published, source="page line 发布日期")
    title = "2023年政务公开工作要点落实情况"
    ul_items.append(("content_9.html", title, "2023-06-01"))
    expected.skipped_titles.append(title)
    for path, title, word in (("missing.html", "某某局2021年政府信息公开工作年度报告", "404"),
                              ("/slow/report.html", "某某局2020年政府信息公开工作年度报告", "timed out"),
                              ("/loop/a.html", "某某局2019年政府信息公开工作年度报告", "redirect loop"),
                              ("/auth/report.html", "某某局2018年政府信息公开工作年度报告", "login"),
                              ("/private/report.html", "某某局2017年政府信息公开工作年度报告", "robots")):
        ul_items.append((path, title, "2022-01-05"))
        expected.failing["/ul/nb/" + path if not path.startswith("/") else path] = word

    def ul_list(items, next_href):
        rows = "".join(f'<li><a href="{h}">{html.escape(t)}</a><span class="date">{d}</span></li>' for h, t, d in items)
        nxt = f'<a href="{next_href}">下一页</a>' if next_href else ""
        return (f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul class="nav"><li><a href="/">首页</a></li></ul>'
                f'<ul class="list">{rows}</ul><div class="page">{nxt}<a href="index.html">首页</a></div></body></html>')

    _write(root, "ul/nb/index.html", ul_list(ul_items[:4], "index_1.html"))
    _write(root, "ul/nb/index_1.html", ul_list(ul_items[4:], "index_2.html"))
    _write(root, "ul/nb/index_2.html", ul_list(ul_items[4:], "index_3.html"))  # repeats page 1: a loop
    expected.failing["/ul/nb/index_2.html"] = "pagination loop"

    # -- straight to attachments -----------------------------------------------------------------
    rows = []
    for n, report in enumerate(texts[1:3], start=1):
        year = report.record["year"]
        published = f"{year + 1}-01-2{n}"
        rel = f"att/files/P0{year + 1}012{n}.docx"
        _write(root, rel, _docx(report))
        rows.append((rel.removeprefix("att/"), _title(report), published))
        expected.reports["/" + rel] = dict(agency=report.record["agency"], kind="department", year=year,
                                           published=published, source="list date")
    report = texts[3]  # a row without a date: the date cannot be known (R12 无法核对)
    _write(root, "att/files/nodate.docx", _docx(report))
    rows.append(("files/nodate.docx", _title(report), ""))
    expected.reports["/att/files/nodate.docx"] = dict(agency=report.record["agency"], kind="department",
                                                     year=report.record["year"], published=None, source=None)
    _write(root, "att/files/fake.pdf", "<html><body><h1>500 服务器错误</h1></body></html>")
    rows.append(("files/fake.pdf", "某某局2021年政府信息公开工作年度报告（PDF）", "2022-01-20"))
    expected.failing["/att/files/fake.pdf"] = "HTML page was served"
    _write(root, "att/files/big.pdf", b"%PDF-1.4\n" + b"0" * 300_000)
    rows.append(("files/big.pdf", "某某局2020年政府信息公开工作年度报告（扫描件）", "2021-01-20"))
    expected.failing["/att/files/big.pdf"] = "size limit"
    rows.append(("/cut/report.docx", "某某局2019年政府信息公开工作年度报告（DOCX）", "2020-01-20"))
    expected.failing["/cut/report.docx"] = "truncated"
    # another site: never asked for, whether linked from the list or reached by a redirect
    rows.append((OFF_SITE + "/zfxxgknb/report.docx", "另一网站2021年政府信息公开工作年度报告", "2022-01-20"))
    expected.failing[OFF_SITE + "/zfxxgknb/report.docx"] = "leaves the sites"
    rows.append(("/away/report.html", "某某局2016年政府信息公开工作年度报告", "2017-01-20"))
    expected.failing["/away/report.html"] = "leaves the sites"
    table = "".join(f'<tr><td><a href="{h}">{html.escape(t)}</a></td><td>{d}</td></tr>' for h, t, d in rows)
    _write(root, "att/list.html", f'<html><head><meta charset="utf-8"></head><body><table>{table}</table></body></html>')

    # -- a list only a script fills ------------------------------------------------------------------
    _write(root, "js/index.html", '<html><head><meta charset="utf-8"></head><body><ul id="list"></ul>'
           '<script>$.ajax({url: "/api/list", success: function(d){ fill(d); }});</script></body></html>')
    expected.failing["/js/index.html"] = "script"
    _write(root, "about.html", '<html><head><meta charset="utf-8"><title>关于本站</title></head><body><p>本站介绍。</p>'
           '<a href="/">首页</a></body></html>')
    expected.failing["/about.html"] = "not a list page"
    return expected


class Handler(SimpleHTTPRequestHandler):
    """Static files, plus the misbehaving pages: slow, a redirect loop, a login redirect, a cut body."""

    def log_message(self, format, *args):  # noqa: A002 - the tests need no access log
        pass

    def do_GET(self):  # noqa: N802
        self.server.requests.append((self.path, self.headers.get("User-Agent", ""), self.headers.get("If-Modified-Since")))
        if self.path.startswith("/flaky/"):
            self.server.flaky += 1
            if self.server.flaky <= 2:
                return self._send(503, b"<html><body>busy</body></html>")
        if self.path == "/ul/nb/moved_old.html":
            return self._send(301, b"", {"Location": "/ul/nb/moved_new.html"})
        if self.path.startswith("/slow/"):
            time.sleep(SLOW_SECONDS)
            return self._send(200, b"<html><body>late</body></html>")
        if self.path.startswith("/loop/"):
            other = "/loop/b.html" if self.path.endswith("a.html") else "/loop/a.html"
            return self._send(302, b"", {"Location": other})
        if self.path.startswith("/away/"):
            return self._send(302, b"", {"Location": OFF_SITE + "/report.html"})
        if self.path.startswith("/auth/"):
            return self._send(302, b"", {"Location": "/login.jsp?return=/auth/report.html"})
        if self.path.startswith("/cut/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"PK\x03\x04" + b"x" * 100)
            self.wfile.flush()
            self.close_connection = True
            return
        return super().do_GET()

    def _send(self, status, body, headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.expected = build_site(root)
        handler = lambda *a, **k: Handler(*a, directory=str(root), **k)  # noqa: E731
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.requests = []
        self.server.flaky = 0
        self.server.handle_error = lambda request, address: None  # a client that stops reading (size limit)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    @property
    def columns(self) -> list[str]:
        return [self.base + p for p in ("/trs/zfxxgknb/index.htm", "/ul/nb/index.html", "/att/list.html", "/js/index.html", "/about.html")]

    def change(self, path: str) -> None:
        """Change a page's content, its modification time a minute later."""
        file = self.root / path.lstrip("/")
        file.write_bytes(file.read_bytes().replace("一、总体情况".encode("gbk"), "一、总体情况（修订）".encode("gbk"), 1))
        stamp = file.stat().st_mtime + 60
        os.utime(file, (stamp, stamp))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def collected(root: Path, change: bool = False) -> Site:
    """Serve a site from ``root/site`` and collect it into ``root/out`` (with ``change``, change a
    page and collect again, as a second run finds it); the site is stopped, its ``expected`` kept."""
    from xxgk.collect import Options, collect

    site = Site(root / "site")
    try:
        collect(site.columns, root / "out", Options(**FAST))
        if change:
            site.change(site.expected.changing)
            collect(site.columns, root / "out", Options(**FAST))
    finally:
        site.close()
    return site
