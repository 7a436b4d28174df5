"""The parse stage: from a reader's ``Document`` to a ``Report`` — metadata, canonical tables,
prose facts, publication date.

Everything here is format-blind: it sees the text a reader produced (tables as TAB-separated
lines, or whatever layout the text came in) and nothing else. Where the agency is (``xxgk.regions``)
and whether its figures add up (``xxgk.rules``) are the next stages, run by ``xxgk.pipeline``.

Layer: may import the shared model and vocabulary (``xxgk.model``, ``xxgk.codes``,
``xxgk.normalize``, ``xxgk.errors``) and its own modules; never the readers, the regions, the
rules, the database or the dashboard.
"""

from __future__ import annotations

import hashlib
from typing import Any

from xxgk import codes
from xxgk.errors import ReportError
from xxgk.model import Report, TableReport
from xxgk.normalize import normalize
from xxgk.parse.prose import extract_prose_facts
from xxgk.parse.metadata import read_metadata, read_published
from xxgk.parse.pre2019 import TABLE as PRE2019_TABLE
from xxgk.parse.review_table import parse_review_table
from xxgk.parse.row_tables import parse_row_tables
from xxgk.parse.split_evidence import SplitContext
from xxgk.parse.table_regions import find_regions
from xxgk.parse.templates import detect_template, expected_missing


# A report must mention at least one of these to be taken for one.
_REPORT_WORDS = ("信息公开", "政务公开", "依申请公开", "主动公开")

# ... and have at least one of an agency, a year and a table (truncated pages and pre-2019 layouts
# have at least one); minutes or a notice that only mention 信息公开 have none.
NOT_A_REPORT = "not a government information disclosure annual report (no agency, no year and no disclosure table found)"
NOT_A_REPORT_ZH = "不是政府信息公开年度报告：未找到机构名称、报告年度和信息公开统计表格。"


def parse_document(doc: Any, sha256: str | None = None) -> Report:
    """Parse one document (``xxgk.readers.Document``) into a ``Report``: no region, no findings
    yet (``xxgk.pipeline.process_document`` adds them).

    Raises ``ReportError`` when the text is not a government information disclosure report.
    """
    raw_text: str = doc.text
    text = normalize(raw_text)
    # ``text`` is normalised already; split/join drops the same whitespace as re's \s (both use
    # str.isspace) at a third of the cost
    squeezed = "".join(text[:200_000].split())
    if not any(word in squeezed for word in _REPORT_WORDS):
        raise ReportError(doc.path, "not a government information disclosure report (no 信息公开 wording found)")

    report = Report(
        path=str(doc.path),
        sha256=sha256 or hashlib.sha256(raw_text.encode("utf-8")).hexdigest(),
        format=doc.format,
        text=raw_text,
        encoding=getattr(doc, "encoding", None),
        ocr=getattr(doc, "ocr", False),
        producer=getattr(doc, "producer", None),
    )
    report.warnings.extend(getattr(doc, "warnings", ()))

    meta = read_metadata(text)
    report.title, report.agency, report.year = meta.title, meta.agency, meta.year
    report.warnings.extend(meta.warnings)

    template, warning = detect_template(squeezed, meta.year)
    report.template = template
    if warning:
        report.warnings.append(warning)

    _read_tables(report, text)
    if not (report.agency or report.year is not None or any(rep.found for rep in report.parsing.values())):
        raise ReportError(doc.path, NOT_A_REPORT, NOT_A_REPORT_ZH)
    _read_prose(report, raw_text)
    report.published_at = read_published(text, report.year)
    return report


def _prose(text: str, regions: dict[str, Any]) -> str:
    """The text outside the table regions: where a report states figures in words."""
    spans = sorted((r.start, r.end) for r in regions.values())
    outside, pos = [], 0
    for start, end in spans:
        outside.append(text[pos:start])
        pos = max(pos, end)
    outside.append(text[pos:])
    return "\n".join(outside)


def _read_tables(report: Report, text: str) -> None:
    template = report.template
    if template not in ("2019", "2021"):
        if template == "pre2019":
            from xxgk.parse import pre2019

            pre2019.read(report, text)
        return
    regions = find_regions(text)
    context = SplitContext(prose=_prose(text, regions))
    results = parse_row_tables(text, regions, template, context)
    if "review_litigation" in regions:
        results["review_litigation"] = parse_review_table(text, regions["review_litigation"], context)

    for table, result in results.items():
        report.tables[table] = result.cells
        report.warnings.extend(result.warnings)
    if report.ocr:
        from xxgk.parse.ocr_check import verify_ocr

        report.warnings.extend(verify_ocr(report))
    missing = expected_missing(template, report.tables)
    expected_cells = codes.expected_cells(template)
    for table in codes.TABLES:
        expected = sum(len(cols) for cols in expected_cells[table].values())
        result = results.get(table)
        rep = result.report if result else TableReport(found=False)
        rep.cells_expected = expected
        rep.missing = missing[table]
        rep.cells_read = expected - len(rep.missing)
        rep.truncated = rep.truncated and bool(rep.missing)  # a text may end with a complete table
        rep.ocr = report.ocr and rep.found
        report.parsing[table] = rep
        if rep.truncated:
            report.warnings.append(
                f"{table}: the text stops inside this table (after line {rep.last_line}); the report looks "
                "cut short, so the cells after the cut and the tables after it are missing"
            )
        if not rep.found:
            report.warnings.append(f"{table}: table not found; all {expected} cells missing")
        elif rep.missing:
            shown = ", ".join(rep.missing[:6]) + (" …" if len(rep.missing) > 6 else "")
            report.warnings.append(f"{table}: {len(rep.missing)} of {expected} cells not read ({shown})")


def _read_prose(report: Report, raw_text: str) -> None:
    report.prose = extract_prose_facts(raw_text)


def load_problems(report: Report) -> list[str]:
    """What a report that loads lacks: its agency, its year, the tables of its template (the
    statistics table for a pre-2019 layout, else the three national tables). Empty when complete.

    ``queries/reports_with_problems.sql`` lists the same for the dashboard, from the database.
    """
    problems = []
    if not report.agency:
        problems.append("agency not recognised")
    if report.year is None:
        problems.append("year not recognised")
    expected = (PRE2019_TABLE,) if report.template == "pre2019" else codes.TABLES
    missing = [table for table in expected if not (table in report.parsing and report.parsing[table].found)]
    if missing:
        problems.append("tables not found: " + ", ".join(missing))
    return problems

