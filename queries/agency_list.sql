-- name: agency_list
-- title: 机构列表
-- definition: Every agency (机构, identified by its name and region code) with a current report in
--   the selection, for choosing one to profile, with its number of reports and the years covered.
-- grain: one row per agency; rows_count, the same on every row, counts the whole list
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
--   $search     text the agency name must contain; NULL = every agency
--   $agency_key  one agency only (agency_key); NULL = every agency
--   $all_rows   true = every row (a download); NULL = the first 500 rows in the order below, as a page
--               shows them
-- sources: filtered_reports → stg_report_figures
WITH agencies AS (
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
      AND ($agency_key IS NULL OR agency_key = $agency_key)
      -- an agency found by any of its names, as the latest report names it or earlier
      AND ($search IS NULL OR agency_id IN (
            SELECT agency_id
            FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
            WHERE contains(agency, $search)))
    GROUP BY agency_key
)
SELECT *, (SELECT count(*) FROM agencies) AS rows_count
FROM agencies
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS FIRST, agency
LIMIT CASE WHEN $all_rows THEN NULL ELSE 500 END;
