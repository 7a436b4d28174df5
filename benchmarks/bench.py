"""Scale benchmark: generate N demo reports, load them, time every metric and every page.

    python benchmarks/bench.py --reports 10000 [--workers 2] [--out /tmp/xxgk-bench]

Prints one markdown table per run (the README quotes them) and writes the figures as JSON beside
the generated corpus. Throughput is also given as a ratio to plain reading of the same files
(open + read + UTF-8 decode, single process), measured in the same run, so that the figure says
how much the product costs over the bare I/O on whatever machine runs it.

Nothing here is a test: timings on shared machines flake, so no test asserts them. The table says
whether parse + load met the throughput guard (``GUARD_RATE``, 1,000 reports/s on the demo mix).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from xxgk.db import connect_readonly, derived_is_current, refresh_derived_if_stale  # noqa: E402
from xxgk_demo import write_demo  # noqa: E402
from xxgk.load import expand_paths, ingest  # noqa: E402
from xxgk.metrics import load_queries, run_query  # noqa: E402

GUARD_RATE = 1_000  # reports/s, parse + load of the demo mix on two cores (README, Speed and scale)


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def plain_read(files: list[str]) -> float:
    """Seconds to open, read and decode every file once: the floor any loader stands on."""
    started = time.perf_counter()
    for name in files:
        with open(name, "rb") as fh:
            data = fh.read()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data.decode("gb18030", errors="replace")
    return time.perf_counter() - started


def time_queries(db: Path, repeats: int) -> dict[str, dict[str, float]]:
    """Median and p95 latency of every metric, with no filter and with a typical city filter."""
    con = connect_readonly(db)
    city = con.execute("SELECT city FROM current_reports WHERE city IS NOT NULL GROUP BY city ORDER BY count(*) DESC LIMIT 1").fetchall()
    province = con.execute("SELECT province FROM current_reports WHERE city = ? LIMIT 1", [city[0][0]]).fetchall() if city else []
    selections = {
        "all": {},
        "city": {"province": province[0][0] if province else None, "city": city[0][0] if city else None, "year_from": 2021},
    }
    results: dict[str, dict[str, float]] = {}
    for name in sorted(load_queries()):
        for label, params in selections.items():
            cursor = con.cursor()
            run_query(cursor, name, params)  # warm the cache of the file and the plan
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                run_query(cursor, name, params)
                samples.append((time.perf_counter() - started) * 1000)
            cursor.close()
            samples.sort()
            results[f"{name} [{label}]"] = {
                "median_ms": statistics.median(samples),
                "p95_ms": samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))],
            }
    con.close()
    return results


def time_pages(db: Path, repeats: int) -> dict[str, float]:
    """Median seconds of a page rerun under AppTest (a real script run, no browser).

    The query cache is emptied before every timed rerun, so each one runs all of the page's
    metrics against the database: the cost of a rerun after the user changed a filter.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from xxgk.ui import PAGES

    os.environ["XXGK_DB"] = str(db)
    os.chdir(REPO)
    results: dict[str, float] = {}
    for page, label in PAGES:
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
        if page != "dashboard.py":
            at.switch_page(page)
        at.run()  # first run fills the caches of the session
        samples = []
        for _ in range(repeats):
            st.cache_data.clear()
            started = time.perf_counter()
            at.run()
            samples.append(time.perf_counter() - started)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        results[f"{label} ({page})"] = statistics.median(samples)
    return results


# Its peak memory is read from /proc (VmHWM): getrusage's maxrss survives exec on Linux, so a
# process started by this one would report this one's peak if it was larger.
_ADD_ONE = """
import json, re, sys, time
sys.path.insert(0, sys.argv[1])
from xxgk.load import ingest
started = time.perf_counter()
summary = ingest([sys.argv[2]], sys.argv[3], workers=1)
with open("/proc/self/status") as status:
    peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
print(json.dumps({"loaded": summary.loaded, "seconds": time.perf_counter() - started, "peak_mb": peak_kb / 1024}))
"""


def add_one(db: Path) -> dict[str, float]:
    """Seconds and peak memory of loading one more report (the seed) into a copy of ``db``: what an
    official's upload costs on a database of that size. Run in a fresh process, so that its peak
    memory is its own."""
    import subprocess

    copy = db.with_name(db.stem + ".add-one.duckdb")
    report = db.with_name("add-one-report.txt")
    # the seed with one more line: a report no database holds yet, even one built on the seed
    seed = next((REPO / "data" / "reports").glob("*.txt"))
    report.write_bytes(seed.read_bytes() + b"\n")
    shutil.copyfile(db, copy)
    try:
        out = subprocess.run(
            [sys.executable, "-c", _ADD_ONE, str(REPO), str(report), str(copy)],
            check=True, capture_output=True, text=True,
        ).stdout
    finally:
        copy.unlink(missing_ok=True)
        report.unlink(missing_ok=True)
    added = json.loads(out.strip().splitlines()[-1])
    if added["loaded"] != 1:
        raise RuntimeError(f"adding one report to a copy of {db} loaded {added['loaded']}")
    return added


def time_only(db: Path, repeats: int) -> int:
    """Time the metrics and pages of a database built earlier (no generation, no load)."""
    with connect_readonly(db) as con:
        current = derived_is_current(con)
    if not current:  # derived by an older version: brought up to date as the dashboard would
        started = time.perf_counter()
        refresh_derived_if_stale(db)
        print(f"derived tables rebuilt for this version in {time.perf_counter() - started:.1f} s\n")
    added = add_one(db)
    queries = time_queries(db, repeats)
    pages = time_pages(db, max(3, repeats // 5))
    print(f"one more report: {added['seconds']:.1f} s, peak {added['peak_mb']:,.0f} MB\n")
    print_timings(queries, pages)
    return 0


def print_timings(queries: dict[str, dict[str, float]], pages: dict[str, float]) -> None:
    print("| metric [selection] | median ms | p95 ms |\n|---|---|---|")
    for name, q in queries.items():
        print(f"| {name} | {q['median_ms']:.1f} | {q['p95_ms']:.1f} |")
    print("\n| page | rerun median s |\n|---|---|")
    for name, seconds in pages.items():
        print(f"| {name} | {seconds:.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", default="/tmp/xxgk-bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the corpus and database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a corpus kept by an earlier run with the same N and seed")
    parser.add_argument("--db", help="only time the metrics and pages of this existing database")
    args = parser.parse_args()

    if args.db:
        return time_only(Path(args.db), args.repeats)

    root = Path(args.out) / str(args.reports)
    corpus, db = root / "corpus", root / "bench.duckdb"
    stamp = root / "corpus.json"
    reuse = args.reuse and stamp.exists() and json.loads(stamp.read_text()) == {"reports": args.reports, "seed": args.seed}
    if reuse:
        db.unlink(missing_ok=True)
    else:
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)

    started = time.perf_counter()
    written = len(list(expand_paths([corpus]))) if reuse else write_demo(corpus, reports=args.reports, seed=args.seed)
    generate_s = time.perf_counter() - started
    stamp.write_text(json.dumps({"reports": args.reports, "seed": args.seed}))
    files = list(expand_paths([corpus]))
    corpus_mb = sum(os.path.getsize(f) for f in files) / 1048576

    read_s = plain_read(files)
    marks: list[tuple[str, float]] = []
    summary = ingest([corpus], db, workers=args.workers, stage=lambda name: marks.append((name, time.perf_counter())))
    finished = time.perf_counter()
    steps = {name: (marks[i + 1][1] if i + 1 < len(marks) else finished) - at for i, (name, at) in enumerate(marks)}
    own_mb, child_mb = _peak_mb()
    added = add_one(db)
    queries = time_queries(db, args.repeats)
    pages = time_pages(db, max(3, args.repeats // 5))

    load_rate = summary.loaded / summary.seconds
    read_rate = len(files) / read_s
    figures = {
        "reports": written,
        "files": len(files),
        "failed": len(summary.failed),
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "generate_s": generate_s,
        "corpus_mb": corpus_mb,
        "plain_read_reports_per_s": read_rate,
        "load_reports_per_s": load_rate,
        "load_to_read_ratio": load_rate / read_rate,
        "peak_mb_main": own_mb,
        "peak_mb_worker": child_mb,
        "db_mb": db.stat().st_size / 1048576,
        "end_of_load_s": steps,
        "add_one_s": added["seconds"],
        "add_one_peak_mb": added["peak_mb"],
        "queries": queries,
        "pages_s": pages,
    }
    (root / "results.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")

    worst_query = max(queries.items(), key=lambda kv: kv[1]["p95_ms"])
    worst_page = max(pages.items(), key=lambda kv: kv[1])
    print(f"### {written:,} reports ({corpus_mb:,.0f} MB of files, {args.workers} workers on {os.cpu_count()} cores)\n")
    print("| measure | value | ratio to plain read |")
    print("|---|---|---|")
    print(f"| plain read (open + read + decode) | {read_rate:,.0f} reports/s | 1 |")
    print(f"| parse + load | {load_rate:,.0f} reports/s | {load_rate / read_rate:.3f} |")
    print(f"| throughput guard, ≥ {GUARD_RATE:,} reports/s | {'met' if load_rate >= GUARD_RATE else 'NOT MET'} | |")
    print(f"| peak memory | main {own_mb:,.0f} MB, largest worker {child_mb:,.0f} MB | |")
    print(f"| database size | {figures['db_mb']:,.0f} MB | |")
    print(f"| one more report into it | {added['seconds']:.1f} s, peak {added['peak_mb']:,.0f} MB | |")
    print(f"| end of the load | {', '.join(f'{name} {seconds:,.1f} s' for name, seconds in steps.items())} | |")
    print(f"| slowest metric (p95) | {worst_query[0]}: {worst_query[1]['p95_ms']:.1f} ms | |")
    print(f"| slowest page rerun (median) | {worst_page[0]}: {worst_page[1]:.2f} s | |")
    print()
    print_timings(queries, pages)
    if not args.keep:
        shutil.rmtree(corpus)
        stamp.unlink()
    return 0 if not summary.failed else 1


if __name__ == "__main__":
    sys.exit(main())
