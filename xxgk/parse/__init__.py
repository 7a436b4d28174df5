"""From a reader's ``Document`` to a ``Report``: metadata, canonical tables, prose facts.

Everything here is format-blind: it sees the text a reader produced (tables as TAB-separated
lines, or whatever layout the text came in) and nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from typing import Any

from xxgk import codes
from xxgk.errors import ReportError
from xxgk.model import Report, TableReport
from xxgk.normalize import normalize
from xxgk.parse.metadata import read_metadata, read_published
from xxgk.parse.tables import (
    SplitContext,
    detect_template,
    expected_missing,
    find_regions,
    parse_review_table,
    parse_row_table,
)


# A report must mention at least one of these to be taken for one.
_REPORT_WORDS = ("信息公开", "政务公开", "依申请公开", "主动公开")


def parse_document(doc: Any, sha256: str | None = None) -> Report:
    """Parse one document (``xxgk.readers.Document``) into a ``Report``.

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
    _read_prose(report, raw_text)
    _resolve_region(report, text)
    report.published_at = read_published(text, report.year)
    _check(report)
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
    results = {}
    if "active_disclosure" in regions:
        results["active_disclosure"] = parse_row_table(
            "active_disclosure", text, regions["active_disclosure"], codes.active_rows(template), context, False, template
        )
    if "applications" in regions:
        results["applications"] = parse_row_table(
            "applications", text, regions["applications"], codes.application_rows(template), context, True, template
        )
    if "review_litigation" in regions:
        results["review_litigation"] = parse_review_table(text, regions["review_litigation"], context)

    for table, result in results.items():
        report.tables[table] = result.cells
        report.warnings.extend(result.warnings)
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


@functools.cache
def _optional(module: str, *names: str) -> tuple[Any, ...] | None:
    """Functions of a layer that may not be installed yet; looked up once per process (a failed
    import is not cached by Python and would be retried, at a cost, for every report)."""
    try:
        mod = importlib.import_module(module)
        return tuple(getattr(mod, name) for name in names)
    except (ImportError, AttributeError):
        return None


def _read_prose(report: Report, raw_text: str) -> None:
    found = _optional("xxgk.prose", "extract_prose_facts")
    if found is None:  # pragma: no cover - present in every installed build
        return
    (extract_prose_facts,) = found
    report.prose = extract_prose_facts(raw_text)


def _resolve_region(report: Report, text: str) -> None:
    found = _optional("xxgk.regions", "agency_kind", "resolve_region")
    if found is None:  # pragma: no cover
        return
    agency_kind, resolve_region = found
    region, warnings = resolve_region(report.agency or "", text[:3000])
    report.province, report.city, report.district, report.region_code = (
        region.province,
        region.city,
        region.district,
        region.code,
    )
    report.warnings.extend(warnings)
    if report.agency:
        report.agency_kind = agency_kind(report.agency)


def _check(report: Report) -> None:
    found = _optional("xxgk.rules", "check_report")
    if found is None:
        return
    (check_report,) = found
    report.findings.extend(check_report(report))


def parse_file(path: str | os.PathLike[str]) -> Report:
    """Read and parse one file. Raises ``ReportError`` naming the file and the reason."""
    from xxgk.readers import read_document

    doc = read_document(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return parse_document(doc, sha256=digest.hexdigest())
