"""Cross-report rules over the database: R7, R8 (an agency's year t against t−1) and R11 (内容雷同).

``cross_report_findings(con, new_ids)`` runs after every load (``xxgk.load.run_cross_report_rules``)
on the connection of the snapshot being written, for the reports the load added and their
neighbours, and returns the findings; the load writes them (``xxgk.db.findings``):

* a report of year t is judged against its agency's report of t−1 (R7, R8) or its previous report
  (R11), so adding year t also re-judges the agency's next report (t+1 for R7/R8, the next later one
  for R11);
* R11 also compares each new report with the other agencies' reports of its year; a pair found
  gives a finding to each report whose prose is contained in the other's.

Only current versions count (``current_reports``: the newest load of an agency and year). Same agency =
same ``agency_key`` (agency name and region, with district renames such as 孟津县 → 孟津区 folded by
``xxgk.regions``). A report whose agency was not recognised has no ``agency_key`` and is judged by
none of these rules.

Re-running is idempotent: the cross findings of every affected report are replaced by those
returned, and R11's pairs (``r11_pairs``) likewise. Findings name cells of the other report as
``<report_id>:table.row.column`` and its prose as ``<report_id>:prose``.

Every statement is in ``xxgk/db/sql/cross.sql``, run by name (``xxgk.db.statements``).
R11's fingerprints live in two tables this module creates: ``r11_docs`` (one row per report with a
fingerprint) and ``r11_shingles`` (its sampled shingle hashes, ``xxgk.rules.similarity``). Scores are
computed in SQL, joined on the hash — never all pairs in Python:

* weights: a hash found in ``df`` of the ``N`` current reports of year y weighs ``ln((N+1)/df)``
  (stock phrases found in most reports weigh almost nothing);
* candidates (same year): each new report's ``CANDIDATE_HASHES`` rarest hashes that at least one
  other report shares and at most ``CANDIDATE_MAX_REPORTS`` do (``2 ≤ df ≤ 50``); another agency's
  report holding half of them is a candidate. This bounds the join by how widely those hashes
  spread, not by the size of the year. The price: a report whose every shared hash is in more than
  50 reports of its year (a model text filled in by many) has no same-year candidate;
* score of A in B: Σ weight of A's hashes that B has ÷ Σ weight of A's hashes; A is 内容雷同 with
  its previous report at ``similarity.THRESHOLD_PREVIOUS``, with another agency's report of its year
  at ``similarity.THRESHOLD_SAME_YEAR``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa

from xxgk import codes
from xxgk.db import statements as sql
from xxgk.db.findings import Judgement
from xxgk.model import Finding
from xxgk.rules import similarity
from xxgk.rules.common import ERROR, UNCHECKED, WARNING, equal, fmt, name_list, ref
from xxgk.vocabulary import APPLICANT_LABELS

CROSS_RULES = ("R7", "R8", "R11")
CANDIDATE_HASHES = 32
# A hash in more reports of a year than this is no lead to a copy: text shared this widely is a
# template (a county's model report), and following it would make the join quadratic in its spread.
CANDIDATE_MAX_REPORTS = 50
_CHUNK = 2000  # reports fingerprinted per batch: bounds memory on a load of a million reports
_PAIR_CHUNK = 20_000  # R7/R8 year pairs per batch (about 40 figures each)


def cross_report_findings(con: Any, new_ids: list[str]) -> Iterator[Judgement]:
    """R7 and R8, then R11, for ``new_ids`` and the reports whose judgement they change: each a
    :class:`Judgement` whose findings replace those of its rules about the reports in the temporary
    table ``_judged``. Consume them in order: R11 widens ``_judged`` (by the reports it pairs them
    with) when its judgement is asked for; the R7/R8 findings stream in batches."""
    if not new_ids:
        return
    sql.run(con, "cross.create_tables")
    _temp_ids(con, "_new", new_ids)
    _affected(con)
    try:
        yield Judgement(("R7", "R8"), _year_pairs(con))
        yield Judgement(("R11",), _r11(con))
    finally:
        sql.drop(con, "_new", "_touched", "_judged", "_later", "_keys")


def _temp_ids(con: Any, name: str, ids: list[str]) -> None:
    sql.temp_ids(con, name, ids)


def _affected(con: Any) -> None:
    """Temp tables: ``_keys`` (agency-years the load touched), ``_later`` (current reports to judge
    against their predecessor), ``_judged`` (every report whose cross findings are recomputed)."""
    sql.run(con, "cross.affected")


# --- R7, R8 -------------------------------------------------------------------------------------

# The figures cross.year_pairs selects (its columns are written out for these)
_R7_COLUMNS = codes.APPLICANT_COLUMNS
_R8_ROWS = ("regulations", "normative_documents")


def _figure(table: str, row: str, column: str) -> str:
    return f"{table}__{row}__{column}"


def _year_pairs(con: Any) -> Iterator[list[tuple[str, Finding]]]:
    """R7 and R8 for every report in ``_later`` whose agency has a current report of the year before,
    a batch of findings at a time.

    The pairs stream from ``con`` (which sees the temporary tables) in batches; a second
    connection looks up why a NULL figure is NULL, so a load of a million reports never holds its
    pairs in memory at once (the findings are written with a connection of their own).
    """
    wanted = [("cur", "applications", "carried_over", c) for c in _R7_COLUMNS]
    wanted += [("prev", "applications", "carried_forward", c) for c in _R7_COLUMNS]
    for row in _R8_ROWS:
        wanted += [("cur", "active_disclosure", row, c) for c in ("issued", "repealed", "in_force")]
        wanted += [("prev", "active_disclosure", row, "in_force")]
    lookup = con.cursor()  # before the reader: a connection with a pending result does nothing else
    reader = sql.batches(con, "cross.year_pairs", _PAIR_CHUNK)
    try:
        for batch in reader:
            records = batch.to_pylist()
            kinds = _cell_kinds(lookup, records, wanted)
            findings: list[tuple[str, Finding]] = []
            for record in records:
                findings += [(record["report_id"], f) for f in r7_carried_over(record, kinds)]
                if record["template"] == "2021" and record["prev_template"] == "2021":
                    findings += [(record["report_id"], f) for f in r8_documents_in_force(record, kinds)]
            yield findings
    finally:
        lookup.close()


def _cell_kinds(con: Any, records: list[dict], wanted: list[tuple[str, str, str, str]]) -> dict[tuple[str, str], str]:
    """Why a figure a rule reads is NULL — "为空白", "填写“/”" — for the reports that have one.

    Read from ``cell_sources`` for those reports only (the ``report_cells`` view would unnest every
    report's lists before filtering).
    """
    ids = {
        record["report_id"] if side == "cur" else record["prev_id"]
        for record in records
        for side, t, r, c in wanted
        if record[f"{side}__{_figure(t, r, c)}"] is None
    }
    if not ids:
        return {}
    _temp_ids(con, "_kind_ids", sorted(ids))
    rows = sql.rows(con, "cross.null_cells")
    sql.drop(con, "_kind_ids")
    return {(rid, cell): ("为空白" if raw == "" else f"填写“{raw}”") for rid, cell, raw in rows}


def _why(kinds: dict, report_id: str, cell: str) -> str:
    return kinds.get((report_id, cell), "未读出")


def r7_carried_over(record: dict, kinds: dict) -> list[Finding]:
    """R7, per column: 上年结转 of year t = 结转下年度 of the agency's report of t−1."""
    findings, blocked, blocked_cells = [], [], []
    prev_id, prev_year = record["prev_id"], record["prev_year"]
    for column in _R7_COLUMNS:
        scope = f"{APPLICANT_LABELS[column]}列"
        cur_cell = ref("applications", "carried_over", column)
        prev_cell = ref("applications", "carried_forward", column)
        cur = record[f"cur__{_figure('applications', 'carried_over', column)}"]
        prev = record[f"prev__{_figure('applications', 'carried_forward', column)}"]
        cells = (cur_cell, f"{prev_id}:{prev_cell}")
        if cur is None or prev is None:
            reasons = []
            if cur is None:
                reasons.append(f"本年上年结转{_why(kinds, record['report_id'], cur_cell)}")
            if prev is None:
                reasons.append(f"{prev_year}年报告结转下年度{_why(kinds, prev_id, prev_cell)}")
            blocked.append(f"{scope}（{'，'.join(reasons)}）")
            blocked_cells.extend(cells)
            continue
        if not equal(cur, prev):
            findings.append(
                Finding(
                    "R7",
                    ERROR,
                    f"{scope}：上年结转为{fmt(cur)}，但本机关{prev_year}年报告的结转下年度为{fmt(prev)}，"
                    f"相差{fmt(abs(cur - prev))}。",
                    cells,
                )
            )
    if blocked:
        findings.append(
            Finding(
                "R7",
                UNCHECKED,
                f"无法核对“上年结转=本机关{prev_year}年报告的结转下年度”：{name_list(blocked, '列')}。",
                tuple(blocked_cells),
            )
        )
    return findings


def r8_documents_in_force(record: dict, kinds: dict) -> list[Finding]:
    """R8 (2021 template, soft): 现行有效(t) = 现行有效(t−1) + 本年制发(t) − 本年废止(t).

    A warning: documents can lapse without being repealed, or be counted differently year to year.
    """
    findings, blocked, blocked_cells = [], [], []
    prev_id, prev_year = record["prev_id"], record["prev_year"]
    for row in _R8_ROWS:
        label = codes.row_label("active_disclosure", row, "2021")
        names = {c: ref("active_disclosure", row, c) for c in ("issued", "repealed", "in_force")}
        values = {c: record[f"cur__{_figure('active_disclosure', row, c)}"] for c in names}
        prev = record[f"prev__{_figure('active_disclosure', row, 'in_force')}"]
        cells = (names["in_force"], names["issued"], names["repealed"], f"{prev_id}:{names['in_force']}")
        if prev is None or any(v is None for v in values.values()):
            reasons = [
                f"本年{codes.ACTIVE_COLUMN_LABELS[c]}{_why(kinds, record['report_id'], names[c])}"
                for c in ("in_force", "issued", "repealed")
                if values[c] is None
            ]
            if prev is None:
                reasons.append(f"{prev_year}年报告现行有效件数{_why(kinds, prev_id, names['in_force'])}")
            blocked.append(f"{label}（{'，'.join(reasons)}）")
            blocked_cells.extend(cells)
            continue
        expected = prev + values["issued"] - values["repealed"]
        if not equal(values["in_force"], expected):
            findings.append(
                Finding(
                    "R8",
                    WARNING,
                    f"{label}：{prev_year}年现行有效({fmt(prev)})+本年制发({fmt(values['issued'])})"
                    f"−本年废止({fmt(values['repealed'])})={fmt(expected)}，但本年现行有效件数为"
                    f"{fmt(values['in_force'])}，相差{fmt(abs(values['in_force'] - expected))}。",
                    cells,
                )
            )
    if blocked:
        findings.append(
            Finding(
                "R8",
                UNCHECKED,
                f"无法核对“现行有效=上年现行有效+本年制发−本年废止”：{name_list(blocked)}。",
                tuple(blocked_cells),
            )
        )
    return findings


# --- R11 ----------------------------------------------------------------------------------------


def _fingerprint_new(con: Any) -> None:
    """Store the fingerprints of the new reports (replacing any from an earlier run).

    The texts stream from one query while a second connection (``con.cursor()``) writes the
    fingerprints, so memory holds one batch at a time however many reports were loaded.
    (Fingerprinting costs ~0.2 ms a report; a process pool here lost to pickling the texts on a
    busy 2-core machine. The parse workers would be the place to compute it.)
    """
    sql.run(con, "cross.forget_fingerprints")
    _move_pending(con)
    next_doc = sql.scalar(con, "cross.next_doc")
    writer = con.cursor()  # before the reader: a connection with a pending result does nothing else
    reader = sql.batches(con, "cross.texts_to_fingerprint", _CHUNK)
    try:
        for batch in reader:
            rows = batch.to_pydict()
            prints = [similarity.fingerprint(text, template) for text, template in zip(rows["text"], rows["template"])]
            sizes = np.array([len(p) for p in prints], dtype=np.int64)
            docs = np.arange(next_doc, next_doc + len(prints), dtype=np.int64)
            next_doc += len(prints)
            years = pa.array(rows["year"], pa.int32())
            docs_table = {"doc": docs, "report_id": rows["report_id"], "year": years, "hashes": sizes}
            sql.insert_arrow(writer, "r11_docs", pa.table(docs_table))
            shingles = {
                "doc": np.repeat(docs, sizes),
                "year": years.take(pa.array(np.repeat(np.arange(len(prints)), sizes))),
                "h": np.concatenate([*prints, np.empty(0, np.uint64)]),
            }
            sql.insert_arrow(writer, "r11_shingles", pa.table(shingles))
    finally:
        writer.close()


def _move_pending(con: Any) -> None:
    """Take the fingerprints the parse workers computed (``r11_pending``) for the new reports.

    Reports without one (loaded by an older version, or by a caller that does not compute them)
    are fingerprinted from their text by ``_fingerprint_new``.
    """
    if sql.scalar(con, "cross.pending_exists"):
        sql.run(con, "cross.move_pending")


def pair_scores(con: Any, copies_only: bool = False) -> list[tuple[str, str, str, float, float | None]]:
    """Every candidate pair for the reports in ``_new`` and ``_later``, with both its scores.

    Rows are (report A, report B, relation, containment of A in B, of B in A — None for
    ``previous``, where only the later report is judged). Fingerprints of the new reports are
    stored on the way. ``copies_only``: only the pairs where a score reaches its relation's
    threshold (a load of a million reports scores about as many pairs, of which few are copies);
    ``scripts/r11_threshold.py`` asks for every score.
    """
    _fingerprint_new(con)
    candidates = {
        "min_hashes": similarity.MIN_SAMPLED,
        "max_reports": CANDIDATE_MAX_REPORTS,
        "candidates": CANDIDATE_HASHES,
    }
    sql.run(con, "cross.candidates", candidates)
    thresholds = {"previous": similarity.THRESHOLD_PREVIOUS, "same_year": similarity.THRESHOLD_SAME_YEAR}
    scored = sql.rows(con, "cross.scores", {"copies_only": copies_only, **thresholds})
    sql.drop(con, "_docs", "_weights", "_mass", "_prev_pairs", "_year_pairs", "_pair_hashes")
    return scored


def _r11(con: Any) -> list[tuple[str, Finding]]:
    scored = pair_scores(con, copies_only=True)
    threshold = {"previous": similarity.THRESHOLD_PREVIOUS, "same_year": similarity.THRESHOLD_SAME_YEAR}
    new_pairs: dict[tuple[str, str, str], float] = {}
    for a, b, relation, score_a, score_b in scored:
        if score_a >= threshold[relation]:
            new_pairs[(a, b, relation)] = max(score_a, new_pairs.get((a, b, relation), 0.0))
        if score_b is not None and score_b >= threshold[relation]:
            new_pairs[(b, a, relation)] = max(score_b, new_pairs.get((b, a, relation), 0.0))
    # Replace the pairs these reports were in, and regenerate the findings of everyone concerned.
    sql.run(con, "cross.forget_pairs")
    pairs = {
        "report_id": pa.array([a for a, _, _ in new_pairs], pa.string()),
        "other_id": pa.array([b for _, b, _ in new_pairs], pa.string()),
        "relation": pa.array([r for _, _, r in new_pairs], pa.string()),
        "score": pa.array(list(new_pairs.values()), pa.float64()),
    }
    sql.insert_arrow(con, "r11_pairs", pa.table(pairs))
    sql.run(con, "cross.widen_judged")
    rows = sql.rows(con, "cross.judged_pairs")
    sql.drop(con, "_r11_old")
    grouped: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for report_id, other_id, relation, score, agency, year, city, district in rows:
        grouped[(report_id, relation)].append((other_id, score, agency, year, city, district))
    return [(report_id, r11_finding(relation, matches)) for (report_id, relation), matches in grouped.items()]


_SHOWN = 3


def r11_finding(relation: str, matches: list[tuple]) -> Finding:
    """One finding per report and relation; the best matches first (``matches`` is sorted)."""
    what = "本报告正文（去除标题、表格、法规文件名和各报告通用的套话后）"
    if relation == "previous":
        other_id, score, _, year, _, _ = matches[0]
        message = f"内容雷同：{what}有{score:.0%}与本机关{year}年报告相同。"
        return Finding("R11", WARNING, message, (f"{other_id}:prose",))
    shown = "、".join(
        f"{agency}（{'·'.join(p for p in (city, district) if p) or '地区未识别'}，{score:.0%}）"
        for _, score, agency, _, city, district in matches[:_SHOWN]
    )
    more = f"等{len(matches)}份报告" if len(matches) > _SHOWN else ""
    best = matches[0][1]
    message = f"内容雷同：{what}有{best:.0%}与同年其他机构的报告相同：{shown}{more}。"
    return Finding("R11", WARNING, message, tuple(f"{m[0]}:prose" for m in matches))
