#!/usr/bin/env python3
"""Exact-match rate of the parser on the real corpus (hand-read figures in NNN.json → truth).

    python scripts/accuracy.py [--corpus DIR] [--quiet]

The corpus defaults to ../shared/corpus/real next to the repository. Prints one line per report
(with every missed figure unless --quiet) and the overall rates; exits 1 when a report crashes
the parser or the complete reports fall below the 99.5 % bar (README, “Reading real reports”).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.accuracy import evaluate, format_results, rate  # noqa: E402

BAR = 99.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--quiet", action="store_true", help="only one line per report")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    results = evaluate(args.corpus)
    print(format_results(results, verbose=not args.quiet))
    matched, total = rate(r for r in results if r.complete)
    crashed = [r.name for r in results if r.error]
    if crashed or (total and 100.0 * matched / total < BAR):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
