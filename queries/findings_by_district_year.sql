-- name: findings_by_district_year
-- title: 各地区历年核查发现
-- definition: Consistency findings (核查发现, rules R1–R11) per district and year, over the current
--   reports of the selection: how many reports, how many findings of each severity (errors_count 错误,
--   warnings_count 警示, info_count 提示, unchecked_count 无法核对), and how many reports have at least
--   one error (reports_with_errors_count, and as a share of the reports: reports_with_errors_pct).
--   A report with no findings counts among the reports; district is NULL for reports of city- or
--   province-level agencies and for reports whose place was not recognised.
-- grain: one row per province, city, district and year
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures; stg_findings
WITH per_report AS (
    -- the findings counted per report first: few reports have any, and grouping them alone is cheap
    SELECT
        report_id,
        count(*) FILTER (WHERE severity = 'error')     AS errors_count,
        count(*) FILTER (WHERE severity = 'warning')   AS warnings_count,
        count(*) FILTER (WHERE severity = 'info')      AS info_count,
        count(*) FILTER (WHERE severity = 'unchecked') AS unchecked_count
    FROM stg_findings
    GROUP BY report_id
)
SELECT
    r.province,
    r.city,
    r.district,
    r.year,
    count(*)                                                              AS reports_count,
    coalesce(sum(f.errors_count), 0)::BIGINT                              AS errors_count,
    coalesce(sum(f.warnings_count), 0)::BIGINT                            AS warnings_count,
    coalesce(sum(f.info_count), 0)::BIGINT                                AS info_count,
    coalesce(sum(f.unchecked_count), 0)::BIGINT                           AS unchecked_count,
    count(*) FILTER (WHERE f.errors_count > 0)                            AS reports_with_errors_count,
    round(100.0 * count(*) FILTER (WHERE f.errors_count > 0) / count(*), 1) AS reports_with_errors_pct
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) AS r
LEFT JOIN per_report AS f USING (report_id)
GROUP BY r.province, r.city, r.district, r.year
ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.district NULLS LAST, r.year;
