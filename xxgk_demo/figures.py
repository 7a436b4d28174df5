"""The numbers of the demo corpus: one agency's figures year after year.

``Series(agency, seed)`` keeps what carries from one year to the next (requests carried forward,
normative documents in force, the 2019 template's item counts) and ``Series.year(y, template)``
draws the figures of one year. Everything is drawn from one ``random.Random`` per agency seeded
with a string (``random`` hashes string seeds with SHA-512, never with ``hash()``), so the figures
depend only on the seed and the agency, and year ``t`` only on the years before it.

What the figures look like:

- Applications: a Poisson count around the agency's level (its kind, the city or district it
  serves, an agency-specific factor) times a trend (rising from 2019 to 2023, then flat), with
  extra spread. Townships and small departments are mostly at 0; 自然资源, 住建, 公安 and the
  governments get tens to hundreds. Applicants are mostly 自然人; outcomes mostly 予以公开, then
  本机关不掌握, 部分公开 …; a few requests are carried to the next year, and
  ``carried_over(t) = carried_forward(t-1)`` per column.
- Table 2 per kind: 公安 many 行政处罚 and 行政许可, 市场监管 many 行政许可, 城管 many 行政处罚,
  townships 行政处罚 only where law enforcement moved down to them (from 2022); normative documents
  with ``in_force(t) = in_force(t-1) + issued(t) - repealed(t)``.
- Table 4: reviews and lawsuits rare and proportional to the requests handled; corrections rarer.
- Prose facts: 上报/采用政务信息 with the 采用率 rounded half-up, portal items, mailbox replies …

All table arithmetic (R1 per column, R2, R3 per row, R5) holds in the figures made here; defects
are applied afterwards by ``xxgk_demo`` to the printed copy.

Long: one agency's figures year after year are one model (``Series``) whose tables add up
and carry over between years; splitting it would split those invariants.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from xxgk import codes
from xxgk_demo.agencies import Agency

N_COLS = 6  # applicant columns without 总计

OUTCOMES_2021 = tuple(r.code for r in codes.APPLICATION_ROWS_2021[2:-2])
OUTCOMES_2019 = tuple(r.code for r in codes.APPLICATION_ROWS_2019[2:-2])
_OTHER = frozenset(codes.OTHER_ROWS_2021)

# Base weights of the outcomes (per cent of requests handled).
_OUTCOME_WEIGHTS = {
    "granted": 40.0,
    "partially_granted": 9.0,
    "denied_state_secret": 0.2,
    "denied_law_prohibited": 0.6,
    "denied_three_safety": 0.3,
    "denied_third_party": 1.5,
    "denied_internal_affairs": 1.2,
    "denied_process_info": 1.5,
    "denied_enforcement_file": 0.5,
    "denied_admin_query": 0.8,
    "unable_not_held": 22.0,
    "unable_needs_creation": 3.0,
    "unable_unclear": 2.5,
    "not_processed_petition": 3.0,
    "not_processed_duplicate": 2.5,
    "not_processed_publication": 0.6,
    "not_processed_excessive": 0.5,
    "not_processed_confirmation": 0.6,
    "other_no_correction": 2.5,
    "other_no_fee": 0.1,
    "other_other": 3.0,
}
_APPLICANT_WEIGHTS = (86.0, 7.0, 0.3, 0.5, 3.0, 3.2)
_APPLICANT_WEIGHTS_BUSINESS = (74.0, 17.0, 0.3, 0.5, 4.0, 4.2)  # 自然资源, 住建, 市场监管

# Applications rise 2019 → 2023, then level off.
TREND = {2019: 0.62, 2020: 0.74, 2021: 0.86, 2022: 0.95, 2023: 1.0, 2024: 1.0, 2025: 0.98}


@dataclass(frozen=True)
class Profile:
    apps: float  # mean new requests a year (a district-level agency, 2023)
    lic: float = 0.0  # 行政许可 decisions
    pen: float = 0.0  # 行政处罚 decisions
    coe: float = 0.0  # 行政强制 decisions
    fee: float = 0.0  # share of such agencies that collect fees
    fee_amount: float = 0.0  # 万元 a year
    norm: float = 0.2  # normative documents issued a year
    pur: float = 2.0  # 政府集中采购 projects a year
    info: int = 30  # 上报政务信息 a year
    portal: int = 120  # items published on the portal a year


PROFILES: dict[str, Profile] = {
    "city_gov": Profile(260, lic=60, norm=14, pur=12, info=220, portal=3200),
    "gov": Profile(28, lic=25, norm=7, pur=8, info=110, portal=1100),
    "police": Profile(9, lic=6000, pen=4500, coe=320, fee=0.5, fee_amount=60, norm=0.3, pur=6, info=60, portal=260),
    "natres": Profile(32, lic=280, pen=55, coe=6, fee=0.4, fee_amount=300, norm=0.8, pur=4, info=45, portal=240),
    "housing": Profile(16, lic=380, pen=30, coe=3, fee=0.3, fee_amount=120, norm=0.8, pur=4, info=45, portal=230),
    "market": Profile(4.5, lic=2800, pen=320, coe=40, norm=0.3, pur=3, info=45, portal=300),
    "eco": Profile(4, lic=60, pen=38, coe=6, norm=0.2, pur=2, info=35, portal=180),
    "hrss": Profile(4, lic=140, pen=10, norm=0.5, pur=3, info=40, portal=220),
    "transport": Profile(2.5, lic=800, pen=600, coe=50, fee=0.3, fee_amount=40, norm=0.3, pur=3, info=35, portal=160),
    "agri": Profile(1.5, lic=180, pen=30, coe=2, norm=0.3, pur=3, info=35, portal=170),
    "health": Profile(2.2, lic=500, pen=60, coe=4, norm=0.3, pur=4, info=40, portal=200),
    "edu": Profile(2.5, lic=30, norm=0.5, pur=6, info=50, portal=260),
    "civil": Profile(1.6, lic=20, norm=0.4, pur=2, info=35, portal=150),
    "finance": Profile(1.6, norm=0.6, pur=2, info=35, portal=200),
    "justice": Profile(0.6, lic=5, norm=0.1, pur=1, info=30, portal=90),
    "audit": Profile(0.3, norm=0.05, pur=1, info=20, portal=60),
    "stats": Profile(0.3, pen=2, norm=0.05, pur=1, info=25, portal=80),
    "petition": Profile(0.4, norm=0.05, pur=1, info=20, portal=50),
    "veterans": Profile(0.5, lic=2, norm=0.1, pur=1, info=25, portal=70),
    "medsec": Profile(1.0, pen=6, norm=0.2, pur=1, info=30, portal=100),
    "emergency": Profile(0.9, lic=20, pen=15, coe=2, norm=0.2, pur=2, info=30, portal=110),
    "culture": Profile(0.8, lic=50, pen=18, coe=1, norm=0.1, pur=2, info=40, portal=160),
    "drc": Profile(2.2, lic=80, pen=2, norm=0.4, pur=2, info=40, portal=160),
    "sti": Profile(0.8, lic=10, norm=0.2, pur=1, info=30, portal=100),
    "industry": Profile(1.0, lic=15, norm=0.3, pur=1, info=30, portal=110),
    "water": Profile(1.0, lic=30, pen=6, coe=1, fee=0.2, fee_amount=20, norm=0.2, pur=2, info=30, portal=100),
    "commerce": Profile(0.5, lic=10, pen=2, norm=0.1, pur=1, info=25, portal=90),
    "urban": Profile(3.0, lic=300, pen=1400, coe=90, fee=0.3, fee_amount=80, norm=0.3, pur=3, info=40, portal=180),
    "forestry": Profile(0.8, lic=100, pen=20, coe=1, norm=0.1, pur=1, info=25, portal=80),
    "civildef": Profile(0.4, lic=10, fee=0.4, fee_amount=200, norm=0.1, pur=1, info=20, portal=60),
    "fund": Profile(1.2, norm=0.3, pur=2, info=30, portal=150),
    "town": Profile(0.15, pen=14, norm=0.02, pur=0.5, info=15, portal=60),
    "street": Profile(0.25, pen=20, norm=0.02, pur=0.5, info=18, portal=70),
}
_BUSY_REVIEWS = frozenset({"city_gov", "gov", "natres", "housing", "police"})


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0.0:
        return 0
    if lam < 30.0:
        limit = math.exp(-lam)
        k = 0
        p = rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))


def binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0.0:
        return 0
    if n > 60:
        mean = n * p
        return min(n, max(0, int(rng.gauss(mean, math.sqrt(mean * (1 - p))) + 0.5)))
    r = rng.random
    return sum(1 for _ in range(n) if r() < p)


def _cum(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def rate_half_up(adopted: int, submitted: int, decimals: int) -> int | float:
    """adopted / submitted in per cent, rounded half up (exact integer arithmetic)."""
    scale = 10**decimals
    value = (2 * 100 * scale * adopted + submitted) // (2 * submitted)
    return value if decimals == 0 else value / scale


def money(x: float, places: int) -> int | float:
    """An amount as it is printed: ``places`` decimals at most, trailing zeros dropped."""
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return float(text) if "." in text else int(text)


@dataclass
class Year:
    """One year's true figures: the clean report."""

    year: int
    template: str
    active: dict[str, dict[str, int | float]]
    apps: dict[str, list[int]]  # row → six applicant columns + 总计
    review: dict[str, list[int]]  # block → upheld, corrected, other, pending, total
    facts: dict[str, int | float]  # prose facts the report states
    rate_decimals: int = 0
    extras: dict[str, int] = field(default_factory=dict)  # numbers the prose may mention


class Series:
    """One agency's figures, year after year (call ``year`` in increasing order)."""

    def __init__(self, agency: Agency, seed: int) -> None:
        self.agency = agency
        rng = self.rng = random.Random(f"xxgk-demo|{seed}|{agency.agency_id}")
        p = self.profile = PROFILES[agency.dept]
        level = 2.2 if agency.level == "city" and agency.dept != "city_gov" else 1.0
        self.level = level * agency.factor
        self.activity = math.exp(rng.gauss(0.0, 0.5))
        if agency.dept == "city_gov":  # one body per city: keep it near its profile
            self.activity = min(1.5, max(0.7, self.activity))
        self.t2_activity = math.exp(rng.gauss(0.0, 0.55))
        self.zero_t2 = agency.kind == "department" and rng.random() < 0.15
        self.enforcement = agency.kind in ("township", "street") and rng.random() < 0.4
        self.p_cf = 0.02 + 0.05 * min(1.0, p.apps * self.level * self.activity / 40.0)
        business = agency.dept in ("natres", "housing", "market")
        self.applicant_cum = _cum(list(_APPLICANT_WEIGHTS_BUSINESS if business else _APPLICANT_WEIGHTS))
        weights = dict(_OUTCOME_WEIGHTS)
        weights["granted"] *= rng.uniform(0.7, 1.3)
        weights["unable_not_held"] *= rng.uniform(0.6, 1.5)
        weights["partially_granted"] *= rng.uniform(0.6, 1.6) * (1.5 if business else 1.0)
        self.outcomes = OUTCOMES_2021
        self.outcome_cum = _cum([weights[c] for c in OUTCOMES_2021])
        self.fees = rng.random() < p.fee
        self.states_info = rng.random() < 0.65
        self.rate_decimals = 1 if rng.random() < 0.3 else 0
        self.adopt_p = rng.uniform(0.06, 0.5)
        # Stocks that carry from year to year.
        self.cf = [0] * N_COLS
        if agency.dept == "city_gov":
            self.norm_in_force = rng.randint(150, 320)
            self.regs_in_force = rng.randint(35, 60)
        elif agency.dept == "gov":
            self.norm_in_force = rng.randint(25, 95)
            self.regs_in_force = 0
        else:
            self.norm_in_force = poisson(rng, p.norm * 8 * self.level)
            self.regs_in_force = 0
        self.items = {
            "licensing": self._items(p.lic, 10, 120),
            "other_services": self._items(p.lic * 0.3 + p.apps, 3, 40),
            "penalty": self._items(p.pen, 40, 900),
            "coercion": self._items(p.coe, 3, 30),
            "fees": rng.randint(1, 8) if self.fees else 0,
        }

    def _items(self, volume: float, lo: int, hi: int) -> int:
        if volume <= 0 or self.zero_t2:
            return 0
        return self.rng.randint(lo, hi)

    # --- one year ------------------------------------------------------------------------------

    def year(self, year: int, template: str, vanish: bool = False) -> Year:
        """The figures of ``year``; ``vanish``: last year's carried-forward requests are not
        carried over (the R7 defect: they vanish, the report itself stays consistent)."""
        rng = self.rng
        p = self.profile
        carried = [0] * N_COLS if vanish else self.cf
        mean = p.apps * self.level * self.activity * TREND[year]
        shape = 3.0 + mean / 5.0  # year-to-year spread: wide for small bodies, narrow for busy ones
        mean *= rng.gammavariate(shape, 1.0 / shape)
        n_new = poisson(rng, mean)
        if not n_new and not any(carried):  # most townships, most years: nothing to count
            self.cf = [0] * N_COLS
            apps = _ZERO_APPS[template]
            review = _ZERO_REVIEW
            active = self._active(year, template)
            facts, extras = self._facts(year, apps, review, active, template)
            return Year(year, template, active, apps, review, facts, self.rate_decimals, extras)
        new = [0] * N_COLS
        if n_new:
            for col in rng.choices(range(N_COLS), cum_weights=self.applicant_cum, k=n_new):
                new[col] += 1
        cf = [binomial(rng, n, self.p_cf) for n in new]
        handled = [new[c] + carried[c] - cf[c] for c in range(N_COLS)]
        counts = {code: [0] * N_COLS for code in self.outcomes}
        outcomes = self.outcomes
        for c in range(N_COLS):
            if handled[c]:
                for i in rng.choices(range(len(outcomes)), cum_weights=self.outcome_cum, k=handled[c]):
                    counts[outcomes[i]][c] += 1
        apps: dict[str, list[int]] = {
            "new_received": _with_total(new),
            "carried_over": _with_total(list(carried)),
        }
        if template == "2019":
            other = [0] * N_COLS
            for code in outcomes:
                if code in _OTHER:
                    other = [a + b for a, b in zip(other, counts[code])]
                else:
                    apps[code] = _with_total(counts[code])
            apps["other_handling"] = _with_total(other)
        else:
            for code in outcomes:
                apps[code] = _with_total(counts[code])
        apps["total_processed"] = _with_total(handled)
        apps["carried_forward"] = _with_total(cf)
        self.cf = cf

        handled_total = sum(handled)
        review = self._review(handled_total)
        active = self._active(year, template)
        facts, extras = self._facts(year, apps, review, active, template)
        return Year(year, template, active, apps, review, facts, self.rate_decimals, extras)

    def _review(self, handled: int) -> dict[str, list[int]]:
        rng = self.rng
        busy = self.agency.dept in _BUSY_REVIEWS
        n_review = poisson(rng, handled * (0.045 if busy else 0.025))
        n_direct = poisson(rng, handled * (0.018 if busy else 0.008))
        n_after = binomial(rng, n_review, 0.3)
        return {
            "review": self._split_cases(n_review, (0.56, 0.10, 0.22, 0.12)),
            "litigation_direct": self._split_cases(n_direct, (0.58, 0.05, 0.17, 0.20)),
            "litigation_after_review": self._split_cases(n_after, (0.60, 0.04, 0.14, 0.22)),
        }

    def _split_cases(self, n: int, weights: tuple[float, ...]) -> list[int]:
        out = [0, 0, 0, 0]
        if n:
            for i in self.rng.choices(range(4), weights=weights, k=n):
                out[i] += 1
        out.append(n)
        return out

    def _volume(self, base: float, year: int) -> int:
        if base <= 0 or self.zero_t2:
            return 0
        rng = self.rng
        mean = base * self.t2_activity * self.level * rng.uniform(0.8, 1.2) * (0.85 if year == 2020 else 1.0)
        return poisson(rng, mean)

    def _active(self, year: int, template: str) -> dict[str, dict[str, int | float]]:
        rng = self.rng
        p = self.profile
        agency = self.agency
        lic = self._volume(p.lic, year)
        if agency.kind in ("township", "street"):
            pen = self._volume(p.pen, year) if self.enforcement and year >= 2022 else 0
            coe = 1 if pen and rng.random() < 0.1 else 0
        else:
            pen = self._volume(p.pen, year)
            coe = self._volume(p.coe, year)
        # Normative documents and regulations: stocks with issued and repealed.
        issued = poisson(rng, p.norm * self.level * (1.0 if agency.kind != "township" else 0.5))
        cleanup = 0.15 if year in (2019, 2022) and rng.random() < 0.4 else 0.03
        repealed = binomial(rng, self.norm_in_force, cleanup)
        self.norm_in_force += issued - repealed
        regs_issued = regs_repealed = 0
        if agency.dept == "city_gov":
            regs_issued = poisson(rng, 1.6)
            regs_repealed = binomial(rng, self.regs_in_force, 0.03)
            self.regs_in_force += regs_issued - regs_repealed
        # The 2019 template's item counts: 上一年项目数量, 本年增/减.
        items = self.items
        changes = {}
        for key in ("licensing", "other_services", "penalty", "coercion", "fees"):
            prev = items[key]
            change = 0
            if prev and rng.random() < 0.25:
                change = rng.randint(-min(prev, 4), 6)
            changes[key] = (prev, change)
            items[key] = prev + change
        fee_amount = 0
        if self.fees:
            fee_amount = money(p.fee_amount * self.t2_activity * math.exp(rng.gauss(0.0, 0.4)), 4)
        if template == "2019":
            services = self._volume(p.lic * 0.3 + p.apps * 3, year)
            published = issued - (1 if issued > 2 and rng.random() < 0.2 else 0)
            regs_published = regs_issued
            projects = poisson(rng, p.pur * self.level)
            amount = money(projects * rng.uniform(4.0, 90.0), 2) if projects else 0
            return {
                "regulations": {"produced": regs_issued, "published": regs_published,
                                "total_published": self.regs_in_force},
                "normative_documents": {"produced": issued, "published": published,
                                        "total_published": self.norm_in_force},
                "licensing": _items_row(changes["licensing"], lic),
                "other_services": _items_row(changes["other_services"], services),
                "penalty": _items_row(changes["penalty"], pen),
                "coercion": _items_row(changes["coercion"], coe),
                "fees": {"prev_items": changes["fees"][0], "change": changes["fees"][1]},
                "procurement": {"projects": projects, "amount": amount},
            }
        return {
            "regulations": {"issued": regs_issued, "repealed": regs_repealed, "in_force": self.regs_in_force},
            "normative_documents": {"issued": issued, "repealed": repealed, "in_force": self.norm_in_force},
            "licensing": {"decisions": lic},
            "penalty": {"decisions": pen},
            "coercion": {"decisions": coe},
            "fees": {"amount_10k_yuan": fee_amount},
        }

    def _facts(self, year: int, apps: dict[str, list[int]], review: dict[str, list[int]],
               active: dict[str, dict[str, int | float]], template: str
               ) -> tuple[dict[str, int | float], dict[str, int]]:
        rng = self.rng
        p = self.profile
        scale = self.level * math.sqrt(self.activity) * rng.uniform(0.75, 1.3)
        facts: dict[str, int | float] = {}
        extras: dict[str, int] = {}
        if self.states_info:
            submitted = poisson(rng, p.info * scale)
            if submitted:
                adopted = binomial(rng, submitted, self.adopt_p)
                facts["info_submitted"] = submitted
                facts["info_adopted"] = adopted
                facts["adoption_rate_stated_pct"] = rate_half_up(adopted, submitted, self.rate_decimals)
        facts["portal_items_published"] = poisson(rng, p.portal * scale)
        if rng.random() < 0.5:
            facts["mailbox_replies"] = poisson(rng, p.portal * scale * 0.05)
        if rng.random() < 0.4:
            facts["special_topics"] = poisson(rng, 2.0 * self.level)
            facts["online_interviews"] = poisson(rng, 1.2 * self.level)
        if rng.random() < 0.85:
            facts["requests_handled_stated"] = apps["new_received"][6]
        if rng.random() < 0.6:
            facts["review_stated"] = review["review"][4]
            facts["litigation_stated"] = review["litigation_direct"][4] + review["litigation_after_review"][4]
        if rng.random() < 0.5:
            facts["processing_fees_yuan"] = 0
        extras["granted"] = apps["granted"][6]
        extras["handled"] = apps["total_processed"][6]
        extras["carried_forward"] = apps["carried_forward"][6]
        return facts, extras


# Shared, read-only: the tables of a year without a single request.
_ZERO_APPS = {t: {r.code: [0] * (N_COLS + 1) for r in codes.application_rows(t)} for t in ("2019", "2021")}
_ZERO_REVIEW = {b: [0] * 5 for b in codes.REVIEW_BLOCKS}


def _with_total(cols: list[int]) -> list[int]:
    return cols + [sum(cols)]


def _items_row(prev_change: tuple[int, int], decisions: int) -> dict[str, int]:
    prev, change = prev_change
    return {"prev_items": prev, "change": change, "decisions": decisions}
