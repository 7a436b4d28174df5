"""The commands that read an existing database (status, findings, versions) refuse a missing one alike:
exit status 1, one line naming the path and how to load reports, and no database file created."""

from __future__ import annotations

from pathlib import Path

import pytest

from xxgk.cli import main


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["findings"], ["findings", "--all-versions"],
                                  ["versions", "abc"]])
def test_a_missing_database_is_named_and_not_created(args: list[str], tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none" / "xxgk.duckdb"
    assert main([*args, "--db", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"error: no database at {missing}; load reports with `xxgk ingest PATH`\n"
    assert not missing.exists() and not missing.parent.exists()
