-- name: filter_options
-- definition: Rebuild report_filter_options (marts/report_facts.sql) from report_facts, sorted, and
--   drop report_superseded, read by no query since finding_facts.
CREATE OR REPLACE TABLE report_filter_options AS
SELECT DISTINCT province, city, district, year
FROM report_facts
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST, year;
DROP TABLE IF EXISTS report_superseded;

-- name: reports_count
-- definition: How many report versions the database holds.
SELECT count(*) FROM reports;

-- name: rebuild_facts
-- definition: Rebuild report_facts whole from report_facts_source, sorted by place and year.
--   Two statements, not one: at a million reports, the windows of the source view and the sort of
--   its ~250 columns in one statement ran out of DuckDB's 1 GB (on one thread too); built first into
--   a temporary table, then sorted, each step spills and stays within it.
CREATE OR REPLACE TEMP TABLE report_facts_build AS SELECT * FROM report_facts_source;
CREATE OR REPLACE TABLE report_facts AS
SELECT * FROM report_facts_build
ORDER BY province, city, district, year, agency;

-- name: drop_facts_build
-- definition: Drop the temporary table of rebuild_facts (also when it failed).
DROP TABLE IF EXISTS report_facts_build;

-- name: refresh_keys
-- definition: The version keys (agencies) of the reports in the registered table _refresh_ids.
CREATE OR REPLACE TEMP TABLE refresh_keys AS
SELECT DISTINCT version_key FROM report_versions
WHERE report_id IN (SELECT report_id FROM _refresh_ids);

-- name: refresh_agencies
-- definition: Replace the report_facts rows of the agencies in refresh_keys, every year of them.
--   agency_id numbers the agency_keys of the rows computed here only: a known agency keeps its
--   number, a new one is numbered after the largest.
CREATE OR REPLACE TEMP VIEW refresh_versions AS
SELECT * FROM report_versions WHERE version_key IN (SELECT version_key FROM refresh_keys);
CREATE OR REPLACE TEMP TABLE refresh_rows AS SELECT * FROM report_facts_of('refresh_versions');
CREATE OR REPLACE TEMP TABLE refresh_agency_ids AS
WITH known AS (
    SELECT DISTINCT agency_key, agency_id FROM report_facts
    WHERE agency_key IN (SELECT agency_key FROM refresh_rows)
),
added AS (
    SELECT DISTINCT agency_key FROM refresh_rows
    WHERE agency_key IS NOT NULL AND agency_key NOT IN (SELECT agency_key FROM known)
)
SELECT agency_key, agency_id FROM known
UNION ALL
SELECT agency_key, (SELECT coalesce(max(agency_id), 0) FROM report_facts) + row_number() OVER (ORDER BY agency_key)
FROM added;
DELETE FROM report_facts WHERE version_key IN (SELECT version_key FROM refresh_keys);
INSERT INTO report_facts BY NAME
SELECT r.* REPLACE (i.agency_id AS agency_id)
FROM refresh_rows AS r
LEFT JOIN refresh_agency_ids AS i USING (agency_key);
DROP TABLE refresh_rows;
DROP TABLE refresh_agency_ids;
DROP TABLE refresh_keys;
DROP VIEW refresh_versions;

-- name: rebuild_finding_facts
-- definition: Rebuild finding_facts from finding_facts_source (marts/finding_facts.sql), sorted
--   like report_facts.
CREATE OR REPLACE TABLE finding_facts AS
SELECT * FROM finding_facts_source
ORDER BY province, city, district, year, agency;

-- name: stamp
-- definition: Stamp the database with the version of its derived tables (xxgk.db.derived_stamp).
-- params:
--   $stamp  the stamp
CREATE OR REPLACE TABLE xxgk_meta AS SELECT $stamp::VARCHAR AS derived_version;

-- name: derived_version
-- definition: The stamp the derived tables were built with.
SELECT derived_version FROM xxgk_meta;
