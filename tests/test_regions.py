"""The district gazetteer and the region resolver, on real agency names and report text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import shared_corpus
from xxgk.regions import (
    GAZETTEER_CSV,
    RENAMES_CSV,
    Region,
    agency_kind,
    agency_kind_label,
    agency_level,
    resolve_region,
)



def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


UNITS = read_csv(GAZETTEER_CSV)
BY_CODE = {u["code"]: u for u in UNITS}
RENAMES = read_csv(RENAMES_CSV)


@pytest.fixture(scope="module")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


# --- the gazetteer ----------------------------------------------------------------------------

def test_gazetteer_codes_are_unique_six_digit_and_parents_exist():
    assert len(BY_CODE) == len(UNITS)
    for u in UNITS:
        assert len(u["code"]) == 6 and u["code"].isdigit(), u
        assert u["level"] in ("province", "city", "district"), u
        assert u["status"] in ("current", "historical"), u
        if u["level"] != "province":
            parent = BY_CODE[u["parent_code"]]
            assert parent["code"][:2] == u["code"][:2], u
            assert u["province"] == BY_CODE[u["code"][:2] + "0000"]["name"], u


def test_gazetteer_counts_by_level():
    current = [u for u in UNITS if u["status"] == "current"]
    assert sum(u["level"] == "province" for u in current) == 34
    assert sum(u["level"] == "city" for u in current) == 334  # 333 prefectures + 雄安新区
    assert 2800 < sum(u["level"] == "district" for u in current) < 2900


@pytest.mark.parametrize("code, name, province, city, district", [
    ("410308", "孟津区", "河南省", "洛阳市", "孟津区"),
    ("410307", "偃师区", "河南省", "洛阳市", "偃师区"),
    ("350128", "平潭县", "福建省", "福州市", "平潭县"),
    ("110000", "北京市", "北京市", "北京市", ""),  # 直辖市: the city is the municipality
    ("110108", "海淀区", "北京市", "北京市", "海淀区"),
    ("429004", "仙桃市", "湖北省", "仙桃市", ""),  # 省直辖县级: its own city
    ("152500", "锡林郭勒盟", "内蒙古自治区", "锡林郭勒盟", ""),
    ("431226", "麻阳苗族自治县", "湖南省", "怀化市", "麻阳苗族自治县"),
    ("460302", "西沙区", "海南省", "三沙市", "西沙区"),
])
def test_gazetteer_rows(code, name, province, city, district):
    u = BY_CODE[code]
    assert (u["name"], u["province"], u["city"], u["district"]) == (name, province, city, district)


def test_renames_point_at_units_and_carry_their_region():
    for r in RENAMES:
        unit = BY_CODE[r["code"]]
        if r["kind"] == "alias" and r["name"] == "平潭综合实验区":
            continue  # the one documented override, tested below
        assert (r["province"], r["city"], r["district"]) == (
            unit["province"], unit["city"], unit["district"]), r


@pytest.mark.parametrize("old, code, new", [
    ("孟津县", "410308", "孟津区"),
    ("偃师市", "410307", "偃师区"),
    ("吉利区", "410308", "孟津区"),
    ("梅列区", "350404", "三元区"),
    ("上饶县", "361104", "广信区"),
])
def test_renames_include(old, code, new):
    row = next(r for r in RENAMES if r["name"] == old)
    assert (row["code"], BY_CODE[row["code"]]["name"]) == (code, new)


# --- the resolver: the cases of the brief -----------------------------------------------------

def test_seed_report(seed_text):
    assert resolve_region("孟津区司法局", seed_text) == (
        Region("河南省", "洛阳市", "孟津区", "410308"), [])


@pytest.mark.parametrize("agency, expected", [
    ("孟津县司法局", Region("河南省", "洛阳市", "孟津区", "410308")),
    ("洛阳市孟津县人民政府", Region("河南省", "洛阳市", "孟津区", "410308")),
    ("偃师市人民政府", Region("河南省", "洛阳市", "偃师区", "410307")),
    ("偃师市教育局", Region("河南省", "洛阳市", "偃师区", "410307")),
    ("莱芜市莱城区人民政府", Region("山东省", "济南市", "莱芜区", "370116")),
])
def test_former_names_resolve_to_the_current_unit(agency, expected):
    assert resolve_region(agency) == (expected, [])


def test_ambiguous_district_without_context_is_left_empty_with_a_warning():
    region, warnings = resolve_region("鼓楼区人民政府")
    assert region == Region(None, None, None, None)
    assert warnings == [
        "region: 鼓楼区 is ambiguous (南京市, 徐州市, 福州市, 开封市); no city named in the text"]


@pytest.mark.parametrize("text", [
    "福州市鼓楼区人民政府2022年政府信息公开工作年度报告",
    "本报告由鼓楼区人民政府办公室编制。全区位于福州市中心城区。",
])
def test_ambiguous_district_is_settled_by_the_city_in_the_text(text):
    assert resolve_region("鼓楼区人民政府", text) == (
        Region("福建省", "福州市", "鼓楼区", "350102"), [])


def test_ambiguous_district_within_one_province_keeps_the_province():
    region, warnings = resolve_region("鼓楼区人民政府", "江苏省政务公开工作要点")
    assert region == Region("江苏省", None, None, "320000")
    assert warnings == [
        "region: 鼓楼区 is ambiguous (南京市, 徐州市); no city named in the text"]


def test_city_agency_gets_no_district_even_when_the_text_names_one(seed_text):
    assert resolve_region("乌海市工业和信息化局") == (
        Region("内蒙古自治区", "乌海市", None, "150300"), [])
    assert resolve_region("洛阳市司法局", seed_text) == (
        Region("河南省", "洛阳市", None, "410300"), [])


@pytest.mark.parametrize("agency", ["锡盟商务局", "锡盟商务局（锡林郭勒盟商务局）", "锡林郭勒盟商务局"])
def test_league_and_its_abbreviation(agency):
    assert resolve_region(agency) == (Region("内蒙古自治区", "锡林郭勒盟", None, "152500"), [])


@pytest.mark.parametrize("agency", ["桃江县审计局", "桃江县松木塘镇人民政府"])
def test_county_and_its_township(agency):
    assert resolve_region(agency) == (Region("湖南省", "益阳市", "桃江县", "430922"), [])


def test_street_office_named_with_its_district():
    assert resolve_region("广州市海珠区官洲街道办事处") == (
        Region("广东省", "广州市", "海珠区", "440105"), [])


def test_street_office_takes_its_district_from_the_text():
    text = "2023年，在海珠区委、区政府的坚强领导下，官洲街道办事处认真贯彻落实《条例》"
    assert resolve_region("官洲街道办事处", text) == (
        Region("广东省", "广州市", "海珠区", "440105"), [])


def test_township_whose_district_cannot_be_found_says_so():
    assert resolve_region("洛阳市城关镇人民政府", "城关镇2022年政府信息公开工作年度报告") == (
        Region("河南省", "洛阳市", None, "410300"),
        ["region: no district found for 洛阳市城关镇人民政府"])


def test_street_office_without_a_place_says_so():
    region, warnings = resolve_region("官洲街道办事处", "在区委、区政府的坚强领导下")
    assert region == Region()
    assert warnings == ["region: no division name found in the agency name or the text"]


@pytest.mark.parametrize("agency", [
    "麻陽苗族自治縣板栗樹鄉人民政府", "麻阳苗族自治县板栗树乡人民政府", "麻阳县人民政府"])
def test_autonomous_county_in_traditional_and_short_form(agency):
    assert resolve_region(agency) == (
        Region("湖南省", "怀化市", "麻阳苗族自治县", "431226"), [])


def test_pingtan_zone_is_its_own_city():
    assert resolve_region("平潭综合实验区") == (
        Region("福建省", "平潭综合实验区", None, "350128"), [])
    assert resolve_region("平潭县人民政府") == (Region("福建省", "福州市", "平潭县", "350128"), [])


@pytest.mark.parametrize("agency, expected", [
    ("河南省司法厅", Region("河南省", None, None, "410000")),
    ("北京市发展和改革委员会", Region("北京市", "北京市", None, "110000")),
    ("北京市海淀区人民政府", Region("北京市", "北京市", "海淀区", "110108")),
    ("仙桃市教育局", Region("湖北省", "仙桃市", None, "429004")),
    ("黔南州财政局", Region("贵州省", "黔南布依族苗族自治州", None, "522700")),
    ("洛阳市生态环境局孟津分局", Region("河南省", "洛阳市", "孟津区", "410308")),
    ("晋城市城区人民政府", Region("山西省", "晋城市", "城区", "140502")),
    ("东莞市虎门镇人民政府", Region("广东省", "东莞市", None, "441900")),  # a city without districts
])
def test_levels_and_forms_of_names(agency, expected):
    assert resolve_region(agency) == (expected, [])


def test_agency_without_a_place_takes_the_level_its_name_implies(seed_text):
    assert resolve_region("区司法局", seed_text)[0] == Region("河南省", "洛阳市", "孟津区", "410308")
    assert resolve_region("市司法局", seed_text)[0] == Region("河南省", "洛阳市", None, "410300")


@pytest.mark.parametrize("agency, text", [
    ("朝阳街道办事处", ""),  # a street named after a city is not that city
    ("区司法局", "加快推进主城区、老城区改造"),  # ordinary words that contain district names
])
def test_names_inside_ordinary_words_do_not_count(agency, text):
    assert resolve_region(agency, text)[0] == Region()


@pytest.mark.parametrize("text, expected", [
    ("重庆市江北区人民政府", Region("重庆市", "重庆市", "江北区", "500105")),  # historical unit
    ("宁波市江北区人民政府", Region("浙江省", "宁波市", "江北区", "330205")),
])
def test_same_name_current_and_historical(text, expected):
    assert resolve_region("江北区人民政府", text) == (expected, [])


def test_former_name_shared_with_a_current_unit_is_settled_by_the_city():
    assert resolve_region("桥东区人民政府", "邢台市桥东区2019年政府信息公开工作年度报告") == (
        Region("河北省", "邢台市", "襄都区", "130502"), [])
    assert resolve_region("桥东区人民政府", "张家口市桥东区2019年政府信息公开工作年度报告") == (
        Region("河北省", "张家口市", "桥东区", "130702"), [])


# --- agency kind and level --------------------------------------------------------------------

@pytest.mark.parametrize("agency, kind, label", [
    ("孟津区司法局", "department", "政府部门"),
    ("乌海市工业和信息化局", "department", "政府部门"),
    ("锡盟商务局（锡林郭勒盟商务局）", "department", "政府部门"),
    ("洛阳市人民政府办公室", "department", "政府部门"),
    ("广州市海珠区官洲街道办事处", "street", "街道"),
    ("官洲街道办事处", "street", "街道"),
    ("麻阳苗族自治县板栗树乡人民政府", "township", "乡镇"),
    ("麻陽苗族自治縣板栗樹鄉人民政府", "township", "乡镇"),
    ("桃江县松木塘镇人民政府", "township", "乡镇"),
    ("平潭综合实验区", "government", "人民政府"),
    ("平潭综合实验区管理委员会", "government", "人民政府"),
    ("洛阳市人民政府", "government", "人民政府"),
    ("孟津区", "government", "人民政府"),
    ("洛阳市中级人民法院", "other", "其他"),
])
def test_agency_kind(agency, kind, label):
    assert agency_kind(agency) == kind
    assert agency_kind_label(kind) == label


@pytest.mark.parametrize("agency, level", [
    ("河南省司法厅", "province"),
    ("北京市发展和改革委员会", "province"),
    ("乌海市工业和信息化局", "city"),
    ("平潭综合实验区", "city"),
    ("平潭综合实验区金井片区管理局", "district"),
    ("孟津区司法局", "district"),
    ("桃江县松木塘镇人民政府", "township"),
    ("广州市海珠区官洲街道办事处", "township"),
])
def test_agency_level(agency, level):
    region, _ = resolve_region(agency)
    assert agency_level(region, agency) == level


# --- the real corpus --------------------------------------------------------------------------

@pytest.mark.parametrize("meta_path", shared_corpus.params("*.json", ids=lambda p: p.stem))
def test_real_reports(meta_path: Path | None, corpus_dir: Path):
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    text = (meta_path.parent / meta["file"]).read_text(encoding="utf-8")
    region, warnings = resolve_region(meta["agency"], text)
    assert (region.province, region.city, region.district) == (
        meta["province"], meta["city"], meta["district"])
    assert warnings == []
    # "department-of-county" → district, "city (…)" → city, "township (…)" → township
    # "district-level area office" → district
    expected_level = meta["level"].split()[0].removeprefix("department-of-").replace(
        "county", "district").removesuffix("-level")
    assert agency_level(region, meta["agency"]) == expected_level


@pytest.mark.parametrize(
    "agency,key",
    [
        ("孟津县司法局", "410308|司法局"),
        ("孟津区司法局", "410308|司法局"),
        ("洛阳市孟津区司法局", "410308|司法局"),
        ("偃师市财政局", "410307|财政局"),
        ("洛阳市人民政府", "410300|人民政府"),
    ],
)
def test_an_agency_keeps_its_identity_across_a_rename(agency: str, key: str) -> None:
    from xxgk.regions import agency_identity

    assert agency_identity(agency, resolve_region(agency)[0]) == key
