#!/usr/bin/env python3
"""Cell-level accuracy per input format on the real corpus (every cell of ``truth_cells``).

    python scripts/cells.py [--corpus DIR] [--format FMT ...] [--verbose] [--json FILE]

Reads every department report of the corpus as the published HTML page, the crawler's text
and conversions made at run time (DOCX and PDF by LibreOffice, PDF by Chromium; cached under
``$XXGK_CORPUS_CACHE`` or ``~/.cache/xxgk-corpus``) and prints, per format, how many cells came
out exact, unread and wrong. ``--json`` saves the numbers. Logic: ``tools/cells.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.cells import FORMATS, evaluate, format_table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                        help="only this format (repeatable); default: all")
    parser.add_argument("--verbose", action="store_true", help="list every cell not exact")
    parser.add_argument("--json", type=Path, help="write the counts to this file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    results = evaluate(args.corpus, tuple(args.formats or FORMATS))
    print(format_table(results, verbose=args.verbose))
    if args.json:
        args.json.write_text(json.dumps([r.summary() for r in results], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
