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
-- Each report's three blocks as rows, then summed per year and block over the reports that print all
-- three cells of it.
WITH blocks AS (
    SELECT year, block, corrected, pending, total
    FROM (
        SELECT
            year,
            review_litigation__review__corrected                   AS review_corrected,
            review_litigation__review__pending                     AS review_pending,
            review_litigation__review__total                       AS review_total,
            review_litigation__litigation_direct__corrected        AS litigation_direct_corrected,
            review_litigation__litigation_direct__pending          AS litigation_direct_pending,
            review_litigation__litigation_direct__total            AS litigation_direct_total,
            review_litigation__litigation_after_review__corrected  AS litigation_after_review_corrected,
            review_litigation__litigation_after_review__pending    AS litigation_after_review_pending,
            review_litigation__litigation_after_review__total      AS litigation_after_review_total
        FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
        WHERE year IS NOT NULL
    )
    UNPIVOT (
        (corrected, pending, total) FOR block IN (
            (review_corrected, review_pending, review_total) AS review,
            (litigation_direct_corrected, litigation_direct_pending, litigation_direct_total) AS litigation_direct,
            (litigation_after_review_corrected, litigation_after_review_pending, litigation_after_review_total)
                AS litigation_after_review
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
    END                                                                AS block_label,
    sum(corrected)::BIGINT                                             AS corrected_count,
    sum(total - pending)::BIGINT                                       AS decided_count,
    sum(total)::BIGINT                                                 AS cases_count,
    round(100.0 * sum(corrected) / nullif(sum(total - pending), 0), 1) AS correction_rate_pct,
    count(*)                                                           AS reports_count
FROM blocks
-- a block is counted for a report only when all three of its figures were read
WHERE corrected IS NOT NULL AND pending IS NOT NULL AND total IS NOT NULL
GROUP BY year, block
ORDER BY year, CASE block WHEN 'review' THEN 1 WHEN 'litigation_direct' THEN 2 ELSE 3 END;
