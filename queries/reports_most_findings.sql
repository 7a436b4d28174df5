-- name: reports_most_findings
-- title: 核查发现最多的报告
-- definition: The current reports of the selection with the most consistency findings (核查发现,
--   rules R1–R11): the 100 with the most errors (错误), then warnings (警示), then findings of any
--   severity. Each row counts the report's findings by severity (info 提示, unchecked 无法核对
--   included in findings_count), lists the rules it breaks (rules, "R1 R9") and opens the report by
--   report_id.
-- grain: one row per report (the current version), at most 100 rows
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures; stg_findings; report_superseded
WITH per_report AS (
    -- each report's findings counted first: few reports have any, and grouping them alone is cheap
    SELECT
        report_id,
        count(*) FILTER (WHERE severity = 'error')     AS errors_count,
        count(*) FILTER (WHERE severity = 'warning')   AS warnings_count,
        count(*) FILTER (WHERE severity = 'info')      AS info_count,
        count(*) FILTER (WHERE severity = 'unchecked') AS unchecked_count,
        count(*)                                       AS findings_count
    FROM stg_findings
    GROUP BY report_id
),
-- With no filter at all, only the current reports tied with or above the 100th by their counts can
-- be listed, and the join with the reports' names is made for those alone; with a filter, every
-- report with findings is a candidate. (The parameters are known when the query is planned, so only
-- one branch runs.)
current_counts AS (
    SELECT *
    FROM per_report
    WHERE $province IS NULL AND $city IS NULL AND $district IS NULL
      AND $year_from IS NULL AND $year_to IS NULL AND $kind IS NULL
      AND report_id NOT IN (SELECT report_id FROM report_superseded)
),
hundredth AS (
    SELECT (errors_count, warnings_count, findings_count) AS counts
    FROM current_counts
    ORDER BY errors_count DESC, warnings_count DESC, findings_count DESC
    LIMIT 1 OFFSET 99
),
candidates AS (
    SELECT c.*
    FROM current_counts AS c
    LEFT JOIN hundredth AS h ON true
    WHERE h.counts IS NULL OR (c.errors_count, c.warnings_count, c.findings_count) >= h.counts
    UNION ALL
    SELECT *
    FROM per_report
    WHERE NOT ($province IS NULL AND $city IS NULL AND $district IS NULL
               AND $year_from IS NULL AND $year_to IS NULL AND $kind IS NULL)
),
most AS (
    SELECT
        r.report_id, r.agency, r.agency_kind_label, r.province, r.city, r.district, r.year,
        f.errors_count, f.warnings_count, f.info_count, f.unchecked_count, f.findings_count
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) r
    JOIN candidates f USING (report_id)
    ORDER BY f.errors_count DESC, f.warnings_count DESC, f.findings_count DESC, r.agency, r.year, r.report_id
    LIMIT 100
),
-- the rules of the 100 reports listed only
rules AS (
    SELECT
        report_id,
        array_to_string(
            list_transform(list_sort(list(DISTINCT TRY_CAST(substr(rule, 2) AS INTEGER))), lambda n: 'R' || n), ' '
        ) AS rules
    FROM stg_findings
    WHERE report_id IN (SELECT report_id FROM most)
    GROUP BY report_id
)
SELECT most.*, rules.rules
FROM most
JOIN rules USING (report_id)
ORDER BY errors_count DESC, warnings_count DESC, findings_count DESC, agency, year, report_id;
