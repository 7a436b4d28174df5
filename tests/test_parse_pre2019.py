"""Reports before 2019: the 政府信息公开情况统计表, in the layouts it comes in, and no table at all."""

from __future__ import annotations

from types import SimpleNamespace

from xxgk import codes
from xxgk.parse import parse_document

HEAD = "示范市人民政府2015年政府信息公开工作年度报告\n一、概述\n2015年，示范市人民政府认真贯彻落实《条例》。"


def parse(text: str):
    return parse_document(SimpleNamespace(path="old.txt", text=text, format="text", encoding="utf-8", warnings=()))


def stats(report) -> dict[str, list]:
    return {code: [c.value for c in cells.values()] for code, cells in report.tables["pre2019_statistics"].items()}


TAB_TABLE = """
五、政府信息公开情况统计表
指标名称\t计量单位\t2015年度\t历年累计
主动公开信息数\t条\t1520\t9800
其中：1.政府网站公开数\t条\t1500\t9700
2.政府公报公开数\t条\t20\t100
受理依申请公开信息总数\t件\t12\t60
其中：1.当面申请数\t件\t5\t30
2.网上申请数\t件\t7\t30
对申请的答复总数\t件\t12\t60
其中：1.同意公开答复数\t件\t8\t40
2.同意部分公开答复数\t件\t2\t10
3.不予公开答复数\t件\t2\t10
政府信息公开收费减免金额\t元\t0\t0
行政复议数\t件\t1\t3
行政诉讼数\t件\t0\t1
"""


def test_tab_statistics_table_keeps_its_own_codes():
    report = parse(HEAD + "主动公开政府信息1520条。" + TAB_TABLE)
    assert report.template == "pre2019"
    assert stats(report)["active_total"] == [1520, 9800]
    assert stats(report)["requests_total"] == [12, 60]
    assert stats(report)["replies_granted"] == [8, 40]
    assert stats(report)["review"] == [1, 3]
    assert stats(report)["fees_waived_yuan"] == [0, 0]
    assert stats(report)["litigation"] == [0, 1]
    # the older indicators are not copied into the 2019/2021 tables (another definition)
    assert set(report.tables) == {"pre2019_statistics"}
    assert not any(report.parsing[t].found for t in codes.TABLES)
    rep = report.parsing["pre2019_statistics"]
    assert rep.found and rep.missing == [] and rep.cells_read == 26
    assert any(w.startswith("pre2019: read the") and "own codes" in w for w in report.warnings)


def test_flattened_statistics_table_split_by_prose_and_part_of_whole():
    flat = (
        "六、政府信息公开情况统计表指标名称计量单位2015年度历年累计主动公开文件数条152098001.政府网站公开数条15209800"
        "2.政府公报公开数条00受理依申请公开信息总数条1260对申请的答复总数条1260其中：1.同意公开答复数条8402.同意部分公开答复数条210"
        "行政复议数件13行政诉讼数件01"
    )
    report = parse(HEAD + "全年主动公开政府信息1520条。" + flat)
    got = stats(report)
    assert got["active_total"] == [1520, 9800]  # prose: 1520 (not 15 | 209800, 152 | 09800 …)
    assert got["active_website"] == [1520, 9800]  # a part is never larger than its whole
    # "1260" is 1 | 260 or 12 | 60: nothing tells for 受理 (left unread, said), while 答复总数 is
    # at least its part 同意公开 8 | 40, which leaves 12 | 60
    assert "requests_total" not in got
    assert "requests_total.this_year" in report.parsing["pre2019_statistics"].missing
    assert any("requests_total" in w and "left unread" in w for w in report.warnings)
    assert got["replies_total"] == [12, 60]
    assert got["review"] == [1, 3]
    assert got["litigation"] == [0, 1]
    for code in got:
        this_year, cumulative = got[code]
        assert this_year <= cumulative


def test_space_delimited_statistics_table():
    table = (
        " 政府信息公开情况统计表 指标名称 计量单位 2012年度 历年累计 主动公开信息数 条 739 4359 其中：1、网站公开 条 739 4359 "
        "2、政府公报公开 条 0 0 受理依申请公开信息总数 条 3 5 对申请的答复总数 条 3 5 其中：1、同意公开答复数 条 2 4 "
        "2、同意部分公开答复数 条 1 1 3、否决公开答复数 条 0 0 行政复议数 件 0 0 行政诉讼数 件 0 0 行政申诉、举报数 件 0 0"
    )
    report = parse(HEAD.replace("2015", "2012") + table)
    got = stats(report)
    assert got["active_total"] == [739, 4359]
    assert got["active_gazette"] == [0, 0]
    assert got["replies_denied"] == [0, 0]
    assert got["complaints"] == [0, 0]
    assert got["replies_total"] == [3, 5]


def test_single_column_statistics_table():
    table = "\n政府信息公开情况统计表\n指标名称\t单位\t统计数\n受理依申请公开信息总数\t件\t4\n同意公开答复数\t件\t3\n行政复议数\t件\t0\n"
    report = parse(HEAD + table)
    got = stats(report)
    assert got["requests_total"] == [4]
    assert got["replies_granted"] == [3]
    assert report.parsing["pre2019_statistics"].cells_expected == 3


def test_pre2019_report_without_a_table_loads_with_its_metadata():
    text = HEAD + "本年度主动公开政府信息300条，未收到政府信息公开申请。\n二、存在的问题\n公开不够及时。"
    report = parse(text)
    assert report.template == "pre2019"
    assert report.agency == "示范市人民政府"
    assert report.year == 2015
    assert report.tables.get("pre2019_statistics", {}) == {}
    assert not any(report.tables.get(t) for t in codes.TABLES)
    assert not report.parsing["pre2019_statistics"].found
    assert any("no 政府信息公开情况统计表 found" in w and "no table figures could be read" in w for w in report.warnings)


def test_introduction_naming_the_table_is_not_the_table():
    text = HEAD + "本报告由概述、主动公开政府信息情况和政府信息公开情况统计表共五个部分组成。全年主动公开信息88条。"
    report = parse(text)
    assert not report.parsing["pre2019_statistics"].found
    assert report.tables.get("pre2019_statistics", {}) == {}
