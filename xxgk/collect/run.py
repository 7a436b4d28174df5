"""A collection run: walk the columns named, open every annual report, save it and its attachments
under the output folder (mirroring host and path) and record each item in the manifest.

A rerun asks only for what changed (``If-None-Match`` / ``If-Modified-Since`` from the manifest); a
report whose bytes changed under the same URL is saved beside the old one as a new version
(``t20230109_1.v2.htm``), recorded with reason 发布后有变动, and the old file stays.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from xxgk.collect import manifest as manifest_mod
from xxgk.collect.classify import classify, report_year
from xxgk.collect.fetch import Fetched, Fetcher, Options, host_of
from xxgk.collect.pages import ListItem, decode_html, is_document, looks_like_report, page_info, parse_list, path_date
from xxgk.vocabulary import RULE_NAMES

CHANGED = RULE_NAMES["R13"]  # the reason a new version is recorded with: rule R13's words
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK",),
    ".xlsx": (b"PK",),
    ".doc": (b"\xd0\xcf\x11\xe0", b"{\\rtf", b"PK"),
    ".xls": (b"\xd0\xcf\x11\xe0", b"PK"),
    ".wps": (b"\xd0\xcf\x11\xe0", b"PK"),
    ".rtf": (b"{\\rtf",),
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".png": (b"\x89PNG",),
    ".gif": (b"GIF8",),
}
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml|<meta|<title)", re.I)
_SAFE = re.compile(r"[^\w.\-()\u4e00-\u9fff]+")


@dataclass
class Summary:
    outcomes: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    list_pages: int = 0
    items: int = 0
    bytes: int = 0
    seconds: float = 0.0
    settings: str = ""

    def lines(self) -> list[str]:
        rate = self.bytes / self.seconds / 1024 if self.seconds > 0 else 0.0
        counts = ", ".join(f"{name} {self.outcomes.get(name, 0)}" for name in manifest_mod.OUTCOMES)
        return (
            [f"settings: {self.settings}",
             f"list pages {self.list_pages}, items {self.items}, {self.bytes:,} bytes in {self.seconds:.1f} s ({rate:,.1f} KB/s)",
             f"outcomes: {counts}"]
            + [f"failed: {url}: {reason}" for url, reason in self.failures]
        )


def local_path(url: str, version: int = 1) -> str:
    """Where a URL is saved, relative to the output folder: host/path, a folder URL as index.html,
    a query folded into the name; version 2 and later as name.vN.ext."""
    split = urlsplit(url)
    host = (split.hostname or "unknown") + (f"_{split.port}" if split.port else "")
    parts = [p for p in unquote(split.path).split("/") if p not in ("", ".", "..")]
    if not parts or split.path.endswith("/"):
        parts.append("index.html")
    parts = [_SAFE.sub("_", p)[:120] or "_" for p in parts]
    name = PurePosixPath(parts[-1])
    stem, suffix = name.stem, name.suffix
    if split.query:
        stem += "_" + hashlib.sha1(split.query.encode()).hexdigest()[:10]
    if not suffix:
        suffix = ".html"
    if version > 1:
        stem += f".v{version}"
    parts[-1] = stem + suffix
    return "/".join([_SAFE.sub("_", host)] + parts)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _is_html(got: Fetched) -> bool:
    return "html" in got.content_type or bool(_HTML_START.match(got.content[:512]))


def content_problem(url: str, got: Fetched) -> str | None:
    """Why a body is not what its URL promises (an HTML error page served as a PDF), or None."""
    suffix = PurePosixPath(urlsplit(url).path.lower()).suffix
    magic = _MAGIC.get(suffix)
    if magic is None:
        if is_document(url) and _is_html(got):
            return f"an HTML page was served for a {suffix} file"
        return None
    if got.content.startswith(magic):
        return None
    if _is_html(got):
        return f"an HTML page was served for a {suffix} file (an error or login page)"
    return f"not a {suffix} file (its first bytes do not match)"


class Run:
    def __init__(self, out: Path, options: Options, hosts: set[str], since: int | None, max_pages: int,
                 progress: Callable[["Summary"], None] | None = None, log: Callable[[str], None] | None = None) -> None:
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.manifest = manifest_mod.Manifest(self.out)
        self.fetcher = Fetcher(options, hosts, log)
        self.since = since
        self.max_pages = max_pages
        self.summary = Summary(settings=options.describe())
        self.progress = progress or (lambda summary: None)
        self.done: set[str] = set()  # item and attachment URLs handled in this run
        self.started = time.monotonic()

    # -- records -------------------------------------------------------------------------------
    def record(self, **fields: Any) -> dict[str, Any]:
        fields.setdefault("fetched_at", _now())
        self.manifest.append(fields)
        outcome = fields["outcome"]
        self.summary.outcomes[outcome] += 1
        if outcome == "failed":
            self.summary.failures.append((fields["url"], fields.get("reason") or ""))
        self.summary.bytes = self.fetcher.bytes
        self.summary.seconds = time.monotonic() - self.started
        self.progress(self.summary)
        return fields

    def _fail(self, url: str, reason: str, got: Fetched | None = None, **fields: Any) -> dict[str, Any]:
        return self.record(url=url, outcome="failed", reason=reason, status=got.status if got else None,
                           content_type=got.content_type if got else None, **fields)

    # -- columns -------------------------------------------------------------------------------
    def start(self, url: str) -> None:
        if is_document(url):
            self.item(ListItem(url, "", None), None, force=True)
            return
        got = self.fetcher.get(url)
        if got.error:
            self._fail(url, got.error, got, kind="list")
            return
        text = decode_html(got.content, got.headers.get("content-type", ""))
        listing = parse_list(text, got.final_url or url)
        title = page_info(text, url).title
        if path_date(url) or looks_like_report(text) or not listing.items and classify(title)[0]:
            self.item(ListItem(url, title, None), None, force=True)  # a report page named on its own
            return
        self.walk(url, got, text)

    def walk(self, first: str, got: Fetched, text: str) -> None:
        queue, visited, seen_items = [first], {first}, set()
        while queue:
            url = queue.pop(0)
            if self.summary.list_pages >= self.max_pages:
                self._fail(url, f"pagination stopped: more than --max-pages {self.max_pages} list pages", kind="list")
                return
            self.summary.list_pages += 1  # asked for, answered or not: a pager naming endless missing pages stops too
            if url != first:
                got = self.fetcher.get(url)
                if got.error:
                    self._fail(url, got.error, got, kind="list")
                    continue
                text = decode_html(got.content, got.headers.get("content-type", ""))
            listing = parse_list(text, got.final_url or url)
            if not listing.items:
                reason = ("the list is filled by a script; no items in the page as served: " + url if listing.scripted
                          else "not a list page: no items with a date or report link found")
                self._fail(url, reason, got, kind="list")
                continue
            fresh = [i for i in listing.items if i.url not in seen_items]
            if not fresh:
                self._fail(url, "pagination loop: this list page repeats earlier items; not followed further", got, kind="list")
                continue
            for item in fresh:
                seen_items.add(item.url)
                self.item(item, url)
            for page in listing.next_pages:
                if page not in visited:
                    visited.add(page)
                    queue.append(page)

    # -- items ---------------------------------------------------------------------------------
    def item(self, item: ListItem, list_url: str | None, force: bool = False) -> None:
        if item.url in self.done:
            return
        self.done.add(item.url)
        self.summary.items += 1
        base = dict(url=item.url, list_url=list_url, title=item.title, list_date=item.list_date, kind="page")
        if not force:
            is_report, reason = classify(item.title)
            if not is_report:
                self.record(**base, outcome="skipped", reason=reason)
                return
            year = report_year(item.title, item.list_date)
            if self.since and year and year < self.since:
                self.record(**base, outcome="skipped", reason=f"a report for {year}, before --since {self.since}")
                return
        page = self.fetch_and_save(base)
        if page is None or page.get("kind") != "page" or not page.get("html"):
            return
        for url, text in page.pop("attachments"):
            if url in self.done:
                continue
            self.done.add(url)
            self.fetch_and_save(dict(url=url, list_url=list_url, title=text or item.title, list_date=item.list_date,
                                     kind="attachment", attachment_of=item.url,
                                     published_at=page.get("published_at"), published_from=page.get("published_from")))

    def fetch_and_save(self, base: dict[str, Any]) -> dict[str, Any] | None:
        url = base["url"]
        if not self.fetcher.allowed_site(url):
            self._fail(url, "leaves the sites named on the command line", **_without(base, "url"))
            return None
        prior = self.manifest.latest(url)
        got = self.fetcher.get(url, prior)
        rest = _without(base, "url")
        if got.error:
            self._fail(url, got.error, got, **rest)
            return None
        if got.not_modified and prior:
            content = (self.out / prior["path"]).read_bytes() if (self.out / prior["path"]).is_file() else None
            if content is None:  # the saved file is gone: ask again in full
                got = self.fetcher.get(url)
                if got.error:
                    self._fail(url, got.error, got, **rest)
                    return None
            else:
                got.content, got.headers = content, {"content-type": prior.get("content_type") or ""}
        problem = content_problem(url, got)
        if problem is None and _is_html(got) and re.search(rb"type\s*=\s*[\"']?password", got.content, re.I):
            problem = "a login page was served"
        if problem:
            self._fail(url, problem, got, **rest)
            return None
        digest = hashlib.sha256(got.content).hexdigest()
        if got.final_url and got.final_url != url:
            rest["final_url"] = got.final_url  # moved: saved under the URL asked for, the new one noted
        fields = dict(rest, url=url, status=got.status, content_type=got.content_type or None, sha256=digest,
                      etag=got.headers.get("etag"), last_modified=got.headers.get("last-modified"))
        html = _is_html(got)
        info = None
        if html:
            info = page_info(decode_html(got.content, got.headers.get("content-type", "")), url, base.get("list_date"))
            if base["kind"] == "page":
                fields.update(published_at=info.published_at, published_from=info.published_from)
        elif base["kind"] == "page":
            date, source = (base.get("list_date"), "list date") if base.get("list_date") else (path_date(url), "URL path")
            fields.update(published_at=date, published_from=source if date else None)
        if not fields.get("published_at"):
            fields.update(published_at=None, published_from=None)
        if prior and prior.get("sha256") == digest:
            fields.update(path=prior["path"], version=prior.get("version") or 1, outcome="unchanged",
                          reason="not modified (HTTP 304)" if got.not_modified else "same content",
                          etag=fields["etag"] or prior.get("etag"), last_modified=fields["last_modified"] or prior.get("last_modified"))
            if got.not_modified:
                fields["status"] = 304
            self.record(**fields)
        else:
            version = self.manifest.versions.get(url, 0) + 1 if prior else 1
            relative = local_path(url, version)
            _write(self.out / relative, got.content)
            fields.update(path=relative, version=version, outcome="saved", reason=None)
            if prior:
                fields.update(reason=f"{CHANGED}: the content changed since {prior.get('fetched_at')}",
                              changed=True, previous_sha256=prior.get("sha256"), previous_path=prior.get("path"))
            self.record(**fields)
        fields["html"] = html
        fields["attachments"] = info.attachments if info else []
        return fields

    def close(self) -> Summary:
        self.fetcher.close()
        self.manifest.close()
        self.summary.bytes = self.fetcher.bytes
        self.summary.seconds = time.monotonic() - self.started
        return self.summary


def _without(fields: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k not in keys}


def _write(path: Path, content: bytes) -> None:
    """Write then rename: a kill leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def collect(urls: list[str], out: str | os.PathLike[str], options: Options | None = None, since: int | None = None,
            max_pages: int = 200, progress: Callable[[Summary], None] | None = None,
            log: Callable[[str], None] | None = None) -> Summary:
    """Collect the annual reports of the columns (or report pages) ``urls`` into ``out``."""
    options = options or Options()
    hosts = {host_of(u) for u in urls if host_of(u)}
    run = Run(Path(out), options, hosts, since, max_pages, progress, log)
    try:
        for url in urls:
            run.start(url)
    finally:
        summary = run.close()
    return summary
