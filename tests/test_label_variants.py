"""A label written with a variant word reads as the template's label: "其它" for "其他" (other),
common in real reports, names the same rows."""

from __future__ import annotations

from pathlib import Path

from xxgk.pipeline import process

ROWS = (("applications", "denied_law_prohibited"), ("applications", "other_other"))


def _rows(path: Path) -> dict:
    tables = process(path).to_json()["tables"]
    return {(table, row): tables[table].get(row) for table, row in ROWS}


def test_qita_written_as_other_variant_reads_the_same_rows(seed_path: Path, tmp_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    assert text.count("其他") >= 3
    variant = tmp_path / "qita.txt"
    variant.write_text(text.replace("其他", "其它"), encoding="utf-8")
    expected = _rows(seed_path)
    assert all(expected.values()), expected  # the seed reads every one of these rows
    assert _rows(variant) == expected
    # the column 其他 (other organisations) and every other cell too
    assert process(variant).to_json()["tables"] == process(seed_path).to_json()["tables"]
