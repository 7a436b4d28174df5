-- name: district_ranking
-- title: 区县排名
-- definition: Districts (区县; agencies above district level count under "<city>本级") side by side over
--   the selected years: reports and agencies; 零活动 zero-activity reports (as in zero_activity_agencies)
--   as a share of the reports with national tables; applications received (本年新收, 总计 column);
--   实质公开率 disclosure_rate_pct = Σ(予以公开 + 部分公开) / Σ办理结果总计 over reports printing all
--   three; 行政复议纠错率 review_correction_rate_pct = Σ结果纠正 / Σ(总计 − 尚未审结). A district that
--   processed fewer than $min_processed applications is a small sample: its figures are shown but it
--   gets no disclosure_rank (1 = highest rate). zero_activity_rank: 1 = smallest zero-activity share.
-- grain: one row per province, city and district
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
--   $min_processed  fewest processed applications for a district's rate to be ranked; NULL = 10
-- sources: filtered_reports → stg_report_figures
WITH per_report AS (
    SELECT
        province, city, district,
        agency_id,  -- one integer per agency_key: counting distinct integers is cheap
        template IN ('2019', '2021') AS has_tables,
        template IN ('2019', '2021') AND cells_expected > 0 AND cells_zero = cells_expected AS zero_activity,
        applications__new_received__total AS received,
        CASE WHEN applications__granted__total IS NOT NULL AND applications__partially_granted__total IS NOT NULL
             THEN applications__total_processed__total END AS processed,
        applications__granted__total + applications__partially_granted__total AS disclosed,
        CASE WHEN review_litigation__review__pending IS NOT NULL AND review_litigation__review__total IS NOT NULL
             THEN review_litigation__review__corrected END AS review_corrected,
        CASE WHEN review_litigation__review__corrected IS NOT NULL
             THEN review_litigation__review__total - review_litigation__review__pending END AS review_decided
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
),
districts AS (
    SELECT
        province, city, district,
        coalesce(district, city || '本级', province || '本级', '（未识别地区）') AS area,
        count(*)                                       AS reports_count,
        count(DISTINCT agency_id)                      AS agencies_count,
        count(*) FILTER (WHERE zero_activity)          AS zero_activity_count,
        count(*) FILTER (WHERE has_tables)             AS reports_with_tables_count,
        coalesce(sum(received), 0)::BIGINT             AS applications_received_count,
        coalesce(sum(disclosed) FILTER (WHERE processed IS NOT NULL), 0)::BIGINT AS disclosed_count,
        coalesce(sum(processed), 0)::BIGINT            AS processed_count,
        coalesce(sum(review_corrected), 0)::BIGINT     AS review_corrected_count,
        coalesce(sum(review_decided), 0)::BIGINT       AS review_decided_count
    FROM per_report
    GROUP BY province, city, district
),
rated AS (
    SELECT
        *,
        round(100.0 * zero_activity_count / nullif(reports_with_tables_count, 0), 1) AS zero_activity_pct,
        round(100.0 * disclosed_count / nullif(processed_count, 0), 1)             AS disclosure_rate_pct,
        round(100.0 * review_corrected_count / nullif(review_decided_count, 0), 1) AS review_correction_rate_pct,
        processed_count < coalesce($min_processed, 10)                              AS small_sample
    FROM districts
)
SELECT
    province, city, district, area,
    reports_count, agencies_count,
    zero_activity_count, reports_with_tables_count, zero_activity_pct,
    applications_received_count,
    disclosed_count, processed_count, disclosure_rate_pct,
    review_corrected_count, review_decided_count, review_correction_rate_pct,
    small_sample,
    CASE WHEN NOT small_sample
         THEN rank() OVER (PARTITION BY small_sample ORDER BY disclosure_rate_pct DESC) END AS disclosure_rank,
    CASE WHEN reports_with_tables_count > 0
         THEN rank() OVER (PARTITION BY reports_with_tables_count > 0 ORDER BY zero_activity_pct) END
        AS zero_activity_rank
FROM rated
ORDER BY disclosure_rank NULLS LAST, processed_count DESC, province, city, district NULLS FIRST;
