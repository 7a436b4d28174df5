-- name: application_rates_by_year
-- title: 历年实质公开率与不掌握信息比例
-- definition: The two application rates pooled over the selection, per year. 实质公开率 disclosure:
--   Σ(予以公开 + 部分公开) / Σ办理结果总计 over reports that print all three (总计 column);
--   不掌握信息 not_held: Σ本机关不掌握相关政府信息 / Σ办理结果总计 over reports that print both.
--   Each rate keeps its numerator, denominator and the number of reports pooled.
-- grain: one row per year and rate
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures
WITH pooled AS (
    SELECT
        year,
        'disclosure' AS rate,
        '实质公开率' AS rate_label,
        sum(applications__granted__total + applications__partially_granted__total) AS numerator,
        sum(applications__total_processed__total) AS denominator,
        count(*) AS reports_count
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__total_processed__total IS NOT NULL
      AND applications__granted__total IS NOT NULL
      AND applications__partially_granted__total IS NOT NULL
      AND year IS NOT NULL
    GROUP BY year
    UNION ALL
    SELECT
        year,
        'not_held',
        '不掌握信息比例',
        sum(applications__unable_not_held__total),
        sum(applications__total_processed__total),
        count(*)
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__total_processed__total IS NOT NULL
      AND applications__unable_not_held__total IS NOT NULL
      AND year IS NOT NULL
    GROUP BY year
)
SELECT
    year,
    rate,
    rate_label,
    numerator::BIGINT                                       AS numerator_count,
    denominator::BIGINT                                     AS denominator_count,
    round(100.0 * numerator / nullif(denominator, 0), 1)    AS rate_pct,
    reports_count
FROM pooled
ORDER BY year, rate;
