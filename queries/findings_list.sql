-- name: findings_list
-- title: 核查发现清单
-- definition: Every consistency finding (核查发现, rules R1–R11) about the current reports of the
--   selection, with its report's agency, place and year: the rule and its Chinese name, the severity
--   (error 错误, warning 警示, info 提示, unchecked 无法核对), the message shown to users and the cells
--   involved ("table.row.column"; "prose.<fact>" for a figure stated in the prose;
--   "<report_id>:…" for a cell or the prose of another report, in R7, R8 and R11).
-- grain: one row per finding; rows_count, the same on every row, counts the whole list
-- include: filters, page_rows
-- params:
--   $rule       rule id, "R1" … "R11"; NULL = every rule
-- sources: filtered_findings → finding_facts; rule_catalog, severity_catalog
WITH rule_names AS (SELECT rule, rule_name, rule_order FROM rule_catalog),
severities AS (SELECT severity, severity_label, severity_order FROM severity_catalog)
SELECT
    f.report_id,
    f.agency,
    f.agency_kind_label,
    f.province,
    f.city,
    f.district,
    f.year,
    f.rule,
    n.rule_name,
    f.severity,
    s.severity_label,
    f.message,
    f.cells,
    count(*) OVER () AS rows_count
FROM filtered_findings($province, $city, $district, $year_from, $year_to, $kind) AS f
LEFT JOIN rule_names AS n USING (rule)
LEFT JOIN severities AS s USING (severity)
WHERE ($rule IS NULL OR f.rule = $rule)
ORDER BY n.rule_order NULLS LAST, f.rule, s.severity_order, f.province NULLS LAST, f.city NULLS LAST,
         f.district NULLS LAST, f.agency, f.year, f.message
LIMIT page_rows($all_rows);
