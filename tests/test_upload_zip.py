"""Uploading a zip of a collected folder (issue #15): the upload page loads it exactly like
``xxgk ingest DIR`` (source URL and publication date from the manifest, one report per item) and
says per file what was loaded, skipped or refused; a zip that would write outside its folder (a
``..`` or absolute name, a symlink) or that unpacks far beyond its size (a bomb) is refused with a
Chinese reason, writes nothing outside a private folder and leaves the data already loaded intact."""

from __future__ import annotations

import io
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).parent))
from app_support import REPO  # noqa: E402
from app_support import db_rows as _rows  # noqa: E402
from collect_sites import collected  # noqa: E402

from xxgk import archive, uploads
from xxgk.load import ingest

PASSWORD = "zip upload"


@pytest.fixture(scope="module")
def collected_zip(tmp_path_factory):
    """A local site collected into a folder, zipped as a user would (paths relative to the folder)."""
    root = tmp_path_factory.mktemp("zip_site")
    site = collected(root)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted((root / "out").rglob("*")):
            if path.is_file():
                z.write(path, "collected/" + path.relative_to(root / "out").as_posix())
    return site, buffer.getvalue()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("XXGK_DB", str(tmp_path / "xxgk.duckdb"))
    monkeypatch.setattr(uploads, "UPLOAD_DIR", tmp_path / "uploads")
    monkeypatch.chdir(REPO)
    uploads.LOGIN_THROTTLE.forget()
    # the database as `xxgk serve` builds it before the server starts (pages never build it)
    monkeypatch.setenv("XXGK_DEMO", "0")
    from xxgk.bootstrap import prepare_database

    prepare_database(tmp_path / "xxgk.duckdb", io.StringIO())
    yield tmp_path
    uploads.LOGIN_THROTTLE.forget()


def _upload(files: list[tuple[str, bytes]]) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
    at.switch_page("pages/upload.py")
    at.run()
    at.text_input[0].input(PASSWORD)
    at.button[0].click()
    at.run()
    at.file_uploader[0].set_value([(name, data, "application/octet-stream") for name, data in files])
    at.run()
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _outcomes(at: AppTest) -> dict[str, tuple[str, str]]:
    table = next(df.value for df in at.dataframe if "结果" in df.value.columns)
    return {row["文件"]: (row["结果"], row["说明"]) for _, row in table.iterrows()}


def test_a_zipped_collection_loads_like_ingest_dir(env, collected_zip):
    site, data = collected_zip
    at = _upload([("采集结果.zip", data)])
    db = env / "xxgk.duckdb"
    loaded = {url.removeprefix(site.base): (published.isoformat() if published else None, source)
              for url, published, source in _rows(db, "SELECT source_url, published_at, published_from FROM reports "
                                                      "WHERE source_url IS NOT NULL")}
    want = {path: (w["published"], w["source"]) for path, w in site.expected.reports.items()}
    assert loaded == want  # every report once, with its manifest's URL and date; nothing else
    outcomes = _outcomes(at)
    assert sum(result == "已入库" for result, _ in outcomes.values()) == len(want)
    page_only = next(name for name in outcomes if name.endswith("ul/nb/content_3.html"))
    assert outcomes[page_only] == ("跳过", "网页只链接报告附件，以附件为准，网页本身不入库。")
    same = next(name for name in outcomes if name.endswith(Path(site.expected.same_report).name))
    assert outcomes[same] == ("跳过", "与所在网页是同一份报告，只入库一次。")
    manifest = next(name for name in outcomes if name.endswith("manifest.jsonl"))
    assert outcomes[manifest][0] == "跳过"
    assert all(name.startswith("采集结果.zip/collected/") for name in outcomes)
    assert {m.label: m.value for m in at.metric}["已入库"] == str(len(want))
    # R12 over the uploaded reports: the undated one is 无法核对
    r12 = _rows(db, "SELECT r.source_url, f.severity FROM findings f JOIN reports r USING (report_id) WHERE f.rule = 'R12'")
    assert (site.base + "/att/files/nodate.docx", "unchecked") in r12
    # the same zip again: nothing new, every report said to be there already
    count = _rows(db, "SELECT count(*) FROM reports")
    again = _outcomes(_upload([("采集结果.zip", data)]))
    assert sum(result == "已入库" for result, _ in again.values()) == 0
    assert sum(result == "跳过" and why.startswith("与已入库的报告相同") for result, why in again.values()) == len(want)
    assert _rows(db, "SELECT count(*) FROM reports") == count


def _zip(members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buffer.getvalue()


def _symlink(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("collected/report.txt", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(200):
                member.write(block)
    return buffer.getvalue()


@pytest.mark.parametrize("name,members,word", [
    ("traversal.zip", [("collected/ok.txt", b"x"), ("../../escaped.txt", b"evil")], "上级目录"),
    ("absolute.zip", [("/tmp/escaped_abs.txt", b"evil")], "绝对路径"),
    ("windows.zip", [("..\\..\\escaped_win.txt", b"evil")], "上级目录"),
    ("link.zip", [(_symlink("collected/link", "/etc/passwd"), b"/etc/passwd")], "链接"),
])
def test_a_zip_that_would_write_outside_is_refused_and_the_data_stays(env, seed_path, name, members, word):
    db = env / "xxgk.duckdb"
    ingest([str(seed_path)], db, workers=1)  # already there: xxgk serve built the database from data/reports
    assert _rows(db, "SELECT count(*) FROM reports") == [(1,)]
    before = _rows(db, "SELECT report_id FROM reports")
    at = _upload([(name, _zip(members))])
    errors = [e.value.replace("\u2060", "").replace("\\", "") for e in at.error]
    assert any(e.startswith(name) and word in e and "已拒绝" in e for e in errors), errors
    assert _outcomes(at)[name][0] == "拒绝"
    assert _rows(db, "SELECT report_id FROM reports") == before
    assert not list(env.rglob("escaped*")) and not list(env.parent.glob("escaped*"))
    assert not (Path("/tmp") / "escaped_abs.txt").exists()
    leftover = [p for p in (env / "uploads").rglob("*") if p.is_dir() and not p.name.isalnum()]
    assert leftover == [], leftover  # no unpacked or temporary folder is left behind


def test_a_zip_bomb_is_refused_before_it_fills_the_disk(env, seed_path):
    db = env / "xxgk.duckdb"
    ingest([str(seed_path)], db, workers=1)
    before = _rows(db, "SELECT report_id FROM reports")
    at = _upload([("bomb.zip", _bomb())])
    errors = [e.value.replace("\u2060", "").replace("\\", "") for e in at.error]
    assert any(e.startswith("bomb") and "压缩炸弹" in e for e in errors), errors
    assert _rows(db, "SELECT report_id FROM reports") == before
    written = sum(p.stat().st_size for p in (env / "uploads").rglob("*") if p.is_file())
    assert written < 5 * 2**20  # the zip itself at most, never its 200 MB


def test_member_count_and_total_size_limits(tmp_path):
    many = _zip([(f"f{n}.txt", b"x") for n in range(11)])
    with pytest.raises(archive.ArchiveRefused) as refused:
        archive.unpack(many, tmp_path, max_members=10)
    assert "11" in refused.value.reason_zh and "10" in refused.value.reason_zh
    big = _zip([(f"f{n}.txt", bytes(range(256)) * 400) for n in range(3)])
    with pytest.raises(archive.ArchiveRefused) as refused:
        archive.unpack(big, tmp_path, max_bytes=200_000)
    assert "上限" in refused.value.reason_zh
    assert list(tmp_path.iterdir()) == []  # the private folder is removed with the refusal


def test_gbk_member_names_are_read_as_chinese(tmp_path):
    """A Windows zip tool writes names in GBK without the UTF-8 flag: they unpack as Chinese."""
    gbk = "年报一.txt".encode("gbk")
    assert len(gbk) == len(b"abcdef.txt")
    raw = _zip([("abcdef.txt", b"report")]).replace(b"abcdef.txt", gbk)
    folder = archive.unpack(raw, tmp_path)
    assert [p.name for p in folder.iterdir()] == ["年报一.txt"]
    assert folder.parent == tmp_path and stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_manifest_path_outside_its_folder_is_ignored(tmp_path):
    """A hostile manifest (in an uploaded zip) naming ``../outside.html`` never makes the loader read
    that file: the record is ignored and the attachment it would have hidden is loaded."""
    import json

    from xxgk.collect.meta import manifest_files

    (tmp_path / "outside.html").write_text("收到和处理政府信息公开申请情况 主动公开政府信息情况", encoding="utf-8")
    folder = tmp_path / "collected"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"PK\x03\x04 stand-in")
    records = [
        dict(url="http://x.gov.cn/p.html", path="../outside.html", outcome="saved", content_type="text/html", sha256="1"),
        dict(url="http://x.gov.cn/a.docx", path="a.docx", outcome="saved", attachment_of="http://x.gov.cn/p.html", sha256="2"),
    ]
    (folder / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    keep, found = manifest_files([str(folder / "a.docx")])
    assert keep == [str(folder / "a.docx")] and [m["source_url"] for m in found] == ["http://x.gov.cn/a.docx"]
