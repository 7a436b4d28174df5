"""Which region a report belongs to: the district gazetteer and the region resolver.

``resolve_region(agency, text)`` finds the administrative unit an agency belongs to from the
division names in its name and, where those do not settle it, in the start of the report:

>>> resolve_region("孟津县司法局")[0]
Region(province='河南省', city='洛阳市', district='孟津区', code='410308')

The facts live in ``data/gazetteer.csv`` (one row per province, prefecture and county-level unit,
with GB/T 2260 codes) and ``data/gazetteer_renames.csv`` (former names and aliases, each with the
unit it resolves to); ``scripts/build_gazetteer.py`` says where they come from and what choices
they encode (直辖市, 省直辖县级 units, 平潭综合实验区).

The agency name decides the level: an agency named after a city (乌海市工业和信息化局) gets a
city and no district, even when its report names districts. The text only picks between units of
the same name (鼓楼区 of 南京市, 福州市, 徐州市 or 开封市) and fills in what the agency name
leaves out (the district of 官洲街道办事处). Where the names do not settle it the resolver leaves
the field empty and says why in a warning: it never guesses.

Layer: regions (the pipeline's locate stage) — may import the base modules only.

Long: the gazetteer index and the resolver walking it are one algorithm; the agency's kind and
identity sit beside them because they read the same names with the same folding.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xxgk import resources
from xxgk.normalize import traditional_simplified
from xxgk.vocabulary import AGENCY_KIND_LABELS, AGENCY_KINDS

GAZETTEER_CSV = resources.data_file("gazetteer.csv")
RENAMES_CSV = resources.data_file("gazetteer_renames.csv")

# How much of a report's text is read: the title and the 总体情况 intro name the agency's units.
TEXT_WINDOW = 2000


PROVINCE, CITY, DISTRICT = 0, 1, 2
LEVEL_NAMES = ("province", "city", "district")


@dataclass(frozen=True)
class Region:
    """Where a report belongs. ``code`` is the 6-digit code of the most specific unit resolved."""

    province: str | None = None
    city: str | None = None
    district: str | None = None
    code: str | None = None


# --- names ------------------------------------------------------------------------------------

# The 56 recognised ethnic groups, longest first: 麻阳苗族自治县 is called 麻阳县, so the
# resolver strips ethnic names to find the short form of an autonomous unit's name.
_ETHNIC_GROUPS = sorted(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split(),
    key=len, reverse=True,
)
_ETHNIC_TAIL = re.compile("(?:各族|(?:" + "|".join(_ETHNIC_GROUPS) + ")族?)$")
_NAME_SUFFIX = re.compile(
    "(?:自治区|自治州|自治县|自治旗|行政区|地区|新区|林区|特区|矿区|省|市|县|区|旗|盟)$")

# Full names that read as ordinary words ("主城区", "老城区改造", "广东区域"): they count only at
# the start of the agency name or a line, or right after the name of their city or province.
_GENERIC_NAMES = frozenset(
    "新城区 老城区 城中区 城东区 城西区 城北区 城关区 市中区 市南区 市北区 新市区 河东区 河西区 "
    "河北区 江北区 江南区 新兴区 和平区".split())

# A province's short name (北京, 广西) is not a place when a street or a road is named after it.
_NOT_AFTER_PROVINCE_STEM = "(?!路|街|大道|大街|镇|乡|村|社区|花园|广场)"
# A bare city or district stem (孟津) in an agency name must be followed by the agency itself
# (孟津司法局), never by a suffix or a township/street/road name.
_NOT_AFTER_STEM = set("省市区县州盟旗镇乡街路村")


def _strip_name(name: str) -> tuple[str, str]:
    """Split a unit name into (stem, suffix): 麻阳苗族自治县 → (麻阳, 自治县)."""
    m = _NAME_SUFFIX.search(name)
    if not m or m.start() == 0:
        return name, ""
    stem = name[: m.start()]
    while (t := _ETHNIC_TAIL.search(stem)) and t.start() > 0:
        stem = stem[: t.start()]
    if _ETHNIC_TAIL.fullmatch(stem):  # 鄂温克族自治旗: the name is the group's own, no stem
        return "", m.group()
    return stem, m.group()


@functools.cache
def _t2s_table() -> dict[int, str]:
    """Traditional → Simplified, character by character (str.translate is fast enough for the hot
    path; OpenCC's own converter takes over a millisecond per report): the one table of
    ``xxgk.normalize.traditional_simplified``. Names and input go through the same table, so a
    character it folds (乾 → 干) still matches.
    """
    return {ord(trad): simp for trad, simp in traditional_simplified().items()}


_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")


def _normalise(s: str) -> str:
    return _SPACES.sub("", s.translate(_t2s_table()))


# --- the index --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Unit:
    """One way of naming a unit: what it resolves to and what it may sit under."""

    code: str
    level: int
    province: str
    city: str | None
    district: str | None
    province_code: str
    city_code: str | None
    ancestors: frozenset[str]  # codes of the units it may be named under (former parents too)
    context: tuple[str, ...]  # normalised names of its city and province, for disambiguation

    def region(self, level: int | None = None) -> Region:
        """The Region of this unit, or of its ancestor at `level`."""
        if level is None or level >= self.level:
            return Region(self.province, self.city, self.district, self.code)
        if level == CITY:
            return Region(self.province, self.city, None, self.city_code)
        return Region(self.province, None, None, self.province_code)

    def where(self) -> str:
        return self.city if self.level == DISTRICT and self.city else self.province


@dataclass(frozen=True)
class _Index:
    names: dict[str, tuple[_Unit, ...]]  # normalised full name or alias → units
    lengths: dict[str, tuple[int, ...]]  # last character → lengths of names ending with it, desc
    suffix_re: re.Pattern
    province_stem_re: re.Pattern
    province_stems: dict[str, tuple[_Unit, ...]]
    stems: dict[str, dict[str, tuple[_Unit, ...]]]  # first 2 chars → stem → units (agency only)
    weak: frozenset[str]
    has_districts: frozenset[str]  # codes of units with districts (东莞市, 仙桃市 have none)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@functools.cache
def _index() -> _Index:
    """Load the gazetteer once and index every name by which it can be found."""
    rows = _read_csv(GAZETTEER_CSV)
    by_code = {r["code"]: r for r in rows}

    def make_unit(code: str, province: str, city: str, district: str,
                  extra_ancestors: tuple[str, ...] = ()) -> _Unit:
        # A 直辖市 is a province whose city is itself; a 省直辖县级 unit is its own city.
        level = DISTRICT if district else PROVINCE if code.endswith("0000") else CITY
        province_code = code[:2] + "0000"
        parent = by_code[code]["parent_code"] if code in by_code else ""
        if level == PROVINCE:
            city_code, ancestors = None, set()
        elif level == CITY:
            city_code, ancestors = code, {province_code}
        else:
            city_code, ancestors = parent, {province_code, parent}
        ancestors.update(extra_ancestors)
        return _Unit(code, level, province, city or None, district or None, province_code,
                     city_code, frozenset(ancestors), _context(level, province, city))

    names: dict[str, dict[str, _Unit]] = {}
    province_stems: dict[str, dict[str, _Unit]] = {}
    stems: dict[str, dict[str, _Unit]] = {}

    def add(table: dict, key: str, unit: _Unit) -> None:
        slot = table.setdefault(key, {})
        old = slot.get(unit.code)
        if old is not None:  # one unit under two names' rows: it may sit under either parent
            unit = _Unit(**{**old.__dict__, "ancestors": old.ancestors | unit.ancestors})
        slot[unit.code] = unit

    for r in rows:
        unit = make_unit(r["code"], r["province"], r["city"], r["district"])
        full = _normalise(r["name"])
        add(names, full, unit)
        stem, suffix = _strip_name(full)
        if len(stem) < 2:
            continue
        if r["level"] == "province":
            if r["code"][:2] not in ("71", "81", "82"):
                add(province_stems, stem, unit)
            continue
        # 黔南州, 麻阳县, 莫力达瓦旗: the short forms autonomous units go by.
        if suffix in ("自治州", "自治县", "自治旗"):
            add(names, stem + suffix[-1], unit)
        add(stems, stem, unit)

    aliases = set()
    for r in _read_csv(RENAMES_CSV):
        old = r["old_code"]
        extra = (old[:2] + "0000", old[:4] + "00") if old else ()
        unit = make_unit(r["code"], r["province"], r["city"], r["district"], extra)
        add(names, _normalise(r["name"]), unit)
        if r["kind"] == "alias":
            aliases.add(_normalise(r["name"]))

    # A short form must not shadow a full name: 河南县 is a county, not 河南 + 县.
    for key in list(stems):
        if key in names or key in province_stems:
            del stems[key]

    frozen = {k: _drop_descendants(tuple(v.values())) for k, v in names.items()}
    lengths: dict[str, set[int]] = {}
    for key in frozen:
        lengths.setdefault(key[-1], set()).add(len(key))
    # Two-character names (赵县, 城区; also 任县 in 担任县委书记) need context; the
    # abbreviations we list on purpose (锡盟) do not.
    weak = frozenset(k for k in frozen if len(k) == 2 and k not in aliases) | frozenset(
        _normalise(n) for n in _GENERIC_NAMES)
    stems_by_prefix: dict[str, dict[str, tuple[_Unit, ...]]] = {}
    for key, units in stems.items():
        stems_by_prefix.setdefault(key[:2], {})[key] = _drop_descendants(tuple(units.values()))
    for prefix, table in stems_by_prefix.items():  # longest stem first
        stems_by_prefix[prefix] = dict(sorted(table.items(), key=lambda kv: -len(kv[0])))
    pstems = sorted(province_stems, key=len, reverse=True)
    return _Index(
        names=frozen,
        lengths={c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()},
        suffix_re=re.compile("[" + re.escape("".join(sorted(lengths))) + "]"),
        province_stem_re=re.compile(
            "(?:" + "|".join(map(re.escape, pstems)) + ")" + _NOT_AFTER_PROVINCE_STEM),
        province_stems={k: tuple(v.values()) for k, v in province_stems.items()},
        stems=stems_by_prefix,
        weak=weak,
        has_districts=frozenset(r["parent_code"] for r in rows if r["district"]),
    )


def _context(level: int, province: str, city: str | None) -> tuple[str, ...]:
    """Normalised names (full and short) of the units above a unit: 福州市, 福州, 福建省, 福建."""
    above = [city, province] if level == DISTRICT else [province] if level == CITY else []
    names = []
    for name in above:
        if name:
            names += [_normalise(name), _normalise(_strip_name(name)[0])]
    return tuple(dict.fromkeys(n for n in names if len(n) >= 2))


def _drop_descendants(units: tuple[_Unit, ...]) -> tuple[_Unit, ...]:
    """Of units sharing a name, keep the higher: 黄山 is 黄山市 rather than its 黄山区."""
    codes = {u.code for u in units}
    return tuple(u for u in units if not (u.ancestors & codes))


# --- scanning ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    key: str
    units: tuple[_Unit, ...]


def _is_under(unit: _Unit, others: tuple[_Unit, ...] | list[_Unit]) -> bool:
    return any(o.code in unit.ancestors for o in others)


def _scan(s: str, in_agency: bool) -> tuple[_Mention, ...]:
    """Division names in normalised `s`, left to right, without overlaps (longest wins).

    An agency name is scanned three times per report (its region, its kind, its identity for
    the loader) and recurs in every year's report of the agency: those scans are memoised.
    """
    if in_agency and len(s) <= 200:
        return _scan_agency(s)
    return tuple(_scan_text(s, in_agency))


@functools.lru_cache(maxsize=65536)
def _scan_agency(s: str) -> tuple[_Mention, ...]:
    return tuple(_scan_text(s, True))


def _scan_text(s: str, in_agency: bool) -> list[_Mention]:
    """``_scan`` itself.

    Full names are found from their last character (省市区县州盟旗…), which keeps the scan of a
    2,000-character text to a few hundred dictionary look-ups. Province short names (河南) count
    anywhere; city and district short names (孟津) only in an agency name and only when what
    follows is the agency itself (孟津司法局, not 朝阳街道).
    """
    index = _index()
    hits: list[_Mention] = []
    for m in index.suffix_re.finditer(s):
        end = m.end()
        for length in index.lengths[m.group()]:
            start = end - length
            if start >= 0 and (units := index.names.get(s[start:end])):
                hits.append(_Mention(start, end, s[start:end], units))
                break
    for m in index.province_stem_re.finditer(s):
        hits.append(_Mention(m.start(), m.end(), m.group(), index.province_stems[m.group()]))
    if in_agency:
        for i in range(len(s) - 1):
            for stem, units in index.stems.get(s[i:i + 2], {}).items():
                rest = s[i + len(stem):]
                if (s.startswith(stem, i) and rest and rest[0] not in _NOT_AFTER_STEM
                        and _kind_of(rest) in ("government", "department")):
                    hits.append(_Mention(i, i + len(stem), stem, units))
                    break
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    kept: list[_Mention] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue
        if h.key in index.weak and not (
                h.start == 0 or s[h.start - 1] == "\n"
                or (kept and kept[-1].end == h.start
                    and any(_is_under(u, kept[-1].units) for u in h.units))):
            continue
        kept.append(h)
    return kept


# --- resolving --------------------------------------------------------------------------------

def _narrow(context: list[_Unit], mention: _Mention) -> list[_Unit] | None:
    """The candidates once `mention` is read after `context`, or None if it does not fit.

    A unit under the context is more specific (洛阳市 → 孟津区); a unit above some candidates picks
    them (鼓楼区 … 福州市). Anything else (the same unit again, or a name inside a township's
    own name) does not fit.
    """
    if not context:
        return list(mention.units)
    deeper = [u for u in mention.units if _is_under(u, context)]
    if deeper:
        return deeper
    picked = [c for c in context if _is_under(c, mention.units)]
    return picked or None


def _walk(mentions: Sequence[_Mention]) -> tuple[list[_Unit], str | None]:
    """Read the mentions of an agency name in order; return the candidates and the last key."""
    context: list[_Unit] = []
    key = None
    for mention in mentions:
        narrowed = _narrow(context, mention)
        if narrowed is not None:
            if not context or narrowed[0].level > context[0].level:
                key = mention.key
            context = narrowed
    return context, key


def _disambiguate(units: list[_Unit], key: str, window: str) -> tuple[list[_Unit], str | None]:
    """Pick the unit whose city or province the agency name and text name most, or say why not."""
    if len(units) <= 1:
        return units, None
    scores = []
    for u in units:
        score = sum(window.count(name) for name in u.context)
        score += 100 * sum(window.count(name + key) for name in u.context)  # 福州市鼓楼区
        scores.append(score)
    best = max(scores)
    top = [u for u, s in zip(units, scores) if s == best]
    if best > 0 and len(top) == 1:
        return top, None
    left = top if best > 0 else units
    places = ", ".join(dict.fromkeys(u.where() for u in left))
    cities_named = any(window.count(_normalise(u.where())) for u in left if u.where())
    why = "the text names more than one of them" if cities_named else "no city named in the text"
    return left, f"region: {key} is ambiguous ({places}); {why}"


def _common(units: list[_Unit]) -> Region:
    """What all candidates agree on (province, and city if they share it)."""
    if len({u.province_code for u in units}) != 1:
        return Region()
    u = units[0]
    if all(v.level >= CITY for v in units) and len({v.city_code for v in units}) == 1:
        return u.region(CITY)
    return u.region(PROVINCE)


_HTML = re.compile(r"<(?:html|body|div|p|table|title)\b", re.I)
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_BLANK_LINES = re.compile(r"\s*\n\s*")


def _text_window(text: str) -> str:
    """The normalised start of the report; raw HTML is crudely reduced to its text first."""
    head = text[: TEXT_WINDOW * 10]
    if _HTML.search(head, 0, 5000):
        head = _BLANK_LINES.sub("\n", _TAGS.sub("\n", head))
    return _normalise(head[:TEXT_WINDOW])


def _level_hint(agency: str, kind: str) -> int | None:
    """The level an agency named without a place works at: 区司法局 → district."""
    if kind in ("township", "street"):
        return DISTRICT
    return {"省": PROVINCE, "市": CITY, "州": CITY, "盟": CITY, "区": DISTRICT, "县": DISTRICT,
            "旗": DISTRICT}.get(agency[:1])


def _from_text(mentions: Sequence[_Mention], target: int | None, start: list[_Unit]
               ) -> tuple[list[_Unit], str | None]:
    """Read the text's mentions down to `target` level (or, without one, its first chain)."""
    context, key, last_end = list(start), None, None
    for m in mentions:
        if context and target is None and m.start != last_end:
            break  # without a level to reach, only the first chain of names counts
        narrowed = _narrow(context, m)
        if narrowed is None or (context and narrowed[0].level <= context[0].level):
            continue
        context, key, last_end = narrowed, m.key, m.end
        if target is not None and context[0].level >= target:
            break
    return context, key


def resolve_region(agency: str, text: str = "") -> tuple[Region, list[str]]:
    """The region an agency belongs to, and warnings about what could not be settled.

    Contract:
    - The agency name is read first; its most specific division name sets the level: a district
      agency gets province, city and district; a city agency province and city; a provincial
      agency the province only. Former names resolve to the current unit (孟津县 → 孟津区 410308).
    - The first ~2,000 characters of `text` (raw HTML is fine) pick between units of the same
      name, give a township or street office its district, and stand in for an agency name that
      names no place (then the agency's own word sets the level: 区司法局 → district).
    - Ambiguity left over leaves the field None with a warning; fields the candidates agree on
      are kept. Warnings start with "region:". ``code`` is the most specific code resolved.
    """
    a = _normalise(agency)
    kind = _kind_of(_clean_agency(a))
    units, key = _walk(_scan(a, in_agency=True))
    warnings: list[str] = []
    window = None

    def text_mentions() -> tuple[_Mention, ...]:
        return _scan(window, in_agency=False)

    if not units:
        window = _text_window(text)
        target = _level_hint(a, kind)
        units, key = _from_text(text_mentions(), target, [])
        if not units:
            return Region(), ["region: no division name found in the agency name or the text"]
        if target is not None and units[0].level > target:  # 市司法局 whose text names 孟津区
            units = list({t.code: t for t in (_truncated(u, target) for u in units)}.values())
    if len(units) > 1:
        window = window if window is not None else _text_window(text)
        units, warning = _disambiguate(units, key, a + "\n" + window)
        if warning:
            return _common(units), [warning]
    unit = units[0]
    if (kind in ("township", "street") and unit.level < DISTRICT
            and unit.code in _index().has_districts):
        window = window if window is not None else _text_window(text)
        found, key = _from_text(text_mentions(), DISTRICT, [unit])
        found = [u for u in found if u.level == DISTRICT]
        if len(found) > 1:
            found, warning = _disambiguate(found, key, a + "\n" + window)
            if warning:
                warnings.append(warning)
                found = []
        if found:
            unit = found[0]
        elif not warnings:
            warnings.append(f"region: no district found for {agency}")
    return unit.region(), warnings


def _truncated(unit: _Unit, level: int) -> _Unit:
    """The unit's ancestor at `level`, as a unit."""
    r = unit.region(level)
    ancestors = frozenset({unit.province_code} if level == CITY else ())
    return _Unit(r.code, level, r.province, r.city, None, unit.province_code,
                 r.code if level == CITY else None, ancestors, _context(level, r.province, r.city))


# --- agency kind ------------------------------------------------------------------------------

_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")
_KIND_RULES = (
    ("street", re.compile(r"街道(?:办事处|办|党工委|工委)?$|街道办事处")),
    ("township", re.compile(r"(?:镇|乡|苏木)(?:人民政府|政府)?(?:办公室)?$|乡镇人民政府$")),
    ("department", re.compile(r"城市管理委员会$")),
    ("government", re.compile(r"(?:人民政府|政府|管委会|管理委员会|行政公署|行署)$")),
    ("other", re.compile(r"(?:法院|检察院|公司|大学|学院|学校|医院)$")),
    ("department", re.compile(r"(?:局|厅|委员会|委|办公室|办公厅|办|中心|署|处|队|站|所|院|馆|会|部|室)$")),
)


def _clean_agency(a: str) -> str:
    """The agency name without parenthesised alternatives: 锡盟商务局（锡林郭勒盟商务局）."""
    return _PARENTHESES.sub("", a).strip()


def _kind_of(a: str) -> str:
    for kind, rule in _KIND_RULES:
        if rule.search(a):
            return kind
    return "other"


def agency_kind(agency: str) -> str:
    """The kind of agency, one of AGENCY_KINDS.

    ``government`` (…人民政府, 管委会, 行政公署, or a place name alone: 平潭综合实验区),
    ``department`` (局, 委员会, 办公室, 厅, 中心 … of a government), ``township`` (镇/乡人民政府),
    ``street`` (街道办事处), ``other``.

    >>> agency_kind("孟津区司法局"), agency_kind("官洲街道办事处")
    ('department', 'street')
    """
    a = _clean_agency(_normalise(agency))
    if not a:
        return "other"
    kind = _kind_of(a)
    if kind == "other":
        mentions = _scan(a, in_agency=True)
        if mentions and sum(m.end - m.start for m in mentions) == len(a):
            return "government"
    return kind


def agency_kind_label(kind: str) -> str:
    """The Chinese label of an agency kind: government → 人民政府."""
    return AGENCY_KIND_LABELS[kind]


# An area office (片区管理局, 片区管委会) administers the townships of a part of a city or zone: it
# works at district level although no district is named.
_AREA_OFFICE = re.compile(r"片区(?:管理局|管委会|管理委员会)")


def agency_level(region: Region, agency: str) -> str | None:
    """The level an agency works at: province, city, district or township (None if unknown).

    A township or street office is ``township``; otherwise the most specific field of `region`
    (a 直辖市's own agencies, whose city is the municipality, are ``province``).
    """
    if agency_kind(agency) in ("township", "street"):
        return "township"
    if region.district or _AREA_OFFICE.search(agency):
        return "district"
    if region.city and region.city != region.province:
        return "city"
    if region.province:
        return "province"
    return None


def agency_identity(agency: str, region: Region, source: str | None = None) -> str | None:
    """A key that stays the same for one agency across years, renames of its place included.

    Where the region settles the agency (:func:`identity_settled`), the place names the agency's
    name starts with are dropped and the resolved current code put in front: 孟津县司法局 (2020) and
    孟津区司法局 (2021) are both ``410308|司法局``.

    Where it does not (城关镇人民政府 with no district; 鼓楼区教育局 of one of four cities), the name
    alone would make one agency of many. The key then keeps everything that tells them apart: the
    part of the place that was resolved, the whole name, and ``source`` (the folder or site the
    report came from), marked with a leading ``?``. Without a source it is None: the report is an
    agency of its own (the loader keys it by its id).

    >>> agency_identity("孟津县司法局", resolve_region("孟津县司法局")[0])
    '410308|司法局'
    >>> agency_identity("城关镇人民政府", Region(), "site-a"), agency_identity("城关镇人民政府", Region())
    ('?|城关镇人民政府|site-a', None)
    """
    name = _normalise(_clean_agency(agency))
    if not identity_settled(agency, region):
        return f"?{region.code or ''}|{name}|{source}" if source else None
    pos = 0
    for mention in _scan(name, in_agency=True):
        if mention.start != pos:
            break
        pos = mention.end
    rest = name[pos:] or name
    return f"{region.code}|{rest}"


def _region_level(region: Region) -> int | None:
    if not region.code:
        return None
    if region.district:
        return DISTRICT
    return PROVINCE if region.code.endswith("0000") else CITY


def identity_settled(agency: str, region: Region) -> bool:
    """Whether ``region`` is the agency's own place, down to the level the agency works at.

    The level needed is that of the most specific place the name gives (孟津区司法局: a district),
    else the one its own word implies (区审计局, a township or street office: a district, unless its
    city has none, as 东莞市), else whatever the report's text named. A region resolved above that
    level (鼓楼区 without its city, 城关镇 with only its province) leaves the agency's identity open.
    """
    have = _region_level(region)
    if have is None:
        return False
    name = _clean_agency(_normalise(agency))
    kind = _kind_of(name)
    units, _ = _walk(_scan(name, in_agency=True))
    need = units[0].level if units else _level_hint(name, kind)
    if kind in ("township", "street") and (have < DISTRICT and region.code in _index().has_districts
                                           or have == PROVINCE):
        return False
    return need is None or have >= need
