-- name: information_adoption_rate
-- title: 信息采用率（按机构年度）
-- definition: 信息采用率 (information adoption rate): the share of the government information an
--   agency submitted (上报/报送政务信息) that was adopted (被采用), as stated in the report's prose.
--   stated_rate_pct is the rate the report prints; computed_rate_pct = adopted / submitted × 100
--   from the figures it prints; difference_pct_points = stated − computed, and mismatch is true when
--   they differ by more than 0.5 point (the rounding tolerance of rule R9). A figure the prose does
--   not state is NULL, never 0. Operand rule (README, "Sums and rates"): computed_rate_pct exists only
--   for a report stating both figures (with submitted > 0); counted_reports_count and
--   excluded_reports_count, the same on every row, count the listed reports that do and those that
--   state one figure or the rate alone.
-- grain: one row per report (agency-year) that states at least one of the three figures (with
--   $mismatch_only, only those whose stated rate is off); rows_count, the same on every row, counts the
--   whole list
-- include: filters, page_rows
-- params:
--   $mismatch_only  true = only reports whose stated rate differs from the computed one (mismatch);
--                   NULL = every report stating a figure
-- sources: filtered_reports → report_figures (prose__*: the prose facts info_submitted, info_adopted,
--   adoption_rate_stated_pct of stg_prose_facts, one column each, gathered at each load)
WITH rates AS (
    SELECT
        report_id, agency, agency_kind_label, province, city, district, year,
        prose__info_submitted                                               AS submitted_count,
        prose__info_adopted                                                 AS adopted_count,
        prose__adoption_rate_stated_pct                                     AS stated_rate_pct,
        100.0 * prose__info_adopted / nullif(prose__info_submitted, 0)      AS computed_exact_pct,
        prose__adoption_sentence                                            AS sentence
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE prose__info_submitted IS NOT NULL
       OR prose__info_adopted IS NOT NULL
       OR prose__adoption_rate_stated_pct IS NOT NULL
),
listed AS (
    SELECT
        report_id, agency, agency_kind_label, province, city, district, year,
        submitted_count::BIGINT                                AS submitted_count,
        adopted_count::BIGINT                                  AS adopted_count,
        stated_rate_pct,
        round(computed_exact_pct, 1)                           AS computed_rate_pct,
        round(stated_rate_pct - computed_exact_pct, 1)         AS difference_pct_points,
        abs(stated_rate_pct - computed_exact_pct) > 0.5        AS mismatch,
        sentence
    FROM rates
    WHERE NOT coalesce($mismatch_only, false) OR abs(stated_rate_pct - computed_exact_pct) > 0.5
)
SELECT
    *,
    (SELECT count(*) FROM listed) AS rows_count,
    (SELECT count(*) FROM listed WHERE submitted_count IS NOT NULL AND adopted_count IS NOT NULL) AS counted_reports_count,
    (SELECT count(*) FROM listed WHERE submitted_count IS NULL OR adopted_count IS NULL) AS excluded_reports_count
FROM listed
ORDER BY province, city, district, agency, year
LIMIT page_rows($all_rows);
