"""Every cell of the seed report: the bar is every cell of the seed exact."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import shared_corpus
from xxgk import codes
from xxgk.model import is_number
from xxgk.parse import parse_document

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "000_f5110ba79a44df9c.txt"


def _parse(path: Path):
    text = path.read_text(encoding="utf-8")
    return parse_document(SimpleNamespace(path=str(path), text=text, format="text", encoding="utf-8", warnings=()))


@pytest.fixture(scope="module")
def seed():
    return _parse(SEED)


def test_seed_metadata(seed):
    assert seed.agency == "孟津区司法局"
    assert seed.year == 2022
    assert seed.template == "2021"
    assert seed.title == "孟津区司法局2022年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("table", "count"), [("active_disclosure", 10), ("applications", 175), ("review_litigation", 15)]
)
def test_every_cell_of_the_seed_is_an_integer_zero(seed, table, count):
    expected = codes.expected_cells("2021")[table]
    cells = seed.tables[table]
    assert {row: tuple(cols) for row, cols in cells.items()} == {row: tuple(cols) for row, cols in expected.items()}
    values = [cell.value for cols in cells.values() for cell in cols.values()]
    assert len(values) == count
    assert all(is_number(v) and type(v) is int and v == 0 for v in values)
    rep = seed.parsing[table]
    assert rep.found and rep.missing == [] and rep.cells_read == rep.cells_expected == count
    assert not rep.truncated


def test_seed_cells_keep_raw_text_and_line(seed):
    cell = seed.tables["applications"]["new_received"]["total"]
    assert cell.raw == "0"
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert "一、本年新收政府信息公开申请数量" in lines[cell.line - 1]
    fees = seed.tables["active_disclosure"]["fees"]["amount_10k_yuan"]
    assert "行政事业性收费" in lines[fees.line - 1]


def test_the_three_warnings_about_the_seeds_oddities(seed):
    parser_warnings = [w for w in seed.warnings if w.startswith(codes.TABLES + ("metadata", "template"))]
    assert len(parser_warnings) == 3, parser_warnings
    total, carried, other = parser_warnings
    # rows (七)总计 and 四、结转 have eight cells for seven columns
    assert total.startswith("applications.total_processed: 8 cells for 7 columns") and "aligned from the right" in total
    assert carried.startswith("applications.carried_forward: 8 cells for 7 columns")
    # row 3.其他 lost its leading cells: its label sits in the first cell, not the third
    assert other.startswith("applications.other_other: label in cell 1") and "cell 3" in other


def test_shared_seed_is_the_same_report():
    assert shared_corpus.shared(f"seed/{SEED.name}").read_bytes() == SEED.read_bytes()


def test_seed_json_contract(seed):
    data = seed.to_json()
    assert data["template"] == "2021"
    assert data["tables"]["applications"]["total_processed"]["total"] == 0
    assert data["tables"]["review_litigation"]["litigation_after_review"]["total"] == 0
    assert data["parsing"]["applications"]["confidence"] == 1.0
