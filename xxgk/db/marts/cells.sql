-- Mart: the stored cell lists (cell_sources), unnested and named by the database's cell_catalog,
-- with the cells of tables kept apart (extra_cells). A view: read for one report at a time.

-- Staging names this file's views carried until 2026-12, though they compute: stg_cells.
-- A database written then loses them when the first load or `xxgk serve` runs this file.
DROP VIEW IF EXISTS stg_cells;

-- One row per cell read: value, kind (number | blank | mark), the raw text and its line.
CREATE OR REPLACE VIEW report_cells AS
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

