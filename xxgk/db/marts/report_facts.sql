-- Mart: report_facts, one row per current report with every figure, and the views over it.

-- Staging names this file's views carried until 2026-12, though they compute: stg_report_facts_source, stg_reports, stg_report_figures.
-- A database written then loses them when the first load or `xxgk serve` runs this file.
DROP VIEW IF EXISTS stg_report_facts_source;
DROP VIEW IF EXISTS stg_reports;
DROP VIEW IF EXISTS stg_report_figures;

-- What report_facts holds, one row per current report: its report columns; agency_id, an integer
-- per agency_key, so that per-agency windows and joins compare integers, not long strings; every
-- table figure as a column (table__row__column); the adoption figures its prose states
-- (prose__info_submitted, prose__info_adopted, prose__adoption_rate_stated_pct; NULL = not stated)
-- with the sentence they were read from (prose__adoption_sentence: the rate's, else the adopted
-- figure's, else the submitted figure's; marts/prose_adoption.sql); and where the report stands among the same agency's
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
-- `versions`: every version (report_facts_source) or, for a refresh after a small load, every
-- version of some version_keys (an agency's rows depend on its other years, and on nothing else
-- but agency_id, which numbers all agency_keys: xxgk.db.refresh_facts keeps the known numbers).
CREATE OR REPLACE MACRO report_facts_of(versions) AS TABLE
WITH current_versions AS (
    SELECT * EXCLUDE (is_current) FROM query_table(versions) WHERE is_current
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
LEFT JOIN prose_adoption a USING (report_id);

CREATE OR REPLACE VIEW report_facts_source AS
SELECT * FROM report_facts_of('report_versions');

-- report_facts (a table, brought up to date at the end of every load by xxgk.db.refresh_facts:
-- rebuilt from report_facts_source and sorted by place and year, or after a small load, the
-- rows of the agencies it touched replaced). Computing "current" with a window over every
-- version, and pivoting the prose facts, on each query would cost every page at a million reports;
-- a load pays it once instead. Created empty here so that a new database has it.
CREATE TABLE IF NOT EXISTS report_facts AS
SELECT * FROM report_facts_source LIMIT 0;

-- The places and years of the current reports, once each: what the sidebar offers (the agency
-- kinds are a fixed list). Rebuilt with report_facts by xxgk.db.refresh_facts: a DISTINCT over every
-- report would cost each rerun of every page about 0.1 s at a million reports.
CREATE TABLE IF NOT EXISTS report_filter_options AS
SELECT DISTINCT province, city, district, year FROM report_facts;

-- The current version of each report (the report columns of report_facts).
CREATE OR REPLACE VIEW current_reports AS
SELECT COLUMNS(lambda c: NOT contains(c, '__')) FROM report_facts;

-- Current reports with every table figure as a column (NULL = blank, mark or not read).
CREATE OR REPLACE VIEW report_figures AS
SELECT * FROM report_facts;

