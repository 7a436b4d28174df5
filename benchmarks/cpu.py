#!/usr/bin/env python3
"""CPU seconds per report of a whole load, parse workers and main process apart, against a baseline.

    python benchmarks/cpu.py --corpus DIR [--baseline CHECKOUT ...] [--repeats 3] [--workers 2]

Loads every file of ``DIR`` (e.g. a corpus kept by ``bench.py --keep``) into a fresh database with
``xxgk.load.ingest``, in a fresh process per load, and reads that process's CPU time (user +
system, ``getrusage``) apart from its parse workers'. The main process's time is split at the
stages ``ingest`` announces: the files (receiving the workers' tables and inserting them) and
each step of the end of the load.

CPU time, unlike wall time, hardly moves when other work shares the machine, so two checkouts can
be compared on a busy machine: with ``--baseline`` (another checkout of the project, run with its
own ``.venv`` where it has one; may be given more than once) the loads alternate, baselines first,
and the table gives this checkout's medians as a ratio to each baseline's. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh process with the checkout's own interpreter: argv = root, corpus, db, workers.
_LOAD = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from xxgk.load import ingest

def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime

marks = [("files", cpu(resource.RUSAGE_SELF))]
children = cpu(resource.RUSAGE_CHILDREN)
summary = ingest([sys.argv[2]], sys.argv[3], workers=int(sys.argv[4]),
                 stage=lambda name: marks.append((name, cpu(resource.RUSAGE_SELF))))
marks.append(("", cpu(resource.RUSAGE_SELF)))
stages = {name: marks[i + 1][1] - at for i, (name, at) in enumerate(marks[:-1])}
print(json.dumps({"loaded": summary.loaded, "failed": len(summary.failed), "stages": stages,
                  "workers": cpu(resource.RUSAGE_CHILDREN) - children}))
"""


def _python(checkout: Path) -> str:
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def load_cpu(checkout: Path, corpus: Path, workers: int) -> dict:
    """CPU seconds per report of one load of ``corpus`` by ``checkout``, in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="xxgk-cpu-") as tmp:
        out = subprocess.run(
            [_python(checkout), "-c", _LOAD, str(checkout), str(corpus), str(Path(tmp) / "cpu.duckdb"), str(workers)],
            check=True, capture_output=True, text=True, cwd=tmp,
        ).stdout
    run = json.loads(out.strip().splitlines()[-1])
    if run["failed"] or not run["loaded"]:
        raise RuntimeError(f"{checkout}: loaded {run['loaded']}, failed {run['failed']}")
    n = run["loaded"]
    figures = {"workers": run["workers"] / n, "main": sum(run["stages"].values()) / n}
    figures.update({f"main: {name}": seconds / n for name, seconds in run["stages"].items()})
    figures["total"] = figures["workers"] + figures["main"]
    return {"loaded": n, "per_report": figures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--baseline", type=Path, action="append", default=[], help="another checkout to compare with")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    checkouts = {str(path): path.resolve() for path in args.baseline} | {"this checkout": ROOT}
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    loaded = 0
    for _ in range(args.repeats):
        for name, checkout in checkouts.items():  # baselines first, this checkout last
            run = load_cpu(checkout, args.corpus, args.workers)
            samples[name].append(run["per_report"])
            loaded = run["loaded"]
    medians = {
        name: {key: statistics.median(s[key] for s in runs) for key in runs[0]} for name, runs in samples.items()
    }
    mine = medians["this checkout"]
    keys = list(mine) + [k for name in medians for k in medians[name] if k not in mine]
    keys = list(dict.fromkeys(keys))
    bases = [name for name in checkouts if name != "this checkout"]
    print(f"### CPU ms per report, median of {args.repeats} loads of {loaded:,} reports, {args.workers} workers\n")
    print("| | this checkout |" + "".join(f" {name} | ratio |" for name in bases))
    print("|---|---|" + "---|---|" * len(bases))
    for key in keys:
        line = f"| {key} | {_ms(mine.get(key))} |"
        for name in bases:
            base = medians[name].get(key)
            ratio = f"{mine[key] / base:.3f}" if mine.get(key) is not None and base else ""
            line += f" {_ms(base)} | {ratio} |"
        print(line)
    if args.json:
        args.json.write_text(json.dumps({"medians": medians, "samples": samples}, indent=2))
    return 0


def _ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:.3f}"


if __name__ == "__main__":
    sys.exit(main())
