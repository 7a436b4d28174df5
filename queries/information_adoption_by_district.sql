-- name: information_adoption_by_district
-- title: 信息采用率（按区县）
-- definition: 信息采用率 aggregated by district (区县; agencies above district level count under
--   "市本级" (a province's own: "省本级")). submitted_count and adopted_count sum the reports that state both figures
--   (counted_reports_count), and adoption_rate_pct = adopted / submitted × 100 over them; a sum over
--   no such report is NULL (未填报). Operand rule (README, "Sums and rates"): a report stating only
--   one of the two, or only a rate, is left out and counted in excluded_reports_count. Beside it,
--   over the reports that state a rate and both figures, with submitted > 0: stated_mean_pct (the mean
--   rate the reports print), computed_mean_pct (the mean of their own adopted / submitted), and
--   mismatch_count (reports whose stated rate is off by more than 0.5 point). rate_stated_count
--   counts the reports that state a rate, with or without its parts. selection_reports_count,
--   selection_rate_stated_count and selection_mismatch_count: the same counts over the whole
--   selection, on every row (the page's headline figures).
-- grain: one row per province, city and district with at least one report stating a figure
-- include: filters
-- sources: filtered_reports → report_figures (prose__*: the prose facts info_submitted, info_adopted,
--   adoption_rate_stated_pct of stg_prose_facts, one column each, gathered at each load)
WITH rates AS (
    SELECT
        province, city, district,
        coalesce(district, (SELECT label FROM label_catalog WHERE vocabulary = 'place_level'
            AND code = CASE WHEN city IS NOT NULL THEN 'city' WHEN province IS NOT NULL THEN 'province' ELSE 'unknown' END)) AS area,
        prose__info_submitted           AS submitted,
        prose__info_adopted             AS adopted,
        prose__adoption_rate_stated_pct AS stated,
        prose__info_submitted IS NOT NULL AND prose__info_adopted IS NOT NULL AS counted,
        CASE WHEN prose__info_submitted > 0 AND prose__info_adopted IS NOT NULL
             THEN 100.0 * prose__info_adopted / prose__info_submitted END AS computed
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE prose__info_submitted IS NOT NULL
       OR prose__info_adopted IS NOT NULL
       OR prose__adoption_rate_stated_pct IS NOT NULL
)
SELECT
    province, city, district, area,
    count(*)                                                                   AS reports_count,
    sum(submitted) FILTER (WHERE counted)::BIGINT                              AS submitted_count,
    sum(adopted) FILTER (WHERE counted)::BIGINT                                AS adopted_count,
    round(100.0 * sum(adopted) FILTER (WHERE counted)
          / nullif(sum(submitted) FILTER (WHERE counted), 0), 1)               AS adoption_rate_pct,
    count(*) FILTER (WHERE counted)                                            AS counted_reports_count,
    count(*) FILTER (WHERE NOT counted)                                        AS excluded_reports_count,
    count(*) FILTER (WHERE stated IS NOT NULL AND computed IS NOT NULL)        AS stated_reports_count,
    round(avg(stated) FILTER (WHERE computed IS NOT NULL), 1)                  AS stated_mean_pct,
    round(avg(computed) FILTER (WHERE stated IS NOT NULL), 1)                  AS computed_mean_pct,
    count(*) FILTER (WHERE abs(stated - computed) > 0.5)                       AS mismatch_count,
    count(stated)                                                              AS rate_stated_count,
    sum(count(*)) OVER ()::BIGINT                                              AS selection_reports_count,
    sum(count(stated)) OVER ()::BIGINT                                         AS selection_rate_stated_count,
    sum(count(*) FILTER (WHERE abs(stated - computed) > 0.5)) OVER ()::BIGINT AS selection_mismatch_count
FROM rates
GROUP BY province, city, district, area
ORDER BY province, city, district NULLS FIRST;
