"""The demo corpus generator: determinism, counts, layouts, the synthetic mark, and a round trip
of its reports through the real parser against the manifest's ground truth."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from xxgk import codes
from xxgk_demo import MANIFEST, SYNTHETIC_MARK, iter_reports, render, truth, write_demo
from xxgk_demo.agencies import LUOYANG, luoyang_agencies
from xxgk_demo.figures import rate_half_up


def _digest(folder: Path) -> dict[str, str]:
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _manifest(folder: Path) -> list[dict]:
    with open(folder / MANIFEST, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """The default corpus: the whole city, all years."""
    out = tmp_path_factory.mktemp("demo")
    written = write_demo(out)
    records = _manifest(out)
    assert written == sum(1 for r in records if r["file"])
    return out, records


# --- determinism and counts ---------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert write_demo(a, reports=300, seed=11) == 300
    assert write_demo(b, reports=300, seed=11) == 300
    assert write_demo(c, reports=300, seed=12) == 300
    first, second, third = _digest(a), _digest(b), _digest(c)
    assert first == second
    assert first != third
    assert first[MANIFEST] != third[MANIFEST]


@pytest.mark.parametrize("n", [0, 1, 57, 1000])
def test_reports_n_gives_n_files(tmp_path: Path, n: int) -> None:
    assert write_demo(tmp_path, reports=n, seed=3) == n
    files = [p for p in _digest(tmp_path) if p != MANIFEST]
    assert len(files) == n
    records = _manifest(tmp_path)
    assert sorted(r["file"] for r in records if r["file"]) == sorted(files)


def test_a_smaller_corpus_is_a_prefix_of_the_default_one(tmp_path: Path, corpus) -> None:
    full, _ = corpus
    write_demo(tmp_path, reports=150)
    small = _digest(tmp_path)
    big = _digest(full)
    for path, digest in small.items():
        if path != MANIFEST:
            assert big[path] == digest, path


def test_beyond_the_city_the_corpus_extends_with_resolvable_names(tmp_path: Path, corpus) -> None:
    _, city_records = corpus
    city_files = sum(1 for r in city_records if r["file"])
    n = city_files + 400
    assert write_demo(tmp_path, reports=n, seed=2024) == n
    records = _manifest(tmp_path)
    extra = [r for r in records[len(city_records):] if r["file"]]
    assert len(extra) == 400
    names = Counter((r["agency"], r["year"]) for r in records if r["file"])
    assert max(names.values()) == 1, "an agency publishes one report a year"
    for r in extra:
        assert not r["region_code"].startswith("4103")
        place = r["district"] or r["city"]
        assert r["agency"].startswith(place), r["agency"]


# --- the city -----------------------------------------------------------------------------------


def test_the_city_and_its_districts_are_real() -> None:
    assert {d.code: d.name for d in LUOYANG} == {
        "410302": "老城区", "410303": "西工区", "410304": "瀍河回族区", "410305": "涧西区",
        "410307": "偃师区", "410308": "孟津区", "410311": "洛龙区", "410323": "新安县",
        "410324": "栾川县", "410325": "嵩县", "410326": "汝阳县", "410327": "宜阳县",
        "410328": "洛宁县", "410329": "伊川县",
    }
    import csv

    with (Path(__file__).resolve().parents[1] / "data" / "gazetteer.csv").open(encoding="utf-8") as fh:
        rows = {r["code"]: r["name"] for r in csv.DictReader(fh)}
    for d in LUOYANG:
        assert rows[d.code] == d.name
    agencies = luoyang_agencies()
    assert len({a.agency_id for a in agencies}) == len(agencies)
    assert len({a.name(2023) for a in agencies if a.first_year <= 2023}) == len(
        [a for a in agencies if a.first_year <= 2023])
    kinds = Counter(a.kind for a in agencies)
    assert kinds["government"] == 15 and kinds["department"] > 250 and kinds["township"] > 80 and kinds["street"] > 40


def test_corpus_shape(corpus) -> None:
    _, records = corpus
    files = [r for r in records if r["file"]]
    assert 2000 <= len(files) <= 4000
    assert {r["year"] for r in files} == set(range(2019, 2026))
    assert Counter((r["layout"], r["variant"]) for r in files).keys() == {
        (layout, variant) for layout in render.LAYOUTS for variant in render.VARIANTS[layout]}
    assert all(r["template"] == "2019" for r in files if r["year"] <= 2020)
    late = [r for r in files if r["year"] >= 2021]
    old = sum(1 for r in late if r["template"] == "2019")
    assert 0.01 < old / len(late) < 0.06  # a few 2021+ reports still on the 2019 tables
    assert {r["kind"] for r in files} == {"government", "department", "township", "street"}
    # renamed districts print their old names before 2021
    assert any(r["agency"].startswith("孟津县") and r["year"] == 2020 for r in files)
    assert not any(r["agency"].startswith("孟津县") and r["year"] >= 2021 for r in files)


def test_figures_are_realistic(corpus) -> None:
    _, records = corpus
    files = [r for r in records if r["file"]]
    new = defaultdict(list)
    per_year = Counter()
    for r in files:
        n = r["figures"]["applications.new_received.total"] or 0
        new[r["dept"]].append(n)
        per_year[r["year"]] += n
    mean = {k: sum(v) / len(v) for k, v in new.items()}
    assert mean["town"] < 0.5 and mean["natres"] > 10 and mean["city_gov"] > 50
    assert sum(1 for n in new["town"] if n == 0) / len(new["town"]) > 0.8
    assert per_year[2023] > 1.2 * per_year[2019]  # rising 2019 → 2023
    files = [r for r in files if not r["defects"]]
    reviews = [r["figures"]["review_litigation.review.total"] for r in files]
    assert sum(1 for n in reviews if n == 0) / len(reviews) > 0.85
    corrected = sum(1 for r in files if r["figures"]["review_litigation.review.corrected"])
    assert corrected < sum(1 for n in reviews if n)
    police = [r["figures"]["active_disclosure.penalty.decisions"] for r in files if r["dept"] == "police"]
    assert sorted(police)[len(police) // 2] > 500


# --- ground truth -------------------------------------------------------------------------------


def test_every_file_carries_the_synthetic_mark_in_its_first_line(corpus) -> None:
    out, records = corpus
    for r in records:
        if r["file"]:
            first = (out / r["file"]).read_text(encoding="utf-8").split("\n", 1)[0]
            assert SYNTHETIC_MARK in first, r["file"]


def test_defect_rates_and_clean_reports(corpus) -> None:
    _, records = corpus
    rates = Counter(d for r in records for d in r["defects"])
    for defect in ("missing_report", "row_total_off", "r1_broken", "blank_total", "rate_misstated",
                   "prose_requests_mismatch", "copied_prose", "carry_over_vanished"):
        assert 0.01 <= rates[defect] / len(records) <= 0.05, (defect, rates[defect])
    for r in records:
        if not r["file"]:
            assert "missing_report" in r["defects"]
        elif not r["defects"]:
            assert r["rules"] == [], r
    expected = {"row_total_off": "R3", "r1_broken": "R1", "blank_total": "R4", "rate_misstated": "R9",
                "prose_requests_mismatch": "R6", "copied_prose": "R11"}
    for r in records:
        if "blank_total" in r["defects"]:
            continue  # a blank cell can hide the other defects from every rule (R4 only)
        for defect, rule in expected.items():
            if r["file"] and defect in r["defects"]:
                assert rule in r["rules"], (r["file"], defect, r["rules"])


def test_clean_reports_add_up_and_chain_across_years() -> None:
    last: dict[str, tuple[int, dict]] = {}
    for report in iter_reports(2024):
        r = report.record
        cells = report.cells
        if not r["defects"]:
            t = r["template"]
            assert truth.broken_rules(report.values, t, r["prose"], None, None) == []
            if "adoption_rate_stated_pct" in r["prose"]:
                p = r["prose"]
                decimals = 0 if isinstance(p["adoption_rate_stated_pct"], int) else 1
                assert p["adoption_rate_stated_pct"] == rate_half_up(p["info_adopted"], p["info_submitted"], decimals)
            before = last.get(r["agency_id"])
            if before and before[0] == r["year"] - 1 and "carry_over_vanished" not in r["defects"]:
                for col in codes.APPLICANT_COLUMNS:
                    assert cells[("applications", "carried_over", col)] == before[1][("applications", "carried_forward", col)]
        last[r["agency_id"]] = (r["year"], cells)


def test_rate_half_up() -> None:
    assert rate_half_up(6, 35, 0) == 17  # 17.14 %: the seed report printed 18 %
    assert rate_half_up(1, 8, 0) == 13  # 12.5 → 13
    assert rate_half_up(1, 8, 1) == 12.5
    assert rate_half_up(1, 3, 1) == 33.3


# --- round trip through the real parser ---------------------------------------------------------


def _sample(records: list[dict], per_group: int) -> list[dict]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        if r["file"] and not r["defects"]:
            groups[(r["layout"], r["variant"], r["template"])].append(r)
    sample = []
    for key in sorted(groups):
        rows = groups[key]
        step = max(1, len(rows) // per_group)
        sample.extend(rows[::step][:per_group])
    return sample


def test_round_trip_through_the_parser(corpus) -> None:
    from xxgk import pipeline

    out, records = corpus
    sample = _sample(records, per_group=6)
    assert {(r["layout"], r["variant"], r["template"]) for r in sample} == {
        (layout, variant, template)
        for layout in render.LAYOUTS for variant in render.VARIANTS[layout] for template in ("2019", "2021")}
    by_file = {r["file"]: r for r in sample}
    values = {rep.path: rep for rep in iter_reports(2024) if rep.path in by_file}
    failures = []
    for r in sample:
        got = pipeline.process(out / r["file"]).to_json()
        problems = []
        for field in ("agency", "year", "template"):
            if got[field] != r[field]:
                problems.append(f"{field}: {got[field]!r} != {r[field]!r}")
        for (table, row, col), want in values[r["file"]].cells.items():
            have = got["tables"].get(table, {}).get(row, {}).get(col, "<missing>")
            if have != want:
                problems.append(f"{table}.{row}.{col}: {have!r} != {want!r}")
        for name, want in r["figures"].items():
            table, row, col = name.split(".")
            assert values[r["file"]].cells[(table, row, col)] == want
        for code, want in r["prose"].items():
            have = got["prose"].get(code, "<missing>")
            if have != want:
                problems.append(f"prose {code}: {have!r} != {want!r}")
        region = got["region"]
        if (region["code"], region["district"], region["city"]) != (r["region_code"], r["district"], r["city"]):
            problems.append(f"region {region} != {r['region_code']} {r['city']} {r['district']}")
        if problems:
            failures.append((r["file"], problems[:5]))
    assert not failures, failures[:5]


def test_same_bytes_in_another_process_with_another_hash_seed(tmp_path: Path) -> None:
    import subprocess
    import sys

    here = tmp_path / "here"
    write_demo(here, reports=120, seed=9)
    there = tmp_path / "there"
    code = f"from pathlib import Path; from xxgk_demo import write_demo; write_demo(Path({str(there)!r}), reports=120, seed=9)"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path(__file__).resolve().parents[1])
    assert _digest(here) == _digest(there)


def test_without_the_gazetteer_the_city_repeats_with_new_townships(tmp_path: Path, monkeypatch) -> None:
    from xxgk_demo import agencies

    monkeypatch.setattr(agencies, "GAZETTEER", tmp_path / "absent.csv")
    city = sum(1 for r in iter_reports(2024) if r.path)
    records = [r.record for r in iter_reports(2024, reports=city + 300) if r.path]
    assert len(records) == city + 300
    extra = records[city:]
    assert all(r["region_code"].startswith("4103") and r["kind"] in ("township", "street") for r in extra)
    assert len({(r["agency"], r["year"]) for r in records}) == len(records)
