-- name: agency_list
-- title: 机构列表
-- definition: Every agency (机构, identified by its name and region code) with a current report in
--   the selection, for choosing one to profile, with its number of reports and the years covered.
-- grain: one row per agency; rows_count, the same on every row, counts the whole list
-- include: filters, page_rows
-- params:
--   $search     text the agency name must contain; NULL = every agency
--   $agency_key  one agency only (agency_key); NULL = every agency
-- sources: filtered_reports → report_figures
WITH selected AS NOT MATERIALIZED (
    SELECT agency_id, agency_key, agency, agency_kind, agency_kind_label, province, city, district, year
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE agency_key IS NOT NULL
      AND ($agency_key IS NULL OR agency_key = $agency_key)
      -- an agency found by any of its names, as the latest report names it or earlier
      AND ($search IS NULL OR agency_id IN (
            SELECT agency_id
            FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
            WHERE contains(agency, $search)))
),
-- years per agency over integers first (agency_id: one per agency_key); the names and place come
-- from each agency's latest report in the selection
years AS (
    SELECT agency_id, count(*) AS reports_count, min(year) AS first_year, max(year) AS last_year
    FROM selected
    GROUP BY agency_id
),
agencies AS (
    SELECT
        r.agency_key,
        r.agency,
        r.agency_kind,
        r.agency_kind_label,
        r.province,
        r.city,
        r.district,
        y.reports_count,
        y.first_year,
        y.last_year
    FROM years AS y
    JOIN selected AS r ON r.agency_id = y.agency_id AND r.year IS NOT DISTINCT FROM y.last_year
)
SELECT *, (SELECT count(*) FROM agencies) AS rows_count
FROM agencies
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS FIRST, agency
LIMIT page_rows($all_rows);
