-- name: findings_summary
-- title: 核查发现概况
-- definition: How the current reports of the selection fare under the consistency rules (核查发现,
--   R1–R11), in one row: reports_count reports selected; reports_with_errors_count of them have at
--   least one error (错误: arithmetic that does not add up), reports_with_errors_pct as a share of
--   reports_count (NULL when none is selected); copied_reports_count have an R11 finding (内容雷同:
--   text copied from another report); findings_count counts every finding of every severity.
-- grain: one row
-- include: filters
-- sources: filtered_reports → report_figures; filtered_findings → finding_facts
WITH selected AS (
    SELECT count(*) AS reports_count
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
),
found AS (
    SELECT
        count(DISTINCT report_id) FILTER (WHERE severity = 'error') AS reports_with_errors_count,
        count(DISTINCT report_id) FILTER (WHERE rule = 'R11')       AS copied_reports_count,
        count(*)                                                    AS findings_count
    FROM filtered_findings($province, $city, $district, $year_from, $year_to, $kind)
)
SELECT
    s.reports_count,
    f.reports_with_errors_count,
    round(100.0 * f.reports_with_errors_count / nullif(s.reports_count, 0), 1) AS reports_with_errors_pct,
    f.copied_reports_count,
    f.findings_count
FROM selected AS s
CROSS JOIN found AS f;
