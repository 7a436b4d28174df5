"""A realistic, deterministic demo corpus: ``write_demo(out, reports=None, seed=2024)``.

What it writes
--------------
``out/{region_code}/{year}/{agency_slug}_{year}.{txt|html|md}`` — one report per agency and year,
2019–2025, for the agencies of 洛阳市 (河南省): the city government and its departments, and in
each of its fourteen districts and counties the government, its departments, townships and street
offices (``xxgk_demo.agencies``). Each report ends with its agency's name and, mostly, the date it
is signed with (``truth.signing_date``). With ``reports=None`` that is the whole city, about 3,500 reports.
With ``reports=N`` it is exactly N report files: a prefix of the same sequence (the city's agencies
in a seed-dependent order, each agency's years in order), extended beyond the city over the
national gazetteer when N is larger (see ``xxgk_demo.agencies``).

Every report carries the mark ``【演示数据】`` at the start of its first line (the title), which
the loader uses to flag it as synthetic (``xxgk.load.SYNTHETIC_MARK``).

Templates: 2019–2020 reports use the 2019 tables; 2021+ reports the 2021 tables, except
``P_OLD_TEMPLATE`` (3 %) of them that still print the 2019 tables, as happens in reality.

Layouts (``xxgk_demo.render``): TAB-separated text like the seed report (34 %), Word-export HTML
with colspan/rowspan (26 %), pipe rows as Markdown or web-copy text (20 %), one cell per line
(20 %). An agency keeps its layout from year to year, with a 15 % chance of changing it in a year.

``out/manifest.jsonl`` — the ground truth, one JSON line per expected report in generation order:
``file`` (relative path; ``null`` for a report the agency did not publish), ``agency`` (as printed
in the title), ``agency_id`` (stable across years and renames), ``province``, ``city``,
``district`` (current name, ``null`` for city-level agencies), ``district_in_text`` (the name
printed that year: 孟津县 before 2021), ``region_code``, ``kind`` (government | department |
township | street), ``dept``, ``year``, ``template``, ``layout``, ``variant``, ``defects`` (codes
below), ``rules`` (the consistency rules, README “Consistency findings”, that the printed report
breaks, computed from what is printed: what a correct checker must find), ``figures`` (key cells as printed,
``"table.row.column"`` → number, ``null`` for a blank cell) and ``prose`` (the prose facts the text
states, by code).

Defects, injected with the seeded random stream. Rates are per expected report; "measured" is the
default corpus (seed 2024, 3,524 expected reports) / 60,000 reports (seed 2024):

==========================  ===========  ==================================================
code                        measured     what is wrong
==========================  ===========  ==================================================
``missing_report``          3.1 / 3.1 %  the agency skipped the year: no file (``file`` null)
``row_total_off``           3.3 / 3.1 %  a table-3 row's 总计 is off by one (R3; R1/R2 on the
                                         总计 column follow)
``r1_broken``               2.8 / 2.6 %  予以公开 and 办理结果总计 of 自然人 (and their 总计) count
                                         one request too many: rows and groups add up, R1
                                         does not
``blank_total``             1.8 / 2.2 %  a blank 总计 cell in table 3 (R4; never in
                                         one-cell-per-line files, where a blank cannot be seen)
``rate_misstated``          3.0 / 3.3 %  the stated 采用率 misses 采用/上报 by more than half a
                                         point (R9): 5 % of the reports that state a rate
``prose_requests_mismatch`` 1.9 / 1.9 %  the prose's 收到申请N件 differs from the table (R6)
``copied_prose``            2.6 / 2.6 %  the prose is last year's with only the year changed
                                         (R11; its figures are last year's, so often R6 too)
``carry_over_vanished``     2.0 / 2.2 %  last year's 结转下年度 requests are not carried over:
                                         carried_over is 0 though carried_forward(t-1) > 0,
                                         and the report adds up without them (R7)
==========================  ===========  ==================================================

About 84 % of the reports written have no defect.

Clean reports (``defects == []``) satisfy R1–R3, R5, R6, R9 within the report and R7, R8
against the agency's previous report.

Determinism: the same seed gives byte-identical files and manifest (string-seeded ``random.Random``
streams per agency, no ``hash()``, no clock); another seed gives other figures, layouts, prose and
defects for the same agencies. Generation streams to disk with constant memory.

Layer: demo, outside the library package — may import the base modules of xxgk (``codes``,
``resources``); only ``xxgk demo`` and the first build (``xxgk.bootstrap``) import it.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xxgk_demo import render, truth
from xxgk_demo.agencies import YEARS, Agency, extension_agencies, luoyang_agencies
from xxgk_demo.figures import Series, rate_half_up
from xxgk_demo.sections import Prose, compose, fill_years

__all__ = ["write_demo", "iter_reports", "DemoReport", "SYNTHETIC_MARK", "MANIFEST"]

SYNTHETIC_MARK = "【演示数据】"
MANIFEST = "manifest.jsonl"

P_MISSING = 0.03
P_OLD_TEMPLATE = 0.03
P_ROW_TOTAL = 0.03
P_R1 = 0.025
P_BLANK = 0.028  # not in one-cell-per-line files: about 2 % of all reports
P_RATE_GIVEN_STATED = 0.05
P_PROSE_MISMATCH = 0.02
P_COPY = 0.03
P_VANISH_GIVEN_CARRY = 0.3
P_LAYOUT_CHANGE = 0.15

_LAYOUT_WEIGHTS = (("tsv", "padded", 20), ("tsv", "compact", 14), ("html", "word", 26), ("pipe", "md", 10),
                   ("pipe", "txt", 10), ("cells", "spaced", 10), ("cells", "tight", 10))
_LAYOUT_CUM = tuple(itertools.accumulate(w for _, _, w in _LAYOUT_WEIGHTS))
_TITLE_TAILS = ("年政府信息公开工作年度报告", "年政府信息公开工作年度报告", "年政府信息公开工作年度报告",
                "年度政府信息公开工作年度报告", "年度政府信息公开工作报告")

_KEY_FIGURES_2021 = (
    ("active_disclosure", "regulations", "issued"),
    ("active_disclosure", "normative_documents", "issued"),
    ("active_disclosure", "normative_documents", "in_force"),
    ("active_disclosure", "licensing", "decisions"),
    ("active_disclosure", "penalty", "decisions"),
    ("active_disclosure", "coercion", "decisions"),
    ("active_disclosure", "fees", "amount_10k_yuan"),
)
_KEY_FIGURES_2019 = (
    ("active_disclosure", "regulations", "produced"),
    ("active_disclosure", "normative_documents", "produced"),
    ("active_disclosure", "normative_documents", "total_published"),
    ("active_disclosure", "licensing", "decisions"),
    ("active_disclosure", "penalty", "decisions"),
    ("active_disclosure", "coercion", "decisions"),
    ("active_disclosure", "procurement", "amount"),
)
_KEY_FIGURES_COMMON = (
    ("applications", "new_received", "natural_person"),
    ("applications", "new_received", "total"),
    ("applications", "carried_over", "total"),
    ("applications", "granted", "total"),
    ("applications", "partially_granted", "total"),
    ("applications", "unable_not_held", "total"),
    ("applications", "total_processed", "total"),
    ("applications", "carried_forward", "total"),
    ("review_litigation", "review", "total"),
    ("review_litigation", "review", "corrected"),
    ("review_litigation", "litigation_direct", "total"),
    ("review_litigation", "litigation_after_review", "total"),
)

@dataclass
class DemoReport:
    """One expected report: its manifest record and, unless missing, its file text and values."""

    record: dict[str, Any]
    path: str | None  # relative to the output folder
    text: str | None
    values: list[Any]  # every printed cell, in the order of ``truth.shape(template).keys``

    @property
    def cells(self) -> dict[tuple[str, str, str], Any]:
        """(table, row, column) → printed value (None: a blank cell)."""
        return truth.shape(self.record["template"]).cells(self.values)


# --- one agency -------------------------------------------------------------------------------


def _pick_layout(rng: random.Random) -> tuple[str, str]:
    x = rng.random() * _LAYOUT_CUM[-1]
    for (layout, variant, _), edge in zip(_LAYOUT_WEIGHTS, _LAYOUT_CUM):
        if x < edge:
            return layout, variant
    return _LAYOUT_WEIGHTS[-1][0], _LAYOUT_WEIGHTS[-1][1]


def _misstate_rate(rng: random.Random, facts: dict[str, Any], decimals: int) -> None:
    s, a = facts["info_submitted"], facts["info_adopted"]
    exact = 100.0 * a / s
    stated = facts["adoption_rate_stated_pct"]
    if rng.random() < 0.5 and int(exact) != exact and abs(int(exact) + 1 - exact) > 0.6:
        stated = int(exact) + 1  # rounded up, as in the seed report (6/35 → 18%)
    else:
        step = rng.choice((-3, -2, -1, 1, 2, 3))
        stated = stated + step
        if stated < 0 or abs(stated - exact) <= 0.6:
            stated = rate_half_up(a, s, decimals) + abs(step) + 1
    facts["adoption_rate_stated_pct"] = round(stated, 1) if decimals else int(stated)


def _agency_reports(agency: Agency, seed: int) -> Iterator[DemoReport]:
    series = Series(agency, seed)
    rng = random.Random(f"xxgk-demo-choices|{seed}|{agency.agency_id}")
    layout, variant = _pick_layout(rng)
    fullwidth = rng.random() < 0.75
    title_tail = rng.choice(_TITLE_TAILS)
    prev_values: list[Any] | None = None  # last year's published report, if there was one
    prev_template: str | None = None
    prev_prose: Prose | None = None
    true_carry = 0
    renamed = agency.district.renamed if agency.district is not None else None
    for year in YEARS:
        if year < agency.first_year:
            continue
        template = "2019" if year <= 2020 or rng.random() < P_OLD_TEMPLATE else "2021"
        shape = truth.shape(template)
        missing = rng.random() < P_MISSING
        vanish = true_carry > 0 and rng.random() < P_VANISH_GIVEN_CARRY
        fig = series.year(year, template, vanish=vanish)
        true_carry = fig.apps["carried_forward"][6]
        if rng.random() < P_LAYOUT_CHANGE:
            layout, variant = _pick_layout(rng)
        defects: list[str] = []
        if missing:
            defects.append("missing_report")
        if vanish:
            defects.append("carry_over_vanished")
        facts = fig.facts
        if agency.kind == "government" and rng.random() < 0.5:
            norm = fig.active["normative_documents"]
            facts["normative_docs_issued_stated"] = norm["issued" if template == "2021" else "produced"]
            facts["normative_docs_in_force_stated"] = norm["in_force" if template == "2021" else "total_published"]
        copy = (prev_prose is not None and rng.random() < P_COPY and not (renamed and year == renamed))
        if copy:
            prose = prev_prose
            defects.append("copied_prose")
        else:
            if "adoption_rate_stated_pct" in facts and rng.random() < P_RATE_GIVEN_STATED:
                _misstate_rate(rng, facts, fig.rate_decimals)
                defects.append("rate_misstated")
            if "requests_handled_stated" in facts and rng.random() < P_PROSE_MISMATCH / 0.85:
                true = facts["requests_handled_stated"]
                carried = fig.apps["carried_over"][6]
                wrong = true + carried if carried else true + rng.choice((1, 2, 3))
                if rng.random() < 0.3 and true >= 2:
                    wrong = true - 1
                facts["requests_handled_stated"] = wrong
                defects.append("prose_requests_mismatch")
            prose = compose(agency, year, facts, fig.extras, fig.rate_decimals, rng)
        values = shape.values(fig.active, fig.apps, fig.review)
        x = rng.random()
        if x < P_ROW_TOTAL:
            _row_total_off(rng, values, shape)
            defects.append("row_total_off")
        elif x < P_ROW_TOTAL + P_R1:
            ix = shape.index
            for row in ("granted", "total_processed"):
                for col in ("natural_person", "total"):
                    values[ix[("applications", row, col)]] += 1
            defects.append("r1_broken")
        elif x < P_ROW_TOTAL + P_R1 + P_BLANK and layout != "cells":
            row = rng.choice(("new_received", "granted", "total_processed", "carried_over"))
            values[shape.index[("applications", row, "total")]] = None
            defects.append("blank_total")

        record = _record(agency, year, template, layout, variant, defects, values, prose.facts)
        if missing:
            record["layout"] = record["variant"] = None
            yield DemoReport(record, None, None, values)
            prev_values = prev_template = prev_prose = None  # nothing to compare with or copy next year
            continue
        rules = truth.broken_rules(values, template, prose.facts, prev_values, prev_template)
        if copy:
            rules.append("R11")
        record["rules"] = sorted(rules)
        ext = render.EXTENSIONS[(layout, variant)]
        path = f"{agency.region_code}/{year}/{agency.slug}_{year}.{ext}"
        record["file"] = path
        title = f"{SYNTHETIC_MARK}{agency.name(year)}{year}{title_tail}"
        published = truth.signing_date(agency.kind, agency.agency_id, year, seed)
        record["published_at"] = published.isoformat() if published else None
        signature = [agency.name(year)] + ([f"{published.year}年{published.month}月{published.day}日"] if published else [])
        text = _render(layout, variant, template, fullwidth, title, prose, year, shape.strings(values), signature)
        yield DemoReport(record, path, text, values)
        prev_values, prev_template, prev_prose = values, template, prose


def _row_total_off(rng: random.Random, values: list[Any], shape: truth.Shape) -> None:
    # not 结转下年度: an error there would show in next year's report (R7) instead of this one
    rows = [r for r in shape.app_rows if r != "carried_forward"]
    ix = shape.index
    busy = [r for r in rows if values[ix[("applications", r, "total")]]]
    row = rng.choice(busy) if busy and rng.random() < 0.8 else rng.choice(rows)
    i = ix[("applications", row, "total")]
    values[i] = values[i] - 1 if values[i] and rng.random() < 0.4 else values[i] + 1


@functools.cache
def _figure_positions(template: str) -> tuple[tuple[str, int], ...]:
    keys = (_KEY_FIGURES_2021 if template == "2021" else _KEY_FIGURES_2019) + _KEY_FIGURES_COMMON
    ix = truth.shape(template).index
    return tuple((".".join(k), ix[k]) for k in keys)


def _record(agency: Agency, year: int, template: str, layout: str, variant: str, defects: list[str],
            values: list[Any], facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "file": None,
        "agency": agency.name(year),
        "agency_id": agency.agency_id,
        "province": agency.province,
        "city": agency.city,
        "district": agency.district_now,
        "district_in_text": agency.place(year) if agency.level == "district" else None,
        "region_code": agency.region_code,
        "kind": agency.kind,
        "dept": agency.dept,
        "year": year,
        "template": template,
        "layout": layout,
        "variant": variant,
        "defects": defects,
        "rules": [],
        "figures": {name: values[i] for name, i in _figure_positions(template)},
        "prose": dict(facts),
        "published_at": None,  # the date the report is signed with, if any
    }


def _render(layout: str, variant: str, template: str, fullwidth: bool, title: str, prose: Prose, year: int,
            strings: list[str], signature: Sequence[str] = ()) -> str:
    formats, order = render.skeleton(layout, variant, template, fullwidth)
    tables = [f.format(*strings) for f in formats]
    blocks: list[tuple[str, str]] = []
    emitted = 0
    for kind, text in prose.blocks:
        if kind == "intro":
            blocks.append(("para", text))
            continue
        target = 0 if kind in ("s1", "sub") else _SECTION_OF[kind]
        while emitted <= target:
            blocks.append(("heading", render.HEADINGS[emitted]))
            if 1 <= emitted <= 3:
                blocks.append(("table", str(emitted - 1)))
            emitted += 1
        blocks.append(("sub" if kind == "sub" else "para", text))
    while emitted < 6:
        blocks.append(("heading", render.HEADINGS[emitted]))
        if 1 <= emitted <= 3:
            blocks.append(("table", str(emitted - 1)))
        emitted += 1
    blocks.extend(("para", line) for line in signature)
    return fill_years(render.document(layout, variant, title, blocks, tables), year)


_SECTION_OF = {"s5": 4, "s6": 5}


# --- the corpus -------------------------------------------------------------------------------


def _agencies(seed: int) -> Iterator[Agency]:
    city = luoyang_agencies()
    random.Random(f"xxgk-demo-order|{seed}").shuffle(city)
    yield from city


def iter_reports(seed: int = 2024, reports: int | None = None) -> Iterator[DemoReport]:
    """Every expected report in order, missing ones included (``path is None``); stops after
    ``reports`` files, or after the whole city when ``reports`` is None."""
    written = 0
    sources: list[Iterator[Agency]] = [_agencies(seed)]
    if reports is not None:
        sources.append(extension_agencies())
    for source in sources:
        for agency in source:
            for report in _agency_reports(agency, seed):
                if reports is not None and written >= reports:
                    return
                yield report
                if report.path is not None:
                    written += 1


def write_demo(out: Path, reports: int | None = None, seed: int = 2024) -> int:
    """Write the demo corpus and ``manifest.jsonl`` into ``out``; return the number of reports."""
    if reports is not None and reports < 0:
        raise ValueError("reports must be >= 0")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    root = str(out) + os.sep
    made: set[str] = set()
    written = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(out / MANIFEST, "w", encoding="utf-8", newline="\n") as manifest:
        for report in iter_reports(seed, reports):
            if report.path is not None:
                folder = report.path.rpartition("/")[0]
                if folder not in made:
                    os.makedirs(root + folder, exist_ok=True)
                    made.add(folder)
                with open(root + report.path, "wb") as fh:
                    fh.write(report.text.encode("utf-8"))
                written += 1
            manifest.write(dumps(report.record) + "\n")
    return written
