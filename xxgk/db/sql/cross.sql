-- The cross-report rules' SQL (xxgk.rules.cross: R7, R8, R11). The temporary tables are those of
-- one run: _new (the reports a load added), _keys, _later and _judged (cross.affected).

-- name: create_tables
-- definition: R11's own tables, and the macros R7 and R8 pick their pairs with (temporary: the
--   connection of one run).
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
-- R7 may say something: a figure missing, or 上年结转 ≠ last year's 结转下年度
CREATE OR REPLACE TEMP MACRO r7_differs(cur, prev) AS (cur IS NULL OR prev IS NULL OR cur <> prev);
-- R8 may say something: a figure missing, or 现行有效 ≠ last year's + 制发 − 废止
CREATE OR REPLACE TEMP MACRO r8_differs(in_force, before, issued, repealed) AS
    (in_force IS NULL OR issued IS NULL OR repealed IS NULL OR before IS NULL OR in_force <> before + issued - repealed);

-- name: affected
-- definition: Temp tables: _keys (agency-years the load touched), _later (the touched agency-years'
--   current reports, and each agency's next report after them: to judge against their predecessor),
--   _judged (those, the new reports themselves, and every version of a touched agency-year: a version
--   a newer one replaced keeps no cross findings, they are about current versions).
CREATE OR REPLACE TEMP TABLE _keys AS
SELECT DISTINCT agency_key, year FROM report_versions
WHERE report_id IN (SELECT report_id FROM _new) AND agency_key IS NOT NULL;
CREATE OR REPLACE TEMP TABLE _later AS
SELECT r.report_id, r.agency_key, r.year
FROM current_reports r JOIN _keys k USING (agency_key, year)
UNION
SELECT nxt.report_id, nxt.agency_key, nxt.year
FROM _keys k
JOIN LATERAL (
    SELECT report_id, agency_key, year FROM current_reports r
    WHERE r.agency_key = k.agency_key AND r.year > k.year
    ORDER BY r.year LIMIT 1
) nxt ON true;
CREATE OR REPLACE TEMP TABLE _judged AS
SELECT report_id FROM _later
UNION SELECT report_id FROM _new
UNION SELECT v.report_id FROM report_versions v JOIN _keys k USING (agency_key, year);

-- name: year_pairs
-- definition: R7 and R8: each report in _later whose agency has a current report of the year before,
--   with the figures the rules read (cur__… of this year, prev__… of the year before), for the
--   pairs the rules can say anything about (a figure missing, or not exactly as the rule expects);
--   the others (most of a million) hold every figure, equal, and never reach Python. The figure
--   columns are those of xxgk.rules.cross._R7_COLUMNS and _R8_ROWS, written out.
SELECT
    l.report_id, pr.report_id AS prev_id, cr.template, pr.template AS prev_template, pr.year AS prev_year,
    cr.applications__carried_over__natural_person AS cur__applications__carried_over__natural_person,
    cr.applications__carried_over__commercial AS cur__applications__carried_over__commercial,
    cr.applications__carried_over__research AS cur__applications__carried_over__research,
    cr.applications__carried_over__social_org AS cur__applications__carried_over__social_org,
    cr.applications__carried_over__legal_service AS cur__applications__carried_over__legal_service,
    cr.applications__carried_over__other_org AS cur__applications__carried_over__other_org,
    cr.applications__carried_over__total AS cur__applications__carried_over__total,
    pr.applications__carried_forward__natural_person AS prev__applications__carried_forward__natural_person,
    pr.applications__carried_forward__commercial AS prev__applications__carried_forward__commercial,
    pr.applications__carried_forward__research AS prev__applications__carried_forward__research,
    pr.applications__carried_forward__social_org AS prev__applications__carried_forward__social_org,
    pr.applications__carried_forward__legal_service AS prev__applications__carried_forward__legal_service,
    pr.applications__carried_forward__other_org AS prev__applications__carried_forward__other_org,
    pr.applications__carried_forward__total AS prev__applications__carried_forward__total,
    cr.active_disclosure__regulations__issued AS cur__active_disclosure__regulations__issued,
    cr.active_disclosure__regulations__repealed AS cur__active_disclosure__regulations__repealed,
    cr.active_disclosure__regulations__in_force AS cur__active_disclosure__regulations__in_force,
    pr.active_disclosure__regulations__in_force AS prev__active_disclosure__regulations__in_force,
    cr.active_disclosure__normative_documents__issued AS cur__active_disclosure__normative_documents__issued,
    cr.active_disclosure__normative_documents__repealed AS cur__active_disclosure__normative_documents__repealed,
    cr.active_disclosure__normative_documents__in_force AS cur__active_disclosure__normative_documents__in_force,
    pr.active_disclosure__normative_documents__in_force AS prev__active_disclosure__normative_documents__in_force
FROM _later l
JOIN report_figures cr ON cr.report_id = l.report_id
JOIN report_figures pr ON pr.agency_key = l.agency_key AND pr.year = l.year - 1
WHERE cr.template IN ('2019', '2021') AND pr.template IN ('2019', '2021') AND (
    r7_differs(cr.applications__carried_over__natural_person, pr.applications__carried_forward__natural_person)
    OR r7_differs(cr.applications__carried_over__commercial, pr.applications__carried_forward__commercial)
    OR r7_differs(cr.applications__carried_over__research, pr.applications__carried_forward__research)
    OR r7_differs(cr.applications__carried_over__social_org, pr.applications__carried_forward__social_org)
    OR r7_differs(cr.applications__carried_over__legal_service, pr.applications__carried_forward__legal_service)
    OR r7_differs(cr.applications__carried_over__other_org, pr.applications__carried_forward__other_org)
    OR r7_differs(cr.applications__carried_over__total, pr.applications__carried_forward__total)
    OR (cr.template = '2021' AND pr.template = '2021' AND (
        r8_differs(cr.active_disclosure__regulations__in_force, pr.active_disclosure__regulations__in_force,
                   cr.active_disclosure__regulations__issued, cr.active_disclosure__regulations__repealed)
        OR r8_differs(cr.active_disclosure__normative_documents__in_force, pr.active_disclosure__normative_documents__in_force,
                      cr.active_disclosure__normative_documents__issued, cr.active_disclosure__normative_documents__repealed)))
);

-- name: null_cells
-- definition: The cells of the applications and active_disclosure tables that are NULL but were
--   printed (blank or a mark), with the raw text, for the reports in _kind_ids: why a figure a rule
--   reads is NULL. Read from cell_sources for those reports only (report_cells would unnest every
--   report's lists before filtering).
SELECT s.report_id, c.table_name || '.' || c.row_code || '.' || c.column_code, s.raw
FROM (
    SELECT report_id, unnest(value) AS value, unnest(raw) AS raw, generate_subscripts(raw, 1) AS position
    FROM cell_sources WHERE report_id IN (SELECT report_id FROM _kind_ids)
) s
JOIN cell_catalog c USING (position)
WHERE s.value IS NULL AND s.raw IS NOT NULL AND c.table_name IN ('applications', 'active_disclosure');

-- name: forget_fingerprints
-- definition: Remove the stored fingerprints of the reports in _new (replaced by this run).
DELETE FROM r11_shingles WHERE doc IN (SELECT doc FROM r11_docs WHERE report_id IN (SELECT report_id FROM _new));
DELETE FROM r11_docs WHERE report_id IN (SELECT report_id FROM _new);

-- name: pending_exists
-- definition: Whether the table of fingerprints the parse workers computed (r11_pending) exists.
SELECT count(*) FROM information_schema.tables WHERE table_name = 'r11_pending';

-- name: move_pending
-- definition: Take the fingerprints the parse workers computed (r11_pending) for the reports in _new
--   into r11_docs and r11_shingles, and empty r11_pending.
INSERT INTO r11_docs
SELECT (SELECT coalesce(max(doc), 0) FROM r11_docs) + row_number() OVER (ORDER BY p.report_id),
       p.report_id, r.year, len(p.h)
FROM r11_pending p JOIN reports r USING (report_id)
WHERE p.report_id IN (SELECT report_id FROM _new);
INSERT INTO r11_shingles
SELECT d.doc, d.year, unnest(p.h)
FROM r11_pending p JOIN r11_docs d USING (report_id)
WHERE p.report_id IN (SELECT report_id FROM _new);
DELETE FROM r11_pending;

-- name: next_doc
-- definition: The next free fingerprint id.
SELECT coalesce(max(doc), 0) + 1 FROM r11_docs;

-- name: texts_to_fingerprint
-- definition: The text, year and template of each report in _new without a fingerprint.
SELECT n.report_id, r.year, r.template, t.text
FROM _new n JOIN reports r USING (report_id) JOIN report_texts t USING (report_id)
WHERE n.report_id NOT IN (SELECT report_id FROM r11_docs);

-- name: candidates
-- definition: Temp tables of R11's candidate pairs: _touched (the years in play), _docs (the
--   current reports of those years, and the earlier reports of the agencies judged), _weights (every
--   hash of the touched years: ln((N+1)/df) over the year's current reports), _mass (each
--   document's total weight), _prev_pairs (each judged report and its agency's previous report, the
--   latest earlier year) and _year_pairs (same-year candidates: another agency's report that holds
--   at least half of a new report's $candidates rarest shared hashes; df ≥ 2, since a hash only the
--   report itself has cannot point anywhere. A copy holds nearly all of them; a report sharing stock
--   phrases, few). Reports with fewer than $min_hashes sampled hashes are not judged.
-- params:
--   $min_hashes   fewest sampled hashes a report needs (similarity.MIN_SAMPLED)
--   $max_reports  a hash in more reports of a year than this leads nowhere (CANDIDATE_MAX_REPORTS)
--   $candidates   rarest hashes of a new report that pick its candidates (CANDIDATE_HASHES)
CREATE OR REPLACE TEMP TABLE _touched AS
SELECT DISTINCT year FROM _later WHERE year IS NOT NULL
UNION SELECT DISTINCT r.year FROM current_reports r JOIN _new USING (report_id) WHERE r.year IS NOT NULL;
CREATE OR REPLACE TEMP TABLE _docs AS
SELECT d.doc, d.report_id, d.year, d.hashes, r.agency_key, r.agency, r.district, r.city
FROM r11_docs d JOIN current_reports r USING (report_id)
WHERE r.agency_key IS NOT NULL AND (d.year IN (SELECT year FROM _touched)
      OR d.report_id IN (SELECT p.report_id FROM current_reports p JOIN _later l
                         ON p.agency_key = l.agency_key AND p.year < l.year));
CREATE OR REPLACE TEMP TABLE _weights AS
WITH current AS (SELECT doc, year FROM _docs WHERE year IN (SELECT year FROM _touched)),
     sizes AS (SELECT year, count(*) AS n FROM current GROUP BY year)
SELECT s.year, s.h, ln((sizes.n + 1.0) / count(*)) AS w, count(*) AS df
FROM r11_shingles s JOIN current USING (doc) JOIN sizes ON sizes.year = s.year
GROUP BY s.year, s.h, sizes.n;
CREATE OR REPLACE TEMP TABLE _mass AS
SELECT s.doc, sum(w.w) AS mass
FROM r11_shingles s JOIN _docs d USING (doc) JOIN _weights w ON w.year = s.year AND w.h = s.h
GROUP BY s.doc;
CREATE OR REPLACE TEMP TABLE _prev_pairs AS
SELECT a.doc AS a, b.doc AS b, 'previous' AS relation
FROM _later l
JOIN _docs a ON a.report_id = l.report_id
JOIN LATERAL (
    SELECT doc FROM _docs b WHERE b.agency_key = l.agency_key AND b.year < l.year
    ORDER BY b.year DESC LIMIT 1
) b ON true
WHERE a.hashes >= $min_hashes;
CREATE OR REPLACE TEMP TABLE _year_pairs AS
WITH new_docs AS (
    SELECT d.* FROM _docs d WHERE d.report_id IN (SELECT report_id FROM _new) AND d.hashes >= $min_hashes
),
ranked AS (
    SELECT s.doc, s.year, s.h, row_number() OVER (PARTITION BY s.doc ORDER BY w.df, s.h) AS rank
    FROM r11_shingles s JOIN new_docs USING (doc)
    JOIN _weights w ON w.year = s.year AND w.h = s.h
    WHERE w.df BETWEEN 2 AND $max_reports
),
rare AS (
    SELECT doc, year, h, count(*) OVER (PARTITION BY doc) AS chosen FROM ranked WHERE rank <= $candidates
),
hits AS (
    SELECT r.doc AS a, o.doc AS b, any_value(r.chosen) AS chosen, count(*) AS hits
    FROM rare r JOIN r11_shingles o ON o.year = r.year AND o.h = r.h AND o.doc <> r.doc
    GROUP BY r.doc, o.doc
)
SELECT h.a, h.b, 'same_year' AS relation
FROM hits h JOIN _docs da ON da.doc = h.a JOIN _docs db ON db.doc = h.b
WHERE 2 * h.hits >= h.chosen AND h.hits >= 2
  AND da.agency_key <> db.agency_key AND da.year = db.year AND db.hashes >= $min_hashes;

-- name: scores
-- definition: The scores of every candidate pair, both ways for same-year pairs: the weight of what
--   they share over each one's own. A's hashes are listed first (_pair_hashes) and then looked up in
--   B's (a join on (doc, hash)); left to itself the optimiser may join the two sides on the hash
--   alone, quadratic in boilerplate. Rows: report A, report B, relation, containment of A in B, of
--   B in A (NULL for previous).
-- params:
--   $copies_only  true: only the pairs where a score reaches its relation's threshold
--   $previous     threshold with the agency's previous report (similarity.THRESHOLD_PREVIOUS)
--   $same_year    threshold with another agency's report of the year (similarity.THRESHOLD_SAME_YEAR)
CREATE OR REPLACE TEMP TABLE _pair_hashes AS
WITH pairs AS (SELECT a, b, relation FROM _prev_pairs UNION SELECT a, b, relation FROM _year_pairs)
SELECT p.a, p.b, p.relation, s.year, s.h FROM pairs p JOIN r11_shingles s ON s.doc = p.a;
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
ORDER BY 1, 2, 3;

-- name: forget_pairs
-- definition: Remove the R11 pairs the judged reports were in, keeping them in _r11_old (their
--   other reports are judged again too).
CREATE OR REPLACE TEMP TABLE _r11_old AS
SELECT report_id, other_id FROM r11_pairs
WHERE (relation = 'same_year' AND (report_id IN (SELECT report_id FROM _judged) OR other_id IN (SELECT report_id FROM _judged)))
   OR (relation = 'previous' AND (report_id IN (SELECT report_id FROM _judged)));
DELETE FROM r11_pairs
WHERE (relation = 'same_year' AND (report_id IN (SELECT report_id FROM _judged) OR other_id IN (SELECT report_id FROM _judged)))
   OR (relation = 'previous' AND report_id IN (SELECT report_id FROM _judged));

-- name: widen_judged
-- definition: Add to _judged every report of an old pair and every report paired with a new one.
INSERT INTO _judged
SELECT report_id FROM _r11_old UNION SELECT other_id FROM _r11_old
UNION SELECT report_id FROM r11_pairs WHERE other_id IN (SELECT report_id FROM _new)
EXCEPT SELECT report_id FROM _judged;

-- name: judged_pairs
-- definition: The R11 pairs of the judged reports with the other report's agency, year and place,
--   the best first.
SELECT p.report_id, p.other_id, p.relation, p.score, o.agency, o.year, o.city, o.district
FROM r11_pairs p
JOIN current_reports r ON r.report_id = p.report_id
JOIN current_reports o ON o.report_id = p.other_id
WHERE p.report_id IN (SELECT report_id FROM _judged)
ORDER BY p.report_id, p.relation, p.score DESC, o.agency;
