#!/usr/bin/env python3
"""Cost of reading one report per input format, on one core, and whether issue #14's targets hold.

    python benchmarks/formats.py [--corpus DIR] [--repeats N] [--format FMT ...] [--ocr-reports N]
                                 [--json FILE]

For every department report of the real corpus, in each format ``tools/cells.py`` makes from it (the
HTML page, the crawler text, LibreOffice DOCX, Word 97 and RTF, LibreOffice PDF, Chromium PDF, and
the scan read by OCR), times in this one process:

- ``bytes``: plainly reading the file's bytes, the floor;
- ``read``: the reader alone (``xxgk.readers.read_bytes`` on the bytes);
- ``read+parse``: the reader and the parser (``xxgk.parse.parse_document``), the product's cost;
- for the PDFs, ``pdftotext -layout`` on the same file as a whole process, the yardstick of #14;
- for Word 97 and RTF, which the product converts to DOCX with LibreOffice: ``read+parse`` is
  our part alone (this process's CPU) and ``LibreOffice conversion`` the soffice process's CPU,
  measured in the same calls.

Figures are CPU milliseconds per report (this process's own time; a subprocess's own time for the
rows that are one), median and p95 over reports × repeats, reports per second on one core
(1000 / CPU median), wall times beside them (which other load on the machine inflates), and each
row's ratio to ``bytes`` and, for the PDFs, to ``pdftotext -layout``, all from this run. Word 97,
RTF and OCR run LibreOffice or Tesseract for seconds a report, so they are timed once a report;
OCR is a separate section, per page, on the first ``--ocr-reports`` reports (default 2; 0 skips).
The targets of #14 are checked at the end: read+parse of HTML ≤ 10 ms, of DOCX ≤ 20 ms, of a PDF
≤ 2 × ``pdftotext -layout`` (medians). ``--json`` saves the numbers.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.cells import FORMATS, ToolMissing, cell_items, source_file  # noqa: E402
from xxgk.parse import parse_document, table_memo  # noqa: E402
from xxgk.readers import read_bytes  # noqa: E402

SLOW = ("doc-lo", "rtf-lo", "ocr")  # a subprocess of seconds per report: timed once
CONVERTED = ("doc-lo", "rtf-lo")  # the product converts these with LibreOffice first
CONVERSION = "LibreOffice conversion"
PDFTOTEXT = "pdftotext -layout"
# issue #14: read+parse CPU median in ms, or a multiple of pdftotext -layout's
TARGET_MS = {"html": 10.0, "docx-lo": 20.0}
TARGET_PDFTOTEXT = 2.0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _stats(runs: list[dict]) -> dict:
    cpu = [r["cpu"] for r in runs]
    wall = [r["wall"] for r in runs]
    median = statistics.median(cpu)
    return {"median_ms": round(median, 2), "p95_ms": round(_p95(cpu), 2),
            "reports_per_s": round(1000.0 / median, 3) if median else None,
            "wall_median_ms": round(statistics.median(wall), 2), "wall_p95_ms": round(_p95(wall), 2),
            "n": len(runs)}


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (a subprocess's own time)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _run(fn) -> dict:
    """One call: wall ms, this process's CPU ms, its children's CPU ms."""
    (me, kids), start = _cpu(), time.perf_counter()
    fn()
    wall = (time.perf_counter() - start) * 1000.0
    me2, kids2 = _cpu()
    return {"wall": wall, "self": (me2 - me) * 1000.0, "children": (kids2 - kids) * 1000.0}


def _as(run: dict, part: str) -> dict:
    """A run counted as ``part``'s CPU ("self", "children", or "all")."""
    cpu = run["self"] + run["children"] if part == "all" else run[part]
    return {"cpu": cpu, "wall": run["wall"]}


def _pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _files(corpus: Path, fmt: str, limit: int | None = None) -> list[Path]:
    out = []
    for name, _meta in cell_items(corpus):
        try:
            out.append(source_file(corpus, name, fmt))
        except (ToolMissing, FileNotFoundError):
            continue
    return out[:limit] if limit is not None else out


def measure_format(files: list[Path], fmt: str, repeats: int) -> dict:
    """The rows of one format: what → list of {"cpu", "wall"} per report and repeat."""
    pdftotext = shutil.which("pdftotext") if fmt.startswith("pdf") else None
    rows: dict[str, list[dict]] = {"bytes": [], "read": [], "read+parse": []}
    if fmt in CONVERTED:
        rows = {"bytes": [], "read+parse": [], CONVERSION: []}
    if pdftotext:
        rows[PDFTOTEXT] = []
    for path in files:
        data = path.read_bytes()
        if fmt not in SLOW:
            read_bytes(data, path.name)  # warm: imports and first-use caches are not the per-report cost
        for _ in range(repeats):
            rows["bytes"].append(_as(_run(path.read_bytes), "self"))
            if fmt in CONVERTED:  # one call: our CPU and soffice's, apart
                table_memo.forget()
                run = _run(lambda: parse_document(read_bytes(data, path.name)))
                rows["read+parse"].append(_as(run, "self"))
                rows[CONVERSION].append(_as(run, "children"))
                continue
            rows["read"].append(_as(_run(lambda: read_bytes(data, path.name)), "all"))
            # the same report again would find its tables' readings kept (a load of other reports
            # finds them only where their tables print the same text): each repeat reads them again
            table_memo.forget()
            rows["read+parse"].append(_as(_run(lambda: parse_document(read_bytes(data, path.name))), "all"))
            if pdftotext:
                command = [pdftotext, "-layout", str(path), "-"]
                rows[PDFTOTEXT].append(_as(_run(lambda: subprocess.run(command, check=True, capture_output=True)),
                                           "children"))
    return rows


def measure_ocr(files: list[Path]) -> dict:
    """Scans read by OCR, once each: CPU per page (ours and Tesseract's together) and per report."""
    per_page, per_report = [], []
    for path in files:
        data, pages = path.read_bytes(), _pages(path)
        run = _run(lambda: parse_document(read_bytes(data, path.name)))
        cpu = run["self"] + run["children"]
        per_report.append({"cpu": cpu, "wall": run["wall"]})
        per_page += [{"cpu": cpu / pages, "wall": run["wall"] / pages}] * pages
    if not per_report:
        return {}
    return {"read+parse per page": _stats(per_page), "read+parse per report": _stats(per_report)}


def measure(corpus: Path, repeats: int, formats=FORMATS, ocr_reports: int = 2) -> dict:
    results: dict[str, dict] = {}
    for fmt in formats:
        if fmt == "ocr":
            files = _files(corpus, fmt, ocr_reports) if ocr_reports else []
            if files:
                results[fmt] = measure_ocr(files)
            continue
        files = _files(corpus, fmt)
        if not files:
            continue
        rows = measure_format(files, fmt, 1 if fmt in SLOW else repeats)
        results[fmt] = {what: _stats(runs) for what, runs in rows.items() if runs}
    _ratios(results)
    return results


def _ratios(results: dict) -> None:
    """Each row's CPU median as a multiple of the format's bytes row and of pdftotext's."""
    for fmt, rows in results.items():
        floor = rows.get("bytes", {}).get("median_ms")
        yardstick = rows.get(PDFTOTEXT, {}).get("median_ms")
        for what, s in rows.items():
            if floor and what != "bytes":
                s["x_bytes"] = round(s["median_ms"] / floor, 1)
            if yardstick and what not in (PDFTOTEXT, "bytes"):
                s["x_pdftotext"] = round(s["median_ms"] / yardstick, 2)


def targets(results: dict) -> list[tuple[str, str, bool]]:
    """(target, what was measured, holds) for each target of #14 this run measured."""
    out = []
    for fmt, limit in TARGET_MS.items():
        s = results.get(fmt, {}).get("read+parse")
        if s:
            out.append((f"{fmt} read+parse CPU median <= {limit:g} ms", f"{s['median_ms']:.2f} ms",
                        s["median_ms"] <= limit))
    for fmt, rows in results.items():
        s, ruler = rows.get("read+parse"), rows.get(PDFTOTEXT)
        if s and ruler:
            ratio = s["median_ms"] / ruler["median_ms"]
            out.append((f"{fmt} read+parse CPU median <= {TARGET_PDFTOTEXT:g} x {PDFTOTEXT}",
                        f"{s['median_ms']:.2f} / {ruler['median_ms']:.2f} ms = {ratio:.2f} x",
                        ratio <= TARGET_PDFTOTEXT))
    return out


def format_results(results: dict) -> str:
    head = (f"{'format':13} {'what':23} {'CPU median ms':>13} {'p95':>8} {'reports/s':>9} {'x bytes':>8}"
            f" {'x pdftotext':>11} {'wall median':>11} {'p95':>8} {'n':>4}")
    lines = [head]

    def row(fmt: str, what: str, s: dict) -> str:
        rate = f"{s['reports_per_s']:9.2f}" if s["reports_per_s"] else f"{'-':>9}"
        xb = f"{s['x_bytes']:8.0f}" if "x_bytes" in s else f"{'':8}"
        xp = f"{s['x_pdftotext']:11.2f}" if "x_pdftotext" in s else f"{'':11}"
        return (f"{fmt:13} {what:23} {s['median_ms']:13.2f} {s['p95_ms']:8.2f} {rate} {xb} {xp}"
                f" {s['wall_median_ms']:11.2f} {s['wall_p95_ms']:8.2f} {s['n']:4d}")

    for fmt, rows in results.items():
        if fmt != "ocr":
            lines += [row(fmt, what, s) for what, s in rows.items()]
    if "ocr" in results:
        lines += ["", "OCR (scans of the LibreOffice PDFs at 200 dpi; Tesseract's CPU included; a separate"
                      " cost, per page: not comparable with the rows above)"]
        lines += [row("ocr", what, s) for what, s in results["ocr"].items()]
        lines.append("  (for OCR 'reports/s' is pages or reports per second of one core's CPU)")
    checks = targets(results)
    if checks:
        lines += ["", "issue #14 targets:"]
        lines += [f"  {'holds' if ok else 'FAILS'}: {target}: {seen}" for target, seen, ok in checks]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--repeats", type=int, default=5,
                        help="times each report is read (default 5; Word 97, RTF and OCR: once)")
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                        help="only this format (repeatable); default: all")
    parser.add_argument("--ocr-reports", type=int, default=2, help="scans to read by OCR (default 2; 0 skips)")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    results = measure(args.corpus, args.repeats, tuple(args.formats or FORMATS), args.ocr_reports)
    print(format_results(results))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "targets": targets(results)}, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
