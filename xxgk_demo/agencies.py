"""Geography and agencies of the demo corpus.

The core is one real prefecture-level city, 洛阳市 (河南省, code 410300), with its fourteen
county-level units under their GB/T 2260 codes, the names they had in each year (偃师市 and 孟津县
became 偃师区 and 孟津区 in 2021, keeping codes 410307/410308 of the new districts in the
manifest), and per unit the kinds of agencies that publish an annual report: the 人民政府 itself,
its departments, and its townships (…镇/…乡人民政府) and street offices (…街道办事处), with real
township names where known.

Beyond 洛阳市 (only when more reports are asked for than the city has), the corpus extends
deterministically over the national gazetteer ``data/gazetteer.csv``: first the other cities of
河南省, then every other province, each city with its city-level agencies and each district with a
smaller set of departments and townships with plausible generated names. When even that is used up
(about half a million reports), further rounds add more generated townships to every district.
Every agency is named with its district (or city) in front, so that the region resolver can place it.

Nothing here depends on the seed: the agency list is fixed; only the figures vary with the seed.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xxgk import resources

GAZETTEER = resources.data_file("gazetteer.csv")

PROVINCE = "河南省"
CITY = "洛阳市"
CITY_CODE = "410300"
YEARS = tuple(range(2019, 2026))


@dataclass(frozen=True)
class District:
    code: str
    name: str  # current name
    urban: bool  # an urban district: street offices, 公安分局
    towns: tuple[str, ...]  # township and street names (…镇, …乡, …街道)
    old_name: str | None = None  # name before ``renamed``
    renamed: int | None = None  # first year of the current name
    late_towns: tuple[str, ...] = ()  # units that joined in ``renamed`` (from the merged 吉利区)
    factor: float = 1.0  # how busy its agencies are compared with an average district

    def name_in(self, year: int) -> str:
        if self.old_name and self.renamed and year < self.renamed:
            return self.old_name
        return self.name


# 洛阳市: codes and renames checked against data/gazetteer.csv and data/gazetteer_renames.csv.
LUOYANG: tuple[District, ...] = (
    District("410302", "老城区", True, (
        "西关街道", "西南隅街道", "西北隅街道", "东南隅街道", "东北隅街道", "南关街道", "洛浦街道",
        "邙山街道", "道北路街道")),
    District("410303", "西工区", True, (
        "王城路街道", "金谷园街道", "西工街道", "邙岭路街道", "唐宫路街道", "汉屯路街道",
        "凯旋东路街道", "道南路街道", "洛北街道", "红山街道")),
    District("410304", "瀍河回族区", True, (
        "东关街道", "西大街街道", "北窑街道", "五股路街道", "塔湾街道", "瀍西街道", "杨文街道",
        "华林新村街道", "瀍河回族乡"), factor=0.8),
    District("410305", "涧西区", True, (
        "湖北路街道", "天津路街道", "长春路街道", "南昌路街道", "长安路街道", "重庆路街道",
        "郑州路街道", "武汉路街道", "瀛洲街道", "徐家营街道", "周山路街道", "工农街道",
        "珠江路街道"), factor=1.3),
    District("410307", "偃师区", False, (
        "首阳山街道", "商城街道", "槐新街道", "伊洛街道", "山化镇", "岳滩镇", "顾县镇", "翟镇镇",
        "府店镇", "高龙镇", "缑氏镇", "大口镇", "邙岭镇"), old_name="偃师市", renamed=2021),
    District("410308", "孟津区", False, (
        "城关镇", "会盟镇", "平乐镇", "送庄镇", "白鹤镇", "朝阳镇", "麻屯镇", "横水镇", "常袋镇",
        "小浪底镇"), old_name="孟津县", renamed=2021, late_towns=("康乐街道", "河阳街道")),
    District("410311", "洛龙区", True, (
        "开元路街道", "龙门石窟街道", "关林街道", "学府街道", "科技园街道", "太康东路街道",
        "安乐镇", "白马寺镇", "李楼镇", "佃庄镇", "寇店镇", "庞村镇"), factor=1.4),
    District("410323", "新安县", False, (
        "城关镇", "磁涧镇", "铁门镇", "石寺镇", "五头镇", "北冶镇", "正村镇", "南李村镇", "石井镇",
        "仓头镇", "曹村乡"), factor=0.8),
    District("410324", "栾川县", False, (
        "城关镇", "赤土店镇", "合峪镇", "潭头镇", "三川镇", "冷水镇", "陶湾镇", "石庙镇", "庙子镇",
        "狮子庙镇", "白土镇", "叫河镇", "秋扒乡", "栾川乡"), factor=0.7),
    District("410325", "嵩县", False, (
        "城关镇", "田湖镇", "车村镇", "旧县镇", "闫庄镇", "德亭镇", "大章镇", "白河镇", "纸房镇",
        "饭坡镇", "九店乡", "黄庄乡", "木植街乡", "大坪乡", "库区乡", "何村乡"), factor=0.7),
    District("410326", "汝阳县", False, (
        "城关镇", "上店镇", "付店镇", "小店镇", "三屯镇", "刘店镇", "内埠镇", "陶营镇", "柏树乡",
        "十八盘乡", "靳村乡", "王坪乡", "蔡店乡"), factor=0.6),
    District("410327", "宜阳县", False, (
        "城关镇", "丰李镇", "柳泉镇", "韩城镇", "白杨镇", "香鹿山镇", "锦屏镇", "三乡镇", "张坞镇",
        "莲庄镇", "赵保镇", "盐镇乡", "高村乡", "花果山乡", "上观乡", "董王庄乡"), factor=0.8),
    District("410328", "洛宁县", False, (
        "城关镇", "王范回族镇", "上戈镇", "下峪镇", "河底镇", "兴华镇", "东宋镇", "马店镇", "故县镇",
        "赵村镇", "长水镇", "小界乡", "罗岭乡", "底张乡", "西山底乡", "涧口乡", "陈吴乡"), factor=0.6),
    District("410329", "伊川县", False, (
        "城关镇", "鸣皋镇", "水寨镇", "彭婆镇", "白沙镇", "江左镇", "高山镇", "吕店镇", "半坡镇",
        "葛寨镇", "白元镇", "鸦岭镇", "平等乡", "酒后乡"), factor=0.9),
)

# --- departments ------------------------------------------------------------------------------
# key → (name in a county or suburban district, name in an urban district or None if the same).
# ``CORE`` departments exist in every district; the others in a fixed, name-derived subset.

DISTRICT_DEPARTMENTS: dict[str, tuple[str, str | None]] = {
    "police": ("公安局", "公安分局"),
    "natres": ("自然资源局", "自然资源和规划分局"),
    "housing": ("住房和城乡建设局", None),
    "finance": ("财政局", None),
    "justice": ("司法局", None),
    "market": ("市场监督管理局", None),
    "hrss": ("人力资源和社会保障局", None),
    "edu": ("教育局", None),
    "health": ("卫生健康委员会", None),
    "civil": ("民政局", None),
    "eco": ("生态环境分局", None),
    "transport": ("交通运输局", None),
    "agri": ("农业农村局", None),
    "emergency": ("应急管理局", None),
    "drc": ("发展和改革委员会", None),
    "audit": ("审计局", None),
    "stats": ("统计局", None),
    "culture": ("文化广电和旅游局", None),
    "sti": ("科技和工业信息化局", None),
    "water": ("水利局", None),
    "commerce": ("商务局", None),
    "veterans": ("退役军人事务局", None),
    "medsec": ("医疗保障局", None),
    "urban": ("城市管理局", None),
    "petition": ("信访局", None),
    "forestry": ("林业局", None),
}
CORE = (
    "police", "natres", "housing", "finance", "justice", "market", "hrss", "edu", "health",
    "civil", "eco", "transport", "agri", "emergency",
)
MOUNTAIN = {"410323", "410324", "410325", "410326", "410327", "410328"}

CITY_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("drc", "发展和改革委员会"),
    ("edu", "教育局"),
    ("sti", "科学技术局"),
    ("industry", "工业和信息化局"),
    ("police", "公安局"),
    ("civil", "民政局"),
    ("justice", "司法局"),
    ("finance", "财政局"),
    ("hrss", "人力资源和社会保障局"),
    ("natres", "自然资源和规划局"),
    ("eco", "生态环境局"),
    ("housing", "住房和城乡建设局"),
    ("urban", "城市管理局"),
    ("transport", "交通运输局"),
    ("water", "水利局"),
    ("agri", "农业农村局"),
    ("commerce", "商务局"),
    ("culture", "文化广电和旅游局"),
    ("health", "卫生健康委员会"),
    ("veterans", "退役军人事务局"),
    ("emergency", "应急管理局"),
    ("audit", "审计局"),
    ("market", "市场监督管理局"),
    ("stats", "统计局"),
    ("medsec", "医疗保障局"),
    ("petition", "信访局"),
    ("civildef", "人民防空办公室"),
    ("fund", "住房公积金管理中心"),
)
# The smaller set the extension gives each city outside 洛阳市.
EXT_CITY_KEYS = ("drc", "edu", "police", "civil", "justice", "finance", "hrss", "natres", "eco",
                 "housing", "transport", "agri", "health", "emergency", "market", "stats")
EXT_DISTRICT_KEYS = ("police", "natres", "housing", "finance", "justice", "market", "hrss", "edu",
                     "health", "civil", "transport", "agri", "audit", "stats", "culture", "emergency")


@dataclass(frozen=True)
class Agency:
    """One body that publishes a report every year (``first_year`` on)."""

    agency_id: str  # stable across years and renames: "410305/justice"
    slug: str  # file-name part: "justice", "town07"
    kind: str  # government | department | township | street
    dept: str  # profile key: gov, city_gov, police, …, town, street
    province: str
    city: str | None
    district: District | None  # None for a city-level agency
    unit: str  # the name after the district: "司法局", "湖北路街道办事处", "人民政府"
    region_code: str
    level: str  # "city" | "district"
    urban: bool = False
    factor: float = 1.0
    first_year: int = YEARS[0]
    city_prefix: bool = False  # the title prints the city in front: 洛阳市涧西区司法局
    district_name: str | None = None  # for extension districts (no District record)

    def place(self, year: int) -> str:
        """The name of the unit the agency belongs to, as it was in ``year``."""
        if self.district is not None:
            return self.district.name_in(year)
        if self.district_name:
            return self.district_name
        return self.city or self.province

    def name(self, year: int) -> str:
        base = self.place(year) + self.unit
        if self.city_prefix and self.city and not base.startswith(self.city):
            return self.city + base
        return base

    @property
    def district_now(self) -> str | None:
        if self.district is not None:
            return self.district.name
        return self.district_name


def _pick(code: str, key: str, percent: int) -> bool:
    """A fixed pseudo-random choice from names (crc32: stable across runs, unlike hash())."""
    return zlib.crc32(f"{code}:{key}".encode()) % 100 < percent


def _town_kind(town: str) -> tuple[str, str]:
    if town.endswith("街道"):
        return "street", town + "办事处"
    return "township", town + "人民政府"


def luoyang_agencies() -> list[Agency]:
    """Every agency of 洛阳市, city level first, in a fixed order."""
    agencies: list[Agency] = [
        Agency(f"{CITY_CODE}/gov", "gov", "government", "city_gov", PROVINCE, CITY, None, "人民政府",
               CITY_CODE, "city", True, 1.0)
    ]
    for key, unit in CITY_DEPARTMENTS:
        agencies.append(Agency(f"{CITY_CODE}/{key}", key, "department", key, PROVINCE, CITY, None, unit,
                               CITY_CODE, "city", True, 1.0))
    for d in LUOYANG:
        agencies.extend(_district_agencies(d))
    return agencies


def _district_agencies(d: District) -> list[Agency]:
    out = [Agency(f"{d.code}/gov", "gov", "government", "gov", PROVINCE, CITY, d, "人民政府", d.code,
                  "district", d.urban, d.factor, city_prefix=_pick(d.code, "gov-prefix", 25))]
    for key, (county_name, urban_name) in DISTRICT_DEPARTMENTS.items():
        if key not in CORE:
            if key == "forestry" and d.code not in MOUNTAIN:
                continue
            if key == "urban" and not d.urban:
                if not _pick(d.code, key, 40):
                    continue
            elif not _pick(d.code, key, 55):
                continue
        unit = urban_name if (d.urban and urban_name) else county_name
        out.append(Agency(f"{d.code}/{key}", key, "department", key, PROVINCE, CITY, d, unit, d.code,
                          "district", d.urban, d.factor, city_prefix=_pick(d.code, key + "-prefix", 15)))
    for i, town in enumerate(d.towns + d.late_towns, start=1):
        kind, unit = _town_kind(town)
        first = d.renamed if town in d.late_towns and d.renamed else YEARS[0]
        out.append(Agency(f"{d.code}/town{i:02d}", f"town{i:02d}", kind, "street" if kind == "street" else "town",
                          PROVINCE, CITY, d, unit, d.code, "district", d.urban, d.factor, first_year=first))
    return out


# --- the extension ----------------------------------------------------------------------------

# Characters for plausible township names: a first and a second syllable, as in 白沙, 石桥, 柳林.
_FIRST = "白石柳龙青黄红金银马牛杨李王张刘陈赵孙周吴郑冯高林山水河湖泉桥庄店寨岭坡沟川桃梨杏枣松柏竹兴安宁和平永长新东西南北中上下大小"
_SECOND = "沙桥林泉山河庄店集寨营屯岗坪坡湾口头岭峪沟田园城村关堡铺洼滩塘里湖阳安宁兴丰盛和乐"
_TOWN_TAILS = ("镇", "镇", "镇", "乡", "街道")


def _stem(town: str) -> str:
    for tail in ("街道", "镇", "乡"):
        if town.endswith(tail):
            return town[: -len(tail)]
    return town


def _generated_towns(code: str, count: int, round_no: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    start = zlib.crc32(f"{code}:{round_no}".encode())
    k = 0
    while len(names) < count:
        x = start + k * 7919
        k += 1
        stem = _FIRST[x % len(_FIRST)] + _SECOND[(x // len(_FIRST)) % len(_SECOND)]
        if stem[0] == stem[1]:
            continue
        tail = _TOWN_TAILS[(x // 7) % len(_TOWN_TAILS)]
        name = stem + tail
        if stem in taken:
            continue
        taken.add(stem)
        names.append(name)
    return names


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    level: str
    province: str
    city: str
    district: str


def _gazetteer() -> list[_Unit]:
    if not GAZETTEER.is_file():
        return []
    units = []
    with GAZETTEER.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["status"] != "current" or row["code"].startswith(("71", "81", "82")):
                continue
            units.append(_Unit(row["code"], row["name"], row["level"], row["province"], row["city"],
                               row["district"]))
    units.sort(key=lambda u: (u.code[:2] != "41", u.code))
    return units


def _ext_city(u: _Unit) -> list[Agency]:
    """City-level agencies of a prefecture, municipality or province-administered county unit."""
    city = u.city or u.name
    out = [Agency(f"{u.code}/gov", "gov", "government", "city_gov", u.province, city, None, "人民政府",
                  u.code, "city", True, 0.7)]
    units = dict(CITY_DEPARTMENTS)
    for key in EXT_CITY_KEYS:
        out.append(Agency(f"{u.code}/{key}", key, "department", key, u.province, city, None, units[key],
                          u.code, "city", True, 0.7))
    return out


def _ext_district(u: _Unit, round_no: int) -> list[Agency]:
    urban = u.name.endswith("区")
    factor = 0.8 if urban else 0.6
    out: list[Agency] = []
    # stems already used in the district: 洛阳市's real townships, and earlier rounds (below)
    taken: set[str] = {_stem(t) for d in LUOYANG if d.code == u.code for t in d.towns + d.late_towns}
    if round_no == 0:
        out.append(Agency(f"{u.code}/gov", "gov", "government", "gov", u.province, u.city, None, "人民政府",
                          u.code, "district", urban, factor, district_name=u.name))
        for key in EXT_DISTRICT_KEYS:
            county_name, urban_name = DISTRICT_DEPARTMENTS[key]
            unit = urban_name if (urban and urban_name) else county_name
            out.append(Agency(f"{u.code}/{key}", key, "department", key, u.province, u.city, None, unit,
                              u.code, "district", urban, factor, district_name=u.name))
        count = 8
    else:
        count = 24
        for r in range(round_no):  # names used by earlier rounds stay taken
            _generated_towns(u.code, 8 if r == 0 else 24, r, taken)
    for i, town in enumerate(_generated_towns(u.code, count, round_no, taken), start=1):
        kind, unit = _town_kind(town)
        slug = f"town{i:02d}" if round_no == 0 else f"r{round_no}town{i:02d}"
        out.append(Agency(f"{u.code}/{slug}", slug, kind, "street" if kind == "street" else "town",
                          u.province, u.city, None, unit, u.code, "district", urban, factor,
                          district_name=u.name))
    return out


def extension_agencies() -> Iterator[Agency]:
    """Agencies beyond 洛阳市, in a fixed order, without end (see the module docstring)."""
    units = [u for u in _gazetteer() if not u.code.startswith("4103")]
    if not units:  # no gazetteer: repeat 洛阳市's districts with generated townships
        units = [_Unit(d.code, d.name, "district", PROVINCE, CITY, d.name) for d in LUOYANG]
        round_no = 1
    else:
        round_no = 0
        for u in units:
            if u.level == "city" or (u.level == "province" and u.code[:2] in ("11", "12", "31", "50")):
                yield from _ext_city(u)
            elif u.level == "district" and not u.district:  # 济源市 and other province-administered units
                yield from _ext_city(u)
            elif u.level == "district":
                yield from _ext_district(u, 0)
        round_no = 1
    districts = [u for u in units if u.level == "district" and u.district]
    while True:
        for u in districts:
            yield from _ext_district(u, round_no)
        round_no += 1
