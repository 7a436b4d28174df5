"""The upload page on a shared intranet: outside text shown only as text and in Chinese, uploads read
in a limited child process, and the admin password throttled per client across sessions."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.test_cost_limits import MB, PEAK_LIMIT_KB, bomb_docx
from xxgk import uploads
from xxgk.sandbox import NICENESS, parse_in_child

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse"
# A relationship target python-docx quotes in its error: a Markdown image and link to a local server.
MARKDOWN_TARGET = "x ![pic](http://127.0.0.1:9/a.png) [link](http://127.0.0.1:9/) **bold**"


def markdown_target_docx(target: str = MARKDOWN_TARGET) -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/image" Target="{target}"/></Relationships>').encode())
            z.writestr(info, data)
    return out.getvalue()


@pytest.fixture
def upload_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XXGK_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("XXGK_DB", str(tmp_path / "xxgk.duckdb"))
    monkeypatch.setattr(uploads, "UPLOAD_DIR", tmp_path / "uploads")
    monkeypatch.chdir(REPO)
    # a clock that stands still: a new session a second later is still inside the delay
    monkeypatch.setattr(uploads.LOGIN_THROTTLE, "clock", lambda: 5000.0)
    uploads.LOGIN_THROTTLE.forget()
    # the database as `xxgk serve` builds it before the server starts (pages never build it)
    monkeypatch.setenv("XXGK_DEMO", "0")
    from xxgk.bootstrap import prepare_database

    prepare_database(tmp_path / "xxgk.duckdb", io.StringIO())
    yield tmp_path
    uploads.LOGIN_THROTTLE.forget()


def _page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.switch_page("pages/upload.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _login(at: AppTest, password: str) -> AppTest:
    at.text_input[0].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# A character with a meaning in Markdown (link, image, emphasis, HTML, Streamlit's :red[…]) not
# preceded by a backslash.
_UNESCAPED = re.compile(r"(?<!\\)[!\[\]()*_`<>:]")


def _unescaped(markdown: str) -> list[str]:
    return _UNESCAPED.findall(markdown)


def test_an_upload_refusal_renders_no_markdown_from_the_file_and_speaks_chinese(
    upload_env: Path, caplog: pytest.LogCaptureFixture
) -> None:
    at = _login(_page(), PASSWORD)
    at.file_uploader[0].set_value(("evil.docx", markdown_target_docx(), "application/octet-stream"))
    at.run()
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert errors, "the refusal is shown"
    for body in errors:
        assert _unescaped(body) == [], body
    assert any(body.replace("\u2060", "").startswith("evil\\.docx：") and "损坏" in body for body in errors), errors
    # the library's English words go to the server log, not to the screen (issue #16)
    assert not any("pic" in t.value for t in at.text)
    assert any("![pic](http:/127.0.0.1:9/a.png) [link]" in r.getMessage() for r in caplog.records)
    assert not any("pic" in body for body in errors), errors


def test_the_chinese_reason_prefers_the_errors_own_and_maps_the_others() -> None:
    assert uploads.chinese_reason("a.docx", "a.docx: whatever", "自带的中文原因") == "a.docx：自带的中文原因。"
    assert uploads.chinese_reason("a.pdf", "x: the PDF has 300 pages, over the 200 page limit") == \
        "a.pdf：PDF 共 300 页，超过 200 页的上限。"
    assert uploads.chinese_reason("a.txt", "x: not a report: looks like a PNG image").startswith("a.txt：不是")
    assert uploads.chinese_reason("a.bin", "x: something new") == "a.bin：无法读取此文件，未能入库。"


def test_a_zip_bomb_upload_is_refused_naming_the_limit_and_the_server_stays_small(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(bomb_docx(60 * MB))
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from xxgk.uploads import accept, reasons\n"
        "root = Path(sys.argv[2])\n"
        "result = accept([('bomb.docx', Path(sys.argv[1]).read_bytes())], root / 'x.duckdb', root / 'uploads')\n"
        "print(json.dumps({'reasons': reasons(result), 'loaded': result.summary.loaded if result.summary else 0,\n"
        # VmHWM, not RUSAGE_SELF: ru_maxrss survives exec and would report the test runner's own peak
        "  'self_kb': int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]),\n"
        "  'children_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, ensure_ascii=False))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(bomb), str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["loaded"] == 0
    [(shown, detail)] = out["reasons"]
    assert shown.startswith("bomb.docx：") and "20 MB 的上限" in shown, shown
    assert "over the 20 MB limit" in detail
    assert out["self_kb"] < PEAK_LIMIT_KB and out["children_kb"] < PEAK_LIMIT_KB, out


def test_the_child_is_stopped_at_its_memory_limit_and_runs_at_low_priority(tmp_path: Path) -> None:
    heavy = tmp_path / "heavy.docx"  # within every reader limit, but 15 MB of XML costs ~400 MB parsed
    heavy.write_bytes(bomb_docx(15 * MB))
    verdict = parse_in_child(heavy, memory_bytes=150 * MB)
    assert not verdict.ok and verdict.exceeded, verdict
    assert "150 MB" in verdict.reason and "150 MB" in (verdict.reason_zh or ""), verdict
    verdict = parse_in_child(REPO / "data" / "reports" / "000_f5110ba79a44df9c.txt")
    assert verdict.ok, verdict
    assert verdict.niceness is not None and verdict.niceness >= os.nice(0) + NICENESS - 1


def test_the_child_is_killed_at_its_time_limit(seed_path: Path) -> None:
    verdict = parse_in_child(seed_path, seconds=0.001)
    assert not verdict.ok and verdict.exceeded
    assert "0.001 s" in verdict.reason and "0.001 秒的时限" in (verdict.reason_zh or "")


# --- the admin password -----------------------------------------------------------------------


def test_the_throttle_delays_more_after_each_failure_then_locks_out() -> None:
    now = [1000.0]
    throttle = uploads.LoginThrottle(clock=lambda: now[0])
    assert throttle.wait("10.0.0.1") == 0
    waits = []
    for _ in range(uploads.LoginThrottle.LOCK_AFTER - 1):
        throttle.failed("10.0.0.1")
        waits.append(throttle.wait("10.0.0.1"))
        now[0] += waits[-1]
        assert throttle.wait("10.0.0.1") == 0
    assert waits == sorted(waits) and waits[0] >= 1 and waits[-1] > waits[0], waits
    throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") == uploads.LoginThrottle.LOCKOUT_SECONDS
    assert throttle.wait("10.0.0.2") == 0  # another client is not locked out
    now[0] += uploads.LoginThrottle.LOCKOUT_SECONDS
    assert throttle.wait("10.0.0.1") == 0
    throttle.failed("10.0.0.1")
    throttle.succeeded("10.0.0.1")
    assert throttle.wait("10.0.0.1") == 0


def test_wrong_passwords_are_throttled_across_sessions_and_logged(
    upload_env: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="xxgk.uploads")
    at = _login(_page(), "wrong 1")
    assert any("密码不正确" in e.value for e in at.error)
    # the next try, in a new session at once, is held back: no fresh start
    at = _login(_page(), PASSWORD)
    assert any("秒后再试" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.file_uploader
    assert "admin login failed" in caplog.text and "wrong 1" not in caplog.text
    record = next(r for r in caplog.records if "admin login failed" in r.getMessage())
    assert "client" in record.getMessage()
    # many failures from one client lock it out, for every new session, even with the right password
    for _ in range(uploads.LoginThrottle.LOCK_AFTER):
        uploads.LOGIN_THROTTLE.failed(uploads.GLOBAL_CLIENT)
    at = _login(_page(), PASSWORD)
    assert any("锁定" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.file_uploader


def test_the_right_password_logs_in_when_not_throttled(upload_env: Path) -> None:
    at = _login(_page(), PASSWORD)
    assert at.file_uploader, [e.value for e in at.error]


def test_a_failed_upload_is_still_recorded_as_a_load_error(upload_env: Path, seed_path: Path) -> None:
    result = uploads.accept([("evil.docx", markdown_target_docx()), ("孟津.txt", seed_path.read_bytes())],
                            upload_env / "x.duckdb", upload_env / "uploads")
    assert result.summary is not None and result.summary.loaded == 1
    con = duckdb.connect(str(upload_env / "x.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM load_errors").fetchone()[0] == 1
    con.close()
