#!/usr/bin/env python3
"""Cost of reading one report per input format, on one core.

    python benchmarks/formats.py [--corpus DIR] [--repeats N] [--format FMT ...] [--json FILE]

For every department report of the real corpus (the files ``tools/cells.py`` makes: the HTML page,
the crawler text, LibreOffice DOCX, Word 97, RTF and PDF, Chromium PDF, the scan read by OCR) times,
in this one process (``--format`` picks some: a scan costs seconds a page, so ``--repeats 1`` suits it):

- ``read``: the reader alone (``xxgk.readers.read_document`` on the bytes),
- ``read+parse``: the reader and the parser (``xxgk.parse.parse_document``),
- ``bytes``: plainly reading the same file's bytes, the floor,

and for the PDFs ``pdftotext -layout`` on the same file as a whole process (subprocess wall time),
the yardstick of issue #14. Prints median and p95 milliseconds of CPU per report (the process's
own time, and a subprocess's), reports per second on one core (1000 / CPU median), and the wall
times beside them (which other load on the machine inflates); ``--json`` saves the numbers.
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
from xxgk.parse import parse_document  # noqa: E402
from xxgk.readers import read_bytes  # noqa: E402


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _stats(pairs: list[tuple[float, float]]) -> dict:
    wall = [w for w, _ in pairs]
    cpu = [c for _, c in pairs]
    median = statistics.median(cpu)
    return {"median_ms": round(median, 2), "p95_ms": round(_p95(cpu), 2),
            "reports_per_s": round(1000.0 / median, 1) if median else None,
            "wall_median_ms": round(statistics.median(wall), 2), "wall_p95_ms": round(_p95(wall), 2),
            "n": len(pairs)}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (a subprocess's own time counts)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _time(fn, repeats: int) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of each call."""
    out = []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), _cpu()
        fn()
        out.append(((time.perf_counter() - start) * 1000.0, (_cpu() - cpu) * 1000.0))
    return out


def measure(corpus: Path, repeats: int, formats=FORMATS) -> dict:
    pdftotext = shutil.which("pdftotext")
    results: dict[str, dict] = {}
    for fmt in formats:
        timings: dict[str, list[tuple[float, float]]] = {"bytes": [], "read": [], "read+parse": []}
        if fmt.startswith("pdf"):
            timings["pdftotext -layout"] = []
        for name, _meta in cell_items(corpus):
            try:
                path = source_file(corpus, name, fmt)
            except (ToolMissing, FileNotFoundError):
                continue
            data = path.read_bytes()
            read_bytes(data, path.name)  # warm: imports and first-use caches are not the per-report cost
            timings["bytes"] += _time(path.read_bytes, repeats)
            timings["read"] += _time(lambda: read_bytes(data, path.name), repeats)
            timings["read+parse"] += _time(lambda: parse_document(read_bytes(data, path.name)), repeats)
            if "pdftotext -layout" in timings and pdftotext:
                run = [pdftotext, "-layout", str(path), "-"]
                timings["pdftotext -layout"] += _time(
                    lambda: subprocess.run(run, check=True, capture_output=True), repeats)
        results[fmt] = {what: _stats(ms) for what, ms in timings.items() if ms}
    return results


def format_results(results: dict) -> str:
    lines = [f"{'format':13} {'what':18} {'CPU median ms':>13} {'p95':>7} {'reports/s':>9}"
             f" {'wall median ms':>14} {'p95':>7}"]
    for fmt, rows in results.items():
        for what, s in rows.items():
            lines.append(f"{fmt:13} {what:18} {s['median_ms']:13.2f} {s['p95_ms']:7.2f} {s['reports_per_s']:9.1f}"
                         f" {s['wall_median_ms']:14.2f} {s['wall_p95_ms']:7.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--repeats", type=int, default=5, help="times each report is read (default 5)")
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                        help="only this format (repeatable); default: all")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    results = measure(args.corpus, args.repeats, tuple(args.formats or FORMATS))
    print(format_results(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
