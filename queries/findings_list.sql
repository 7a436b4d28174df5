-- name: findings_list
-- title: 核查发现清单
-- definition: Every consistency finding (核查发现, rules R1–R11) about the current reports of the
--   selection, with its report's agency, place and year: the rule and its Chinese name, the severity
--   (error 错误, warning 警示, info 提示, unchecked 无法核对), the message shown to users and the cells
--   involved ("table.row.column"; "prose.<fact>" for a figure stated in the prose;
--   "<report_id>:…" for a cell or the prose of another report, in R7, R8 and R11).
-- grain: one row per finding (findings_by_rule counts them)
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
--   $rule       rule id, "R1" … "R11"; NULL = every rule
--   $all_rows   true = every row (a download); NULL = the first 500 rows in the order below, as a page
--               shows them
-- sources: filtered_reports → stg_report_figures; stg_findings; rule_catalog, severity_catalog
WITH rule_names AS (SELECT rule, rule_name, rule_order FROM rule_catalog),
severities AS (SELECT severity, severity_label, severity_order FROM severity_catalog),
listed AS (
    SELECT
        r.report_id,
        r.agency,
        r.agency_kind_label,
        r.province,
        r.city,
        r.district,
        r.year,
        f.finding_id,
        f.rule,
        n.rule_name,
        n.rule_order,
        f.severity,
        s.severity_label,
        s.severity_order,
        f.message
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) r
    JOIN stg_findings f USING (report_id)
    LEFT JOIN rule_names n USING (rule)
    LEFT JOIN severities s USING (severity)
    WHERE ($rule IS NULL OR f.rule = $rule)
    ORDER BY n.rule_order NULLS LAST, f.rule, s.severity_order, r.province NULLS LAST, r.city NULLS LAST,
             r.district NULLS LAST, r.agency, r.year, f.message
    LIMIT CASE WHEN $all_rows THEN NULL ELSE 500 END
)
-- the cells of the findings listed only (a list per finding, costly to carry through the sort)
SELECT l.* EXCLUDE (finding_id, rule_order, severity_order), c.cells
FROM listed AS l
JOIN stg_findings AS c USING (finding_id)
ORDER BY l.rule_order NULLS LAST, l.rule, l.severity_order, l.province NULLS LAST, l.city NULLS LAST,
         l.district NULLS LAST, l.agency, l.year, l.message;
