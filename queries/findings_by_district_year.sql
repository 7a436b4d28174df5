-- name: findings_by_district_year
-- title: 各地区历年核查发现
-- definition: Consistency findings (核查发现, rules R1–R11) per district and year, over the current
--   reports of the selection: how many reports, how many findings of each severity (errors_count 错误,
--   warnings_count 警示, info_count 提示, unchecked_count 无法核对), and how many reports have at least
--   one error (reports_with_errors_count, and as a share of the reports: reports_with_errors_pct).
--   A report with no findings counts among the reports; district is NULL for reports of city- or
--   province-level agencies and for reports whose place was not recognised.
-- grain: one row per province, city, district and year
-- include: filters
-- sources: filtered_reports → report_figures; filtered_findings → finding_facts
WITH reports AS (
    SELECT province, city, district, year, count(*) AS reports_count
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    GROUP BY province, city, district, year
),
found AS (
    SELECT
        province,
        city,
        district,
        year,
        count(*) FILTER (WHERE severity = 'error')                  AS errors_count,
        count(*) FILTER (WHERE severity = 'warning')                AS warnings_count,
        count(*) FILTER (WHERE severity = 'info')                   AS info_count,
        count(*) FILTER (WHERE severity = 'unchecked')              AS unchecked_count,
        count(DISTINCT report_id) FILTER (WHERE severity = 'error') AS reports_with_errors_count
    FROM filtered_findings($province, $city, $district, $year_from, $year_to, $kind)
    GROUP BY province, city, district, year
)
SELECT
    r.province,
    r.city,
    r.district,
    r.year,
    r.reports_count,
    coalesce(f.errors_count, 0)                                                      AS errors_count,
    coalesce(f.warnings_count, 0)                                                    AS warnings_count,
    coalesce(f.info_count, 0)                                                        AS info_count,
    coalesce(f.unchecked_count, 0)                                                   AS unchecked_count,
    coalesce(f.reports_with_errors_count, 0)                                         AS reports_with_errors_count,
    round(100.0 * coalesce(f.reports_with_errors_count, 0) / r.reports_count, 1)   AS reports_with_errors_pct
FROM reports AS r
LEFT JOIN found AS f
    ON  r.province IS NOT DISTINCT FROM f.province
    AND r.city IS NOT DISTINCT FROM f.city
    AND r.district IS NOT DISTINCT FROM f.district
    AND r.year IS NOT DISTINCT FROM f.year
ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.district NULLS LAST, r.year;
