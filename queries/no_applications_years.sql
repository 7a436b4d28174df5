-- name: no_applications_years
-- title: 连续多年无申请的机构
-- definition: Agencies that received no application for disclosure (本年新收政府信息公开申请数量,
--   总计 column, printed as an explicit 0) in N or more consecutive years. A blank or marked cell, a
--   year without a report, or a year outside the selection breaks the run; each run is one row.
-- grain: one row per agency and run of consecutive zero years; rows_count (runs) and agencies_count
--   (distinct agencies), the same on every row, count the whole list
--   (rows_count and agencies_count count the whole list)
-- include: filters, page_rows
-- params:
--   $min_years  shortest run listed, in years; NULL = 2
-- sources: filtered_reports → report_figures (derived__zero_run_*: the runs of the whole database,
--   computed at each load)
WITH
-- A run whose reports share one place and kind (nearly all) is kept or dropped whole by the place
-- and kind filters and only clipped by the year filter: its last report within the selection stands
-- for it, with the run's years as the load computed them.
whole_runs AS (
    SELECT
        report_id, agency_id, agency_key, agency, agency_kind_label, province, city, district,
        greatest(derived__zero_run_first_year, coalesce($year_from, derived__zero_run_first_year)) AS first_year,
        year                                                                                      AS last_year
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__new_received__total = 0
      AND agency_key IS NOT NULL
      AND derived__zero_run_uniform
      AND derived__zero_run_ends
      -- a run cut by the year filter is no longer than the whole run: shorter runs cannot qualify
      AND derived__zero_run_years >= coalesce($min_years, 2)
    UNION ALL
    -- a run the year filter cuts short ends at $year_to
    SELECT
        report_id, agency_id, agency_key, agency, agency_kind_label, province, city, district,
        greatest(derived__zero_run_first_year, coalesce($year_from, derived__zero_run_first_year)),
        year
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__new_received__total = 0
      AND agency_key IS NOT NULL
      AND derived__zero_run_uniform
      AND year = $year_to
      AND derived__zero_run_last_year > $year_to
      AND derived__zero_run_years >= coalesce($min_years, 2)
),
-- A run across a change of place or kind: the filters may keep part of it, so it is found again
-- among the selected years of such runs only.
split_years AS (
    SELECT
        report_id, agency_id, agency_key, agency, agency_kind_label, province, city, district, year,
        year - row_number() OVER (PARTITION BY agency_id ORDER BY year) AS run_key
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__new_received__total = 0
      AND agency_key IS NOT NULL
      AND year IS NOT NULL
      AND NOT derived__zero_run_uniform
),
split_runs AS (
    SELECT
        arg_max(report_id, year)         AS report_id,
        agency_id,
        agency_key,
        arg_max(agency, year)            AS agency,
        arg_max(agency_kind_label, year) AS agency_kind_label,
        arg_max(province, year)          AS province,
        arg_max(city, year)              AS city,
        arg_max(district, year)          AS district,
        min(year)                        AS first_year,
        max(year)                        AS last_year
    FROM split_years
    GROUP BY agency_id, agency_key, run_key
),
runs AS (
    SELECT *, (last_year - first_year + 1)::BIGINT AS years_count
    FROM (SELECT * FROM whole_runs UNION ALL SELECT * FROM split_runs)
    WHERE last_year - first_year + 1 >= coalesce($min_years, 2)
)
SELECT
    report_id, agency_key, agency, agency_kind_label, province, city, district, first_year, last_year, years_count,
    (SELECT count(*) FROM runs)                  AS rows_count,
    (SELECT count(DISTINCT agency_id) FROM runs) AS agencies_count
FROM runs
ORDER BY years_count DESC, province, city, district, agency, first_year
LIMIT page_rows($all_rows);
