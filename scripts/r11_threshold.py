"""The figures behind R11's method and thresholds (xxgk/rules/similarity.py, xxgk/rules/cross.py).

Loads pairs of reports whose answer is known into a database with ``xxgk.load.ingest`` — so the
scores are the ones the product computes, in SQL, with the corpus's own document frequencies — and
prints the score distribution of each kind of pair:

previous-year pairs (a report against its agency's previous report: one comparison per report)
* ``copied``     demo reports with defect ``copied_prose`` (last year's prose, only the year changed)
* ``edited_N``   an agency's 2025 demo report republished as its 2026 report with every year moved
                 on and N % of its prose sentences replaced by sentences of another report
* ``ordinary``   demo reports without defects against their agency's previous report
* ``real``       the real reports in ../shared/corpus/real of one body over the years (平潭, 2012–2024)

same-year pairs (a report against every other agency's report of its year)
* ``edited_N``   a demo report passed off as another agency's (the name replaced) with N % of its
                 prose sentences replaced; ``found`` = the pair was among the candidates at all
* ``unrelated``  for every demo report without defects, the highest score any other agency's
                 report of its year reaches (the candidates are those reports' best matches, so this
                 is the false-alarm figure that counts, not a random pair's score)

Run: ``python scripts/r11_threshold.py [--demo DIR] [--edits N] [--shingle 6] [--every 8]`` (writes
the demo corpus of 3,402 reports, seed 2024, to a temporary folder when none is given; under a
minute). ``--shingle`` and ``--every`` try other fingerprints than the product's.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from xxgk.load import ingest  # noqa: E402
from xxgk.rules import cross, similarity  # noqa: E402

REAL = REPO.parent / "shared" / "corpus" / "real"
SHARES = (0.0, 0.1, 0.2, 0.3, 0.5)
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]")
_YEAR = re.compile(r"20[0-3]\d")


def prose_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of prose sentences (no table cells in them) that an editor might rewrite."""
    return [
        m.span()
        for m in _SENTENCE.finditer(text)
        if "\t" not in m.group() and "|" not in m.group() and "<" not in m.group() and len(m.group()) > 12
    ]


def edit(text: str, share: float, donor: str, rng: random.Random) -> str:
    """``text`` with ``share`` of its prose sentences replaced by sentences of ``donor``."""
    spans = prose_sentences(text)
    replacements = [donor[a:b] for a, b in prose_sentences(donor)]
    chosen = set(rng.sample(range(len(spans)), round(share * len(spans)))) if spans and replacements else set()
    out, pos = [], 0
    for i, (a, b) in enumerate(spans):
        out += [text[pos:a], rng.choice(replacements) if i in chosen else text[a:b]]
        pos = b
    return "".join(out) + text[pos:]


def make_pairs(demo_dir: Path, out: Path, count: int, rng: random.Random) -> dict[str, tuple[str, str, float]]:
    """Write edited copies; return {copy file: (relation, source file, share)}."""
    manifest = [json.loads(line) for line in (demo_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    clean = [m for m in manifest if m["file"] and not m["defects"] and m["file"].endswith(".txt")]
    by_year = defaultdict(list)
    for m in clean:
        by_year[m["year"]].append(m)
    made = {}
    # Disjoint sources per share: two 2026 copies of one agency would be two versions of one report.
    latest = rng.sample([m for m in clean if m["year"] == 2025], count * len(SHARES))
    sources = rng.sample(clean, count * len(SHARES))
    for k, share in enumerate(SHARES):
        for i, source in enumerate(latest[k * count : (k + 1) * count]):
            donor = rng.choice([m for m in by_year[2025] if m["agency_id"] != source["agency_id"]])
            text = edit((demo_dir / source["file"]).read_text(encoding="utf-8"), share,
                        (demo_dir / donor["file"]).read_text(encoding="utf-8"), rng)
            text = _YEAR.sub(lambda m: str(int(m.group()) + 1), text)
            name = out / f"previous_{int(share * 100)}_{i}.txt"
            name.write_text(text, encoding="utf-8")
            made[str(name)] = ("previous", str(demo_dir / source["file"]), share)
        for i, source in enumerate(sources[k * count : (k + 1) * count]):
            donor = rng.choice([m for m in by_year[source["year"]] if m["agency_id"] != source["agency_id"]])
            text = edit((demo_dir / source["file"]).read_text(encoding="utf-8"), share,
                        (demo_dir / donor["file"]).read_text(encoding="utf-8"), rng)
            text = text.replace(source["agency"], f"示范核查{int(share * 100)}号{i}局")
            name = out / f"same_year_{int(share * 100)}_{i}.txt"
            name.write_text(text, encoding="utf-8")
            made[str(name)] = ("same_year", str(demo_dir / source["file"]), share)
    return made


def all_scores(db: Path) -> tuple[list[tuple], dict[str, str]]:
    """Every candidate pair's scores over the whole database, as the loader computes them."""
    con = duckdb.connect(str(db))
    try:
        paths = dict(con.execute("SELECT report_id, path FROM reports").fetchall())
        cross._temp_ids(con, "_new", list(paths))
        cross._affected(con)
        return cross.pair_scores(con), paths
    finally:
        con.close()


def line(name: str, scores: list[float], threshold: float, extra: str = "") -> str:
    if not scores:
        return f"  {name:12s} n=0 {extra}"
    values = np.array(scores)
    q = np.quantile(values, [0, 0.01, 0.05, 0.5, 0.95, 0.99, 1])
    shares = " ".join(
        f"{'[' if t == threshold else ' '}≥{t}: {np.mean(values >= t) * 100:5.1f}%{']' if t == threshold else ' '}"
        for t in (0.5, 0.6, 0.7, 0.8)
    )
    return (
        f"  {name:10s} n={len(scores):4d} min {q[0]:.2f} p1 {q[1]:.2f} p5 {q[2]:.2f} median {q[3]:.2f} "
        f"p95 {q[4]:.2f} p99 {q[5]:.2f} max {q[6]:.2f} {shares} {extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, help="a demo corpus written by `xxgk demo` (default: write one)")
    parser.add_argument("--edits", type=int, default=40, help="edited copies per kind and share")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--shingle", type=int, default=similarity.SHINGLE, help="try another shingle length")
    parser.add_argument("--every", type=int, default=similarity.SAMPLE_EVERY, help="try another sampling rate")
    args = parser.parse_args()
    similarity.SHINGLE, similarity.SAMPLE_EVERY = args.shingle, args.every
    similarity.MIN_SAMPLED = similarity.MIN_SAMPLED * 8 // args.every
    print(f"shingles of {args.shingle} characters, 1 in {args.every} kept")
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="xxgk-r11-"))
    if args.demo is None:
        from xxgk_demo import write_demo

        args.demo = work / "demo"
        write_demo(args.demo, reports=None, seed=2024)
    (work / "edited").mkdir()
    made = make_pairs(args.demo, work / "edited", args.edits, rng)
    started = time.perf_counter()
    summary = ingest([args.demo, work / "edited"], work / "r11.duckdb", workers=2)
    print(f"loaded {summary.loaded} reports in {time.perf_counter() - started:.0f} s (work folder {work})")
    started = time.perf_counter()
    scores, paths = all_scores(work / "r11.duckdb")
    print(f"all candidate pairs scored again in {time.perf_counter() - started:.1f} s: {len(scores)} pairs\n")

    manifest = {
        str(args.demo / m["file"]): m
        for m in map(json.loads, (args.demo / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
        if m["file"]
    }
    previous: dict[str, list[float]] = defaultdict(list)
    same_year: dict[str, dict[str, float]] = defaultdict(dict)
    best_other: dict[str, float] = defaultdict(float)
    for a, b, relation, score_a, score_b in scores:
        pa, pb = paths[a], paths[b]
        if relation == "previous":
            if pa in made:
                previous[f"edited_{int(made[pa][2] * 100)}"].append(score_a)
            elif pa in manifest and "copied_prose" in manifest[pa]["defects"]:
                previous["copied"].append(score_a)
            elif pa in manifest and not manifest[pa]["defects"]:
                previous["ordinary"].append(score_a)
            continue
        for x, y, score in ((pa, pb, score_a), (pb, pa, score_b)):
            if x in made and made[x][1] == y:
                same_year[f"edited_{int(made[x][2] * 100)}"][x] = score
            elif x in manifest and y in manifest and not manifest[x]["defects"]:
                best_other[x] = max(best_other[x], score)

    print(f"previous-year pairs (threshold {similarity.THRESHOLD_PREVIOUS})")
    for kind in ("copied", *(f"edited_{int(s * 100)}" for s in SHARES), "ordinary"):
        print(line(kind, previous[kind], similarity.THRESHOLD_PREVIOUS))
    real = real_scores(work)
    print(line("real", real, similarity.THRESHOLD_PREVIOUS, "(平潭综合实验区 over the years)"))
    print(f"\nsame-year pairs (threshold {similarity.THRESHOLD_SAME_YEAR})")
    for share in SHARES:
        kind = f"edited_{int(share * 100)}"
        found = list(same_year[kind].values())
        print(line(kind, found, similarity.THRESHOLD_SAME_YEAR, f"candidates: {len(found)}/{args.edits}"))
    clean_reports = [p for p, m in manifest.items() if not m["defects"]]
    best = [best_other.get(p, 0.0) for p in clean_reports]
    print(line("unrelated", best, similarity.THRESHOLD_SAME_YEAR,
               f"(best match of each of {len(clean_reports)} reports; {sum(p in best_other for p in clean_reports)} had a candidate)"))


def real_scores(work: Path) -> list[float]:
    if not REAL.is_dir():
        return []
    files = sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".html"))
    ingest(files, work / "real.duckdb", workers=1)
    scores, _ = all_scores(work / "real.duckdb")
    return [score_a for _, _, relation, score_a, _ in scores if relation == "previous"]


if __name__ == "__main__":
    main()
