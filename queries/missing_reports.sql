-- name: missing_reports
-- title: 缺报年度报告
-- definition: 缺报 (missing reports): an agency that published a report for year t−1 and none for
--   year t, for every t up to the latest year present in the whole database (a later year cannot be
--   missed yet). The year filter applies to the missing year t; place and kind to the agency's report
--   of year t−1, which is linked as the last report seen.
-- grain: one row per agency and missing year; rows_count, the same on every row, counts the whole list
--   (rows_count says how many there are in all)
-- include: filters, page_rows
-- sources: filtered_reports → report_figures (derived__next_year_*, computed at each load); current_reports
WITH latest AS (
    SELECT max(year) AS year FROM current_reports
),
previous AS MATERIALIZED (
    SELECT
        report_id, agency_id, agency_key, agency, agency_kind_label, province, city, district, year,
        derived__next_year_reported AS next_reported,
        derived__next_year_uniform  AS next_uniform
    FROM filtered_reports($province, $city, $district, NULL, NULL, $kind)
    WHERE agency_key IS NOT NULL AND year IS NOT NULL
      AND year + 1 <= (SELECT year FROM latest)
      AND ($year_from IS NULL OR year + 1 >= $year_from)
      AND ($year_to IS NULL OR year + 1 <= $year_to)
      -- a next-year report in the same place and of the same kind passes the filters whenever this
      -- one does: only the others need looking up
      AND NOT (coalesce(next_reported, false) AND coalesce(next_uniform, false))
),
following AS (
    SELECT agency_id, year
    FROM filtered_reports($province, $city, $district, NULL, NULL, $kind)
    WHERE agency_key IS NOT NULL AND year IS NOT NULL
),
missing AS MATERIALIZED (
    SELECT * FROM previous WHERE NOT coalesce(next_reported, false)
    UNION ALL
    -- the next year's report is in another place or of another kind: missing if the filters leave it out
    SELECT p.* FROM (SELECT * FROM previous WHERE next_reported) AS p
    ANTI JOIN following AS f ON f.agency_id = p.agency_id AND f.year = p.year + 1
)
SELECT
    report_id,
    agency_key,
    agency,
    agency_kind_label,
    province,
    city,
    district,
    year + 1 AS missing_year,
    year     AS previous_year,
    (SELECT count(*) FROM missing) AS rows_count
FROM missing
ORDER BY missing_year DESC, province, city, district, agency
LIMIT page_rows($all_rows);
