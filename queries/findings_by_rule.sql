-- name: findings_by_rule
-- title: 各核查规则的发现
-- definition: Findings of the consistency rules R1–R11 (核查发现) about the current reports of the
--   selection, per rule and severity: error (错误, arithmetic that does not add up), warning (警示,
--   soft rules), info (提示) and unchecked (无法核对: a blank, a mark or an unread cell stopped the
--   rule). findings_count counts findings, reports_count the reports with at least one, and
--   reports_pct that as a share of all reports selected. rule_name is the rule's Chinese name.
-- grain: one row per rule and severity that has findings
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures; stg_findings; report_superseded; rule_catalog,
--   severity_catalog
WITH rule_names AS (SELECT rule, rule_name, rule_order FROM rule_catalog),
severities AS (SELECT severity, severity_label, severity_order FROM severity_catalog),
selected AS (
    SELECT report_id FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
),
-- each report's findings counted per rule and severity first: one row per report in the join below
per_report AS (
    SELECT report_id, rule, severity, count(*) AS findings_count
    FROM stg_findings
    GROUP BY report_id, rule, severity
),
-- The findings of the selected reports. With no filter at all the selection is every current
-- report, and its findings are all but those of superseded versions: no join with a million report
-- ids is needed. (The parameters are known when the query is planned, so only one branch runs.)
selected_findings AS (
    SELECT f.*
    FROM per_report f
    WHERE $province IS NULL AND $city IS NULL AND $district IS NULL
      AND $year_from IS NULL AND $year_to IS NULL AND $kind IS NULL
      AND f.report_id NOT IN (SELECT report_id FROM report_superseded)
    UNION ALL
    SELECT f.*
    FROM per_report f
    SEMI JOIN selected USING (report_id)
    WHERE NOT ($province IS NULL AND $city IS NULL AND $district IS NULL
               AND $year_from IS NULL AND $year_to IS NULL AND $kind IS NULL)
)
SELECT
    f.rule,
    n.rule_name,
    f.severity,
    s.severity_label,
    sum(f.findings_count)::BIGINT                                              AS findings_count,
    count(*)                                                                   AS reports_count,
    round(100.0 * count(*) / (SELECT count(*) FROM selected), 1)               AS reports_pct
FROM selected_findings f
LEFT JOIN rule_names n USING (rule)
LEFT JOIN severities s USING (severity)
GROUP BY f.rule, n.rule_name, n.rule_order, f.severity, s.severity_label, s.severity_order
ORDER BY n.rule_order NULLS LAST, f.rule, s.severity_order;
