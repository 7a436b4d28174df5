"""One report through the stages, in order: read → parse → locate → check.

* **read** (``xxgk.readers.read_document``): a file, whatever its format, becomes text with its
  tables as TAB-separated rows;
* **parse** (``xxgk.parse.parse_document``): metadata, template, canonical table cells, prose facts;
* **locate** (``xxgk.regions``): province, city, district and region code from the agency name and
  the start of the text, and the kind of agency;
* **check** (``xxgk.rules.check``): the single-report consistency rules R1–R6, R9, R10.

Everything that turns one file into a checked ``Report`` goes through here: ``xxgk parse``, the
loader's workers (which then **load** it, ``xxgk.load``), the upload sandbox and the tests. The
cross-report rules (R7, R8, R11 and the publication rules) need the database and run at the end of
a load instead.

Layer: may import the stages it runs (readers, parse, regions, rules) and the shared model; never
the database, the loader or the dashboard.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from xxgk import rules
from xxgk.model import Report
from xxgk.normalize import normalize
from xxgk.parse import parse_document
from xxgk.readers import read_document
from xxgk.regions import agency_kind, resolve_region

# How much of the start of a report the region resolver is given (normalised text).
HEAD_CHARS = 3000
# Raw characters read beyond it, so that characters normalisation drops (zero-width spaces, a BOM)
# still leave HEAD_CHARS of normalised text.
_HEAD_SLACK = 256


def process_document(doc: Any, sha256: str | None = None) -> Report:
    """Parse, locate and check one document (``xxgk.readers.Document``).

    Raises ``ReportError`` when the text is not a government information disclosure report.
    """
    report = parse_document(doc, sha256=sha256)
    locate(report)
    return rules.check(report)


def process(path: str | os.PathLike[str]) -> Report:
    """Read, parse, locate and check one file. Raises ``ReportError`` naming the file and the reason."""
    doc = read_document(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return process_document(doc, sha256=digest.hexdigest())


def locate(report: Report) -> Report:
    """The report's region (from its agency name and the start of its text) and kind of agency,
    with the resolver's warnings added to the report's."""
    head = normalize(report.text[: HEAD_CHARS + _HEAD_SLACK])[:HEAD_CHARS]
    region, warnings = resolve_region(report.agency or "", head)
    report.province, report.city, report.district, report.region_code = (
        region.province,
        region.city,
        region.district,
        region.code,
    )
    report.warnings.extend(warnings)
    if report.agency:
        report.agency_kind = agency_kind(report.agency)
    return report
