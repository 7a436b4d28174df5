-- name: report_parsing
-- title: 解析报告
-- definition: The parsing report of one report, per table: whether it was found, the lines it spans,
--   the layout read, cells read against cells expected, the cells missing ("row.column"), whether the
--   text stops inside it, and the parser's confidence (0–1).
-- grain: one row per table the parser looked for
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: reports.parsing (no staging view carries it)
WITH parsing AS (
    SELECT parsing FROM reports WHERE report_id = $report AND parsing IS NOT NULL
)
SELECT
    t.key                                                   AS table_name,
    (t.value ->> 'found')::BOOLEAN                          AS found,
    (t.value ->> 'first_line')::INTEGER                     AS first_line,
    (t.value ->> 'last_line')::INTEGER                      AS last_line,
    t.value ->> 'layout'                                    AS layout,
    (t.value ->> 'cells_read')::INTEGER                     AS cells_read,
    (t.value ->> 'cells_expected')::INTEGER                 AS cells_expected,
    from_json(t.value -> 'missing', '["VARCHAR"]')          AS missing,
    (t.value ->> 'truncated')::BOOLEAN                      AS truncated,
    (t.value ->> 'confidence')::DOUBLE                      AS confidence
FROM parsing, json_each(parsing.parsing) AS t
ORDER BY CASE t.key
    WHEN 'active_disclosure' THEN 1 WHEN 'applications' THEN 2 WHEN 'review_litigation' THEN 3 ELSE 4 END;
