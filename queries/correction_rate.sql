-- name: correction_rate
-- title: 复议诉讼纠错率
-- definition: 纠错率 (correction rate) of administrative review (行政复议) and litigation (未经复议直接起诉,
--   复议后起诉): corrected / decided × 100, where decided = 总计 total − 尚未审结 pending, per block of
--   table 4, pooled over the reports that print corrected, pending and total of that block.
--   cases_count sums the totals, so the rate sits beside its numerator and denominator.
-- grain: one row per year and block (review, litigation_direct, litigation_after_review)
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures
-- Each block summed per year over the reports that print its three cells, then one row per block.
WITH per_year AS (
    SELECT
        year,
        sum(review_litigation__review__corrected) FILTER (WHERE review_litigation__review__corrected IS NOT NULL AND review_litigation__review__pending IS NOT NULL AND review_litigation__review__total IS NOT NULL)
            AS review_corrected,
        sum(review_litigation__review__total - review_litigation__review__pending) FILTER (WHERE review_litigation__review__corrected IS NOT NULL AND review_litigation__review__pending IS NOT NULL AND review_litigation__review__total IS NOT NULL)
            AS review_decided,
        sum(review_litigation__review__total) FILTER (WHERE review_litigation__review__corrected IS NOT NULL AND review_litigation__review__pending IS NOT NULL AND review_litigation__review__total IS NOT NULL)
            AS review_cases,
        count(*) FILTER (WHERE review_litigation__review__corrected IS NOT NULL AND review_litigation__review__pending IS NOT NULL AND review_litigation__review__total IS NOT NULL)
            AS review_reports,
        sum(review_litigation__litigation_direct__corrected) FILTER (WHERE review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__pending IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL)
            AS litigation_direct_corrected,
        sum(review_litigation__litigation_direct__total - review_litigation__litigation_direct__pending) FILTER (WHERE review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__pending IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL)
            AS litigation_direct_decided,
        sum(review_litigation__litigation_direct__total) FILTER (WHERE review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__pending IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL)
            AS litigation_direct_cases,
        count(*) FILTER (WHERE review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__pending IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL)
            AS litigation_direct_reports,
        sum(review_litigation__litigation_after_review__corrected) FILTER (WHERE review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__pending IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL)
            AS litigation_after_review_corrected,
        sum(review_litigation__litigation_after_review__total - review_litigation__litigation_after_review__pending) FILTER (WHERE review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__pending IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL)
            AS litigation_after_review_decided,
        sum(review_litigation__litigation_after_review__total) FILTER (WHERE review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__pending IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL)
            AS litigation_after_review_cases,
        count(*) FILTER (WHERE review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__pending IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL)
            AS litigation_after_review_reports
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE year IS NOT NULL
    GROUP BY year
),
blocks AS (
    SELECT year, block, corrected, decided, cases, reports
    FROM per_year
    UNPIVOT (
        (corrected, decided, cases, reports) FOR block IN (
            (review_corrected, review_decided, review_cases, review_reports) AS review,
            (litigation_direct_corrected, litigation_direct_decided, litigation_direct_cases, litigation_direct_reports)
                AS litigation_direct,
            (litigation_after_review_corrected, litigation_after_review_decided, litigation_after_review_cases,
             litigation_after_review_reports) AS litigation_after_review
        )
    )
)
SELECT
    year,
    block,
    CASE block
        WHEN 'review' THEN '行政复议'
        WHEN 'litigation_direct' THEN '未经复议直接起诉'
        ELSE '复议后起诉'
    END                                                    AS block_label,
    corrected::BIGINT                                      AS corrected_count,
    decided::BIGINT                                        AS decided_count,
    cases::BIGINT                                          AS cases_count,
    round(100.0 * corrected / nullif(decided, 0), 1)       AS correction_rate_pct,
    reports                                                AS reports_count
FROM blocks
WHERE reports > 0
ORDER BY year, CASE block WHEN 'review' THEN 1 WHEN 'litigation_direct' THEN 2 ELSE 3 END;
