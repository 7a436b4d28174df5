-- name: missing_reports
-- title: 缺报年度报告
-- definition: 缺报 (missing reports): an agency that published a report for year t−1 and none for
--   year t, for every t up to the latest year present in the whole database (a later year cannot be
--   missed yet). The year filter applies to the missing year t; place and kind to the agency's report
--   of year t−1, which is linked as the last report seen.
-- grain: one row per agency and missing year
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures; stg_reports
WITH seen AS (
    SELECT report_id, agency_key, agency, agency_kind_label, province, city, district, year
    FROM filtered_reports($province, $city, $district, NULL, NULL, $kind)
    WHERE agency_key IS NOT NULL AND year IS NOT NULL
),
latest AS (
    SELECT max(year) AS year FROM stg_reports
)
SELECT
    previous.report_id,
    previous.agency_key,
    previous.agency,
    previous.agency_kind_label,
    previous.province,
    previous.city,
    previous.district,
    previous.year + 1 AS missing_year,
    previous.year     AS previous_year
FROM seen AS previous
CROSS JOIN latest
LEFT JOIN seen AS following
       ON following.agency_key = previous.agency_key AND following.year = previous.year + 1
WHERE following.agency_key IS NULL
  AND previous.year + 1 <= latest.year
  AND ($year_from IS NULL OR previous.year + 1 >= $year_from)
  AND ($year_to IS NULL OR previous.year + 1 <= $year_to)
ORDER BY missing_year DESC, province, city, district, agency;
