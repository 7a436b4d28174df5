"""Issue #17: pages only arrange what the metric loader returns. The totals the captions of 区县对比
and the figures of 信息采用率 state over the whole selection are computed by their metric SQL
(``selection_*`` columns of ``queries/district_ranking.sql`` and
``queries/information_adoption_by_district.sql``), not summed in pandas; each number on screen is
the SQL's, and the SQL's totals are the sums of its own rows.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.app_support import run_page
from tests.test_pages import demo_db, demo_env  # noqa: F401 - fixtures: the seed and 400 demo reports
from xxgk.metrics import run_query
from xxgk.ui import MIN_DECIDED, MIN_PROCESSED

URL = {"province": "河南省", "city": "洛阳市", "year_from": "2021", "year_to": "2023"}
PARAMS = {"province": "河南省", "city": "洛阳市", "year_from": 2021, "year_to": 2023}


def _metric(db: Path, name: str, **extra: object) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return run_query(con, name, {**PARAMS, **extra})


def _caption(at: object, pattern: str) -> list[int]:
    """The numbers ``pattern`` captures in the caption it matches (Markdown escapes dropped)."""
    for caption in at.caption:  # type: ignore[attr-defined]
        m = re.search(pattern, str(caption.value).replace("\\", ""))
        if m:
            return [int(g.replace(",", "")) for g in m.groups() if g is not None]
    raise AssertionError(f"no caption matches {pattern!r}")


def _selection(frame: pd.DataFrame, totals: dict[str, str]) -> list[int]:
    """The SQL's totals over the selection, checked against the sums of its own rows."""
    values = []
    for total, of in totals.items():
        column = frame[total]
        assert column.nunique() == 1, f"{total}: one value for the whole selection, on every row"
        rows = frame[of].sum() if frame[of].dtype != bool else int(frame[of].sum())
        assert int(column.iloc[0]) == int(rows), (total, of)
        values.append(int(column.iloc[0]))
    return values


def test_district_captions_state_the_sql_totals(demo_env: Path) -> None:
    ranking = _metric(demo_env, "district_ranking", min_processed=MIN_PROCESSED, min_decided=MIN_DECIDED)
    assert len(ranking) > 3
    at = run_page("pages/districts.py", **URL)

    # 实质公开率, the first basis
    want = _selection(ranking, {
        "selection_disclosure_counted_reports_count": "disclosure_counted_reports_count",
        "selection_disclosure_excluded_reports_count": "disclosure_excluded_reports_count",
        "selection_small_sample_count": "small_sample",
    })
    assert want[0] > 0
    pattern = r"共计入 ([\d,]+) 份，因单元格空白、符号或未读出而未计入 ([\d,]+) 份）。(?:办理申请不足 \d+ 件的 (\d+) 个区县)?"
    assert _caption(at, pattern) == (want if want[2] else want[:2])

    checked = []
    for basis, prefix in (("行政复议纠错率", "review"), ("行政诉讼纠错率", "litigation")):
        at.radio(key="district_basis").set_value(basis).run()
        want = _selection(ranking, {
            f"selection_{prefix}_counted_reports_count": f"{prefix}_counted_reports_count",
            f"selection_{prefix}_excluded_reports_count": f"{prefix}_excluded_reports_count",
            f"selection_{prefix}_small_sample_count": f"{prefix}_small_sample",
        })
        pattern = r"（计入 ([\d,]+) 份，未计入 ([\d,]+) 份）。已审结\S+案件不足 \d+ 件的 (\d+) 个区县"
        if ranking[f"{prefix}_small_sample"].all():  # nothing to rank: the page says so, with no chart
            assert want[2] == len(ranking)
            with pytest.raises(AssertionError, match="no caption"):
                _caption(at, pattern)
            continue
        checked.append(basis)
        assert _caption(at, pattern) == want
    assert checked  # the demo has a district to rank by a correction rate

    at.radio(key="district_basis").set_value("收到申请数").run()
    want = _selection(ranking, {
        "selection_applications_received_reports_count": "applications_received_reports_count",
        "selection_reports_count": "reports_count",
    })
    assert _caption(at, r"只计填写了数字的报告（([\d,]+) / ([\d,]+) 份）") == want


def test_adoption_figures_are_the_sql_totals(demo_env: Path) -> None:
    by_district = _metric(demo_env, "information_adoption_by_district")
    want = _selection(by_district, {
        "selection_reports_count": "reports_count",
        "selection_rate_stated_count": "rate_stated_count",
        "selection_mismatch_count": "mismatch_count",
    })
    assert want[0] > 0 and want[1] > 0
    at = run_page("pages/adoption.py", **URL)
    shown = {m.label: int(str(m.value).replace(",", "")) for m in at.metric}
    assert [shown["写明采用情况的报告"], shown["写明采用率的报告"], shown["所述采用率与数字不符"]] == want


def test_the_two_pages_sum_nothing_themselves() -> None:
    for page in ("pages/districts.py", "pages/adoption.py"):
        source = (Path(__file__).resolve().parents[1] / page).read_text(encoding="utf-8")
        assert ".sum()" not in source, page
