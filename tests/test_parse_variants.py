"""The layouts and oddities real reports come in (issue #3), each on a report written here.

``build_report`` writes a complete report of either template with known figures in one of the
layouts the readers and crawlers produce (TAB cells, pipe rows, one cell per line, digits run
together); each test then bends one thing and checks that every figure is still read — or, where
the text cannot say, that the cell is left unread with a warning, never guessed.
"""

from __future__ import annotations

import pytest

from reports_support import ACTIVE_2019, ACTIVE_2021, APPS, REVIEW, build_report, parse, render, table_rows
from xxgk import codes

# --- a report with known figures (tests/reports_support.py) -----------------------------------

def expected_values(template: str, active=None, apps=None, review=None) -> dict[str, dict[str, dict]]:
    active = active or (ACTIVE_2019 if template == "2019" else ACTIVE_2021)
    apps = apps or APPS
    review = review or REVIEW
    out: dict[str, dict[str, dict]] = {"active_disclosure": {}, "applications": {}, "review_litigation": {}}
    for row in codes.active_rows(template):
        out["active_disclosure"][row.code] = dict(zip(row.columns, active[row.code]))
    for row in codes.application_rows(template):
        out["applications"][row.code] = dict(zip(row.columns, apps.get(row.code, [0] * 7)))
    for block in codes.REVIEW_BLOCKS:
        out["review_litigation"][block] = dict(zip(codes.REVIEW_COLUMNS, review[block]))
    return out


def values_of(report) -> dict[str, dict[str, dict]]:
    return {t: {r: {c: cell.value for c, cell in cols.items()} for r, cols in rows.items()} for t, rows in report.tables.items()}


def cell_count(report) -> int:
    return sum(len(cols) for rows in report.tables.values() for cols in rows.values())


def parser_warnings(report) -> list[str]:
    prefixes = ("active_disclosure", "applications", "review_litigation", "metadata", "template", "pre2019")
    return [w for w in report.warnings if w.startswith(prefixes)]


# --- the builder itself, in every layout ------------------------------------------------------


@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("layout", ["tab", "pipe", "lines"])
def test_complete_report_in_each_layout(template, layout):
    report = parse(build_report(template, layout))
    assert report.template == template
    assert report.agency == "示范县民政局"
    assert values_of(report) == expected_values(template)
    assert parser_warnings(report) == []
    for table in codes.TABLES:
        assert report.parsing[table].missing == []


def test_non_zero_2019_report_one_cell_per_line_with_signed_change():
    active = dict(ACTIVE_2019, licensing=[12, "+3", 45], penalty=[8, "-1", 136])
    rows = table_rows("2019", active=active)
    report = parse(build_report("2019", "lines", rows=rows))
    assert report.template == "2019"
    assert report.value("active_disclosure", "licensing", "change") == 3
    assert report.value("active_disclosure", "penalty", "change") == -1
    assert report.value("applications", "new_received", "total") == 8
    assert report.value("applications", "other_handling", "total") == 0
    assert report.value("review_litigation", "review", "total") == 2
    assert parser_warnings(report) == []


def test_2019_report_with_blank_cells_keeps_blank_apart_from_zero():
    apps = dict(APPS, new_received=[5, 2, None, 1, None, None, 8], carried_over=[None] * 7)
    active = dict(ACTIVE_2019, procurement=[None, None])
    rows = table_rows("2019", active=active, apps=apps)
    report = parse(build_report("2019", "tab", rows=rows))
    assert report.has_cell("applications", "new_received", "research")
    assert report.value("applications", "new_received", "research") is None
    assert report.value("applications", "new_received", "total") == 8
    assert all(report.value("applications", "carried_over", c) is None for c in codes.APPLICANT_COLUMNS)
    assert report.has_cell("active_disclosure", "procurement", "amount")
    assert report.value("active_disclosure", "procurement", "amount") is None
    assert report.parsing["applications"].missing == []


# --- labels ------------------------------------------------------------------------------------


def test_labels_split_across_lines():
    text = build_report("2021", "lines")
    text = text.replace("三、本年度办理结果", "三、本\n年度办\n理结果").replace("商业企业", "商业\n企业")
    text = text.replace("1.本机关不掌握相关政府信息", "1.本机关不掌握\n相关政府信息")
    report = parse(text)
    assert values_of(report) == expected_values("2021")


def test_labels_split_across_lines_in_tab_rows():
    # a long label wrapped by the page: its first half on a line of its own
    text = build_report("2021", "tab").replace(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t", "（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）\t"
    )
    report = parse(text)
    assert report.value("applications", "partially_granted", "natural_person") == 1
    assert values_of(report) == expected_values("2021")


def test_spaced_out_labels():
    text = build_report("2021", "tab")
    for label in ("自然人", "行政许可", "行政处罚", "本年新收政府信息公开申请数量", "属于国家秘密", "行政复议"):
        text = text.replace(label, " ".join(label))
    report = parse(text)
    assert values_of(report) == expected_values("2021")


def test_vertical_labels_one_character_per_line():
    rows = table_rows("2021")
    tables = render(rows, "lines")
    vertical = {}
    for table, body in tables.items():
        out = []
        for line in body.split("\n"):
            if any(ch.isdigit() for ch in line) or len(line) > 12:
                out.append(line)
            else:
                out.extend(line)  # 行/政/许/可: one character per line
        vertical[table] = "\n".join(out)
    report = parse(build_report("2021", tables=vertical))
    assert values_of(report) == expected_values("2021")


def test_header_cells_cut_short():
    text = build_report("2019", "pipe").replace("本年新制作数量", "本年新").replace("本年新公开数量", "本年新")
    report = parse(text)
    assert report.template == "2019"
    assert values_of(report) == expected_values("2019")


def test_row_group_labels_repeated_in_some_rows_only():
    text = build_report("2021", "pipe")
    # the group label repeated in the first cell of some rows, as pages that unmerge cells do
    text = text.replace("| 2.其他法律行政法规禁止公开 |", "| （三）不予公开 | 2.其他法律行政法规禁止公开 |")
    text = text.replace("| 4.保护第三方合法权益 |", "| 三、本年度办理结果 | （三）不予公开 | 4.保护第三方合法权益 |")
    text = text.replace("| 2.重复申请 |", "| （五）不予处理 | 2.重复申请 |")
    report = parse(text)
    assert values_of(report) == expected_values("2021")
    assert report.value("applications", "denied_third_party", "natural_person") == 1


def test_2023_report_on_the_2019_tables():
    report = parse(build_report("2019", "tab", year=2023))
    assert report.year == 2023
    assert report.template == "2019"
    assert values_of(report) == expected_values("2019")


def test_header_variants():
    text = build_report("2019", "tab").replace("对外公开总数量", "对外公开数量").replace("第二十条第（一）项", "第二十条第(一项)")
    text = text.replace("本年新制作数量", "本年新制作").replace("本年增/减", "本年增减")
    report = parse(text)
    assert report.template == "2019"
    assert values_of(report) == expected_values("2019")


# --- values --------------------------------------------------------------------------------------


def test_units_inside_cells():
    text = build_report("2021", "tab").replace("行政事业性收费\t1.25", "行政事业性收费\t12500元")
    text = text.replace("行政许可\t25", "行政许可\t25件")
    report = parse(text)
    assert report.value("active_disclosure", "fees", "amount_10k_yuan") == pytest.approx(1.25)
    assert report.tables["active_disclosure"]["fees"]["amount_10k_yuan"].raw == "12500元"
    assert report.value("active_disclosure", "licensing", "decisions") == 25
    assert any("万元" in w and "fees" in w for w in report.warnings)


def test_units_inside_run_together_figures():
    text = build_report("2021", "flat").replace("行政事业性收费1.25", "行政事业性收费251000元")
    report = parse(text)
    assert report.value("active_disclosure", "fees", "amount_10k_yuan") == pytest.approx(25.1)


def test_traditional_characters():
    text = build_report("2021", "pipe")
    for simp, trad in {
        "本年制发件数": "本年製發件數",
        "行政处罚": "行政處罰",
        "行政规范性文件": "行政規範性文件",
        "收到和处理政府信息公开申请情况": "收到和處理政府信息公開申請情況",
        "总计": "總計",
        "结转下年度继续办理": "結轉下年度繼續辦理",
        "属于国家秘密": "屬於國家秘密",
        "行政复议": "行政複議",
        "行政强制": "行政強製",
    }.items():
        text = text.replace(simp, trad)
    report = parse(text)
    assert values_of(report) == expected_values("2021")


def test_full_width_digits():
    text = build_report("2021", "tab")
    text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    report = parse(text)
    assert report.year == 2022
    assert values_of(report) == expected_values("2021")


def test_kangxi_and_radical_supplement_characters():
    # PDF text extraction gives radicals for some characters: ⼈ (U+2F08) for 人, ⻔ (U+2ED4) for 门
    text = build_report("2021", "tab").replace("自然人", "自然⼈").replace("行政许可", "⾏政许可")
    text = text.replace("法律服务机构", "法律服务机构").replace("本机关不掌握", "本机关不掌握")
    report = parse(text)
    assert values_of(report) == expected_values("2021")
    from xxgk.normalize import normalize

    assert normalize("⼈⻔⻓⻅") == "人门长见"


def test_number_split_across_two_cells():
    text = build_report("2021", "tab").replace(
        "一、本年新收政府信息公开申请数量\t5\t2\t0\t1\t0\t0\t8",
        "一、本年新收政府信息公开申请数量\t5\t2\t0\t1\t0\t0\t1\t2",
    )
    apps = dict(APPS, new_received=[5, 6, 0, 1, 0, 0, 12])
    text = text.replace("一、本年新收政府信息公开申请数量\t5\t2\t0\t1\t0\t0\t1\t2", "一、本年新收政府信息公开申请数量\t5\t6\t0\t1\t0\t0\t1\t2")
    report = parse(text)
    assert [report.value("applications", "new_received", c) for c in codes.APPLICANT_COLUMNS] == apps["new_received"]
    assert any("new_received" in w and "split over two cells" in w for w in report.warnings)


def test_blank_total_is_none_not_zero():
    apps = dict(APPS, carried_forward=[None, None, None, None, None, None, None], carried_over=[1, 0, 0, 0, 0, 0, None])
    for layout in ("tab", "pipe"):
        report = parse(build_report("2021", layout, rows=table_rows("2021", apps=apps)))
        assert report.has_cell("applications", "carried_over", "total"), layout
        assert report.value("applications", "carried_over", "total") is None, layout
        assert report.value("applications", "carried_over", "natural_person") == 1
        assert all(report.value("applications", "carried_forward", c) is None for c in codes.APPLICANT_COLUMNS)
        assert report.parsing["applications"].missing == []


def test_blank_cells_dropped_in_one_cell_per_line_text():
    # a page rendered one cell per line drops its blank cells: which columns the rest belong to is
    # lost from the row itself; the table's arithmetic down the columns (R1, the other rows read in
    # full) leaves one place for them (tests/test_parse_text_evidence.py)
    apps = dict(APPS, new_received=[5, 2, None, 1, None, None, 8])
    rows = table_rows("2021", apps=apps)
    text = build_report("2021", "lines", rows=rows)
    text = text.replace("一、本年新收政府信息公开申请数量\n5\n2\n\n1\n\n\n8", "一、本年新收政府信息公开申请数量\n5\n2\n1\n8")
    report = parse(text)
    row = report.tables["applications"]["new_received"]
    assert [row[c].value for c in codes.APPLICANT_COLUMNS] == [5, 2, None, 1, None, None, 8]
    assert any("new_received" in w and "down the columns" in w for w in report.warnings)
    # the rest of the table is unaffected
    assert report.value("applications", "carried_over", "total") == 1


def test_table_4_as_one_run_of_fifteen_digits_with_stray_spaces():
    tables = render(table_rows("2021"), "tab")
    tables["review_litigation"] = tables["review_litigation"].replace(
        "1\t0\t0\t1\t2\t0\t1\t0\t0\t1\t0\t0\t0\t0\t0", "10 012 0100 1 00000"
    )
    report = parse(build_report("2021", tables=tables))
    assert values_of(report)["review_litigation"] == expected_values("2021")["review_litigation"]


def test_table_4_run_with_multi_digit_figures():
    review = {"review": [2, 1, 3, 1, 7], "litigation_direct": [0, 0, 0, 0, 0], "litigation_after_review": [13, 2, 4, 0, 19]}
    report = parse(build_report("2021", tables=render(table_rows("2021", review=review), "flat")))
    got = {b: [report.value("review_litigation", b, c) for c in codes.REVIEW_COLUMNS] for b in codes.REVIEW_BLOCKS}
    assert got == review


def test_table_4_run_read_only_where_the_splits_agree():
    # 复议 12|1|0|0|13 run together: 1|2|10|0|13 adds up as well; 尚未审结 and 总计 agree
    review = {"review": [12, 1, 0, 0, 13], "litigation_direct": [0, 0, 0, 0, 0], "litigation_after_review": [2, 0, 0, 1, 3]}
    report = parse(build_report("2021", tables=render(table_rows("2021", review=review), "flat")))
    got = {b: [report.value("review_litigation", b, c) for c in codes.REVIEW_COLUMNS] for b in codes.REVIEW_BLOCKS}
    assert got["review"][3:] == [0, 13]
    assert "review.upheld" in report.parsing["review_litigation"].missing
    assert any("agree on" in w for w in report.warnings)


def test_flattened_report_reads_by_arithmetic():
    report = parse(build_report("2021", "flat"))
    assert values_of(report)["applications"] == expected_values("2021")["applications"]
    assert values_of(report)["review_litigation"] == expected_values("2021")["review_litigation"]


def test_ambiguous_split_is_left_unread_with_a_warning():
    # 行政规范性文件 3 | 1 | 12 run together as "3112": 31 | 1 | 2 cannot be (31 issued, 2 in force,
    # 1 repealed); 3 | 1 | 12 and 3 | 11 | 2 both can → 制发 3 is read, the rest never guessed
    report = parse(build_report("2021", "flat"))
    row = report.tables["active_disclosure"]["normative_documents"]
    assert list(row) == ["issued"] and row["issued"].value == 3
    assert {"normative_documents.repealed", "normative_documents.in_force"} <= set(report.parsing["active_disclosure"].missing)
    assert any("normative_documents" in w and "left repealed, in_force unread" in w for w in report.warnings)


def test_prose_decides_an_ambiguous_split():
    report = parse(build_report("2021", "flat", prose="本年制发行政规范性文件3件，现行有效规范性文件12件。"))
    assert [report.value("active_disclosure", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [3, 1, 12]
    assert any("normative_documents" in w and "the prose states" in w for w in report.warnings)


def test_small_figures_in_the_prose_are_not_evidence():
    # "3112" with 制发3件 stated: a figure under 10 appears everywhere in prose, so it decides nothing
    report = parse(build_report("2021", "flat", prose="本年度制发行政规范性文件3件。"))
    row = report.tables["active_disclosure"].get("normative_documents", {})
    # 3 < 10 is too common a figure to count as evidence: nothing is read
    assert "repealed" not in row and "in_force" not in row


def test_zero_change_prior_for_2019_items():
    active = dict(ACTIVE_2019, coercion=[126, 0, 25], fees=[35, 0])
    report = parse(build_report("2019", "flat", rows=table_rows("2019", active=active), prose="共公开信息25条。"))
    assert [report.value("active_disclosure", "coercion", c) for c in ("prev_items", "change", "decisions")] == [126, 0, 25]
    assert [report.value("active_disclosure", "fees", c) for c in ("prev_items", "change")] == [35, 0]


def test_truncated_report_names_missing_tables_and_cells():
    text = build_report("2021", "pipe")
    cut = text[: text.index("| 4.保护第三方合法权益 |") + len("| 4.保护第三方合法权益 | 1 | 0")]
    report = parse(cut)
    assert report.value("applications", "denied_law_prohibited", "total") == 0
    row = report.tables["applications"].get("denied_third_party", {})
    assert row["natural_person"].value == 1  # a separator follows it: whole
    assert "commercial" not in row  # the last "0" may be the start of a longer figure
    assert "denied_third_party.total" in report.parsing["applications"].missing
    assert report.parsing["applications"].truncated
    assert not report.parsing["review_litigation"].found
    assert any("stops inside" in w for w in report.warnings)
    assert any(w.startswith("review_litigation: table not found") for w in report.warnings)


def test_item_number_in_its_own_cell():
    text = build_report("2021", "tab").replace("\t2.其他法律行政法规禁止公开\t", "\t2.\t其他法律行政法规禁止公开\t")
    text = text.replace("2.其他法律行政法规禁止公开\t", "2.\t其他法律行政法规禁止公开\t")
    report = parse(text)
    assert values_of(report) == expected_values("2021")


def test_figure_in_a_header_remark_is_not_a_value():
    text = build_report("2021", "tab").replace("本年收费金额（单位：万元）", "本年收费金额（单位：万元，保留4位小数）")
    report = parse(text)
    assert values_of(report) == expected_values("2021")


def test_marks_are_kept_as_text():
    active = dict(ACTIVE_2021, licensing=["/"], coercion=["—"])
    report = parse(build_report("2021", "tab", rows=table_rows("2021", active=active)))
    assert report.value("active_disclosure", "licensing", "decisions") == "/"
    assert report.value("active_disclosure", "coercion", "decisions") == "—"


def test_figures_that_do_not_add_up_are_read_as_printed():
    # the report's own sum is wrong (5 + 2 + 1 ≠ 9): read as printed; flagging it is the rules' job
    apps = dict(APPS, new_received=[5, 2, 0, 1, 0, 0, 9])
    for layout in ("tab", "pipe", "lines"):
        report = parse(build_report("2021", layout, rows=table_rows("2021", apps=apps)))
        assert [report.value("applications", "new_received", c) for c in codes.APPLICANT_COLUMNS] == apps["new_received"]
    text = build_report("2021", "flat").replace("一、本年新收政府信息公开申请数量5201008", "一、本年新收政府信息公开申请数量 5 2 0 1 0 0 9")
    report = parse(text)
    assert [report.value("applications", "new_received", c) for c in codes.APPLICANT_COLUMNS] == [5, 2, 0, 1, 0, 0, 9]


def test_header_cell_over_blank_cells_is_not_a_row():
    # a header line padded with empty cells: "总计" and "其他" name columns here, not rows
    text = build_report("2021", "tab")
    text = text.replace("\t申请人情况\n", "\t申请人情况\t\t\t\t\t\t\t总计\t\t\t\t\t\t\t\n")
    text = text.replace("法律服务机构\t其他\n", "法律服务机构\t其他\t\t\t\t\t\t\t\t\n")
    report = parse(text)
    assert values_of(report) == expected_values("2021")
