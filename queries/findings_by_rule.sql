-- name: findings_by_rule
-- title: 各核查规则的发现
-- definition: Findings of the consistency rules R1–R11 (核查发现) about the current reports of the
--   selection, per rule and severity: error (错误, arithmetic that does not add up), warning (警示,
--   soft rules), info (提示) and unchecked (无法核对: a blank, a mark or an unread cell stopped the
--   rule). findings_count counts findings, reports_count the reports with at least one, and
--   reports_pct that as a share of all reports selected. rule_name is the rule's Chinese name.
-- grain: one row per rule and severity that has findings
-- include: filters
-- sources: filtered_reports → report_figures; filtered_findings → finding_facts; rule_catalog,
--   severity_catalog
WITH rule_names AS (SELECT rule, rule_name, rule_order FROM rule_catalog),
severities AS (SELECT severity, severity_label, severity_order FROM severity_catalog),
selected AS (
    SELECT count(*) AS reports_count
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
)
SELECT
    f.rule,
    n.rule_name,
    f.severity,
    s.severity_label,
    count(*)                                                                   AS findings_count,
    count(DISTINCT f.report_id)                                                AS reports_count,
    round(100.0 * count(DISTINCT f.report_id) / any_value(c.reports_count), 1) AS reports_pct
FROM filtered_findings($province, $city, $district, $year_from, $year_to, $kind) AS f
CROSS JOIN selected AS c
LEFT JOIN rule_names AS n USING (rule)
LEFT JOIN severities AS s USING (severity)
GROUP BY f.rule, n.rule_name, n.rule_order, f.severity, s.severity_label, s.severity_order
ORDER BY n.rule_order NULLS LAST, f.rule, s.severity_order;
