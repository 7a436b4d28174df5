"""No text makes the parser crash: cut, spliced or garbled reports end in a report or a ReportError."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import pytest

import shared_corpus
from xxgk.errors import ReportError
from xxgk.parse import parse_document

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "reports" / "000_f5110ba79a44df9c.txt"
# the seed, then the corpus's text reports (one placeholder that skips without the corpus)
SOURCES = [pytest.param(SEED, id=SEED.name), *shared_corpus.params("*.txt")]


def _text(source: Path | None) -> str:
    if source is None:
        shared_corpus.require()  # the corpus placeholder: skips
    return source.read_text(encoding="utf-8")


def _parse(text: str):
    try:
        return parse_document(SimpleNamespace(path="x.txt", text=text, format="text", encoding="utf-8", warnings=()))
    except ReportError:
        return None


@pytest.mark.parametrize("source", SOURCES)
def test_cut_and_spliced_texts_never_crash(source: Path | None):
    text = _text(source)
    rng = random.Random(source.name)
    for cut in sorted(rng.sample(range(len(text)), min(40, len(text)))):
        for variant in (text[:cut], text[cut:], text[:cut] + text[cut + 9 :]):
            report = _parse(variant)
            if report is None:
                continue
            for table, rep in report.parsing.items():
                assert rep.cells_read <= rep.cells_expected
                for code in rep.missing:
                    row, col = code.split(".")
                    assert col not in report.tables.get(table, {}).get(row, {})


@pytest.mark.parametrize("source", SOURCES[:3])
def test_digit_soup_never_crashes(source: Path | None):
    text = _text(source)
    rng = random.Random(7)
    for _ in range(3):
        garbled = "".join(str(rng.randint(0, 999)) if ch == "0" else ch for ch in text)
        _parse(garbled)
    _parse(text.replace("\t", ""))
    _parse(text.replace("\n", ""))
    _parse("\t".join(text.split()))


def test_text_that_is_not_a_report_is_refused():
    with pytest.raises(ReportError):
        parse_document(SimpleNamespace(path="empty.txt", text="", format="text", encoding="utf-8", warnings=()))
    with pytest.raises(ReportError):
        parse_document(SimpleNamespace(path="menu.txt", text="今日菜单\n红烧肉 38元", format="text", encoding="utf-8", warnings=()))


def test_a_long_run_of_digits_gives_up_quickly_and_says_so():
    text = "某局2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量" + "1234567" * 6
    report = _parse(text)
    assert report is not None
    assert not report.tables["applications"].get("new_received")
    assert any("new_received" in w for w in report.warnings)
