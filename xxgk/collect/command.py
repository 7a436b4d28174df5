"""``xxgk collect``: its options (parsed without importing the HTTP stack), its progress line and its summary (xxgk/cli/reports.py only registers it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import Any


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("urls", nargs="*", help="annual-report column pages (…/zfxxgknb/) or single report pages")
    p.add_argument("--from", dest="from_file", help="a text file of URLs, one a line (# starts a comment)")
    p.add_argument("--out", default="collected", help="output folder (default: ./collected)")
    p.add_argument("--since", type=int, help="only reports for this year and later")
    p.add_argument("--delay", type=float, default=1.0, help="seconds between two requests to one host (default 1)")
    p.add_argument("--max-pages", type=int, default=200, help="list pages per run at most (default 200)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")
    p.add_argument("--retries", type=int, default=3, help="retries after a 5xx or a timeout (default 3)")
    p.add_argument("--backoff", type=float, default=2.0, help="seconds before the first retry, doubled each time (default 2)")
    p.add_argument("--max-mb", type=float, default=100.0, help="size limit per file in MB (default 100)")
    p.add_argument("--user-agent", help="User-Agent header (default: one naming xxgk; keep naming it)")
    p.add_argument("--ignore-robots", action="store_true", help="do not honour robots.txt (printed in the summary)")


def urls_of(args: argparse.Namespace) -> list[str]:
    urls = list(args.urls)
    if args.from_file:
        try:
            lines = Path(args.from_file).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"{args.from_file}: cannot read the URL list: {exc}") from exc
        urls += [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise ValueError("not an http(s) URL: " + ", ".join(bad))
    if not urls:
        raise ValueError("no URL given (name column pages, or --from FILE)")
    return urls


# (option, attribute, lowest allowed, whether the lowest itself is allowed)
_LIMITS = (("--delay", "delay", 0, True), ("--timeout", "timeout", 0, False), ("--retries", "retries", 0, True),
           ("--max-mb", "max_mb", 0, False), ("--max-pages", "max_pages", 1, True), ("--backoff", "backoff", 0, True))


def settings_problem(args: argparse.Namespace) -> str | None:
    """Why a setting cannot be honoured (a negative delay, no retries below zero …), or None."""
    for option, name, lowest, inclusive in _LIMITS:
        value = getattr(args, name)
        if value < lowest or (value == lowest and not inclusive):
            bound = f"{lowest:g} or more" if inclusive else f"more than {lowest:g}"
            return f"{option} must be {bound} (got {value:g})"
    return None


def _progress(summary: Any) -> None:
    rate = summary.bytes / summary.seconds / 1024 if summary.seconds > 0 else 0.0
    counts = " ".join(f"{k} {v}" for k, v in sorted(summary.outcomes.items()))
    line = f"pages {summary.list_pages}, items {summary.items}, {summary.bytes:,} bytes, {rate:,.0f} KB/s; {counts}"
    if sys.stderr.isatty():  # our own counts, redrawn with "\r" under the CLI's control-character filter
        terminal = getattr(sys.stderr, "unfiltered", sys.stderr)
        terminal.write("\r" + line)
        terminal.flush()


def run(args: argparse.Namespace) -> int:
    from xxgk.collect.fetch import USER_AGENT, Options
    from xxgk.collect.run import collect

    try:
        urls = urls_of(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problem = settings_problem(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    options = Options(delay=args.delay, timeout=args.timeout, retries=args.retries, backoff=args.backoff,
                      max_bytes=int(args.max_mb * 1024 * 1024), user_agent=args.user_agent or USER_AGENT, robots=not args.ignore_robots)
    print(f"collecting {len(urls)} URL(s) into {args.out}; {options.describe()}", file=sys.stderr)
    summary = collect(urls, args.out, options, since=args.since, max_pages=args.max_pages, progress=_progress,
                      log=lambda message: print("\n" + message if sys.stderr.isatty() else message, file=sys.stderr))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print("\n".join(summary.lines()))
    print(f"manifest: {Path(args.out) / 'manifest.jsonl'}")
    return 1 if summary.failures and not summary.outcomes.get("saved") and not summary.outcomes.get("unchanged") else 0
