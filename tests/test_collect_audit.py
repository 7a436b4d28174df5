"""The collector's promises of issue #15 not covered elsewhere: it never leaves the sites named,
retries with a doubling backoff, and shows its progress on a terminal (pages, items, bytes, rate)
with carriage returns, not as control pictures."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from collect_sites import OFF_SITE, Site  # noqa: E402

from xxgk.cli import main
from xxgk.collect import Options, collect
from xxgk.collect import manifest as manifest_mod

FAST = dict(delay=0.0, timeout=1.0, retries=2, backoff=0.01, max_bytes=200_000)


@pytest.fixture
def site(tmp_path):
    s = Site(tmp_path / "site")
    yield s
    s.close()


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
