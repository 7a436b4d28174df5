-- name: application_rates_by_year
-- title: 历年实质公开率与不掌握信息比例
-- definition: The two application rates pooled over the selection, per year. 实质公开率 disclosure:
--   Σ(予以公开 + 部分公开) / Σ办理结果总计 (总计 column); 不掌握信息 not_held:
--   Σ本机关不掌握相关政府信息 / Σ办理结果总计. Each rate keeps its numerator, denominator and the
--   number of reports pooled (counted_reports_count).
--   Operand rule (README, "Sums and rates"): a report enters a rate only when every cell of its
--   numerator and denominator is a printed number; any other report (pre-2019 reports aside: their
--   table has codes of its own) is left out and counted in excluded_reports_count.
-- grain: one row per year and rate with a report counted or excluded
-- include: filters
-- sources: filtered_reports → report_figures
WITH per_report AS (
    SELECT
        year,
        template IS DISTINCT FROM 'pre2019' AS modern,
        -- NULL when any cell of it is not a printed number
        applications__granted__total + applications__partially_granted__total AS disclosed,
        applications__unable_not_held__total AS not_held,
        applications__total_processed__total AS processed
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE year IS NOT NULL
),
pooled AS (
    SELECT
        year,
        'disclosure' AS rate,
        '实质公开率' AS rate_label,
        sum(disclosed) FILTER (WHERE disclosed IS NOT NULL AND processed IS NOT NULL) AS numerator,
        sum(processed) FILTER (WHERE disclosed IS NOT NULL AND processed IS NOT NULL) AS denominator,
        count(*) FILTER (WHERE disclosed IS NOT NULL AND processed IS NOT NULL) AS counted,
        count(*) FILTER (WHERE modern AND (disclosed IS NULL OR processed IS NULL)) AS excluded
    FROM per_report
    GROUP BY year
    UNION ALL
    SELECT
        year,
        'not_held',
        '不掌握信息比例',
        sum(not_held) FILTER (WHERE not_held IS NOT NULL AND processed IS NOT NULL),
        sum(processed) FILTER (WHERE not_held IS NOT NULL AND processed IS NOT NULL),
        count(*) FILTER (WHERE not_held IS NOT NULL AND processed IS NOT NULL),
        count(*) FILTER (WHERE modern AND (not_held IS NULL OR processed IS NULL))
    FROM per_report
    GROUP BY year
)
SELECT
    year,
    rate,
    rate_label,
    numerator::BIGINT                                       AS numerator_count,
    denominator::BIGINT                                     AS denominator_count,
    rate_pct(numerator, denominator)                        AS rate_pct,
    counted                                                 AS counted_reports_count,
    excluded                                                AS excluded_reports_count
FROM pooled
WHERE counted > 0 OR excluded > 0
ORDER BY year, rate;
