-- name: review_litigation_by_agency
-- title: 复议诉讼案件（按机构年度）
-- definition: Each report with at least one administrative review (行政复议) or lawsuit (行政诉讼) about
--   disclosure, with its table-4 counts. Litigation adds the two lawsuit blocks (未经复议直接起诉 and
--   复议后起诉). decided = 总计 total − 尚未审结 pending; *_correction_rate_pct = 结果纠正 corrected /
--   decided × 100, NULL when nothing was decided or, by the operand rule (README, "Sums and rates"),
--   when any cell of its numerator or denominator is not a printed number (blank, mark or unread).
-- grain: one row per report (agency-year) with review or litigation cases; rows_count, the same on
--   every row, counts the whole list
-- include: filters, page_rows
-- sources: filtered_reports → report_figures
WITH cases AS (
    SELECT
        report_id, agency_key, agency, agency_kind_label, province, city, district, year,
        review_litigation__review__total AS review_total,
        review_litigation__review__corrected AS review_corrected,
        review_litigation__review__total - review_litigation__review__pending AS review_decided,
        review_litigation__litigation_direct__total + review_litigation__litigation_after_review__total
            AS litigation_total,
        review_litigation__litigation_direct__corrected + review_litigation__litigation_after_review__corrected
            AS litigation_corrected,
        review_litigation__litigation_direct__total - review_litigation__litigation_direct__pending
            + review_litigation__litigation_after_review__total - review_litigation__litigation_after_review__pending
            AS litigation_decided
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE review_litigation__review__total > 0
       OR review_litigation__litigation_direct__total > 0
       OR review_litigation__litigation_after_review__total > 0
),
listed AS (
    SELECT
        report_id, agency_key, agency, agency_kind_label, province, city, district, year,
        review_total::BIGINT           AS review_count,
        review_corrected::BIGINT       AS review_corrected_count,
        review_decided::BIGINT         AS review_decided_count,
        rate_pct(review_corrected, review_decided) AS review_correction_rate_pct,
        litigation_total::BIGINT       AS litigation_count,
        litigation_corrected::BIGINT   AS litigation_corrected_count,
        litigation_decided::BIGINT     AS litigation_decided_count,
        rate_pct(litigation_corrected, litigation_decided) AS litigation_correction_rate_pct
    FROM cases
)
SELECT *, (SELECT count(*) FROM listed) AS rows_count
FROM listed
ORDER BY coalesce(review_corrected_count, 0) + coalesce(litigation_corrected_count, 0) DESC,
         coalesce(review_count, 0) + coalesce(litigation_count, 0) DESC, year DESC, agency
LIMIT page_rows($all_rows);
