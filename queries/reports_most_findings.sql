-- name: reports_most_findings
-- title: 核查发现最多的报告
-- definition: The current reports of the selection with the most consistency findings (核查发现,
--   rules R1–R11): the 100 with the most errors (错误), then warnings (警示), then findings of any
--   severity. Each row counts the report's findings by severity (info 提示, unchecked 无法核对
--   included in findings_count), lists the rules it breaks (rules, "R1 R9") and opens the report by
--   report_id.
-- grain: one row per report (the current version), at most 100 rows
-- include: filters
-- sources: filtered_findings → finding_facts
WITH most AS (
    SELECT
        report_id, agency, agency_kind_label, province, city, district, year,
        count(*) FILTER (WHERE severity = 'error')     AS errors_count,
        count(*) FILTER (WHERE severity = 'warning')   AS warnings_count,
        count(*) FILTER (WHERE severity = 'info')      AS info_count,
        count(*) FILTER (WHERE severity = 'unchecked') AS unchecked_count,
        count(*)                                       AS findings_count
    FROM filtered_findings($province, $city, $district, $year_from, $year_to, $kind)
    GROUP BY report_id, agency, agency_kind_label, province, city, district, year
    ORDER BY errors_count DESC, warnings_count DESC, findings_count DESC, agency, year, report_id
    LIMIT 100
),
-- the rules of the 100 reports listed only
rules AS (
    SELECT
        report_id,
        array_to_string(
            list_transform(list_sort(list(DISTINCT TRY_CAST(substr(rule, 2) AS INTEGER))), lambda n: 'R' || n), ' '
        ) AS rules
    FROM finding_facts
    WHERE report_id IN (SELECT report_id FROM most)
    GROUP BY report_id
)
SELECT most.*, rules.rules
FROM most
JOIN rules USING (report_id)
ORDER BY errors_count DESC, warnings_count DESC, findings_count DESC, agency, year, report_id;
