"""Many uploaded files (a zipped collection) are judged in shared limited children, one after
another, instead of one child each (about a second of start-up a file); a file that stops a shared
child is judged again alone, so every verdict is the one a child of its own would give."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.test_cost_limits import MB, bomb_docx
from xxgk import uploads
from xxgk.sandbox import parse_all_in_children, parse_in_child
from xxgk_demo import write_demo


def _reports(tmp_path: Path, n: int) -> list[Path]:
    write_demo(tmp_path / "demo", reports=n, seed=3)
    return sorted(p for p in (tmp_path / "demo").rglob("*") if p.is_file() and p.name != "manifest.jsonl")


def test_many_files_are_read_by_one_child_with_the_verdicts_of_one_child_each(tmp_path: Path) -> None:
    files = _reports(tmp_path, 12)
    shared = parse_all_in_children(files)
    assert all(v.ok for v in shared), shared
    assert len({v.pid for v in shared}) == 1
    assert shared == [parse_in_child(f) for f in files[:3]] + shared[3:]


def test_a_file_over_the_memory_limit_is_judged_alone_and_the_others_still_pass(tmp_path: Path) -> None:
    files = _reports(tmp_path, 4)
    heavy = tmp_path / "heavy.docx"  # ~400 MB once parsed
    heavy.write_bytes(bomb_docx(15 * MB))
    verdicts = parse_all_in_children(files[:2] + [heavy] + files[2:], memory_bytes=150 * MB)
    assert [v.ok for v in verdicts] == [True, True, False, True, True], verdicts
    assert verdicts[2].exceeded and "150 MB" in verdicts[2].reason
    assert verdicts[2] == parse_in_child(heavy, memory_bytes=150 * MB)


def test_the_time_limit_counts_per_file(tmp_path: Path) -> None:
    files = _reports(tmp_path, 2)
    verdicts = parse_all_in_children(files, seconds=0.001)
    assert [(v.exceeded, "0.001 s" in v.reason) for v in verdicts] == [(True, True), (True, True)]


def test_a_zipped_collection_loads_every_member_after_the_shared_check(tmp_path: Path) -> None:
    files = _reports(tmp_path, 10)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for f in files:
            archive.write(f, f.relative_to(tmp_path / "demo").as_posix())
    result = uploads.accept([("site.zip", buffer.getvalue())], tmp_path / "x.duckdb", tmp_path / "uploads")
    assert len(result.stored) == 10 and not result.rejected, (result.stored, result.rejected)
    assert result.summary is not None and result.summary.loaded == 10
