-- name: correction_rate
-- title: 复议诉讼纠错率
-- help: 纠错率 = 结果纠正 ÷（总计 − 尚未审结），分别按表四的行政复议与行政诉讼计算。结果纠正、尚未审结与总计任何一格空白、为符号或未读出的报告不计入分子也不计入分母，另计“未计入”份数；没有可计入的报告时显示“未填报”。已审结不足 5 件的区县不排名。
-- definition: 纠错率 (correction rate) of administrative review (行政复议) and litigation (未经复议直接起诉,
--   复议后起诉): corrected / decided × 100, where decided = 总计 total − 尚未审结 pending, per block of
--   table 4, pooled over the reports that print corrected, pending and total of that block
--   (counted_reports_count). cases_count sums the totals, so the rate sits beside its numerator and
--   denominator. block_cases_count, block_corrected_count and block_counted_reports_count, the same
--   on every row of a block, sum those over all the years selected (NULL: no report printed the block).
--   Operand rule (README, "Sums and rates"): a report enters a rate only when every cell of its
--   numerator and denominator is a printed number; any other report (pre-2019 reports aside: their
--   table has codes of its own) is left out and counted in excluded_reports_count.
-- grain: one row per year and block (review, litigation_direct, litigation_after_review) with a report
--   counted or excluded
-- include: filters
-- sources: filtered_reports → report_figures; label_catalog
-- Each report's three blocks as rows, then summed per year and block over the reports that print all
-- three cells of it.
WITH blocks AS (
    SELECT year, modern, block, corrected, pending, total,
           corrected IS NOT NULL AND pending IS NOT NULL AND total IS NOT NULL AS is_counted
    FROM (
        SELECT
            year,
            template IS DISTINCT FROM 'pre2019' AS modern,
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
    UNPIVOT INCLUDE NULLS (
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
    (SELECT label FROM label_catalog WHERE vocabulary = 'review_block' AND code = block) AS block_label,
    sum(corrected) FILTER (WHERE is_counted)::BIGINT                   AS corrected_count,
    sum(total - pending) FILTER (WHERE is_counted)::BIGINT             AS decided_count,
    sum(total) FILTER (WHERE is_counted)::BIGINT                       AS cases_count,
    round(100.0 * sum(corrected) FILTER (WHERE is_counted)
          / nullif(sum(total - pending) FILTER (WHERE is_counted), 0), 1) AS correction_rate_pct,
    count(*) FILTER (WHERE is_counted)                                 AS counted_reports_count,
    count(*) FILTER (WHERE modern AND NOT is_counted)                  AS excluded_reports_count,
    sum(sum(total) FILTER (WHERE is_counted)) OVER (PARTITION BY block)::BIGINT     AS block_cases_count,
    sum(sum(corrected) FILTER (WHERE is_counted)) OVER (PARTITION BY block)::BIGINT AS block_corrected_count,
    sum(count(*) FILTER (WHERE is_counted)) OVER (PARTITION BY block)::BIGINT       AS block_counted_reports_count
FROM blocks
GROUP BY year, block
HAVING count(*) FILTER (WHERE is_counted OR modern) > 0
ORDER BY year, CASE block WHEN 'review' THEN 1 WHEN 'litigation_direct' THEN 2 ELSE 3 END;
