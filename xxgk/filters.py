"""The selection a user makes: built from the URL, checked against the data, bound into SQL.

One ``Filters`` value serves three purposes: ``sql_params()`` for the metric files,
``describe()`` for every caption ("2019–2023年 · 河南省 · 洛阳市 · 全部机构"), and
``query_params()`` for the URL, so that a link reproduces the view.

Layer: ui — imports nothing of xxgk; used by the dashboard only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from xxgk.vocabulary import AGENCY_KIND_LABELS as KIND_LABELS
from xxgk.vocabulary import ALL_AGENCIES, CITY_LEVEL

# CITY_LEVEL is the district filter's value for agencies of a city above district level (no
# district); the SQL selection (fragments.sql in_selection) reads it as "district IS NULL and a city
# is known".

FIELDS = ("province", "city", "district", "year_from", "year_to", "kind")


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any], options: pd.DataFrame) -> Filters:
        """Read the URL's parameters; a value the data does not have falls back with a warning.

        ``options`` is the result of ``queries/filter_options.sql``.
        """
        warnings: list[str] = []

        def first(key: str) -> str | None:
            value = params.get(key)
            if isinstance(value, (list, tuple)):
                value = value[0] if value else None
            value = (str(value).strip() if value is not None else "") or None
            return value

        rows = options
        place: dict[str, str | None] = {}
        for key, label in (("province", "省份"), ("city", "城市"), ("district", "区县")):
            value = first(key)
            known = set(rows[key].dropna())
            if key == "district" and (rows["district"].isna() & rows["city"].notna()).any():
                known.add(CITY_LEVEL)
            if value is not None and value not in known:
                warnings.append(f"链接中的{label}“{value}”在当前数据中不存在，已改为全部{label}。")
                value = None
            if value is not None and value != CITY_LEVEL:
                rows = rows[rows[key] == value]
            place[key] = value

        years = sorted(int(y) for y in options["year"].dropna().unique())
        bounds: dict[str, int | None] = {}
        for key, label in (("year_from", "起始年份"), ("year_to", "截止年份")):
            raw = first(key)
            year: int | None = None
            if raw is not None:
                try:
                    year = int(raw)
                except ValueError:
                    warnings.append(f"链接中的{label}“{raw}”不是年份，已忽略。")
                else:
                    if years and not (years[0] <= year <= years[-1]):
                        warnings.append(f"链接中的{label}{year}超出数据范围（{years[0]}–{years[-1]}），已忽略。")
                        year = None
            bounds[key] = year
        if bounds["year_from"] and bounds["year_to"] and bounds["year_from"] > bounds["year_to"]:
            warnings.append(f"起始年份{bounds['year_from']}晚于截止年份{bounds['year_to']}，已对调。")
            bounds["year_from"], bounds["year_to"] = bounds["year_to"], bounds["year_from"]

        kind = first("kind")
        if kind is not None and kind not in KIND_LABELS:
            warnings.append(f"链接中的机构类型“{kind}”无效，已改为全部机构。")
            kind = None

        return cls(
            province=place["province"],
            city=place["city"],
            district=place["district"],
            year_from=bounds["year_from"],
            year_to=bounds["year_to"],
            kind=kind,
            warnings=tuple(warnings),
        )

    def sql_params(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FIELDS}

    def query_params(self) -> dict[str, str]:
        return {key: str(getattr(self, key)) for key in FIELDS if getattr(self, key) is not None}

    def with_(self, **changes: Any) -> Filters:
        return replace(self, warnings=(), **changes)

    def describe(self) -> str:
        """The selection in words, for captions: "2019–2023年 · 河南省 · 洛阳市 · 全部机构"."""
        if self.year_from and self.year_to:
            years = f"{self.year_from}年" if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}年"
        elif self.year_from:
            years = f"{self.year_from}年起"
        elif self.year_to:
            years = f"截至{self.year_to}年"
        else:
            years = "全部年份"
        place = [p for p in (self.province, self.city, self.district) if p] or ["全国"]
        kind = KIND_LABELS.get(self.kind, ALL_AGENCIES) if self.kind else ALL_AGENCIES
        return " · ".join([years, *place, kind])
