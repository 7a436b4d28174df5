"""Cross-report rules over the database: R7, R8 (an agency's year t against t−1) and R11 (内容雷同).

``run_cross_report_rules(con, new_ids)`` runs after every load (``xxgk.load.ingest``) on the
connection of the snapshot being written, for the reports the load added and their neighbours:

* a report of year t is judged against its agency's report of t−1 (R7, R8) or its previous report
  (R11), so adding year t also re-judges the agency's next report (t+1 for R7/R8, the next later one
  for R11);
* R11 also compares each new report with the other agencies' reports of its year; a pair found
  gives a finding to each report whose prose is contained in the other's.

Only current versions count (``stg_reports``: the newest load of an agency and year). Same agency =
same ``agency_key`` (agency name and region, with district renames such as 孟津县 → 孟津区 folded by
``xxgk.regions``). A report whose agency was not recognised has no ``agency_key`` and is judged by
none of these rules.

Re-running is idempotent: the cross findings of every affected report are deleted and recomputed,
and R11's pairs (``r11_pairs``) likewise. Findings name cells of the other report as
``<report_id>:table.row.column`` and its prose as ``<report_id>:prose``.

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
from typing import Any

import numpy as np
import pyarrow as pa

from xxgk import codes
from xxgk.model import Finding
from xxgk.rules import similarity
from xxgk.rules.common import APPLICANT_LABELS, ERROR, UNCHECKED, WARNING, equal, fmt, name_list, ref

CROSS_RULES = ("R7", "R8", "R11")
CANDIDATE_HASHES = 32
# A hash in more reports of a year than this is no lead to a copy: text shared this widely is a
# template (a county's model report), and following it would make the join quadratic in its spread.
CANDIDATE_MAX_REPORTS = 50
_CHUNK = 2000  # reports fingerprinted per batch: bounds memory on a load of a million reports
_PAIR_CHUNK = 20_000  # R7/R8 year pairs per batch (about 40 figures each)

_TABLES = """
CREATE TABLE IF NOT EXISTS r11_docs (
    doc       BIGINT NOT NULL,       -- this module's id for the report (joins are on integers)
    report_id VARCHAR NOT NULL,
    year      INTEGER,
    hashes    INTEGER NOT NULL       -- sampled shingle hashes of its prose
);
CREATE TABLE IF NOT EXISTS r11_shingles (
    doc  BIGINT NOT NULL,
    year INTEGER,
    h    UBIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS r11_pairs (
    report_id VARCHAR NOT NULL,      -- the report whose prose is contained …
    other_id  VARCHAR NOT NULL,      -- … in this one's
    relation  VARCHAR NOT NULL,      -- previous (the agency's previous report) | same_year (another agency)
    score     DOUBLE NOT NULL        -- weighted containment, 0–1
);
"""


def run_cross_report_rules(con: Any, new_ids: list[str]) -> None:
    """Recompute R7, R8 and R11 for ``new_ids`` and the reports whose judgement they change."""
    if not new_ids:
        return
    con.execute(_TABLES)
    _temp_ids(con, "_new", new_ids)
    _affected(con)
    con.execute("DELETE FROM findings WHERE rule IN ('R7', 'R8') AND report_id IN (SELECT report_id FROM _judged)")
    _year_pairs(con)
    findings = _r11(con)  # widens _judged by the reports R11 pairs them with
    con.execute("DELETE FROM findings WHERE rule = 'R11' AND report_id IN (SELECT report_id FROM _judged)")
    _insert_findings(con, findings)
    for table in ("_new", "_touched", "_judged", "_later", "_keys"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _insert_findings(con: Any, findings: list[tuple[str, Finding]]) -> None:
    _insert(
        con,
        "findings",
        {
            "report_id": [report_id for report_id, _ in findings],
            "rule": [f.rule for _, f in findings],
            "severity": [f.severity for _, f in findings],
            "message": [f.message for _, f in findings],
            "cells": pa.array([list(f.cells) for _, f in findings], type=pa.list_(pa.string())),
        },
    )


def _batches(con: Any, sql: str, size: int | None = None) -> Any:
    """The rows of a query, ``size`` (default ``_CHUNK``) at a time as Arrow record batches."""
    relation = con.sql(sql)
    # duckdb 2 calls it to_arrow_reader, 1.x fetch_arrow_reader
    return (getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader)(size or _CHUNK)


def _temp_ids(con: Any, name: str, ids: list[str]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (report_id VARCHAR)")
    _insert(con, name, {"report_id": pa.array(ids, type=pa.string())})


def _insert(con: Any, table: str, columns: dict[str, Any]) -> None:
    """Insert columns in one statement (``executemany`` costs a millisecond a row in DuckDB)."""
    data = pa.table(columns)
    if not data.num_rows:
        return
    con.register("_rows", data)
    try:
        names = ", ".join(data.column_names)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
    finally:
        con.unregister("_rows")


def _affected(con: Any) -> None:
    """Temp tables: ``_keys`` (agency-years the load touched), ``_later`` (current reports to judge
    against their predecessor), ``_judged`` (every report whose cross findings are recomputed)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _keys AS
        SELECT DISTINCT agency_key, year FROM stg_report_versions
        WHERE report_id IN (SELECT report_id FROM _new) AND agency_key IS NOT NULL
        """
    )
    # The touched agency-years' current reports, and each agency's next report after them.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _later AS
        SELECT r.report_id, r.agency_key, r.year
        FROM stg_reports r JOIN _keys k USING (agency_key, year)
        UNION
        SELECT nxt.report_id, nxt.agency_key, nxt.year
        FROM _keys k
        JOIN LATERAL (
            SELECT report_id, agency_key, year FROM stg_reports r
            WHERE r.agency_key = k.agency_key AND r.year > k.year
            ORDER BY r.year LIMIT 1
        ) nxt ON true
        """
    )
    # Judged: those, the new reports themselves, and every version of a touched agency-year (a
    # version a newer one replaced keeps no cross findings: they are about current versions).
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _judged AS
        SELECT report_id FROM _later
        UNION SELECT report_id FROM _new
        UNION SELECT v.report_id FROM stg_report_versions v JOIN _keys k USING (agency_key, year)
        """
    )


# --- R7, R8 -------------------------------------------------------------------------------------

_R7_COLUMNS = codes.APPLICANT_COLUMNS
_R8_ROWS = ("regulations", "normative_documents")


def _figure(table: str, row: str, column: str) -> str:
    return f"{table}__{row}__{column}"


def _year_pairs(con: Any) -> None:
    """R7 and R8 for every report in ``_later`` whose agency has a current report of the year before.

    The pairs stream from ``con`` (which sees the temporary tables) in batches; a second
    connection looks up why a NULL figure is NULL and inserts each batch's findings, so a load of
    a million reports never holds its pairs in memory at once.
    """
    wanted = [("cur", "applications", "carried_over", c) for c in _R7_COLUMNS]
    wanted += [("prev", "applications", "carried_forward", c) for c in _R7_COLUMNS]
    for row in _R8_ROWS:
        wanted += [("cur", "active_disclosure", row, c) for c in ("issued", "repealed", "in_force")]
        wanted += [("prev", "active_disclosure", row, "in_force")]
    alias = {"cur": "cr", "prev": "pr"}
    select = ", ".join(f"{alias[side]}.{_figure(t, r, c)} AS {side}__{_figure(t, r, c)}" for side, t, r, c in wanted)
    writer = con.cursor()  # before the reader: a connection with a pending result does nothing else
    reader = _batches(
        con,
        f"""
        SELECT l.report_id, pr.report_id AS prev_id, cr.template, pr.template AS prev_template,
               pr.year AS prev_year, {select}
        FROM _later l
        JOIN stg_report_figures cr ON cr.report_id = l.report_id
        JOIN stg_report_figures pr ON pr.agency_key = l.agency_key AND pr.year = l.year - 1
        WHERE cr.template IN ('2019', '2021') AND pr.template IN ('2019', '2021') AND ({_may_find()})
        """,
        _PAIR_CHUNK,
    )
    try:
        for batch in reader:
            records = batch.to_pylist()
            kinds = _cell_kinds(writer, records, wanted)
            findings: list[tuple[str, Finding]] = []
            for record in records:
                findings += [(record["report_id"], f) for f in r7_carried_over(record, kinds)]
                if record["template"] == "2021" and record["prev_template"] == "2021":
                    findings += [(record["report_id"], f) for f in r8_documents_in_force(record, kinds)]
            _insert_findings(writer, findings)
    finally:
        writer.close()


def _may_find() -> str:
    """The pairs R7 or R8 can say anything about: a figure missing, or not exactly as the rule
    expects. The others (most of a million) hold every figure, equal, and never reach Python."""

    def differs(left: str, right: str, *operands: str) -> str:
        missing = " OR ".join(f"{o} IS NULL" for o in operands)
        return f"({missing} OR {left} <> {right})"

    r7 = []
    for column in _R7_COLUMNS:
        cur = f"cr.{_figure('applications', 'carried_over', column)}"
        prev = f"pr.{_figure('applications', 'carried_forward', column)}"
        r7.append(differs(cur, prev, cur, prev))
    r8 = []
    for row in _R8_ROWS:
        in_force, issued, repealed = (f"cr.{_figure('active_disclosure', row, c)}" for c in ("in_force", "issued", "repealed"))
        before = f"pr.{_figure('active_disclosure', row, 'in_force')}"
        r8.append(differs(in_force, f"{before} + {issued} - {repealed}", in_force, issued, repealed, before))
    return (
        " OR ".join(r7)
        + f" OR (cr.template = '2021' AND pr.template = '2021' AND ({' OR '.join(r8)}))"
    )


def _cell_kinds(con: Any, records: list[dict], wanted: list[tuple[str, str, str, str]]) -> dict[tuple[str, str], str]:
    """Why a figure a rule reads is NULL — "为空白", "填写“/”" — for the reports that have one.

    Read from ``cell_sources`` for those reports only (the ``stg_cells`` view would unnest every
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
    rows = con.execute(
        """
        SELECT s.report_id, c.table_name || '.' || c.row_code || '.' || c.column_code, s.raw
        FROM (
            SELECT report_id, unnest(value) AS value, unnest(raw) AS raw, generate_subscripts(raw, 1) AS position
            FROM cell_sources WHERE report_id IN (SELECT report_id FROM _kind_ids)
        ) s
        JOIN cell_catalog c USING (position)
        WHERE s.value IS NULL AND s.raw IS NOT NULL AND c.table_name IN ('applications', 'active_disclosure')
        """
    ).fetchall()
    con.execute("DROP TABLE _kind_ids")
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
    con.execute("DELETE FROM r11_shingles WHERE doc IN (SELECT doc FROM r11_docs WHERE report_id IN (SELECT report_id FROM _new))")
    con.execute("DELETE FROM r11_docs WHERE report_id IN (SELECT report_id FROM _new)")
    _move_pending(con)
    next_doc = con.execute("SELECT coalesce(max(doc), 0) + 1 FROM r11_docs").fetchall()[0][0]
    writer = con.cursor()  # before the reader: a connection with a pending result does nothing else
    reader = _batches(
        con,
        """
        SELECT n.report_id, r.year, r.template, t.text
        FROM _new n JOIN reports r USING (report_id) JOIN report_texts t USING (report_id)
        WHERE n.report_id NOT IN (SELECT report_id FROM r11_docs)
        """,
    )
    try:
        for batch in reader:
            rows = batch.to_pydict()
            prints = [similarity.fingerprint(text, template) for text, template in zip(rows["text"], rows["template"])]
            sizes = np.array([len(p) for p in prints], dtype=np.int64)
            docs = np.arange(next_doc, next_doc + len(prints), dtype=np.int64)
            next_doc += len(prints)
            years = pa.array(rows["year"], pa.int32())
            _insert(writer, "r11_docs", {"doc": docs, "report_id": rows["report_id"], "year": years, "hashes": sizes})
            _insert(
                writer,
                "r11_shingles",
                {
                    "doc": np.repeat(docs, sizes),
                    "year": years.take(pa.array(np.repeat(np.arange(len(prints)), sizes))),
                    "h": np.concatenate([*prints, np.empty(0, np.uint64)]),
                },
            )
    finally:
        writer.close()


def _move_pending(con: Any) -> None:
    """Take the fingerprints the parse workers computed (``r11_pending``) for the new reports.

    Reports without one (loaded by an older version, or by a caller that does not compute them)
    are fingerprinted from their text by ``_fingerprint_new``.
    """
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'r11_pending'"
    ).fetchall()[0][0]
    if not exists:
        return
    con.execute(
        """
        INSERT INTO r11_docs
        SELECT (SELECT coalesce(max(doc), 0) FROM r11_docs) + row_number() OVER (ORDER BY p.report_id),
               p.report_id, r.year, len(p.h)
        FROM r11_pending p JOIN reports r USING (report_id)
        WHERE p.report_id IN (SELECT report_id FROM _new)
        """
    )
    con.execute(
        """
        INSERT INTO r11_shingles
        SELECT d.doc, d.year, unnest(p.h)
        FROM r11_pending p JOIN r11_docs d USING (report_id)
        WHERE p.report_id IN (SELECT report_id FROM _new)
        """
    )
    con.execute("DELETE FROM r11_pending")


def pair_scores(con: Any, copies_only: bool = False) -> list[tuple[str, str, str, float, float | None]]:
    """Every candidate pair for the reports in ``_new`` and ``_later``, with both its scores.

    Rows are (report A, report B, relation, containment of A in B, of B in A — None for
    ``previous``, where only the later report is judged). Fingerprints of the new reports are
    stored on the way. ``copies_only``: only the pairs where a score reaches its relation's
    threshold (a load of a million reports scores about as many pairs, of which few are copies);
    ``scripts/r11_threshold.py`` asks for every score.
    """
    _fingerprint_new(con)
    minimum = similarity.MIN_SAMPLED
    # The current reports of the years in play, and the earlier reports of the agencies judged.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _touched AS
        SELECT DISTINCT year FROM _later WHERE year IS NOT NULL
        UNION SELECT DISTINCT r.year FROM stg_reports r JOIN _new USING (report_id) WHERE r.year IS NOT NULL
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _docs AS
        SELECT d.doc, d.report_id, d.year, d.hashes, r.agency_key, r.agency, r.district, r.city
        FROM r11_docs d JOIN stg_reports r USING (report_id)
        WHERE r.agency_key IS NOT NULL AND (d.year IN (SELECT year FROM _touched)
              OR d.report_id IN (SELECT p.report_id FROM stg_reports p JOIN _later l
                                 ON p.agency_key = l.agency_key AND p.year < l.year))
        """
    )
    # Weight of every hash of the touched years: ln((N+1)/df) over the year's current reports.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _weights AS
        WITH current AS (SELECT doc, year FROM _docs WHERE year IN (SELECT year FROM _touched)),
             sizes AS (SELECT year, count(*) AS n FROM current GROUP BY year)
        SELECT s.year, s.h, ln((sizes.n + 1.0) / count(*)) AS w, count(*) AS df
        FROM r11_shingles s JOIN current USING (doc) JOIN sizes ON sizes.year = s.year
        GROUP BY s.year, s.h, sizes.n
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _mass AS
        SELECT s.doc, sum(w.w) AS mass
        FROM r11_shingles s JOIN _docs d USING (doc) JOIN _weights w ON w.year = s.year AND w.h = s.h
        GROUP BY s.doc
        """
    )
    # The previous report of each judged report: the agency's latest earlier year.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _prev_pairs AS
        SELECT a.doc AS a, b.doc AS b, 'previous' AS relation
        FROM _later l
        JOIN _docs a ON a.report_id = l.report_id
        JOIN LATERAL (
            SELECT doc FROM _docs b WHERE b.agency_key = l.agency_key AND b.year < l.year
            ORDER BY b.year DESC LIMIT 1
        ) b ON true
        WHERE a.hashes >= ?
        """,
        [minimum],
    )
    # Same-year candidates: another agency's report that holds at least half of a new report's
    # CANDIDATE_HASHES rarest shared hashes (df ≥ 2: a hash only the report itself has cannot
    # point anywhere). A copy holds nearly all of them; a report sharing stock phrases, few.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _year_pairs AS
        WITH new_docs AS (
            SELECT d.* FROM _docs d WHERE d.report_id IN (SELECT report_id FROM _new) AND d.hashes >= ?
        ),
        ranked AS (
            SELECT s.doc, s.year, s.h, row_number() OVER (PARTITION BY s.doc ORDER BY w.df, s.h) AS rank
            FROM r11_shingles s JOIN new_docs USING (doc)
            JOIN _weights w ON w.year = s.year AND w.h = s.h
            WHERE w.df BETWEEN 2 AND ?
        ),
        rare AS (
            SELECT doc, year, h, count(*) OVER (PARTITION BY doc) AS chosen FROM ranked WHERE rank <= ?
        ),
        hits AS (
            SELECT r.doc AS a, o.doc AS b, any_value(r.chosen) AS chosen, count(*) AS hits
            FROM rare r JOIN r11_shingles o ON o.year = r.year AND o.h = r.h AND o.doc <> r.doc
            GROUP BY r.doc, o.doc
        )
        SELECT h.a, h.b, 'same_year' AS relation
        FROM hits h JOIN _docs da ON da.doc = h.a JOIN _docs db ON db.doc = h.b
        WHERE 2 * h.hits >= h.chosen AND h.hits >= 2
          AND da.agency_key <> db.agency_key AND da.year = db.year AND db.hashes >= ?
        """,
        [minimum, CANDIDATE_MAX_REPORTS, CANDIDATE_HASHES, minimum],
    )
    # Scores, both ways for same-year pairs: the weight of what they share over each one's own.
    # A's hashes are listed first and then looked up in B's (a join on (doc, hash)); left to
    # itself the optimiser may join the two sides on the hash alone, quadratic in boilerplate.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _pair_hashes AS
        WITH pairs AS (SELECT a, b, relation FROM _prev_pairs UNION SELECT a, b, relation FROM _year_pairs)
        SELECT p.a, p.b, p.relation, s.year, s.h FROM pairs p JOIN r11_shingles s ON s.doc = p.a
        """
    )
    scored = con.execute(
        """
        WITH shared AS (
            SELECT x.a, x.b, x.relation, sum(w.w) AS shared
            FROM _pair_hashes x
            SEMI JOIN r11_shingles s ON s.doc = x.b AND s.h = x.h
            JOIN _weights w ON w.year = x.year AND w.h = x.h
            GROUP BY x.a, x.b, x.relation
        )
        SELECT da.report_id, db.report_id, s.relation, s.shared / ma.mass,
               CASE WHEN s.relation = 'same_year' THEN s.shared / mb.mass END
        FROM shared s
        JOIN _docs da ON da.doc = s.a JOIN _docs db ON db.doc = s.b
        JOIN _mass ma ON ma.doc = s.a LEFT JOIN _mass mb ON mb.doc = s.b
        WHERE NOT $copies_only
           OR s.shared / ma.mass >= CASE s.relation WHEN 'previous' THEN $previous ELSE $same_year END
           OR (s.relation = 'same_year' AND s.shared / mb.mass >= $same_year)
        ORDER BY 1, 2, 3
        """,
        {
            "copies_only": copies_only,
            "previous": similarity.THRESHOLD_PREVIOUS,
            "same_year": similarity.THRESHOLD_SAME_YEAR,
        },
    ).fetchall()
    for table in ("_docs", "_weights", "_mass", "_prev_pairs", "_year_pairs", "_pair_hashes"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
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
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _r11_old AS
        SELECT report_id, other_id FROM r11_pairs
        WHERE (relation = 'same_year' AND (report_id IN (SELECT report_id FROM _judged) OR other_id IN (SELECT report_id FROM _judged)))
           OR (relation = 'previous' AND (report_id IN (SELECT report_id FROM _judged)))
        """
    )
    con.execute(
        """
        DELETE FROM r11_pairs
        WHERE (relation = 'same_year' AND (report_id IN (SELECT report_id FROM _judged) OR other_id IN (SELECT report_id FROM _judged)))
           OR (relation = 'previous' AND report_id IN (SELECT report_id FROM _judged))
        """
    )
    _insert(
        con,
        "r11_pairs",
        {
            "report_id": [a for a, _, _ in new_pairs],
            "other_id": [b for _, b, _ in new_pairs],
            "relation": [r for _, _, r in new_pairs],
            "score": list(new_pairs.values()),
        },
    )
    con.execute(
        """
        INSERT INTO _judged
        SELECT report_id FROM _r11_old UNION SELECT other_id FROM _r11_old
        UNION SELECT report_id FROM r11_pairs WHERE other_id IN (SELECT report_id FROM _new)
        EXCEPT SELECT report_id FROM _judged
        """
    )
    rows = con.execute(
        """
        SELECT p.report_id, p.other_id, p.relation, p.score, o.agency, o.year, o.city, o.district
        FROM r11_pairs p
        JOIN stg_reports r ON r.report_id = p.report_id
        JOIN stg_reports o ON o.report_id = p.other_id
        WHERE p.report_id IN (SELECT report_id FROM _judged)
        ORDER BY p.report_id, p.relation, p.score DESC, o.agency
        """
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS _r11_old")
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
