-- name: agency_list
-- title: 机构列表
-- definition: Every agency (机构, identified by its name and region code) with a current report in
--   the selection, for choosing one to profile, with its number of reports and the years covered.
-- grain: one row per agency
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures
SELECT
    agency_key,
    arg_max(agency, year)            AS agency,
    arg_max(agency_kind, year)       AS agency_kind,
    arg_max(agency_kind_label, year) AS agency_kind_label,
    arg_max(province, year)          AS province,
    arg_max(city, year)              AS city,
    arg_max(district, year)          AS district,
    count(*)                         AS reports_count,
    min(year)                        AS first_year,
    max(year)                        AS last_year
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
WHERE agency_key IS NOT NULL
GROUP BY agency_key
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS FIRST, agency;
