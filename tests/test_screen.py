"""The dashboard on a shared intranet (issue #13), under AppTest: outside text reaches the page only
as text, a broken database gives a short Chinese message (details in the server log, never a
traceback), downloads reach Excel whatever a cell holds, and a bidi override cannot reverse a name.

The browser side of the same (requests, links, images, dialogs) is in ``test_screen_browser.py``.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_support import run_page, serve_database
from xxgk.load import ingest
from xxgk.ui import spreadsheet_safe

REPO = Path(__file__).resolve().parents[1]

# What a crafted link may carry: a phishing link, a tracking image, bold, KaTeX, a colour
# directive, raw HTML, SQL. Each must show as typed (and SQL fall back like any unknown value).
PAYLOADS = [
    "[点此重新登录](http://127.0.0.2:9/login)",
    "![x](http://127.0.0.2:9/beacon.png)",
    "**粗体**",
    "$x^2$",
    ":red[红字]",
    "<img src=http://127.0.0.2:9/i.png>",
    "洛阳市' OR '1'='1",
]
# Characters Markdown, KaTeX or Streamlit would read if left unescaped.
ACTIVE = set("[]()!*$:<>`_#|~")


def assert_literal(source: str, raw: str) -> None:
    """``source`` (what a Markdown element was given) shows ``raw`` as typed and nothing active."""
    text = re.sub(r"\\(.)", r"\1", source)
    assert raw in text.replace("\u2060", ""), source  # as typed, but for invisible word joiners
    assert not re.search(r"https?://|www\.|\w@\w|:material/", text, re.IGNORECASE), source  # no autolink, no icon
    bare = re.sub(r"\\.", "", source)
    assert not set(bare) & ACTIVE, (source, set(bare) & ACTIVE)


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    path = tmp_path_factory.mktemp("screen") / "xxgk.duckdb"
    ingest([seed_path], path, workers=1)
    return path


@pytest.fixture
def seed_env(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return serve_database(seed_db, monkeypatch)


def _run(page: str, **params: str) -> AppTest:
    return run_page(page, check=False, **params)


def _texts(at: AppTest) -> list[str]:
    """Every text the page put in a Markdown-interpreting element."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "warning", "error", "info", "success")
    return [element.value for kind in kinds for element in getattr(at, kind)]


# --- 1. URL values and search input are text --------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_filter_values_in_a_link_are_echoed_as_text(seed_env: Path, payload: str) -> None:
    params = {key: payload for key in ("province", "city", "district", "kind", "year_from", "year_to")}
    at = _run("dashboard.py", **params)
    assert not at.exception, [e.value for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 6, warnings
    for warning in warnings:
        assert_literal(warning, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_and_rule_in_a_link_are_echoed_as_text(seed_env: Path, payload: str) -> None:
    at = _run("pages/report.py", report=payload)
    assert not at.exception, [e.value for e in at.exception]
    (warning,) = [w.value for w in at.warning if "报告编号" in w.value]
    assert_literal(warning, payload)
    at = _run("pages/data_quality.py", rule=payload)
    assert not at.exception, [e.value for e in at.exception]
    (warning,) = [w.value for w in at.warning if "规则" in w.value]
    assert_literal(warning, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_agency_search_notice_is_text(seed_env: Path, payload: str) -> None:
    at = _run("pages/agency.py")
    at.text_input(key="agency_search").input(payload).run()
    assert not at.exception, [e.value for e in at.exception]
    (notice,) = [i.value for i in at.info if "名称包含" in i.value]
    assert_literal(notice, payload)


# --- 2. a broken database: a Chinese message, the details in the log ---------------------------


def _truncated(seed_db: Path, folder: Path) -> Path:
    path = folder / "xxgk.duckdb"
    path.write_bytes(seed_db.read_bytes()[:100_000])
    return path


def _corrupted(seed_db: Path, folder: Path) -> Path:
    """The header intact (it opens), the blocks behind it overwritten (queries fail on checksums)."""
    path = folder / "xxgk.duckdb"
    data = bytearray(seed_db.read_bytes())
    data[16384:-8192] = bytes(range(251)) * ((len(data) - 16384 - 8192) // 251) + bytes((len(data) - 16384 - 8192) % 251)
    path.write_bytes(bytes(data))
    return path


def _directory(seed_db: Path, folder: Path) -> Path:
    path = folder / "xxgk.duckdb"
    path.mkdir()
    return path


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write to: by its mode, or (as root, who ignores modes) /sys."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        for candidate in (folder, Path("/sys")):
            try:
                (candidate / "probe").touch()
            except OSError:
                yield candidate
                return
            (candidate / "probe").unlink()
        pytest.skip("no read-only folder on this machine")
    finally:
        folder.chmod(0o755)


BROKEN = {"truncated": _truncated, "corrupted": _corrupted, "directory": _directory}
EXPECTED = {"truncated": "损坏", "corrupted": "损坏", "directory": "文件夹"}


def _assert_message_not_traceback(at: AppTest, expected: str, secret: str) -> None:
    assert not at.exception, [e.value for e in at.exception]  # no traceback element
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and expected in errors[0] and "数据库" in errors[0], errors
    assert re.search(r"[\u4e00-\u9fff]", errors[0]) and not re.search(r"[A-Za-z]{3,}", errors[0]), errors
    for text in _texts(at):
        assert secret not in text and "Traceback" not in text and "Error" not in text, text


def _logged(caplog: pytest.LogCaptureFixture, secret: str) -> bool:
    """Whether a server log record carries the details: the exception with its traceback."""
    for record in caplog.records:
        if record.exc_info and record.levelno >= logging.ERROR:
            detail = logging.Formatter().format(record)
            if "Traceback" in detail and (secret in detail or secret in str(record.exc_info[1])):
                return True
    return False


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("page", ["dashboard.py", "pages/zero_activity.py", "pages/report.py"])
def test_a_broken_database_shows_a_chinese_message_and_logs_the_details(
    case: str, page: str, seed_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = BROKEN[case](seed_db, tmp_path)
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.chdir(REPO)
    caplog.set_level(logging.ERROR)
    at = _run(page)
    _assert_message_not_traceback(at, EXPECTED[case], str(tmp_path))
    assert _logged(caplog, str(tmp_path)), [r.getMessage() for r in caplog.records]


def test_a_read_only_data_folder_without_a_database(
    read_only_folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = read_only_folder / "xxgk.duckdb"
    monkeypatch.setenv("XXGK_DB", str(path))
    monkeypatch.chdir(REPO)
    caplog.set_level(logging.ERROR)
    at = _run("dashboard.py")
    # the page builds nothing (xxgk serve does, at start): it says so and names the command
    assert not at.exception and not at.error
    assert any("尚未建立" in w.value for w in at.warning) and [c.value for c in at.code] == ["xxgk serve"]
    for text in _texts(at):
        assert str(read_only_folder) not in text and "Traceback" not in text, text
    assert not path.exists()


def test_the_server_shows_no_error_details() -> None:
    """The last line of defence: an exception nobody caught shows no message, type or traceback."""
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


# --- 3. downloads: any cell reaches Excel, marks as printed -----------------------------------


def _hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "机构": ["孟津区\x1b[31m司法局", "乙\x00局", "-", "—", "=1+1", "/", None],
            "申请数（件）": [1, 2, 3, 4, 5, 6, 7],
        }
    )


def test_control_characters_reach_excel_visibly() -> None:
    buffer = io.BytesIO()
    spreadsheet_safe(_hostile_frame()).to_excel(buffer, index=False)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[:2] == ["孟津区␛[31m司法局", "乙␀局"]


def test_marks_are_exported_as_printed_and_formulas_neutralised() -> None:
    safe = spreadsheet_safe(_hostile_frame())
    assert safe["机构"].tolist()[2:6] == ["-", "—", "'=1+1", "/"]
    cells = pd.read_csv(io.StringIO(safe.to_csv(index=False)), keep_default_na=False)["机构"].tolist()
    assert cells[2:6] == ["-", "—", "'=1+1", "/"]
    assert "\x1b" not in safe.to_csv(index=False) and "\x00" not in safe.to_csv(index=False)


def test_the_download_files_of_a_hostile_table() -> None:
    from xxgk.ui import csv_bytes, excel_bytes

    frame = _hostile_frame()
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(frame, "报告"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("机构", "申请数（件）")
    assert [r[0] for r in rows[1:]] == ["孟津区␛[31m司法局", "乙␀局", "-", "—", "'=1+1", "/", None]
    assert [r[1] for r in rows[1:]] == [1, 2, 3, 4, 5, 6, 7]
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "孟津区␛[31m司法局" in text and "\x1b" not in text and "\n-,3" in text.replace("\r", "")


# --- 4. a bidi override in an agency name -----------------------------------------------------

RLO_NAME = "孟津区\u202e司法局"


@pytest.fixture(scope="module")
def bidi_db(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    folder = tmp_path_factory.mktemp("bidi")
    report = folder / "bidi.txt"
    report.write_text(seed_path.read_text(encoding="utf-8").replace("孟津区司法局", RLO_NAME), encoding="utf-8")
    db = folder / "xxgk.duckdb"
    ingest([report], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT agency FROM reports").fetchone()[0] == RLO_NAME  # stored as read
    finally:
        con.close()
    return db


def _no_bidi(value: object) -> bool:
    return not re.search("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]", str(value))


def test_a_bidi_override_is_shown_not_obeyed(bidi_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_DB", str(bidi_db))
    monkeypatch.chdir(REPO)
    shown = "孟津区\ufffd司法局"
    at = _run("pages/zero_activity.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert table["机构"].tolist() == [shown]
    report_id = duckdb.connect(str(bidi_db), read_only=True).execute("SELECT report_id FROM reports").fetchone()[0]
    at = _run("pages/report.py", report=report_id)
    assert not at.exception
    assert at.subheader[0].value.startswith(shown)
    assert dict(at.dataframe[0].value.values.tolist())["机构"] == shown
    assert all(_no_bidi(t) for t in _texts(at))
    assert _no_bidi(at.code[0].value)
    at = _run("pages/agency.py")
    assert not at.exception
    options = at.selectbox(key="agency_choice").options
    assert len(options) == 1 and options[0].startswith(shown) and _no_bidi(options[0])
    charts = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]
    assert charts and all(_no_bidi(c) for c in charts)
    assert shown in charts[0]  # the chart's title names the agency
