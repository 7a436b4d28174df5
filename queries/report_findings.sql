-- name: report_findings
-- title: 报告的核查发现
-- definition: The consistency findings (rules R1–R11) about one report: rule, severity, message and
--   the cells involved ("table.row.column", or "prose.<fact>" for a figure from the prose).
-- grain: one row per finding
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: stg_findings
SELECT rule, severity, message, cells
FROM stg_findings
WHERE report_id = $report
ORDER BY CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 WHEN 'info' THEN 3 ELSE 4 END,
         length(rule), rule, message;
