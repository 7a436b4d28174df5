"""The collector's promises of issue #15 not covered elsewhere: it never leaves the sites named,
retries with a doubling backoff, and shows its progress on a terminal (pages, items, bytes, rate)
with carriage returns, not as control pictures."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from collect_sites import FAST, OFF_SITE  # noqa: E402

from xxgk.cli import main
from xxgk.collect import Options, collect
from xxgk.collect import manifest as manifest_mod


def test_never_leaves_the_sites_named(site, tmp_path):
    out = tmp_path / "out"
    collect([site.columns[2]], out, Options(**FAST))
    failed = {r["url"]: r["reason"] for r in manifest_mod.read(out) if r["outcome"] == "failed"}
    assert "leaves the sites named on the command line" in failed[OFF_SITE + "/zfxxgknb/report.docx"]
    assert "leaves the sites named on the command line: " + OFF_SITE + "/report.html" in failed[site.base + "/away/report.html"]
    asked = [path for path, _, _ in site.server.requests]
    assert "/away/report.html" in asked and not any("other-site" in p or p == "/report.html" for p in asked)


def test_retries_back_off_doubling(site, tmp_path):
    said: list[str] = []
    collect([site.columns[1]], tmp_path / "out", Options(**{**FAST, "backoff": 0.05}), log=said.append)
    flaky = [line.split(":")[0] for line in said if "/flaky/report.html" in line]
    assert flaky == ["retrying in 0.05 s", "retrying in 0.1 s"]  # 503, 503, then the page


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_redraws_one_line(site, tmp_path, monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["collect", site.columns[2], "--out", str(tmp_path / "out"), "--delay", "0", "--timeout", "1",
                 "--retries", "0", "--max-mb", "0.2"])
    shown = terminal.getvalue()
    assert code == 0
    assert "\r" in shown and "\u240d" not in shown  # a carriage return, not its control picture "␍"
    last = shown.rsplit("\r", 1)[1].splitlines()[0]
    assert last.startswith("pages 1, items 8, ") and "bytes" in last and "KB/s" in last and "failed 5" in last


def test_a_pager_announcing_endless_pages_stops_at_max_pages(site, tmp_path):
    """createPageHTML(100000, …) whose pages are all missing: at most --max-pages list pages are asked for."""
    (site.root / "huge").mkdir()
    (site.root / "huge" / "index.htm").write_text(
        '<html><head><meta charset="utf-8"></head><body><dl><dd><a href="./202301/t20230109_1.htm">'
        "某局2022年政府信息公开工作年度报告</a><span>2023-01-09</span></dd></dl>"
        '<script>createPageHTML(100000, 0, "index", "htm");</script></body></html>', encoding="utf-8")
    out = tmp_path / "out"
    collect([site.base + "/huge/index.htm"], out, Options(**{**FAST, "retries": 0}), max_pages=5)
    asked = [p for p, _, _ in site.server.requests if p.startswith("/huge/index")]
    assert len(asked) <= 5, len(asked)
    assert any("--max-pages 5" in (r["reason"] or "") for r in manifest_mod.read(out))


def test_a_page_without_any_other_date_takes_the_article_path(site, tmp_path):
    page = site.root / "trs" / "zfxxgknb" / "202301" / "t20230109_7.htm"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text('<html><head><meta charset="utf-8"><title>某局2022年政府信息公开工作年度报告</title></head>'
                    "<body><h1>某局2022年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    collect([site.base + "/trs/zfxxgknb/202301/t20230109_7.htm"], out, Options(**FAST))
    (rec,) = [r for r in manifest_mod.read(out) if r["outcome"] == "saved"]
    assert (rec["published_at"], rec["published_from"]) == ("2023-01-09", "URL path")


@pytest.mark.parametrize("option,value", [("--retries", "-1"), ("--delay", "-1"), ("--timeout", "0"),
                                          ("--max-mb", "0"), ("--max-pages", "0"), ("--backoff", "-1")])
def test_impossible_settings_are_refused_by_name(option, value, tmp_path, capsys):
    code = main(["collect", "http://127.0.0.1:9/zfxxgknb/", "--out", str(tmp_path / "out"), option, value])
    assert code == 2
    assert f"error: {option} " in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_backoff_can_be_set_and_is_said(tmp_path, capsys):
    # every politeness setting can be set from the command line and is printed as in force
    code = main(["collect", "http://127.0.0.1:9/zfxxgknb/", "--out", str(tmp_path / "out"), "--retries", "0",
                 "--timeout", "0.5", "--backoff", "0.25"])
    assert code == 1  # nothing answers on port 9
    assert "backoff from 0.25 s" in capsys.readouterr().err
