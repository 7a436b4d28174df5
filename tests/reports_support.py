"""Reports written for tests: the three tables of either template with known figures, in any of
the layouts readers produce, inside the six sections of a report.

``table_rows`` lists every line of the tables as (table, label cells, figures); ``render`` lays
them out (TAB cells, pipe rows, one cell per line, or digits run together); ``build_report``
puts them in a report. A figure of ``None`` is a blank cell, a string is written as it is (a mark,
a signed change).
"""

from __future__ import annotations

from types import SimpleNamespace

from xxgk import codes
from xxgk.model import Report
from xxgk.pipeline import process_document

# Table 3 of a report that adds up: 8 new + 1 carried = 8 processed + 1 carried forward.
APPS = {
    "new_received": [5, 2, 0, 1, 0, 0, 8],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "granted": [2, 1, 0, 0, 0, 0, 3],
    "partially_granted": [1, 0, 0, 0, 0, 0, 1],
    "denied_third_party": [1, 0, 0, 0, 0, 0, 1],
    "unable_not_held": [1, 1, 0, 0, 0, 0, 2],
    "not_processed_duplicate": [0, 0, 0, 1, 0, 0, 1],
    "total_processed": [5, 2, 0, 1, 0, 0, 8],
    "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}
REVIEW = {"review": [1, 0, 0, 1, 2], "litigation_direct": [0, 1, 0, 0, 1], "litigation_after_review": [0, 0, 0, 0, 0]}
ACTIVE_2021 = {
    "regulations": [0, 0, 0],
    "normative_documents": [3, 1, 12],
    "licensing": [25],
    "penalty": [136],
    "coercion": [4],
    "fees": [1.25],
}
ACTIVE_2019 = {
    "regulations": [0, 0, 0],
    "normative_documents": [3, 3, 3],
    "licensing": [12, 0, 45],
    "other_services": [5, 0, 30],
    "penalty": [8, 0, 136],
    "coercion": [2, 0, 4],
    "fees": [3, 0],
    "procurement": [12, 345.6],
}

_ACTIVE_BLOCKS = {
    "2021": [
        ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["regulations", "normative_documents"]),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], ["licensing"]),
        ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], ["penalty", "coercion"]),
        ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], ["fees"]),
    ],
    "2019": [
        ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"], ["regulations", "normative_documents"]),
        ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], ["licensing", "other_services"]),
        ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], ["penalty", "coercion"]),
        ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"], ["fees"]),
        ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"], ["procurement"]),
    ],
}

# Rows that open a group of table 3 carry the group's heading in a cell of their own.
_GROUP_HEAD = {
    "granted": ["三、本年度办理结果", "（一）予以公开"],
    "denied_state_secret": ["（三）不予公开", "1.属于国家秘密"],
    "unable_not_held": ["（四）无法提供", "1.本机关不掌握相关政府信息"],
    "not_processed_petition": ["（五）不予处理", "1.信访举报投诉类申请"],
    "other_no_correction": ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    "other_handling": ["（六）其他处理"],
    "partially_granted": ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    "total_processed": ["（七）总计"],
    "new_received": ["一、本年新收政府信息公开申请数量"],
    "carried_over": ["二、上年结转政府信息公开申请数量"],
    "carried_forward": ["四、结转下年度继续办理"],
}


def _label(row: codes.Row) -> list[str]:
    if row.code in _GROUP_HEAD:
        return list(_GROUP_HEAD[row.code])
    return [f"{row.number}.{row.label}" if row.number else row.label]


def table_rows(template: str, active=None, apps=None, review=None) -> list[tuple[str, list[str], list]]:
    """(table, label cells, values) for every line of the three tables; header lines have no values."""
    active = active or (ACTIVE_2019 if template == "2019" else ACTIVE_2021)
    apps = apps or APPS
    review = review or REVIEW
    out: list[tuple[str, list[str], list]] = []
    labels = {r.code: r.label for r in codes.active_rows(template)}
    for block, header, rows in _ACTIVE_BLOCKS[template]:
        out.append(("active_disclosure", [block], []))
        out.append(("active_disclosure", header, []))
        for code in rows:
            out.append(("active_disclosure", [labels[code]], list(active[code])))
    out.append(("applications", ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"], []))
    out.append(("applications", ["自然人", "法人或其他组织", "总计"], []))
    out.append(("applications", ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], []))
    for row in codes.application_rows(template):
        out.append(("applications", _label(row), list(apps.get(row.code, [0] * 7))))
    out.append(("review_litigation", ["行政复议", "行政诉讼"], []))
    out.append(("review_litigation", ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"], []))
    out.append(("review_litigation", ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2, []))
    out.append(("review_litigation", [], [v for b in codes.REVIEW_BLOCKS for v in review[b]]))
    return out


def _fmt(v) -> str:
    return "" if v is None else str(v)


def render(rows, layout: str) -> dict[str, str]:
    """The text of each table in a layout: tab | pipe | lines | flat."""
    tables: dict[str, list[str]] = {}
    for table, labels, values in rows:
        cells = labels + [_fmt(v) for v in values]
        if layout == "tab":
            line = "\t".join(cells)
        elif layout == "pipe":
            line = "| " + " | ".join(cells) + " |"
        elif layout == "lines":
            line = "\n".join(cells)
        elif layout == "flat":
            line = "".join(cells)
        else:  # pragma: no cover
            raise ValueError(layout)
        tables.setdefault(table, []).append(line)
    joiner = "" if layout == "flat" else "\n"
    return {t: joiner.join(lines) for t, lines in tables.items()}


SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def build_report(
    template: str = "2021",
    layout: str = "tab",
    year: int | None = None,
    agency: str = "示范县民政局",
    rows=None,
    general: str | None = None,
    prose: str = "本年度共主动公开政府信息120条。",
    problems: str = "公开的深度不够。",
    others: str = "无。",
    tables: dict[str, str] | None = None,
    omit: tuple[int, ...] = (),
) -> str:
    """A complete report: title, the six sections (less those numbered in ``omit``), the tables.

    Section 一 is ``general``, or a sentence naming the agency followed by ``prose``."""
    year = year or (2020 if template == "2019" else 2022)
    tables = tables or render(rows or table_rows(template), layout)
    if general is None:
        general = f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。{prose}"
    bodies = (general, tables["active_disclosure"], tables["applications"], tables["review_litigation"], problems, others)
    lines = [f"{agency}{year}年政府信息公开工作年度报告"]
    for number, (heading, body) in enumerate(zip(SECTION_HEADINGS, bodies), start=1):
        if number not in omit:
            lines += [heading, body]
    return "\n".join(lines) + "\n"


def parse(text: str, path: str = "test.txt") -> Report:
    """The report the pipeline makes of ``text``: parsed, located and checked."""
    return process_document(SimpleNamespace(path=path, text=text, format="text", encoding="utf-8", warnings=()))
