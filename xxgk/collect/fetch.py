"""Fetching with politeness: robots.txt, one request at a time per host with a delay, timeouts,
retries with backoff, a size limit per file, redirects followed by hand (loops, logins and other
sites stopped), and a User-Agent that names xxgk.

``Fetcher.get(url)`` never raises for a bad page: it returns a :class:`Fetched` whose ``error``
says what went wrong, so the run records the reason and goes on.
"""

from __future__ import annotations

import ipaddress
import re
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

USER_AGENT = "xxgk-collector/0.1 (government information disclosure annual reports; polite: robots.txt, 1 request/s)"

# Two-label public suffixes under which a site is the third label (www.example.gov.cn → example.gov.cn).
_SECOND_LEVEL = {"gov", "com", "net", "org", "edu", "ac"}
_LOGIN = re.compile(r"(?:^|[/_.?=&-])(?:login|logon|signin|sso|passport|cas|auth)(?:$|[/_.?=&-])", re.I)


@dataclass
class Options:
    """Every politeness setting; the CLI sets them and the summary prints them."""

    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 30.0
    retries: int = 3  # further attempts after a 5xx or a timeout
    backoff: float = 2.0  # first wait before a retry, doubled each time
    max_bytes: int = 100 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    robots: bool = True

    def describe(self) -> str:
        robots = "honoured" if self.robots else "IGNORED (--ignore-robots)"
        return (
            f"robots.txt {robots}; delay {self.delay:g} s per host; timeout {self.timeout:g} s; "
            f"{self.retries} retries (backoff from {self.backoff:g} s); size limit {self.max_bytes:,} bytes; "
            f"User-Agent: {self.user_agent}"
        )


@dataclass
class Fetched:
    url: str  # as asked for
    final_url: str = ""
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    error: str | None = None  # why it failed; None when the body is here (or 304)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def site_of(host: str) -> str:
    """The site a host belongs to: the registrable domain (www.gz.gov.cn → gz.gov.cn); an IP address
    or a one-label name is its own site."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class Fetcher:
    """One HTTP client for a run. Requests go one at a time; each host waits ``delay`` seconds after
    its previous request. Only the sites of ``allowed`` hosts are fetched."""

    def __init__(self, options: Options, allowed_hosts: set[str], log=None) -> None:
        self.options = options
        self.sites = {site_of(h) for h in allowed_hosts}
        self.client = httpx.Client(
            headers={"User-Agent": options.user_agent},
            timeout=options.timeout,
            follow_redirects=False,
        )
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}  # per host: the larger of --delay and robots.txt's Crawl-delay
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.requests = 0
        self.bytes = 0
        self.log = log or (lambda message: None)

    def close(self) -> None:
        self.client.close()

    def allowed_site(self, url: str) -> bool:
        return urlsplit(url).scheme in ("http", "https") and site_of(host_of(url)) in self.sites

    @staticmethod
    def _host_key(url: str) -> str:
        split = urlsplit(url)
        return f"{split.scheme}://{split.netloc}"

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's delay has passed since its previous request ended."""
        key = self._host_key(url)
        last = self._last.get(key)
        if last is not None:
            pause = self._delay.get(key, self.options.delay) - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)

    def robots_allow(self, url: str) -> bool:
        if not self.options.robots:
            return True
        split = urlsplit(url)
        root = f"{split.scheme}://{split.netloc}"
        parser = self._robots.get(root)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
            got = self._request(root + "/robots.txt", {}, retries=1)
            if got.status in (401, 403):
                parser.disallow_all = True
            elif got.status == 200 and got.error is None:
                parser.parse(got.content.decode("utf-8", "replace").splitlines())
                crawl_delay = parser.crawl_delay(self.options.user_agent)
                if crawl_delay and float(crawl_delay) > self.options.delay:
                    self._delay[root] = float(crawl_delay)
                    self.log(f"{root}: robots.txt asks for {float(crawl_delay):g} s between requests; honoured")
            else:  # no robots.txt (404) or none readable: nothing is forbidden
                parser.allow_all = True
            self._robots[root] = parser
        return parser.can_fetch(self.options.user_agent, url)

    def get(self, url: str, conditional: dict[str, str] | None = None) -> Fetched:
        """GET ``url`` following redirects within the allowed sites; ``conditional`` holds the
        ``etag`` / ``last_modified`` of an earlier fetch."""
        headers = {}
        if conditional:
            if conditional.get("etag"):
                headers["If-None-Match"] = conditional["etag"]
            if conditional.get("last_modified"):
                headers["If-Modified-Since"] = conditional["last_modified"]
        seen = [url]
        current = url
        while True:
            if not self.allowed_site(current):
                return Fetched(url, current, error=f"leaves the sites named on the command line: {current}")
            if not self.robots_allow(current):
                return Fetched(url, current, error="disallowed by robots.txt")
            got = self._request(current, headers, self.options.retries)
            got.url = url
            if got.status not in (301, 302, 303, 307, 308) or got.error:
                return self._judge(got)
            target = got.headers.get("location")
            if not target:
                return Fetched(url, current, got.status, got.headers, error=f"HTTP {got.status} without a Location")
            current = urljoin(current, target)
            if _LOGIN.search(urlsplit(current).path + "?" + urlsplit(current).query):
                return Fetched(url, current, got.status, got.headers, error=f"redirected to a login page: {current}")
            if current in seen:
                return Fetched(url, current, got.status, got.headers, error="redirect loop: " + " → ".join(seen + [current]))
            seen.append(current)
            if len(seen) > self.options.max_redirects + 1:
                return Fetched(url, current, got.status, got.headers, error=f"more than {self.options.max_redirects} redirects")

    def _judge(self, got: Fetched) -> Fetched:
        if got.error or got.status in (200, 304):
            return got
        if got.status == 404:
            got.error = "not found (HTTP 404)"
        elif got.status in (401, 403):
            got.error = f"access refused (HTTP {got.status})"
        else:
            got.error = f"HTTP {got.status}"
        return got

    def _request(self, url: str, headers: dict[str, str], retries: int) -> Fetched:
        wait = self.options.backoff
        for attempt in range(retries + 1):
            self._wait_turn(url)
            self.requests += 1
            got = self._once(url, headers)
            self._last[self._host_key(url)] = time.monotonic()
            retry = got.error is not None and got.error.startswith(("timed out", "connection", "truncated")) or (
                got.status is not None and got.status >= 500
            )
            if not retry or attempt == retries:
                if got.status is not None and got.status >= 500 and attempt:
                    got.error = f"HTTP {got.status} after {attempt + 1} attempts"
                elif got.error and attempt:
                    got.error += f" (after {attempt + 1} attempts)"
                return got
            self.log(f"retrying in {wait:g} s: {url}: {got.error or got.status}")
            time.sleep(wait)
            wait *= 2
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        limit = self.options.max_bytes
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                result = Fetched(url, str(response.url), response.status_code, {k.lower(): v for k, v in response.headers.items()})
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    result.error = f"larger than the size limit ({int(declared):,} > {limit:,} bytes)"
                    return result
                chunks, size = [], 0
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > limit:
                        result.error = f"larger than the size limit (over {limit:,} bytes)"
                        return result
                    chunks.append(chunk)
                try:
                    result.content = _decode_body(b"".join(chunks), response.headers.get("content-encoding", ""), limit)
                except (OSError, EOFError, ValueError) as exc:  # zlib.error is an Exception too
                    result.error = f"truncated or damaged compressed body: {exc}"
                    return result
                self.bytes += size
                if declared and declared.isdigit() and size < int(declared):
                    result.error = f"truncated download ({size:,} of {int(declared):,} bytes)"
                return result
        except httpx.TimeoutException:
            return Fetched(url, url, error=f"timed out after {self.options.timeout:g} s")
        except httpx.RemoteProtocolError as exc:
            return Fetched(url, url, error=f"connection broken, truncated download: {exc}")
        except httpx.TransportError as exc:
            return Fetched(url, url, error=f"connection failed: {exc}")


def _decode_body(raw: bytes, encoding: str, limit: int) -> bytes:
    """The body without its transfer compression (read raw to count the bytes on the wire); a body
    that inflates beyond the size limit is refused, not inflated."""
    encoding = encoding.strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return raw
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib header, detected
    try:
        body = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise ValueError(str(exc)) from exc
    if len(body) > limit or inflater.unconsumed_tail:
        raise ValueError(f"inflates beyond the size limit ({limit:,} bytes)")
    return body
