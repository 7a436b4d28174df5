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
    SELECT
        r.report_id,
        r.province,
        r.city,
        r.district,
        r.year,
        count(f.rule) FILTER (WHERE f.severity = 'error')     AS errors_count,
        count(f.rule) FILTER (WHERE f.severity = 'warning')   AS warnings_count,
        count(f.rule) FILTER (WHERE f.severity = 'info')      AS info_count,
        count(f.rule) FILTER (WHERE f.severity = 'unchecked') AS unchecked_count
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) r
    LEFT JOIN stg_findings f USING (report_id)
    GROUP BY r.report_id, r.province, r.city, r.district, r.year
)
SELECT
    province,
    city,
    district,
    year,
    count(*)                                                          AS reports_count,
    sum(errors_count)::BIGINT                                         AS errors_count,
    sum(warnings_count)::BIGINT                                       AS warnings_count,
    sum(info_count)::BIGINT                                           AS info_count,
    sum(unchecked_count)::BIGINT                                      AS unchecked_count,
    count(*) FILTER (WHERE errors_count > 0)                          AS reports_with_errors_count,
    round(100.0 * count(*) FILTER (WHERE errors_count > 0) / count(*), 1) AS reports_with_errors_pct
FROM per_report
GROUP BY province, city, district, year
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST, year;
