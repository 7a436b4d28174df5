-- name: no_applications_years
-- title: 连续多年无申请的机构
-- definition: Agencies that received no application for disclosure (本年新收政府信息公开申请数量,
--   总计 column, printed as an explicit 0) in N or more consecutive years. A blank or marked cell, a
--   year without a report, or a year outside the selection breaks the run; each run is one row.
-- grain: one row per agency and run of consecutive zero years
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
--   $min_years  shortest run listed, in years; NULL = 2
-- sources: filtered_reports → stg_report_figures
WITH zero_years AS (
    SELECT
        agency_key, agency, agency_kind_label, province, city, district, year, report_id,
        year - row_number() OVER (PARTITION BY agency_key ORDER BY year) AS run_key
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__new_received__total = 0
      AND agency_key IS NOT NULL
      AND year IS NOT NULL
)
SELECT
    arg_max(report_id, year)         AS report_id,
    agency_key,
    arg_max(agency, year)            AS agency,
    arg_max(agency_kind_label, year) AS agency_kind_label,
    arg_max(province, year)          AS province,
    arg_max(city, year)              AS city,
    arg_max(district, year)          AS district,
    min(year)                        AS first_year,
    max(year)                        AS last_year,
    count(*)                         AS years_count
FROM zero_years
GROUP BY agency_key, run_key
HAVING count(*) >= coalesce($min_years, 2)
ORDER BY years_count DESC, province, city, district, agency, first_year;
