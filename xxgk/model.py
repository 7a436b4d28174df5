"""The parsed report: what every layer after the parser sees, whatever the input format was.

A cell value is a number (``int`` or ``float``), ``None`` for a blank cell, or the raw mark text
("/", "—", "无"). Blank, zero and a mark are different facts and stay different to the screen.

Layer: base — imports nothing of xxgk; every other layer may import it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Union

Value = Union[int, float, str, None]


def is_number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class Cell:
    """One table cell as read: its value, the raw text it came from and where."""

    value: Value
    raw: str
    line: int | None = None  # 1-based line of the reader's text where the row was read


@dataclass(frozen=True)
class Finding:
    """A fact about a report found by a consistency rule (R1–R13: README, “Consistency findings”)."""

    rule: str
    severity: str  # "error" | "warning" | "info" | "unchecked"
    message: str  # Chinese, for the screen
    cells: tuple[str, ...] = ()  # "applications.new_received.total"

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "cells": list(self.cells)}


@dataclass
class TableReport:
    """Where one table was found and how sure the parser is of it."""

    found: bool
    first_line: int | None = None
    last_line: int | None = None
    layout: str | None = None  # "cells" (separated cells) | "flattened" (digits run together)
    cells_read: int = 0
    cells_expected: int = 0
    missing: list[str] = field(default_factory=list)  # "row.column" codes not read
    truncated: bool = False  # the text stops inside this table (a page saved cut short)
    ocr: bool = False  # read from images by OCR: only figures its arithmetic confirms are kept

    @property
    def confidence(self) -> float:
        if not self.cells_expected:
            return 0.0
        return round(self.cells_read / self.cells_expected, 3)

    def to_json(self) -> dict[str, Any]:
        data = dict(vars(self))  # all fields are plain values; asdict's deep copy is slow per report
        data["missing"] = list(self.missing)
        data["confidence"] = self.confidence
        if not self.ocr:  # only a table read by OCR says so: the JSON of every other report stays as it was
            del data["ocr"]
        return data


@dataclass
class Report:
    path: str
    sha256: str
    format: str
    text: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    region_code: str | None = None
    agency_kind: str | None = None
    title: str | None = None
    tables: dict[str, dict[str, dict[str, Cell]]] = field(default_factory=dict)
    prose: dict[str, Any] = field(default_factory=dict)  # code → ProseFact
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parsing: dict[str, TableReport] = field(default_factory=dict)
    synthetic: bool = False
    encoding: str | None = None
    published_at: str | None = None  # ISO date the report states it was published (发布日期), if any
    ocr: bool = False  # some of the text was read from images by OCR
    producer: str | None = None  # the program that wrote the file (a PDF's Producer, a Word file's application)

    def value(self, table: str, row: str, column: str) -> Value:
        cell = self.tables.get(table, {}).get(row, {}).get(column)
        return cell.value if cell else None

    def has_cell(self, table: str, row: str, column: str) -> bool:
        return column in self.tables.get(table, {}).get(row, {})

    def to_json(self) -> dict[str, Any]:
        """The contract of ``xxgk parse --json``, in the codes of ``xxgk.codes`` (README, “The command
        line” and “A report, in codes”)."""
        return {
            "source": {"path": self.path, "sha256": self.sha256, "format": self.format},
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "region": {
                "province": self.province,
                "city": self.city,
                "district": self.district,
                "code": self.region_code,
            },
            "agency_kind": self.agency_kind,
            "synthetic": self.synthetic,
            "published_at": self.published_at,
            "tables": {
                table: {row: {col: cell.value for col, cell in cols.items()} for row, cols in rows.items()}
                for table, rows in self.tables.items()
            },
            "prose": {code: _fact_value(fact) for code, fact in self.prose.items()},
            "prose_sentences": {code: getattr(fact, "sentence", None) for code, fact in self.prose.items()},
            "findings": [f.to_json() for f in self.findings],
            "warnings": list(self.warnings),
            "parsing": {table: rep.to_json() for table, rep in self.parsing.items()},
        }


def _fact_value(fact: Any) -> Any:
    return getattr(fact, "value", fact)
