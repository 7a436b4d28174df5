"""Printed cells as flat lists, and the consistency rules they break (the manifest's ground truth).

A report's cells are kept as one list of values in the canonical order of its template — table 2
rows and columns, table 3 rows × the seven applicant columns, table 4 blocks × five columns — which
is also the order of the figure slots in ``xxgk_demo.render.skeleton``. ``Shape`` holds, per
template, the (table, row, column) key of each position and the positions each rule looks at, so
rules are index arithmetic on a list. ``signing_date`` gives the date a report is signed with, the
ground truth of R12 (逾期公布) on the bundled data.
"""

from __future__ import annotations

import datetime
import functools
import random
from typing import Any

from xxgk import codes

Key = tuple[str, str, str]

_APPS = "applications"
_ACTIVE = "active_disclosure"
_REVIEW = "review_litigation"


class Shape:
    """Where each cell of a template sits in the flat list of values."""

    def __init__(self, template: str) -> None:
        self.template = template
        keys: list[Key] = []
        for row in codes.active_rows(template):
            keys.extend((_ACTIVE, row.code, col) for col in row.columns)
        self.app_rows = tuple(r.code for r in codes.application_rows(template))
        for row in self.app_rows:
            keys.extend((_APPS, row, col) for col in codes.APPLICANT_COLUMNS)
        for block in codes.REVIEW_BLOCKS:
            keys.extend((_REVIEW, block, col) for col in codes.REVIEW_COLUMNS)
        self.keys: tuple[Key, ...] = tuple(keys)
        self.index: dict[Key, int] = {k: i for i, k in enumerate(keys)}
        self.change_positions = tuple(i for i, k in enumerate(keys) if k[2] == "change")
        ix = self.index
        cols = codes.APPLICANT_COLUMNS
        self.app_row_start = {row: ix[(_APPS, row, cols[0])] for row in self.app_rows}
        outcome_rows = self.app_rows[2:-2]
        self.r1 = tuple(
            (ix[(_APPS, "new_received", c)], ix[(_APPS, "carried_over", c)],
             ix[(_APPS, "total_processed", c)], ix[(_APPS, "carried_forward", c)])
            for c in cols
        )
        self.outcome_span = (ix[(_APPS, outcome_rows[0], cols[0])], ix[(_APPS, outcome_rows[-1], cols[-1])] + 1)
        self.processed_start = ix[(_APPS, "total_processed", cols[0])]
        self.app_row_starts = tuple(self.app_row_start.values())
        self.apps_span = (self.app_row_starts[0], self.app_row_starts[-1] + 7)
        self.review_starts = tuple(ix[(_REVIEW, b, "upheld")] for b in codes.REVIEW_BLOCKS)
        self.carried_over = tuple(ix[(_APPS, "carried_over", c)] for c in cols)
        self.carried_forward = tuple(ix[(_APPS, "carried_forward", c)] for c in cols)
        norm_issued = "issued" if template == "2021" else "produced"
        norm_in_force = "in_force" if template == "2021" else "total_published"
        self.stated = (
            ("requests_handled_stated", (ix[(_APPS, "new_received", "total")],)),
            ("review_stated", (ix[(_REVIEW, "review", "total")],)),
            ("litigation_stated", (ix[(_REVIEW, "litigation_direct", "total")],
                                   ix[(_REVIEW, "litigation_after_review", "total")])),
            ("normative_docs_issued_stated", (ix[(_ACTIVE, "normative_documents", norm_issued)],)),
            ("normative_docs_in_force_stated", (ix[(_ACTIVE, "normative_documents", norm_in_force)],)),
        )
        if template == "2021":
            self.r8 = tuple(
                (ix[(_ACTIVE, row, "in_force")], ix[(_ACTIVE, row, "issued")], ix[(_ACTIVE, row, "repealed")])
                for row in ("regulations", "normative_documents")
            )
        else:
            self.r8 = ()

    def values(self, active: dict[str, dict[str, Any]], apps: dict[str, list[int]],
               review: dict[str, list[int]]) -> list[Any]:
        out: list[Any] = []
        for row in codes.active_rows(self.template):
            cols = active[row.code]
            out.extend(cols[c] for c in row.columns)
        for row in self.app_rows:
            out.extend(apps[row])
        for block in codes.REVIEW_BLOCKS:
            out.extend(review[block])
        return out

    def cells(self, values: list[Any]) -> dict[Key, Any]:
        return dict(zip(self.keys, values))

    def strings(self, values: list[Any]) -> list[str]:
        """The printed text of each cell: '' for a blank, '+n' for a rise in 本年增/减."""
        out = list(map(str, values))
        if None in values:
            out = ["" if v is None else s for v, s in zip(values, out)]
        for i in self.change_positions:
            if values[i] is not None and values[i] > 0:
                out[i] = "+" + out[i]
        return out


@functools.cache
def shape(template: str) -> Shape:
    return Shape(template)


def broken_rules(values: list[Any], template: str, facts: dict[str, Any],
                 prev: list[Any] | None, prev_template: str | None) -> list[str]:
    """The consistency rules (R1–R13, README “Consistency findings”) the printed report breaks;
    blank cells are not guessed."""
    s = shape(template)
    v = values
    rules: list[str] = []
    blank = None in v
    if blank:
        rules.append("R4")
    for a, b, c, d in s.r1:
        x = (v[a], v[b], v[c], v[d])
        if (not blank or None not in x) and x[0] + x[1] != x[2] + x[3]:
            rules.append("R1")
            break
    # The outcome rows are consecutive, so one column of them is a slice with step 7.
    lo, hi = s.outcome_span
    for c in range(7):
        parts = v[lo + c:hi:7]
        total = v[s.processed_start + c]
        if blank and (total is None or None in parts):
            continue
        if sum(parts) != total:
            rules.append("R2")
            break
    if blank:
        for start in s.app_row_starts:
            row = v[start:start + 7]
            if None not in row and row[0] + row[1] + row[2] + row[3] + row[4] + row[5] != row[6]:
                rules.append("R3")
                break
    else:
        lo, hi = s.apps_span  # every row of table 3; column c is a slice with step 7
        if list(map(sum, zip(*(v[lo + c:hi:7] for c in range(6))))) != v[lo + 6:hi:7]:
            rules.append("R3")
    for start in s.review_starts:
        row = v[start:start + 5]
        if row[0] + row[1] + row[2] + row[3] != row[4]:
            rules.append("R5")
            break
    for code, positions in s.stated:
        if code in facts:
            parts = [v[i] for i in positions]
            if None not in parts and sum(parts) != facts[code]:
                rules.append("R6")
                break
    if prev is not None:
        p = shape(prev_template)  # type: ignore[arg-type]
        for now, before in zip(s.carried_over, p.carried_forward):
            if v[now] is not None and prev[before] is not None and v[now] != prev[before]:
                rules.append("R7")
                break
        if s.r8 and p.r8:
            for (in_force, issued, repealed), (prev_in_force, _, _) in zip(s.r8, p.r8):
                x = (v[in_force], v[issued], v[repealed], prev[prev_in_force])
                if None not in x and x[0] != x[3] + x[1] - x[2]:
                    rules.append("R8")
                    break
    if facts.get("info_submitted") and "adoption_rate_stated_pct" in facts and "info_adopted" in facts:
        exact = 100.0 * facts["info_adopted"] / facts["info_submitted"]
        if abs(facts["adoption_rate_stated_pct"] - exact) > 0.5 + 1e-9:
            rules.append("R9")
    return rules


P_UNDATED = 0.04
P_LATE = 0.06


def signing_date(kind: str, agency_id: str, year: int, seed: int) -> datetime.date | None:
    """The date the report is signed with, from its own stream (the figures do not change with it):
    mostly before the deadline (1月31日 for a department, 3月31日 for a government, township or
    street), ``P_LATE`` (R12 逾期公布) up to two months after it, ``P_UNDATED`` not dated at all (R12 无法核对)."""
    rng = random.Random(f"xxgk-demo-published|{seed}|{agency_id}|{year}")
    x = rng.random()
    if x < P_UNDATED:
        return None
    department = kind == "department"
    deadline = datetime.date(year + 1, 1 if department else 3, 31)
    if x < P_UNDATED + P_LATE:
        return deadline + datetime.timedelta(days=rng.randint(1, 60))
    first = datetime.date(year + 1, 1, 5 if department else 20)
    return first + datetime.timedelta(days=rng.randint(0, (deadline - first).days))
