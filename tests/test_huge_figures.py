"""A figure too long to be stored exactly (more than 15 significant digits: a double holds no more)
is no figure a report prints: its cell is unread, with a warning, and the rest of the report loads.
Before, one such cell in a real page made the whole report fail to load ("parser failed
(OverflowError …)") and a 17-digit one would have been stored rounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from xxgk.load import _init_worker, _work
from xxgk.parse.prose import extract_prose_facts
from xxgk.parse.values import parse_value
from xxgk.pipeline import process

NINES = "9" * 400
LONGEST = "9" * 5000  # more digits than Python turns into an int (4,300) without being told


@pytest.mark.parametrize("raw", [NINES, "12345678901234567", "1234567890.12345678"])
def test_a_too_long_figure_is_no_value(raw):
    assert parse_value(raw) == (None, None)


@pytest.mark.parametrize("raw,value", [("123456789012345", 123456789012345), ("12345.6789", 12345.6789)])
def test_figures_of_fifteen_digits_are_read(raw, value):
    assert parse_value(raw) == (value, None)


def _page(tmp_path: Path, corpus: Path, figure: str) -> Path:
    text = (corpus / "224.html").read_text(encoding="utf-8")
    old = '<p>11</p></td><td width="40"'
    assert old in text
    path = tmp_path / "224.html"
    path.write_text(text.replace(old, f'<p>{figure}</p></td><td width="40"', 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("figure", [NINES, "12345678901234567"])
def test_a_page_with_a_too_long_figure_loads_with_that_cell_unread(figure, corpus_dir, tmp_path):
    path = _page(tmp_path, corpus_dir, figure)
    report = process(path).to_json()
    row = report["tables"]["applications"].get("new_received", {})
    assert "natural_person" not in row, row
    assert report["tables"]["applications"]["granted"], "the rest of the table is read"
    _init_worker(frozenset(), (0, {}))
    status, _, payload = _work(str(path))
    assert status == "ok", payload


@pytest.mark.parametrize("sentence", [f"上报政务信息{NINES}条，采用信息6条。", f"收到政府信息公开申请{NINES}件。",
                                      f"收取信息处理费{NINES}元。", f"收到政府信息公开申请{LONGEST}件。"])
def test_a_too_long_number_in_prose_is_no_fact(sentence):
    facts = extract_prose_facts("一、总体情况\n" + sentence)
    assert all(abs(fact.value) < 1e15 for fact in facts.values()), facts


def test_prose_with_a_too_long_number_loads(tmp_path, corpus_dir):
    text = (corpus_dir / "201t.txt").read_text(encoding="utf-8")
    path = tmp_path / "201t.txt"
    path.write_text(text.replace("收到政府信息公开申请1件", f"收到政府信息公开申请{NINES}件", 1), encoding="utf-8")
    _init_worker(frozenset(), (0, {}))
    status, _, payload = _work(str(path))
    assert status == "ok", payload
    assert all(fact[2] < 1e15 for fact in payload["prose"]), payload["prose"]


def test_a_flattened_run_too_long_for_its_row_is_unread(tmp_path, corpus_dir):
    text = (corpus_dir / "201t.txt").read_text(encoding="utf-8")
    path = tmp_path / "201t.txt"
    path.write_text(text.replace("行政处罚157", f"行政处罚{NINES}", 1), encoding="utf-8")
    report = process(path).to_json()
    assert "penalty" not in report["tables"]["active_disclosure"], report["tables"]["active_disclosure"]
