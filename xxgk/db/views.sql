-- Staging views: rename and cast only. Metrics in queries/ read these, never the raw tables.

-- One row per report version, with the flags every page needs.
-- is_current: the newest version loaded for the same agency (agency_key) and year (a corrected
-- re-publication replaces the older one on screen; the older stays visible as a revision).
CREATE OR REPLACE VIEW stg_report_versions AS
SELECT
    r.report_id,
    r.path,
    r.format,
    r.title,
    coalesce(r.agency, '（未识别机构）')                     AS agency,
    coalesce(r.agency_key, r.agency || '|' || coalesce(r.region_code, '')) AS agency_key,
    r.year,
    r.template,
    r.province,
    r.city,
    r.district,
    r.region_code,
    coalesce(r.agency_kind, 'other')                      AS agency_kind,
    CASE coalesce(r.agency_kind, 'other')
        WHEN 'government' THEN '人民政府'
        WHEN 'department' THEN '政府部门'
        WHEN 'township'   THEN '乡镇'
        WHEN 'street'     THEN '街道'
        ELSE '其他'
    END                                                   AS agency_kind_label,
    r.synthetic,
    r.cells_expected,
    r.cells_read,
    r.cells_number,
    r.cells_zero,
    r.cells_blank,
    r.cells_mark,
    r.loaded_at,
    r.load_seq,
    row_number() OVER (
        PARTITION BY coalesce(r.agency_key, r.agency || '|' || coalesce(r.region_code, '')), r.year
        ORDER BY r.load_seq DESC
    ) = 1                                                 AS is_current,
    count(*) OVER (
        PARTITION BY coalesce(r.agency_key, r.agency || '|' || coalesce(r.region_code, '')), r.year
    ) - 1                                                 AS revisions_count
FROM reports r;

-- report_facts (a table, refreshed at the end of every load by xxgk.db.refresh_facts): the current
-- version of each report with every table figure as a column, sorted by place and year. Computing
-- "current" with a window over every version on each query would cost every page at a million
-- reports; a load pays it once instead. Created empty here so that a new database has it.
CREATE TABLE IF NOT EXISTS report_facts AS
SELECT v.* EXCLUDE (is_current), f.* EXCLUDE (report_id)
FROM stg_report_versions v
JOIN figures f USING (report_id)
WHERE v.is_current;

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

CREATE OR REPLACE VIEW stg_findings AS
SELECT report_id, rule, severity, message, cells FROM findings;

CREATE OR REPLACE VIEW stg_prose_facts AS
SELECT report_id, code, value, sentence, start FROM prose_facts;

-- The filter every page applies, written once: NULL means "all" for each argument.
-- Metrics select FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind).
CREATE OR REPLACE MACRO filtered_reports(p_province, p_city, p_district, p_year_from, p_year_to, p_kind) AS TABLE
SELECT *
FROM stg_report_figures
WHERE (p_province IS NULL OR province = p_province)
  AND (p_city IS NULL OR city = p_city)
  AND (p_district IS NULL OR district = p_district)
  AND (p_year_from IS NULL OR year >= p_year_from)
  AND (p_year_to IS NULL OR year <= p_year_to)
  AND (p_kind IS NULL OR agency_kind = p_kind);
