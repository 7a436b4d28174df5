"""The collector (issue #15) against local columns on 127.0.0.1 (tests/collect_sites.py): three list
styles, UTF-8 and GBK, non-report items, broken and misbehaving links, a second run after a change,
a run killed half-way, and the command line."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from collect_sites import FAST, Site  # noqa: E402

from xxgk.cli import main
from xxgk.collect import Options, collect
from xxgk.collect import manifest as manifest_mod
from xxgk.collect.classify import classify
from xxgk.collect.fetch import site_of
from xxgk.collect.run import local_path


def records(out: Path) -> list[dict]:
    return list(manifest_mod.read(out))


def by_path(recs: list[dict], site: Site) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for r in recs:
        found.setdefault(r["url"].removeprefix(site.base), []).append(r)
    return found


def test_collects_three_list_styles(site, tmp_path):
    out = tmp_path / "out"
    summary = collect(site.columns, out, Options(**FAST))
    recs = records(out)
    found = by_path(recs, site)
    for path, want in site.expected.reports.items():
        (rec,) = [r for r in found[path] if r["outcome"] == "saved"]
        assert rec["published_at"] == want["published"], path
        assert rec["published_from"] == want["source"], path
        saved = out / rec["path"]
        assert hashlib.sha256(saved.read_bytes()).hexdigest() == rec["sha256"]
        assert rec["path"].startswith("127.0.0.1_")
        assert set(manifest_mod.KEYS) <= set(rec)
    # The GBK list's titles are read as Chinese, from the link's title attribute.
    trs = [r for path, rs in found.items() if path.startswith("/trs/") for r in rs if r["outcome"] == "saved" and r["kind"] == "page"]
    assert all(r["title"].endswith("政府信息公开工作年度报告") for r in trs) and len(trs) == 4
    skipped = {r["title"]: r["reason"] for r in recs if r["outcome"] == "skipped"}
    assert set(skipped) == set(site.expected.skipped_titles)
    assert all(skipped.values())
    failed = {r["url"].removeprefix(site.base): r["reason"] for r in recs if r["outcome"] == "failed"}
    for path, word in site.expected.failing.items():
        assert word in failed[path], (path, failed.get(path))
    assert set(failed) == set(site.expected.failing)
    # The docx a page links to is recorded as the page's attachment.
    attachments = {r["url"].removeprefix(site.base): r for r in recs if r.get("attachment_of")}
    assert attachments.keys() == {"/ul/nb/files/report_2019.docx", site.expected.same_report}
    assert attachments["/ul/nb/files/report_2019.docx"]["attachment_of"] == site.base + "/ul/nb/content_3.html"
    # + the page that links to its docx, + the docx attached to a page that is the same report
    assert summary.outcomes["saved"] == len(site.expected.reports) + 2
    assert len(summary.failures) == len(site.expected.failing)
    # Politeness: robots.txt read, /private/ never asked for, every request names xxgk.
    asked = [p for p, _, _ in site.server.requests]
    assert "/robots.txt" in asked and not any(p.startswith("/private/") for p in asked)
    assert all("xxgk" in agent for _, agent, _ in site.server.requests)


def test_second_run_fetches_only_what_changed(site, tmp_path):
    out = tmp_path / "out"
    collect(site.columns, out, Options(**FAST))
    first = {r["url"]: r for r in records(out) if r["outcome"] == "saved"}
    site.change(site.expected.changing)
    site.server.requests.clear()
    summary = collect(site.columns, out, Options(**FAST))
    second = records(out)[len(records(out)) - sum(summary.outcomes.values()):]
    changed = [r for r in second if r["outcome"] == "saved"]
    assert [r["url"].removeprefix(site.base) for r in changed] == [site.expected.changing]
    (new,) = changed
    old = first[new["url"]]
    assert new["reason"].startswith("发布后有变动") and new["changed"] is True
    assert new["path"] != old["path"] and new["path"].endswith(".v2.htm")
    assert (out / old["path"]).is_file() and (out / new["path"]).is_file()
    unchanged = [r for r in second if r["outcome"] == "unchanged"]
    assert len(unchanged) == len(first) - 1
    assert all(r["status"] == 304 for r in unchanged)  # conditional requests: the server said 304
    conditional = {p for p, _, since in site.server.requests if since}
    assert site.expected.changing in conditional


def test_a_killed_run_resumes_and_loses_nothing(site, tmp_path):
    out = tmp_path / "out"

    class Killed(BaseException):
        pass

    def kill_after_three(summary):
        if summary.outcomes["saved"] == 3:
            raise Killed

    with pytest.raises(Killed):
        collect(site.columns, out, Options(**FAST), progress=kill_after_three)
    before = [r for r in records(out) if r["outcome"] == "saved"]
    assert len(before) == 3
    with (out / manifest_mod.NAME).open("ab") as handle:  # a line cut short by the kill
        handle.write(b'{"url": "http://127.0.0.1/half')
    collect(site.columns, out, Options(**FAST))
    lines = (out / manifest_mod.NAME).read_bytes().splitlines()
    assert all(isinstance(json.loads(line), dict) for line in lines)
    recs = records(out)
    for rec in before:
        again = [r for r in recs if r["url"] == rec["url"]][-1]
        assert again["outcome"] == "unchanged" and again["path"] == rec["path"]
    saved = {r["url"].removeprefix(site.base) for r in recs if r["outcome"] in ("saved", "unchanged")}
    assert set(site.expected.reports) <= saved


def test_max_pages_and_since(site, tmp_path):
    out = tmp_path / "out"
    collect([site.columns[0]], out, Options(**FAST), max_pages=1)
    recs = records(out)
    assert any(r["outcome"] == "failed" and "--max-pages 1" in r["reason"] for r in recs)
    out2 = tmp_path / "out2"
    collect([site.columns[0]], out2, Options(**FAST), since=2021)
    recs = records(out2)
    years = {r["title"]: r for r in recs if "before --since" in (r.get("reason") or "")}
    assert years and all(r["outcome"] == "skipped" for r in years.values())
    assert any(r["outcome"] == "saved" for r in recs)


def test_cli_collect_prints_summary_and_failures(site, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# a city's columns\n{site.columns[2]}\n", encoding="utf-8")
    code = main(["collect", "--from", str(urls), "--out", str(tmp_path / "out"), "--delay", "0",
                 "--timeout", "1", "--retries", "0", "--max-mb", "0.2"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "outcomes: saved 3, unchanged 0, skipped 0, failed 5" in printed
    assert f"failed: {site.base}/att/files/fake.pdf: an HTML page was served" in printed
    assert "robots.txt honoured" in printed


def test_cli_rejects_bad_urls(capsys, tmp_path):
    assert main(["collect", "ftp://example/x", "--out", str(tmp_path)]) != 0
    assert "error: not an http(s) URL: ftp://example/x" in capsys.readouterr().err


def test_classify_and_paths():
    assert classify("洛阳市财政局2022年政府信息公开工作年度报告")[0]
    assert classify("嵩县2021年政府信息公开年报")[0]
    assert not classify("2022年政府信息公开工作年度报告图解")[0]
    assert "关于报送" in classify("关于报送2022年度政府信息公开工作年度报告的函")[1]
    assert not classify("2023年政务公开工作要点落实情况")[0]
    assert not classify("关于印发某某办法的通知")[0]
    assert site_of("www.ly.gov.cn") == site_of("xxgk.ly.gov.cn") == "ly.gov.cn"
    assert site_of("127.0.0.1") == "127.0.0.1"
    assert local_path("http://a.gov.cn/zfxxgknb/") == "a.gov.cn/zfxxgknb/index.html"
    assert local_path("http://a.gov.cn/x/t20230109_1.htm", 2) == "a.gov.cn/x/t20230109_1.v2.htm"
    assert ".." not in local_path("http://a.gov.cn/../../etc/passwd")


def test_retries_a_busy_page_and_notes_a_moved_one(site, tmp_path):
    out = tmp_path / "out"
    collect([site.columns[1]], out, Options(**FAST))
    found = by_path(records(out), site)
    assert [r["outcome"] for r in found["/flaky/report.html"]] == ["saved"]
    assert [p for p, _, _ in site.server.requests].count("/flaky/report.html") == 3  # 503, 503, 200
    (moved,) = found["/ul/nb/moved_old.html"]
    assert moved["outcome"] == "saved" and moved["final_url"] == site.base + "/ul/nb/moved_new.html"


def test_a_single_report_page_is_collected_as_a_report(site, tmp_path):
    out = tmp_path / "out"
    page = next(p for p in site.expected.reports if p.startswith("/trs/"))
    collect([site.base + page], out, Options(**FAST))
    (rec,) = [r for r in records(out) if r["kind"] == "page"]
    assert rec["outcome"] == "saved" and rec["list_url"] is None
    assert rec["published_at"] == site.expected.reports[page]["published"]


def test_waits_the_delay_between_two_requests_to_one_host(site, tmp_path, monkeypatch):
    """No timing: the pauses the fetcher asks for are recorded (sleep returns at once), and every
    request after the first to the host asked for one, no longer than the delay."""
    from xxgk.collect import fetch

    pauses: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", pauses.append)
    collect([site.columns[2]], tmp_path / "out", Options(**{**FAST, "delay": 5.0, "retries": 0}))
    requests = len(site.server.requests)
    assert requests >= 5
    assert len(pauses) == requests - 1
    assert all(0 < p <= 5.0 for p in pauses)


def test_robots_crawl_delay_longer_than_the_delay_is_honoured(site, tmp_path, monkeypatch):
    from xxgk.collect import fetch

    (site.root / "robots.txt").write_text("User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n", encoding="utf-8")
    pauses: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", pauses.append)
    collect([site.columns[2]], tmp_path / "out", Options(**{**FAST, "delay": 0.5, "retries": 0}))
    assert pauses and all(0.5 < p <= 7.0 for p in pauses)


def test_a_compressed_body_is_inflated_only_up_to_the_size_limit():
    import gzip

    from xxgk.collect.fetch import _decode_body

    assert _decode_body(gzip.compress(b"0" * 100), "gzip", 100) == b"0" * 100
    with pytest.raises(ValueError, match="size limit"):
        _decode_body(gzip.compress(b"0" * 10_000_000), "gzip", 1_000_000)
