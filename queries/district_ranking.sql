-- name: district_ranking
-- title: 区县排名
-- definition: Districts (区县; agencies above district level count under "市本级" (a province's own: "省本级")) side by side over
--   the selected years: reports and agencies; 零活动 zero-activity reports (as in zero_activity_agencies)
--   as a share of the reports with national tables; applications received (本年新收, 总计 column,
--   summed over the applications_received_reports_count reports that print it; NULL, 未填报, when
--   none does); 实质公开率 disclosure_rate_pct = Σ(予以公开 + 部分公开) / Σ办理结果总计; 行政复议纠错率
--   review_correction_rate_pct = Σ结果纠正 / Σ(总计 − 尚未审结); 行政诉讼纠错率
--   litigation_correction_rate_pct likewise over both litigation blocks (未经复议直接起诉 and
--   复议后起诉, a report counted when all six cells are printed numbers). Operand rule (README, "Sums and
--   rates"): a report enters a rate only when every cell of its numerator and denominator is a
--   printed number; any other report (pre-2019 reports aside: their table has codes of its own) is
--   left out and counted in *_excluded_reports_count, beside *_counted_reports_count. A district that
--   processed fewer than $min_processed applications is a small sample: its figures are shown but it
--   gets no disclosure_rank (1 = highest rate). zero_activity_rank: 1 = smallest zero-activity share.
--   A correction rate on fewer than $min_decided decided cases is a small sample too
--   (review_small_sample, litigation_small_sample): shown with its counts, not ranked.
--   selection_*: totals over the whole selection, the same on every row (the page's captions):
--   selection_reports_count, selection_applications_received_reports_count, and for disclosure,
--   review and litigation the counted and excluded reports and the districts too small to rank
--   (selection_small_sample_count, selection_review_small_sample_count, …).
-- grain: one row per province, city and district
-- include: filters
-- params:
--   $min_processed  fewest processed applications for a district's rate to be ranked; NULL = 10
--   $min_decided    fewest decided review (or litigation) cases for a correction rate to be ranked; NULL = 5
-- sources: filtered_reports → report_figures
WITH per_report AS (
    SELECT
        province, city, district,
        agency_id,  -- one integer per agency_key: counting distinct integers is cheap
        template IS DISTINCT FROM 'pre2019' AS modern,
        template IN ('2019', '2021') AS has_tables,
        template IN ('2019', '2021') AND cells_expected > 0 AND cells_zero = cells_expected AS zero_activity,
        applications__new_received__total AS received,
        -- each rate's numerator and denominator: NULL when any of their cells is not a printed number
        applications__granted__total + applications__partially_granted__total AS disclosed,
        applications__total_processed__total AS processed,
        review_litigation__review__corrected AS review_corrected,
        review_litigation__review__total - review_litigation__review__pending AS review_decided,
        review_litigation__litigation_direct__corrected + review_litigation__litigation_after_review__corrected
            AS litigation_corrected,
        review_litigation__litigation_direct__total - review_litigation__litigation_direct__pending
            + review_litigation__litigation_after_review__total - review_litigation__litigation_after_review__pending
            AS litigation_decided
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
),
counted AS (
    SELECT
        *,
        disclosed IS NOT NULL AND processed IS NOT NULL           AS disclosure_counted,
        review_corrected IS NOT NULL AND review_decided IS NOT NULL AS review_counted,
        litigation_corrected IS NOT NULL AND litigation_decided IS NOT NULL AS litigation_counted
    FROM per_report
),
districts AS (
    SELECT
        province, city, district,
        coalesce(district, (SELECT label FROM label_catalog WHERE vocabulary = 'place_level'
            AND code = CASE WHEN city IS NOT NULL THEN 'city' WHEN province IS NOT NULL THEN 'province' ELSE 'unknown' END)) AS area,
        count(*)                                       AS reports_count,
        count(DISTINCT agency_id)                      AS agencies_count,
        count(*) FILTER (WHERE zero_activity)          AS zero_activity_count,
        count(*) FILTER (WHERE has_tables)             AS reports_with_tables_count,
        sum(received)::BIGINT                          AS applications_received_count,
        count(received)                                AS applications_received_reports_count,
        sum(disclosed) FILTER (WHERE disclosure_counted)::BIGINT AS disclosed_count,
        sum(processed) FILTER (WHERE disclosure_counted)::BIGINT AS processed_count,
        count(*) FILTER (WHERE disclosure_counted)     AS disclosure_counted_reports_count,
        count(*) FILTER (WHERE modern AND NOT disclosure_counted) AS disclosure_excluded_reports_count,
        sum(review_corrected) FILTER (WHERE review_counted)::BIGINT AS review_corrected_count,
        sum(review_decided) FILTER (WHERE review_counted)::BIGINT   AS review_decided_count,
        count(*) FILTER (WHERE review_counted)         AS review_counted_reports_count,
        count(*) FILTER (WHERE modern AND NOT review_counted) AS review_excluded_reports_count,
        sum(litigation_corrected) FILTER (WHERE litigation_counted)::BIGINT AS litigation_corrected_count,
        sum(litigation_decided) FILTER (WHERE litigation_counted)::BIGINT   AS litigation_decided_count,
        count(*) FILTER (WHERE litigation_counted)     AS litigation_counted_reports_count,
        count(*) FILTER (WHERE modern AND NOT litigation_counted) AS litigation_excluded_reports_count
    FROM counted
    GROUP BY province, city, district
),
rated AS (
    SELECT
        *,
        rate_pct(zero_activity_count, reports_with_tables_count)                    AS zero_activity_pct,
        rate_pct(disclosed_count, processed_count)                                 AS disclosure_rate_pct,
        rate_pct(review_corrected_count, review_decided_count) AS review_correction_rate_pct,
        rate_pct(litigation_corrected_count, litigation_decided_count)
            AS litigation_correction_rate_pct,
        coalesce(processed_count, 0) < coalesce($min_processed, 10)                 AS small_sample,
        coalesce(review_decided_count, 0) < coalesce($min_decided, 5)               AS review_small_sample,
        coalesce(litigation_decided_count, 0) < coalesce($min_decided, 5)           AS litigation_small_sample
    FROM districts
)
SELECT
    province, city, district, area,
    reports_count, agencies_count,
    zero_activity_count, reports_with_tables_count, zero_activity_pct,
    applications_received_count, applications_received_reports_count,
    disclosed_count, processed_count, disclosure_rate_pct,
    disclosure_counted_reports_count, disclosure_excluded_reports_count,
    review_corrected_count, review_decided_count, review_correction_rate_pct,
    review_counted_reports_count, review_excluded_reports_count,
    litigation_corrected_count, litigation_decided_count, litigation_correction_rate_pct,
    litigation_counted_reports_count, litigation_excluded_reports_count,
    small_sample, review_small_sample, litigation_small_sample,
    CASE WHEN NOT review_small_sample
         THEN rank() OVER (PARTITION BY review_small_sample ORDER BY review_correction_rate_pct DESC) END
        AS review_correction_rank,
    CASE WHEN NOT litigation_small_sample
         THEN rank() OVER (PARTITION BY litigation_small_sample ORDER BY litigation_correction_rate_pct DESC) END
        AS litigation_correction_rank,
    CASE WHEN NOT small_sample
         THEN rank() OVER (PARTITION BY small_sample ORDER BY disclosure_rate_pct DESC) END AS disclosure_rank,
    CASE WHEN reports_with_tables_count > 0
         THEN rank() OVER (PARTITION BY reports_with_tables_count > 0 ORDER BY zero_activity_pct) END
        AS zero_activity_rank,
    sum(reports_count) OVER ()::BIGINT                                       AS selection_reports_count,
    sum(applications_received_reports_count) OVER ()::BIGINT                 AS selection_applications_received_reports_count,
    sum(disclosure_counted_reports_count) OVER ()::BIGINT                    AS selection_disclosure_counted_reports_count,
    sum(disclosure_excluded_reports_count) OVER ()::BIGINT                   AS selection_disclosure_excluded_reports_count,
    count(*) FILTER (WHERE small_sample) OVER ()                             AS selection_small_sample_count,
    sum(review_counted_reports_count) OVER ()::BIGINT                        AS selection_review_counted_reports_count,
    sum(review_excluded_reports_count) OVER ()::BIGINT                       AS selection_review_excluded_reports_count,
    count(*) FILTER (WHERE review_small_sample) OVER ()                      AS selection_review_small_sample_count,
    sum(litigation_counted_reports_count) OVER ()::BIGINT                    AS selection_litigation_counted_reports_count,
    sum(litigation_excluded_reports_count) OVER ()::BIGINT                   AS selection_litigation_excluded_reports_count,
    count(*) FILTER (WHERE litigation_small_sample) OVER ()                  AS selection_litigation_small_sample_count
FROM rated
ORDER BY disclosure_rank NULLS LAST, processed_count DESC NULLS LAST, province, city, district NULLS FIRST;
