-- name: findings_all_versions
-- title: 全部版本的核查发现
-- definition: Every consistency finding (核查发现, rules R1–R11) about every loaded report version,
--   current or superseded (is_current), with its report's agency, place and year, the rule's Chinese
--   name and the severity's label; the columns of findings_list plus is_current and the file path.
--   What `xxgk findings --all-versions` prints; the dashboard shows findings_list (current versions).
-- grain: one row per finding of any report version
-- sources: stg_findings, report_versions; rule_catalog, severity_catalog
WITH rule_names AS (SELECT rule, rule_name, rule_order FROM rule_catalog),
severities AS (SELECT severity, severity_label, severity_order FROM severity_catalog)
SELECT
    f.report_id,
    v.agency,
    v.agency_kind_label,
    v.province,
    v.city,
    v.district,
    v.year,
    f.rule,
    n.rule_name,
    f.severity,
    s.severity_label,
    f.message,
    f.cells,
    v.is_current,
    v.path
FROM stg_findings AS f
JOIN report_versions AS v USING (report_id)
LEFT JOIN rule_names AS n USING (rule)
LEFT JOIN severities AS s USING (severity)
ORDER BY n.rule_order NULLS LAST, f.rule, s.severity_order, v.province NULLS LAST, v.city NULLS LAST,
         v.district NULLS LAST, v.agency, v.year, f.message;
