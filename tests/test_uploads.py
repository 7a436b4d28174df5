"""Uploads: refused types and sizes, content-addressed storage, hostile names, and loading."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from xxgk.uploads import MAX_UPLOAD_BYTES, accept, check, display_name, password_ok, store


@pytest.mark.parametrize(
    "name,shown",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("/abs/path/报告 2022.txt", "报告_2022.txt"),
        ("<script>alert(1)</script>.html", "script_.html"),
        ("...", "upload"),
    ],
)
def test_display_names_carry_no_folders(name: str, shown: str) -> None:
    assert display_name(name) == shown


def test_path_traversal_names_cannot_write_outside_the_store(tmp_path: Path) -> None:
    root = tmp_path / "uploads"
    path = store(b"report", "../../../../outside.txt", root)
    assert path.resolve().is_relative_to(root.resolve())
    assert path.name.endswith(".txt") and len(path.stem) == 64
    assert not (tmp_path / "outside.txt").exists()
    assert store(b"report", "other-name.txt", root) == path  # same content, same place


def test_refusals_say_why_in_chinese() -> None:
    assert check(b"x", "a.exe") == "a.exe：不支持的文件类型（.exe），只接受 .txt、.md、.html、.htm、.docx、.pdf、.doc、.wps、.rtf、.xlsx、.xls、.et、.png、.jpg、.jpeg、.tif、.tiff、.zip。"
    assert check(b"", "a.txt") == "a.txt：文件为空。"
    assert check(b"0" * (MAX_UPLOAD_BYTES + 1), "big.pdf") == "big.pdf：文件大小 50.0 MB，超过 50 MB 的上限。"
    assert check(b"x", "ok.docx") is None


def test_accept_loads_good_files_and_names_bad_ones(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    result = accept(
        [("孟津.txt", seed_path.read_bytes()), ("evil.sh", b"rm -rf /"), ("noise.txt", b"\x00\x01\x02" * 100)],
        db,
        root=tmp_path / "uploads",
    )
    assert result.rejected == [("evil.sh", "evil.sh：不支持的文件类型（.sh），只接受 .txt、.md、.html、.htm、.docx、.pdf、.doc、.wps、.rtf、.xlsx、.xls、.et、.png、.jpg、.jpeg、.tif、.tiff、.zip。")]
    assert result.summary is not None and result.summary.loaded == 1
    assert len(result.summary.failed) == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT agency FROM reports").fetchall() == [("孟津区司法局",)]
    con.close()


def test_the_page_is_off_without_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_ADMIN_PASSWORD", raising=False)
    assert password_ok("anything") is False
    monkeypatch.setenv("XXGK_ADMIN_PASSWORD", "s3cret")
    assert password_ok("s3cret") is True
    assert password_ok("s3cre") is False
