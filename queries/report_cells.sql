-- name: report_cells
-- title: 报告表格单元格
-- definition: Every table cell read from one report: table, row and column codes, the value (NULL for
--   a blank cell or a mark), its kind (number | blank | mark), the raw text as printed, and the line
--   of the report text it was read from. A template cell not read is absent.
-- grain: one row per cell read
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: report_cells
SELECT table_name, row_code, column_code, value, kind, raw, line
FROM report_cells
WHERE report_id = $report
ORDER BY table_name, line NULLS LAST, row_code, column_code;
