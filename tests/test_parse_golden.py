"""Golden files: the parser's whole output for the seed and each real-corpus report, compared exactly.

``tests/golden/NNN.json`` holds what the parser owns — metadata, every table cell (value and raw
text), the parsing report and the parser's warnings — without volatile fields (paths, line
numbers, which move when a reader changes its layout) and without what other layers add (prose
facts, region, findings). After a deliberate change, regenerate with

    XXGK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_parse_golden.py

and review the diff like code.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import shared_corpus
from xxgk import codes
from tools.accuracy import corpus_items, default_parse

GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = Path(__file__).resolve().parent.parent / "data" / "reports" / "000_f5110ba79a44df9c.txt"

_PARSER_WARNING = codes.TABLES + ("pre2019", "metadata", "template")
_LINE = re.compile(r"\b(line|lines) \d+")


def golden_view(report) -> dict:
    return {
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "title": report.title,
        "tables": {
            table: {row: {col: [cell.value, cell.raw] for col, cell in cols.items()} for row, cols in rows.items()}
            for table, rows in sorted(report.tables.items())
        },
        "parsing": {
            table: {k: v for k, v in rep.to_json().items() if k not in ("first_line", "last_line")}
            for table, rep in sorted(report.parsing.items())
        },
        "warnings": [_LINE.sub(r"\1 …", w) for w in report.warnings if w.startswith(_PARSER_WARNING)],
    }


def _cases() -> list:
    """The seed, and each corpus report (or, without the corpus, one case that skips saying so)."""
    cases = [pytest.param("000", SEED, id="000")]
    if shared_corpus.available():
        return cases + [pytest.param(path.stem, path, id=path.stem) for path, _ in corpus_items(shared_corpus.CORPUS)]
    return cases + [pytest.param("real-corpus", None, id="real-corpus")]


def _dump(view: dict) -> str:
    """JSON with one table row per line, so that a diff shows the row that changed."""

    def j(x) -> str:
        return json.dumps(x, ensure_ascii=False)

    lines = ["{"]
    for i, (key, value) in enumerate(view.items()):
        comma = "," if i < len(view) - 1 else ""
        if key == "tables":
            lines.append(f' "tables": {{')
            for ti, (table, rows) in enumerate(value.items()):
                lines.append(f"  {j(table)}: {{")
                for ri, (row, cols) in enumerate(rows.items()):
                    lines.append(f"   {j(row)}: {j(cols)}" + ("," if ri < len(rows) - 1 else ""))
                lines.append("  }" + ("," if ti < len(value) - 1 else ""))
            lines.append(" }" + comma)
        elif isinstance(value, dict):
            lines.append(f" {j(key)}: {{")
            for ki, (k, v) in enumerate(value.items()):
                lines.append(f"  {j(k)}: {j(v)}" + ("," if ki < len(value) - 1 else ""))
            lines.append(" }" + comma)
        elif isinstance(value, list):
            lines.append(f" {j(key)}: [")
            for vi, v in enumerate(value):
                lines.append(f"  {j(v)}" + ("," if vi < len(value) - 1 else ""))
            lines.append(" ]" + comma)
        else:
            lines.append(f" {j(key)}: {j(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "path"), _cases())
def test_golden(name: str, path: Path | None):
    if path is None:
        shared_corpus.require()
    got = json.loads(json.dumps(golden_view(default_parse(path)), ensure_ascii=False))
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("XXGK_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(_dump(got), encoding="utf-8")
    if not golden.exists():
        pytest.fail(f"no golden file {golden.name}; run with XXGK_UPDATE_GOLDEN=1 to create it")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
