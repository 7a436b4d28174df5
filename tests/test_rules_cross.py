"""Cross-report rules (R7, R8, R11): reports written as files, loaded with ``ingest`` into a real
DuckDB file, findings read back from the ``findings`` table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from test_rules import build_text
from xxgk import cli
from xxgk.load import ingest
from xxgk.load import run_cross_report_rules

AGENCY = "示范县民政局"

# Two agencies' own prose, long enough to judge (R11 needs ≈160 characters after cleaning).
PROSE_A = (
    "本年度，{agency}坚持把政务公开作为转变政府职能的重要抓手，聚焦养老服务、社会救助、婚姻登记等群众关心的事项，"
    "在门户网站开设民生保障专栏，逐月公布低保、特困供养对象的审核审批结果和资金发放情况。"
    "局领导班子专题研究信息公开工作三次，调整充实了由办公室牵头、各业务股室参与的工作专班。"
    "我们组织开展了养老机构服务质量提升行动的集中宣传，通过政务微信推送政策问答，并在社区服务中心设置查阅点，"
    "方便老年人就近查阅。针对殡葬改革中群众反映较多的收费问题，编印了收费标准明白卡，发放到每个行政村。"
)
PROBLEMS_A = (
    "一是基层民政经办人员对条例理解不够深入，个别股室报送信息不够及时；二是政策解读以文字为主，图解和视频较少。"
    "下一步，我局将把信息公开纳入股室年度考核，每季度通报报送情况，并邀请专家开展两次业务培训。"
)
PROSE_B = (
    "过去一年，{agency}围绕优化营商环境，重点公开了市场主体登记注册、双随机一公开抽查计划及结果、"
    "食品安全监督抽检信息等内容。窗口推行企业开办一网通办，全程电子化登记比例明显提升，"
    "相关办事指南在政务服务网同步更新。对于质量技术监督领域的行政处罚决定，我们在作出决定之日起七个工作日内上网公示，"
    "并对已届满公示期的信息按规定及时撤下。今年还首次发布了特种设备安全状况白皮书，回应社会对电梯安全的关切。"
)
PROBLEMS_B = (
    "存在的不足主要是：部分抽检结果公开时限偏长，企业信用信息修复的办理流程说明不够清楚。"
    "改进措施：压缩抽检结果审核环节，编制信用修复办事指引并在大厅显著位置张贴，同时建立舆情回应台账。"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def report(year: int, agency: str = AGENCY, **kwargs) -> str:
    kwargs.setdefault("general", PROSE_A)
    kwargs.setdefault("problems", PROBLEMS_A)
    return build_text(agency=agency, year=year, **kwargs)


def findings(db: Path, rule: str) -> list[tuple[str, int, str, str, list[str]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            """
            SELECT r.agency, r.year, f.severity, f.message, f.cells
            FROM findings f JOIN reports r USING (report_id)
            WHERE f.rule = ? ORDER BY r.year, r.agency, f.rowid
            """,
            [rule],
        ).fetchall()
    finally:
        con.close()


def report_id(db: Path, agency: str, year: int) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT report_id FROM reports WHERE agency = ? AND year = ?", [agency, year]).fetchone()[0]
    finally:
        con.close()


# --- R7 ------------------------------------------------------------------------------------------


def test_r7_flags_carried_over_that_last_year_did_not_carry_forward(tmp_path: Path, db_path: Path) -> None:
    # 2022 carries 1 request forward (自然人, 总计); 2023 says 2 were carried over
    apps_2023 = {"carried_over": [2, 0, 0, 0, 0, 0, 2], "total_processed": [6, 2, 0, 1, 0, 0, 9],
                 "granted": [3, 1, 0, 0, 0, 0, 4]}
    files = [write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023, apps=apps_2023))]
    ingest(files, db_path, workers=1)
    prev = report_id(db_path, AGENCY, 2022)
    assert findings(db_path, "R7") == [
        (AGENCY, 2023, "error", "自然人列：上年结转为2，但本机关2022年报告的结转下年度为1，相差1。",
         ["applications.carried_over.natural_person", f"{prev}:applications.carried_forward.natural_person"]),
        (AGENCY, 2023, "error", "总计列：上年结转为2，但本机关2022年报告的结转下年度为1，相差1。",
         ["applications.carried_over.total", f"{prev}:applications.carried_forward.total"]),
    ]
    # the 2023 report adds up on its own: only the comparison with 2022 finds this
    assert [f for f in findings(db_path, "R1") if f[1] == 2023] == []


def test_r7_keeps_a_carry_over_that_matches(tmp_path: Path, db_path: Path) -> None:
    ingest([write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023))], db_path, workers=1)
    assert findings(db_path, "R7") == []


def test_r7_with_a_blank_on_either_side_is_unchecked(tmp_path: Path, db_path: Path) -> None:
    apps_2022 = {"carried_forward": [1, 0, None, 0, 0, 0, 1]}
    files = [write(tmp_path, "a.txt", report(2022, apps=apps_2022)), write(tmp_path, "b.txt", report(2023))]
    ingest(files, db_path, workers=1)
    prev = report_id(db_path, AGENCY, 2022)
    assert findings(db_path, "R7") == [
        (AGENCY, 2023, "unchecked", "无法核对“上年结转=本机关2022年报告的结转下年度”：科研机构列（2022年报告结转下年度为空白）。",
         ["applications.carried_over.research", f"{prev}:applications.carried_forward.research"]),
    ]


def test_r7_is_incremental_and_rerunning_adds_nothing(tmp_path: Path, db_path: Path) -> None:
    # 2023 is loaded first and has no predecessor; loading 2022 later judges 2023 against it
    apps_2023 = {"carried_over": [2, 0, 0, 0, 0, 0, 2], "total_processed": [6, 2, 0, 1, 0, 0, 9],
                 "granted": [3, 1, 0, 0, 0, 0, 4]}
    ingest([write(tmp_path, "b.txt", report(2023, apps=apps_2023))], db_path, workers=1)
    assert findings(db_path, "R7") == []
    ingest([write(tmp_path, "a.txt", report(2022))], db_path, workers=1)
    first = findings(db_path, "R7")
    assert [(year, message[:4]) for _, year, _, message, _ in first] == [(2023, "自然人列"), (2023, "总计列：")]
    con = duckdb.connect(str(db_path))
    try:
        ids = [r[0] for r in con.execute("SELECT report_id FROM reports").fetchall()]
        run_cross_report_rules(con, ids)
        run_cross_report_rules(con, ids)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    assert findings(db_path, "R7") == first


# --- R8 ------------------------------------------------------------------------------------------


def test_r8_flags_documents_in_force_that_do_not_follow_from_last_year(tmp_path: Path, db_path: Path) -> None:
    # 2022: 12 in force. 2023: 3 issued, 1 repealed, so 14 expected — it says 15
    active_2023 = {"normative_documents": [3, 1, 15]}
    files = [write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023, active=active_2023))]
    ingest(files, db_path, workers=1)
    prev = report_id(db_path, AGENCY, 2022)
    assert findings(db_path, "R8") == [
        (AGENCY, 2023, "warning",
         "行政规范性文件：2022年现行有效(12)+本年制发(3)−本年废止(1)=14，但本年现行有效件数为15，相差1。",
         ["active_disclosure.normative_documents.in_force", "active_disclosure.normative_documents.issued",
          "active_disclosure.normative_documents.repealed", f"{prev}:active_disclosure.normative_documents.in_force"]),
    ]


def test_r8_keeps_documents_in_force_that_follow(tmp_path: Path, db_path: Path) -> None:
    active_2023 = {"normative_documents": [3, 1, 14]}
    files = [write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023, active=active_2023))]
    ingest(files, db_path, workers=1)
    assert findings(db_path, "R8") == []


def test_r8_with_a_mark_last_year_is_unchecked(tmp_path: Path, db_path: Path) -> None:
    files = [write(tmp_path, "a.txt", report(2022, active={"regulations": [0, 0, "/"]})),
             write(tmp_path, "b.txt", report(2023, active={"normative_documents": [3, 1, 14]}))]
    ingest(files, db_path, workers=1)
    prev = report_id(db_path, AGENCY, 2022)
    assert findings(db_path, "R8") == [
        (AGENCY, 2023, "unchecked", "无法核对“现行有效=上年现行有效+本年制发−本年废止”：规章（2022年报告现行有效件数填写“/”）。",
         ["active_disclosure.regulations.in_force", "active_disclosure.regulations.issued",
          "active_disclosure.regulations.repealed", f"{prev}:active_disclosure.regulations.in_force"]),
    ]


def test_r8_does_not_apply_across_the_2019_template(tmp_path: Path, db_path: Path) -> None:
    files = [
        write(tmp_path, "a.txt", report(2020, template="2019", apps={"other_handling": [0] * 7})),
        write(tmp_path, "b.txt", report(2021, active={"normative_documents": [3, 1, 99]})),
    ]
    ingest(files, db_path, workers=1)
    assert findings(db_path, "R8") == []
    assert findings(db_path, "R7") == []  # both templates print the carry-over rows, and they match


# --- R11 -----------------------------------------------------------------------------------------


def test_r11_finds_last_years_prose_with_only_the_year_changed(tmp_path: Path, db_path: Path) -> None:
    files = [write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023))]
    ingest(files, db_path, workers=1)
    prev = report_id(db_path, AGENCY, 2022)
    assert findings(db_path, "R11") == [
        (AGENCY, 2023, "warning",
         "内容雷同：本报告正文（去除标题、表格、法规文件名和各报告通用的套话后）有100%与本机关2022年报告相同。",
         [f"{prev}:prose"]),
    ]


def test_r11_leaves_an_agency_that_rewrote_its_report_alone(tmp_path: Path, db_path: Path) -> None:
    files = [write(tmp_path, "a.txt", report(2022)),
             write(tmp_path, "b.txt", report(2023, general=PROSE_B, problems=PROBLEMS_B))]
    ingest(files, db_path, workers=1)
    assert findings(db_path, "R11") == []


def test_r11_two_agencies_ordinary_reports_are_not_flagged(tmp_path: Path, db_path: Path) -> None:
    files = [write(tmp_path, "a.txt", report(2022)),
             write(tmp_path, "b.txt", report(2022, agency="示范县市场监督管理局", general=PROSE_B, problems=PROBLEMS_B))]
    ingest(files, db_path, workers=1)
    assert findings(db_path, "R11") == []


def test_r11_finds_another_agencys_report_passed_off_as_ones_own(tmp_path: Path, db_path: Path) -> None:
    ingest([write(tmp_path, "a.txt", report(2022))], db_path, workers=1)
    ingest([write(tmp_path, "b.txt", report(2022, agency="示范县退役军人事务局"))], db_path, workers=1)
    original, copy = report_id(db_path, AGENCY, 2022), report_id(db_path, "示范县退役军人事务局", 2022)
    what = "内容雷同：本报告正文（去除标题、表格、法规文件名和各报告通用的套话后）"
    # each report's prose is contained in the other's (all but the agency names): both are told,
    # each naming the other; the region is unknown because 示范县 is not a real county
    assert findings(db_path, "R11") == [
        (AGENCY, 2022, "warning", f"{what}有92%与同年其他机构的报告相同：示范县退役军人事务局（地区未识别，92%）。",
         [f"{copy}:prose"]),
        ("示范县退役军人事务局", 2022, "warning", f"{what}有100%与同年其他机构的报告相同：示范县民政局（地区未识别，100%）。",
         [f"{original}:prose"]),
    ]


def test_r11_rerunning_and_reloading_do_not_duplicate(tmp_path: Path, db_path: Path) -> None:
    files = [write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023))]
    ingest(files, db_path, workers=1)
    before = findings(db_path, "R11")
    ingest(files, db_path, workers=1)  # already loaded: skipped
    con = duckdb.connect(str(db_path))
    try:
        run_cross_report_rules(con, [r[0] for r in con.execute("SELECT report_id FROM reports").fetchall()])
        pairs = con.execute("SELECT count(*) FROM r11_pairs").fetchone()[0]
        docs = con.execute("SELECT count(*), count(DISTINCT report_id) FROM r11_docs").fetchone()
        con.execute("CHECKPOINT")
    finally:
        con.close()
    assert findings(db_path, "R11") == before and len(before) == 1
    assert pairs == 1 and docs == (2, 2)


def test_r11_a_corrected_version_replaces_the_old_ones_findings(tmp_path: Path, db_path: Path) -> None:
    # 2023 first copies 2022; a corrected 2023 (new prose) is published later and replaces it
    ingest([write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023))], db_path, workers=1)
    assert len(findings(db_path, "R11")) == 1
    ingest([write(tmp_path, "b2.txt", report(2023, general=PROSE_B, problems=PROBLEMS_B))], db_path, workers=1)
    assert findings(db_path, "R11") == []


# --- on the command line -------------------------------------------------------------------------


def test_xxgk_findings_shows_cross_report_findings(tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture) -> None:
    active_2023 = {"normative_documents": [3, 1, 15]}
    ingest([write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023, active=active_2023))],
           db_path, workers=1)
    assert cli.main(["findings", "--db", str(db_path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {(f["rule"], f["severity"], f["year"]) for f in shown} >= {("R8", "warning", 2023), ("R11", "warning", 2023)}


# --- the data-quality metrics --------------------------------------------------------------------


def test_the_database_names_the_rules_as_the_engine_does() -> None:
    import duckdb

    from xxgk.db import create_schema
    from xxgk.rules import RULE_NAMES, SEVERITY_LABELS

    con = duckdb.connect()
    create_schema(con)
    assert dict(con.execute("SELECT rule, rule_name FROM rule_catalog ORDER BY rule_order").fetchall()) == RULE_NAMES
    assert dict(con.execute("SELECT severity, severity_label FROM severity_catalog").fetchall()) == SEVERITY_LABELS


def test_findings_metrics_over_a_loaded_database(tmp_path: Path, db_path: Path, seed_path: Path) -> None:
    from xxgk.metrics import run_query

    active_2023 = {"normative_documents": [3, 1, 15]}
    ingest([seed_path, write(tmp_path, "a.txt", report(2022)), write(tmp_path, "b.txt", report(2023, active=active_2023))],
           db_path, workers=1)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        by_rule = run_query(con, "findings_by_rule", {})
        r8 = run_query(con, "findings_list", {"rule": "R8"})
        everything = run_query(con, "findings_list", {})
        seed_only = run_query(con, "findings_list", {"district": "孟津区"})
        most = run_query(con, "reports_most_findings", {})
        by_place = run_query(con, "findings_by_district_year", {"year_from": 2022})
    finally:
        con.close()
    assert by_rule[["rule", "severity", "severity_label", "findings_count", "reports_count", "reports_pct"]].values.tolist() == [
        ["R8", "warning", "警示", 1, 1, 33.3],
        ["R9", "error", "错误", 1, 1, 33.3],
        ["R11", "warning", "警示", 1, 1, 33.3],
        # plain files state no publication date: R12 cannot be checked for any of them, never a pass
        ["R12", "unchecked", "无法核对", 3, 3, 100.0],
    ]
    assert by_rule["rule_name"].tolist()[:3] == ["跨年衔接：现行有效规范性文件", "比率与其分项一致（采用率）", "内容雷同"]
    assert r8[["agency", "year", "rule", "severity"]].values.tolist() == [[AGENCY, 2023, "R8", "warning"]]
    assert len(everything) == 6
    assert seed_only[["agency", "year", "rule", "message"]].values.tolist() == [
        ["孟津区司法局", 2022, "R9", "采用率：文中所述18%，但采用6条÷上报35条=17.1%，相差0.9个百分点。"],
        ["孟津区司法局", 2022, "R12", "无法核对：发布日期不明"],
    ]
    assert most[["agency", "year", "errors_count", "warnings_count", "findings_count", "rules"]].values.tolist() == [
        ["孟津区司法局", 2022, 1, 0, 2, "R9 R12"],
        [AGENCY, 2023, 0, 2, 3, "R8 R11 R12"],
        [AGENCY, 2022, 0, 0, 1, "R12"],
    ]
    assert by_place.fillna({"district": "（市级）"})[["district", "year", "reports_count", "errors_count", "warnings_count", "reports_with_errors_pct"]].values.tolist() == [
        ["孟津区", 2022, 1, 1, 0, 100.0],
        ["（市级）", 2022, 1, 0, 0, 0.0],
        ["（市级）", 2023, 1, 0, 2, 0.0],
    ]


def test_cross_rules_read_in_batches_find_what_one_batch_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A load of a million reports streams its year pairs a batch at a time; with batches of one
    # pair, the findings must be those of a single batch.
    from xxgk.rules import cross

    apps_2023 = {"carried_over": [2, 0, 0, 0, 0, 0, 2], "total_processed": [6, 2, 0, 1, 0, 0, 9],
                 "granted": [3, 1, 0, 0, 0, 0, 4]}
    apps_2022 = {"carried_forward": [1, 0, None, 0, 0, 0, 1]}
    files = []
    for n, agency in enumerate(("示范县民政局", "示范县教育局", "示范县财政局")):
        files.append(write(tmp_path, f"{n}a.txt", report(2022, agency=agency, apps=apps_2022 if n == 1 else {})))
        files.append(write(tmp_path, f"{n}b.txt", report(2023, agency=agency, apps=apps_2023 if n != 1 else {})))
    whole, batched = tmp_path / "whole.duckdb", tmp_path / "batched.duckdb"
    ingest(files, whole, workers=1)
    monkeypatch.setattr(cross, "_CHUNK", 1)
    monkeypatch.setattr(cross, "_PAIR_CHUNK", 1)
    ingest(files, batched, workers=1)
    expected = findings(whole, "R7")
    assert len(expected) == 5  # two agencies' two columns, one unchecked blank
    assert findings(batched, "R7") == expected
    assert findings(batched, "R11") == findings(whole, "R11")
