"""Compare parsed reports with the hand-read figures of the real corpus (``NNN.json`` → ``truth``).

Used by ``scripts/accuracy.py`` (the printed per-file and overall exact-match rates) and by
``tests/test_accuracy.py`` (the ≥ 99.5 % bar, README “Reading real reports”), so both measure the same thing.

A truth key names one canonical cell; where the cell's code depends on the template, the template
is the one the JSON says the report uses (``table_format``). Pre-2019 reports carry the same keys:
their JSON notes map 受理依申请公开信息总数 → applications_new_total and so on. The parser keeps
those figures under the statistics table's own codes (never in the 2019/2021 cells), so for a
pre-2019 report the harness compares each such key with the indicator the notes name
(``PRE2019_TRUTH_CELLS``) — a mapping for comparison only.

A figure whose truth is null is not counted; a figure the parser leaves unread (cell absent, or
blank where a number was printed) counts as a miss.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xxgk.model import Report
from xxgk.pipeline import process

_A, _R, _D = "applications", "review_litigation", "active_disclosure"

# truth key → (table, row, column by template); a column of None means "no such cell" (→ null)
TRUTH_CELLS: dict[str, tuple[str, str, dict[str, str | None]]] = {
    "applications_new_total": (_A, "new_received", {"*": "total"}),
    "applications_new_natural": (_A, "new_received", {"*": "natural_person"}),
    "applications_carried_total": (_A, "carried_over", {"*": "total"}),
    "granted_total": (_A, "granted", {"*": "total"}),
    "partial_total": (_A, "partially_granted", {"*": "total"}),
    "not_held_total": (_A, "unable_not_held", {"*": "total"}),
    "processed_total": (_A, "total_processed", {"*": "total"}),
    "carried_next_total": (_A, "carried_forward", {"*": "total"}),
    "review_total": (_R, "review", {"*": "total"}),
    "review_corrected": (_R, "review", {"*": "corrected"}),
    "litigation_direct_total": (_R, "litigation_direct", {"*": "total"}),
    "litigation_after_review_total": (_R, "litigation_after_review", {"*": "total"}),
    "regulations_made": (_D, "regulations", {"2021": "issued", "2019": "produced", "*": None}),
    "normative_docs_made": (_D, "normative_documents", {"2021": "issued", "2019": "produced", "*": None}),
    "licensing_decisions": (_D, "licensing", {"*": "decisions"}),
    "penalty_decisions": (_D, "penalty", {"*": "decisions"}),
    "fees": (_D, "fees", {"2021": "amount_10k_yuan", "*": None}),
}


# pre-2019 reports: truth key → the statistics-table cell the corpus notes read it from
# ("Truth mapping used: applications_new_total <- 受理依申请公开信息总数 (本年度); …")
_P = "pre2019_statistics"
PRE2019_TRUTH_CELLS: dict[str, tuple[str, str, str]] = {
    "applications_new_total": (_P, "requests_total", "this_year"),
    "granted_total": (_P, "replies_granted", "this_year"),
    "partial_total": (_P, "replies_partial", "this_year"),
    "processed_total": (_P, "replies_total", "this_year"),
    "review_total": (_P, "review", "this_year"),
}


def truth_template(meta: dict[str, Any]) -> str:
    """The template a corpus JSON says its report uses: "2019", "2021" or "pre2019"."""
    fmt = str(meta.get("table_format") or "")
    return "pre2019" if fmt.startswith("pre") else fmt


def cell_path(key: str, template: str) -> tuple[str, str, str] | None:
    if template == "pre2019":
        return PRE2019_TRUTH_CELLS.get(key)
    table, row, by_template = TRUTH_CELLS[key]
    column = by_template.get(template, by_template.get("*"))
    return (table, row, column) if column else None


@dataclass
class Figure:
    key: str
    cell: str | None  # "table.row.column"
    truth: Any
    parsed: Any
    present: bool  # the parser read the cell (it may still be blank)

    @property
    def ok(self) -> bool:
        return same_value(self.truth, self.parsed) and self.present


@dataclass
class FileResult:
    name: str
    complete: bool
    figures: list[Figure] = field(default_factory=list)
    error: str | None = None  # the parser raised
    report: Report | None = None

    @property
    def counted(self) -> list[Figure]:
        return [f for f in self.figures if f.truth is not None]

    @property
    def matched(self) -> int:
        return sum(1 for f in self.counted if f.ok)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def misses(self) -> list[Figure]:
        return [f for f in self.counted if not f.ok]


def same_value(truth: Any, parsed: Any) -> bool:
    if isinstance(truth, bool) or isinstance(parsed, bool):
        return False
    if isinstance(truth, (int, float)) and isinstance(parsed, (int, float)):
        return math.isclose(float(truth), float(parsed), rel_tol=1e-9, abs_tol=1e-9)
    return truth == parsed


def compare(report: Report | None, meta: dict[str, Any]) -> list[Figure]:
    """Every truth figure of ``meta`` next to what ``report`` holds for it (None: nothing read)."""
    template = truth_template(meta)
    out = []
    for key, truth in (meta.get("truth") or {}).items():
        if key not in TRUTH_CELLS:
            continue
        path = cell_path(key, template)
        if path is None:
            out.append(Figure(key, None, truth, None, truth is None))
            continue
        table, row, column = path
        cell = report.tables.get(table, {}).get(row, {}).get(column) if report is not None else None
        out.append(
            Figure(key, ".".join(path), truth, cell.value if cell else None, cell is not None)
        )
    return out


def corpus_items(corpus: Path) -> list[tuple[Path, Path]]:
    """(report file, json) pairs of a corpus folder, in name order."""
    items = []
    for meta_path in sorted(corpus.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        report_name = meta.get("file")
        report_path = corpus / report_name if report_name else None
        if report_path is None or not report_path.exists():
            found = [p for p in corpus.glob(meta_path.stem + ".*") if p.suffix != ".json"]
            report_path = found[0] if found else None
        if report_path is not None:
            items.append((report_path, meta_path))
    return items


def default_parse(path: Path) -> Report:
    """Parse any corpus file, as ``xxgk parse`` would."""
    return process(path)


def evaluate(corpus: Path, parse: Callable[[Path], Report] = default_parse) -> list[FileResult]:
    results = []
    for report_path, meta_path in corpus_items(corpus):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        result = FileResult(report_path.name, bool(meta.get("complete", True)))
        try:
            report = parse(report_path)
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not to raise
            result.error = f"{type(exc).__name__}: {exc}"
            result.figures = compare(None, meta)  # every printed figure counts as missed
        else:
            result.report = report
            result.figures = compare(report, meta)
        results.append(result)
    return results


def rate(results: Iterable[FileResult]) -> tuple[int, int]:
    matched = total = 0
    for r in results:
        matched += r.matched
        total += r.total
    return matched, total


def format_results(results: list[FileResult], verbose: bool = True) -> str:
    lines = []
    for r in results:
        status = "complete" if r.complete else "truncated"
        if r.error:
            lines.append(f"{r.name:10} {status:9}  CRASH  {r.error}")
            continue
        pct = 100.0 * r.matched / r.total if r.total else 100.0
        lines.append(f"{r.name:10} {status:9}  {r.matched:3}/{r.total:<3} {pct:6.1f} %")
        if verbose:
            for f in r.misses:
                shown = "unread" if not f.present else repr(f.parsed)
                lines.append(f"{'':22}miss {f.key} ({f.cell}): truth {f.truth!r}, parsed {shown}")
    for label, subset in (
        ("complete", [r for r in results if r.complete]),
        ("truncated", [r for r in results if not r.complete]),
        ("all", results),
    ):
        m, t = rate(subset)
        pct = 100.0 * m / t if t else 100.0
        lines.append(f"{label + ' reports':20} {m:4}/{t:<4} {pct:6.2f} %")
    return "\n".join(lines)
