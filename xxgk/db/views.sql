-- Staging views: rename and cast only. Metrics in queries/ read these, never the raw tables.

-- One row per report version, with the flags every page needs.
-- The versions of a report are the reports of the same agency (agency_key) and year; a report
-- whose agency was not recognised (agency_key NULL) is a version of nothing but itself: version_key
-- is the agency_key, or else the report's own id. Which version is current (the others stay visible
-- as revisions), and current_basis, how that was decided, the same for every version of the group:
--   admin       the newest decision in version_choices about the group is make_current: that report
--               (choice_reason, chosen_by, chosen_at say why, who and when)
--   published   every version states a publication date (published_at): the latest, ties by load order
--   load_order  otherwise the last loaded (load_seq)
--   only        a single version
CREATE OR REPLACE VIEW stg_report_versions AS
-- (NOT MATERIALIZED: read twice, the CTEs would otherwise be materialised whole, every column of
-- every report, on each read of the view)
WITH resolved AS NOT MATERIALIZED (
    SELECT *, coalesce(agency_key, agency || '|' || coalesce(region_code, '')) AS resolved_key
    FROM reports
),
keyed AS NOT MATERIALIZED (
    SELECT *, coalesce(resolved_key, report_id) AS version_key FROM resolved
),
decisions AS (
    SELECT k.version_key, k.year, c.report_id, c.action, c.reason, c.chosen_by, c.chosen_at
    FROM version_choices AS c
    JOIN keyed AS k USING (report_id)
    QUALIFY row_number() OVER (PARTITION BY k.version_key, k.year ORDER BY c.chosen_at DESC) = 1
),
-- per group (a hash aggregate of a few columns): its counts and the winner under each rule
winners AS (
    SELECT
        version_key,
        year,
        count(*)                                                                 AS versions_count,
        count(published_at)                                                      AS dated_count,
        arg_max(report_id, load_seq)                                             AS last_loaded,
        -- latest publication date, then last loaded (load_seq stays far below 10^12)
        arg_max(report_id, date_diff('day', DATE '1970-01-01', published_at) * 1000000000000 + load_seq)
                                                                                 AS last_published
    FROM keyed
    GROUP BY version_key, year
),
groups AS (
    SELECT
        r.*,
        w.versions_count, w.dated_count, w.last_loaded, w.last_published,
        CASE WHEN d.action = 'make_current' THEN d.report_id END                 AS chosen_id,
        CASE WHEN d.action = 'make_current' THEN d.reason END                    AS choice_reason,
        CASE WHEN d.action = 'make_current' THEN d.chosen_by END                 AS chosen_by,
        CASE WHEN d.action = 'make_current' THEN d.chosen_at END                 AS chosen_at
    FROM keyed AS r
    JOIN winners AS w ON w.version_key = r.version_key AND w.year IS NOT DISTINCT FROM r.year
    LEFT JOIN decisions AS d ON d.version_key = r.version_key AND d.year IS NOT DISTINCT FROM r.year
)
SELECT
    r.report_id,
    r.version_key,
    r.path,
    r.format,
    r.title,
    coalesce(r.agency, '（未识别机构）')                     AS agency,
    r.resolved_key                                        AS agency_key,
    r.year,
    r.template,
    r.province,
    r.city,
    r.district,
    r.region_code,
    coalesce(r.agency_kind, 'other')                      AS agency_kind,
    (SELECT k.label FROM label_catalog AS k  -- the words from xxgk.vocabulary
     WHERE k.vocabulary = 'agency_kind' AND k.code = coalesce(r.agency_kind, 'other'))
                                                          AS agency_kind_label,
    r.synthetic,
    r.cells_expected,
    r.cells_read,
    r.cells_number,
    r.cells_zero,
    r.cells_blank,
    r.cells_mark,
    r.loaded_at,
    r.load_seq,
    r.published_at,
    CASE
        WHEN r.chosen_id IS NOT NULL THEN 'admin'
        WHEN r.versions_count = 1 THEN 'only'
        WHEN r.dated_count = r.versions_count THEN 'published'
        ELSE 'load_order'
    END                                                   AS current_basis,
    r.choice_reason,
    r.chosen_by,
    r.chosen_at,
    r.report_id = coalesce(r.chosen_id, CASE WHEN r.dated_count = r.versions_count THEN r.last_published END,
                           r.last_loaded)                 AS is_current,
    r.versions_count - 1                                  AS revisions_count
FROM groups AS r;

-- One row per figure stated in a report's prose, with the sentence it was read from.
CREATE OR REPLACE VIEW stg_prose_facts AS
SELECT report_id, code, value, sentence, start FROM prose_facts;

-- What report_facts holds, one row per current report: its report columns; agency_id, an integer
-- per agency_key, so that per-agency windows and joins compare integers, not long strings; every
-- table figure as a column (table__row__column); the adoption figures its prose states
-- (prose__info_submitted, prose__info_adopted, prose__adoption_rate_stated_pct; NULL = not stated)
-- with the sentence they were read from (prose__adoption_sentence: the rate's, else the adopted
-- figure's, else the submitted figure's); and where the report stands among the same agency's
-- reports of other years (derived__*):
--   derived__zero_run_first_year / _last_year  for a report whose 本年新收申请 总计 is an explicit 0:
--       the run of consecutive such years of the agency it belongs to; NULL otherwise
--   derived__zero_run_years  the length of that run in years
--   derived__zero_run_ends  the report is the last year of that run
--   derived__zero_run_uniform  every report of that run has the same province, city, district and
--       agency kind (so a place or kind filter keeps or drops the run whole)
--   derived__next_year_reported  the agency has a current report for year + 1
--   derived__next_year_uniform  ... and that report has the same province, city, district and kind
--
-- report_facts_of(versions) computes these rows from the report versions of the view named
-- `versions`: every version (stg_report_facts_source) or, for a refresh after a small load, every
-- version of some version_keys (an agency's rows depend on its other years, and on nothing else
-- but agency_id, which numbers all agency_keys: xxgk.db.refresh_facts keeps the known numbers).
CREATE OR REPLACE MACRO report_facts_of(versions) AS TABLE
WITH current_versions AS (
    SELECT * EXCLUDE (is_current) FROM query_table(versions) WHERE is_current
),
adoption AS (
    SELECT
        report_id,
        max(value) FILTER (WHERE code = 'info_submitted')           AS prose__info_submitted,
        max(value) FILTER (WHERE code = 'info_adopted')             AS prose__info_adopted,
        max(value) FILTER (WHERE code = 'adoption_rate_stated_pct') AS prose__adoption_rate_stated_pct,
        coalesce(
            max(sentence) FILTER (WHERE code = 'adoption_rate_stated_pct'),
            max(sentence) FILTER (WHERE code = 'info_adopted'),
            max(sentence) FILTER (WHERE code = 'info_submitted')
        )                                                           AS prose__adoption_sentence
    FROM stg_prose_facts
    WHERE code IN ('info_submitted', 'info_adopted', 'adoption_rate_stated_pct')
    GROUP BY report_id
),
-- the few columns the derived__* columns need, apart from the wide figures
narrow AS (
    SELECT
        v.report_id, v.agency_key, v.year,
        concat_ws('|', coalesce(v.province, '-'), coalesce(v.city, '-'), coalesce(v.district, '-'), v.agency_kind)
            AS place_kind,
        f.applications__new_received__total AS new_received,
        CASE WHEN v.agency_key IS NOT NULL THEN dense_rank() OVER (ORDER BY v.agency_key) END AS agency_id
    FROM current_versions v
    JOIN figures f USING (report_id)
),
zero_years AS (
    SELECT report_id, agency_key, year, place_kind,
           year - row_number() OVER (PARTITION BY agency_key ORDER BY year) AS run_key
    FROM narrow
    WHERE new_received = 0 AND agency_key IS NOT NULL AND year IS NOT NULL
),
zero_runs AS (
    SELECT
        report_id,
        min(year) OVER run AS first_year,
        max(year) OVER run AS last_year,
        min(place_kind) OVER run = max(place_kind) OVER run AS uniform
    FROM zero_years
    WINDOW run AS (PARTITION BY agency_key, run_key)
),
next_years AS (
    SELECT
        b.report_id,
        n.report_id IS NOT NULL                                    AS next_year_reported,
        n.report_id IS NOT NULL AND n.place_kind = b.place_kind    AS next_year_uniform
    FROM narrow b
    LEFT JOIN narrow n ON n.agency_key = b.agency_key AND n.year = b.year + 1
),
derived AS (
    SELECT
        n.report_id,
        n.agency_id,
        z.first_year          AS derived__zero_run_first_year,
        z.last_year           AS derived__zero_run_last_year,
        z.last_year - z.first_year + 1 AS derived__zero_run_years,
        z.last_year = n.year  AS derived__zero_run_ends,
        z.uniform             AS derived__zero_run_uniform,
        x.next_year_reported  AS derived__next_year_reported,
        x.next_year_uniform   AS derived__next_year_uniform
    FROM narrow n
    LEFT JOIN zero_runs z USING (report_id)
    LEFT JOIN next_years x USING (report_id)
)
SELECT
    v.*,
    d.agency_id,
    f.* EXCLUDE (report_id),
    a.* EXCLUDE (report_id),
    d.* EXCLUDE (report_id, agency_id)
FROM current_versions v
JOIN figures f USING (report_id)
JOIN derived d USING (report_id)
LEFT JOIN adoption a USING (report_id);

CREATE OR REPLACE VIEW stg_report_facts_source AS
SELECT * FROM report_facts_of('stg_report_versions');

-- report_facts (a table, brought up to date at the end of every load by xxgk.db.refresh_facts:
-- rebuilt from stg_report_facts_source and sorted by place and year, or after a small load, the
-- rows of the agencies it touched replaced). Computing "current" with a window over every
-- version, and pivoting the prose facts, on each query would cost every page at a million reports;
-- a load pays it once instead. Created empty here so that a new database has it.
CREATE TABLE IF NOT EXISTS report_facts AS
SELECT * FROM stg_report_facts_source LIMIT 0;

-- The places and years of the current reports, once each: what the sidebar offers (the agency
-- kinds are a fixed list). Rebuilt with report_facts by xxgk.db.refresh_facts: a DISTINCT over every
-- report would cost each rerun of every page about 0.1 s at a million reports.
CREATE TABLE IF NOT EXISTS report_filter_options AS
SELECT DISTINCT province, city, district, year FROM report_facts;

-- The current version of each report (the report columns of report_facts).
CREATE OR REPLACE VIEW stg_reports AS
SELECT COLUMNS(lambda c: NOT contains(c, '__')) FROM report_facts;

-- Current reports with every table figure as a column (NULL = blank, mark or not read).
CREATE OR REPLACE VIEW stg_report_figures AS
SELECT * FROM report_facts;

-- One row per cell read: value, kind (number | blank | mark), the raw text and its line.
CREATE OR REPLACE VIEW stg_cells AS
WITH unnested AS (
    SELECT
        report_id,
        unnest(value) AS value,
        unnest(raw) AS raw,
        unnest(line) AS line,
        generate_subscripts(raw, 1) AS position
    FROM cell_sources
)
SELECT
    u.report_id,
    c.table_name,
    c.row_code,
    c.column_code,
    u.value,
    CASE WHEN u.raw = '' THEN 'blank' WHEN u.value IS NULL THEN 'mark' ELSE 'number' END AS kind,
    u.raw,
    u.line
FROM unnested u
JOIN cell_catalog c USING (position)
WHERE u.raw IS NOT NULL
UNION ALL
SELECT report_id, table_name, row_code, column_code, value, kind, raw, line FROM extra_cells;

-- One row per finding, of any report version (finding_facts holds those of current reports).
CREATE OR REPLACE VIEW stg_findings AS
SELECT report_id, rule, severity, message, cells FROM findings;

-- The findings of the current reports, each with its report's agency, kind, place and year: what
-- the finding counts and lists filter on, so that no query joins the findings to a million report
-- ids. finding_facts is rebuilt from this by xxgk.db.refresh_findings at the very end of a load,
-- after the cross-report rules (which read report_facts) have written their findings.
CREATE OR REPLACE VIEW stg_finding_facts_source AS
SELECT
    r.report_id,
    r.agency,
    r.agency_kind,
    r.agency_kind_label,
    r.province,
    r.city,
    r.district,
    r.year,
    f.rule,
    f.severity,
    f.message,
    f.cells
FROM stg_findings AS f
JOIN report_facts AS r USING (report_id);

CREATE TABLE IF NOT EXISTS finding_facts AS
SELECT * FROM stg_finding_facts_source LIMIT 0;

-- The filter every page applies, written once: NULL means "all" for each argument.
-- Metrics select FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
-- (current reports) or filtered_findings(...) (their findings).
CREATE OR REPLACE MACRO in_selection(province, city, district, year, kind,
                                     p_province, p_city, p_district, p_year_from, p_year_to, p_kind) AS
    (p_province IS NULL OR province = p_province)
    AND (p_city IS NULL OR city = p_city)
    AND (p_district IS NULL OR district = p_district
         OR (p_district = '市本级' AND district IS NULL AND city IS NOT NULL))
    AND (p_year_from IS NULL OR year >= p_year_from)
    AND (p_year_to IS NULL OR year <= p_year_to)
    AND (p_kind IS NULL OR kind = p_kind);

CREATE OR REPLACE MACRO filtered_reports(p_province, p_city, p_district, p_year_from, p_year_to, p_kind) AS TABLE
SELECT *
FROM stg_report_figures
WHERE in_selection(province, city, district, year, agency_kind,
                   p_province, p_city, p_district, p_year_from, p_year_to, p_kind);

CREATE OR REPLACE MACRO filtered_findings(p_province, p_city, p_district, p_year_from, p_year_to, p_kind) AS TABLE
SELECT *
FROM finding_facts
WHERE in_selection(province, city, district, year, agency_kind,
                   p_province, p_city, p_district, p_year_from, p_year_to, p_kind);
