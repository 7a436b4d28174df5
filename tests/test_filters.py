"""The Filters value: URL in, SQL parameters and a sentence out; bad links fall back visibly."""

import pandas as pd

from xxgk.filters import Filters

OPTIONS = pd.DataFrame(
    [
        ("河南省", "洛阳市", "孟津区", 2021, "department", "政府部门"),
        ("河南省", "洛阳市", "孟津区", 2022, "department", "政府部门"),
        ("河南省", "洛阳市", "偃师区", 2022, "township", "乡镇"),
        ("福建省", "福州市", "鼓楼区", 2023, "street", "街道"),
    ],
    columns=["province", "city", "district", "year", "agency_kind", "agency_kind_label"],
)


def test_a_link_reproduces_the_selection() -> None:
    params = {"province": "河南省", "city": "洛阳市", "year_from": "2021", "year_to": "2022", "kind": "department"}
    filters = Filters.from_query_params(params, OPTIONS)
    assert filters.warnings == ()
    assert filters.describe() == "2021–2022年 · 河南省 · 洛阳市 · 政府部门"
    assert filters.query_params() == params
    assert filters.sql_params() == {
        "province": "河南省", "city": "洛阳市", "district": None, "year_from": 2021, "year_to": 2022, "kind": "department"
    }


def test_bad_values_fall_back_with_a_visible_warning() -> None:
    params = {"province": "河南省", "city": "福州市", "year_from": "abc", "year_to": "1990", "kind": "x'; DROP"}
    filters = Filters.from_query_params(params, OPTIONS)
    assert (filters.province, filters.city, filters.year_from, filters.year_to, filters.kind) == ("河南省", None, None, None, None)
    assert filters.warnings == (
        "链接中的城市“福州市”在当前数据中不存在，已改为全部城市。",
        "链接中的起始年份“abc”不是年份，已忽略。",
        "链接中的截止年份1990超出数据范围（2021–2023），已忽略。",
        "链接中的机构类型“x'; DROP”无效，已改为全部机构。",
    )
    assert filters.describe() == "全部年份 · 河南省 · 全部机构"


def test_no_selection_reads_as_everything() -> None:
    assert Filters().describe() == "全部年份 · 全国 · 全部机构"
    assert Filters(year_from=2022, year_to=2022).describe() == "2022年 · 全国 · 全部机构"
