"""A file that is not a report is refused, naming it; a report loaded with problems is named.

Meeting minutes that mention 信息公开 but have no agency, no year and no table of either template
are not a report: parsing refuses them with a reason in English and in Chinese, ``ingest`` counts
them as failed and loads the rest of the batch. A report that loads with something missing (no
year, no agency, a table not found) loads and is listed, by ``ingest`` and on the 数据质量 page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from xxgk.errors import ReportError
from xxgk.load import ingest
from xxgk import parse
from xxgk.pipeline import process
from tools.accuracy import corpus_items
from xxgk.uploads import accept

REPO = Path(__file__).resolve().parents[1]

MINUTES = "关于政务公开工作的会议纪要\n" + "这是一份会议纪要，会议讨论了信息公开相关工作安排。\n" * 40


def _minutes(folder: Path) -> Path:
    path = folder / "minutes.txt"
    path.write_text(MINUTES, encoding="utf-8")
    return path


def _without_year(seed_path: Path, folder: Path) -> Path:
    """The seed report with every year removed from its text: a report, but of no known year."""
    text = re.sub(r"20(21|22|23)年度?", "", seed_path.read_text(encoding="utf-8"))
    path = folder / "no_year.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_minutes_are_refused_with_a_reason_in_english_and_chinese(tmp_path: Path) -> None:
    path = _minutes(tmp_path)
    with pytest.raises(ReportError) as caught:
        process(path)
    assert str(path) in str(caught.value)
    assert "not a government information disclosure annual report" in str(caught.value)
    assert caught.value.reason_zh.startswith("不是政府信息公开年度报告：")


def test_parse_on_the_command_line_refuses_minutes_naming_the_file(tmp_path: Path) -> None:
    path = _minutes(tmp_path)
    done = subprocess.run([sys.executable, "-m", "xxgk.cli", "parse", str(path)], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1
    assert str(path) in done.stderr and "not a government information disclosure annual report" in done.stderr
    assert done.stdout == ""


def test_ingest_refuses_minutes_and_loads_the_rest(tmp_path: Path, seed_path: Path) -> None:
    minutes, no_year = _minutes(tmp_path), _without_year(seed_path, tmp_path)
    db = tmp_path / "x.duckdb"
    summary = ingest([minutes, seed_path, no_year], db, workers=1)
    assert summary.loaded == 2
    assert [path for path, _ in summary.failed] == [str(minutes)]
    assert summary.failed_zh[str(minutes)].startswith("不是政府信息公开年度报告：")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM reports WHERE path = ?", [str(minutes)]).fetchall() == [(0,)]
        assert con.execute("SELECT path FROM load_errors").fetchall() == [(str(minutes),)]
        assert sorted(p for (p,) in con.execute("SELECT path FROM reports").fetchall()) == sorted(
            [str(seed_path), str(no_year)]
        )
    finally:
        con.close()


def test_ingest_names_the_reports_loaded_with_problems(tmp_path: Path, seed_path: Path) -> None:
    minutes, no_year = _minutes(tmp_path), _without_year(seed_path, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "xxgk.cli", "ingest", str(seed_path), str(no_year), str(minutes), "--db", str(tmp_path / "x.duckdb")],
        capture_output=True, text=True, cwd=REPO,
    )
    assert done.returncode == 1  # a file failed
    lines = done.stdout.splitlines()
    assert f"failed: {minutes}: not a government information disclosure annual report (no agency, no year and no disclosure table found)" in lines
    assert f"loaded with problems: {no_year}: year not recognised" in lines
    assert not any(str(seed_path) in line for line in lines), lines  # the complete seed has no problem


def test_a_truncated_real_report_loads_and_says_which_tables_are_missing(corpus_dir: Path, tmp_path: Path) -> None:
    truncated = corpus_dir / "013.txt"  # the text stops inside table 2
    summary = ingest([truncated], tmp_path / "x.duckdb", workers=1)
    assert summary.loaded == 1 and not summary.failed
    assert summary.problems == [(str(truncated), ["tables not found: applications, review_litigation"])]


def test_every_real_report_loads_none_is_refused(corpus_dir: Path) -> None:
    """Truncated pages, pre-2019 layouts, web pages: each has at least one of the three signals."""
    items = corpus_items(corpus_dir)
    assert len(items) >= 39
    for path, _ in items:
        report = process(path)  # raises ReportError if refused
        assert report.agency and report.year, path
        assert "agency not recognised" not in parse.load_problems(report)


def test_ingest_and_the_data_quality_list_name_the_same_reports(corpus_dir: Path, tmp_path: Path) -> None:
    from xxgk.metrics import run_query

    db = tmp_path / "x.duckdb"
    summary = ingest([corpus_dir], db, workers=1)
    assert summary.loaded == len(corpus_items(corpus_dir)) and not summary.failed
    assert len(summary.problems) >= 6  # the truncated pages at least
    con = duckdb.connect(str(db), read_only=True)
    try:
        listed = run_query(con, "reports_with_problems", {
            "province": None, "city": None, "district": None, "year_from": None, "year_to": None, "kind": None,
            "all_rows": True})
    finally:
        con.close()
    assert dict(zip(listed["path"], listed["problems"].str.count("；") + 1)) == {
        path: len(problems) for path, problems in summary.problems
    }


def test_the_upload_page_result_carries_the_chinese_reason(tmp_path: Path, seed_path: Path) -> None:
    result = accept([("纪要.txt", MINUTES.encode("utf-8")), ("孟津.txt", seed_path.read_bytes())], tmp_path / "x.duckdb",
                    root=tmp_path / "uploads")
    assert result.summary is not None and result.summary.loaded == 1
    [(path, _)] = result.summary.failed
    assert result.summary.failed_zh[path] == "不是政府信息公开年度报告：未找到机构名称、报告年度和信息公开统计表格。"


def test_the_data_quality_page_lists_the_reports_loaded_with_problems(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_year = _without_year(seed_path, tmp_path)
    db = tmp_path / "x.duckdb"
    assert ingest([seed_path, no_year], db, workers=1).loaded == 2
    monkeypatch.setenv("XXGK_DB", str(db))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/data_quality.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "入库时有缺项的报告" in [s.value for s in at.subheader]
    frames = [df.value for df in at.dataframe if "缺项" in df.value.columns]
    assert len(frames) == 1, [list(df.value.columns) for df in at.dataframe]
    listed = frames[0]
    assert listed["缺项"].tolist() == ["未识别年度"]
    assert listed["文件"].tolist() == [str(no_year)]
