-- name: findings_list
-- title: 核查发现清单
-- definition: Every consistency finding (核查发现, rules R1–R11) about the current reports of the
--   selection, with its report's agency, place and year: the rule and its Chinese name, the severity
--   (error 错误, warning 警示, info 提示, unchecked 无法核对), the message shown to users and the cells
--   involved ("table.row.column"; "prose.<fact>" for a figure stated in the prose;
--   "<report_id>:…" for a cell or the prose of another report, in R7, R8 and R11). At most the
--   first 10,000 in this order: a national selection holds hundreds of thousands, more than anyone
--   reads on a page; findings_by_rule and findings_by_district_year count them all.
-- grain: one row per finding
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
--   $rule       rule id, "R1" … "R11"; NULL = every rule
-- sources: filtered_reports → stg_report_figures; stg_findings; rule_catalog, severity_catalog
WITH rule_names AS (SELECT rule, rule_name, rule_order FROM rule_catalog),
severities AS (SELECT severity, severity_label, severity_order FROM severity_catalog)
SELECT
    r.report_id,
    r.agency,
    r.agency_kind_label,
    r.province,
    r.city,
    r.district,
    r.year,
    f.rule,
    n.rule_name,
    f.severity,
    s.severity_label,
    f.message,
    f.cells
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) r
JOIN stg_findings f USING (report_id)
LEFT JOIN rule_names n USING (rule)
LEFT JOIN severities s USING (severity)
WHERE ($rule IS NULL OR f.rule = $rule)
ORDER BY n.rule_order NULLS LAST, f.rule, s.severity_order, r.province NULLS LAST, r.city NULLS LAST,
         r.district NULLS LAST, r.agency, r.year, f.message
LIMIT 10000;
