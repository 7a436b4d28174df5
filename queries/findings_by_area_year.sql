-- name: findings_by_area_year
-- title: 各地区历年有错误的报告
-- definition: The current reports of the selection per place one level below it and year: provinces
--   when no province is chosen, then cities, then districts (area_level 'province', 'city' or
--   'district'; area is that place's name, NULL for the reports of the level above's own agencies —
--   a province's, a city's — or of an unrecognised place). reports_count reports, of which
--   reports_with_errors_count have at least one error finding (错误, rules R1–R11), and that as a
--   share (reports_with_errors_pct). Reports without a year are left out. One row per place and
--   year: nationally a few dozen places, where a district grain would give thousands.
-- grain: one row per place one level below the selection and year
-- include: filters
-- sources: filtered_reports → report_figures; filtered_findings → finding_facts
WITH placed AS (
    SELECT
        report_id,
        year,
        CASE WHEN $province IS NULL THEN 'province' WHEN $city IS NULL THEN 'city' ELSE 'district' END AS area_level,
        CASE WHEN $province IS NULL THEN province WHEN $city IS NULL THEN city ELSE district END        AS area
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE year IS NOT NULL
),
with_errors AS (
    SELECT DISTINCT report_id
    FROM filtered_findings($province, $city, $district, $year_from, $year_to, $kind)
    WHERE severity = 'error'
)
SELECT
    p.area_level,
    p.area,
    p.year,
    count(*)                                             AS reports_count,
    count(e.report_id)                                   AS reports_with_errors_count,
    round(100.0 * count(e.report_id) / count(*), 1)      AS reports_with_errors_pct
FROM placed AS p
LEFT JOIN with_errors AS e USING (report_id)
GROUP BY p.area_level, p.area, p.year
ORDER BY p.area NULLS LAST, p.year;
