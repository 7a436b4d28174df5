-- name: disclosure_rate_lowest
-- title: 实质公开率最低的机构
-- definition: The 15 reports with the lowest 实质公开率 (disclosure rate, as in disclosure_rate:
--   (予以公开 + 部分公开) / 办理结果总计 × 100, 总计 column) in the latest year of the selection that has a
--   ranked report, i.e. one that processed at least $min_processed applications; lowest first.
--   Operand rule (README, "Sums and rates"): a report is rated only when 予以公开, 部分公开 and
--   办理结果总计 are all printed numbers (disclosure_rate counts the reports left out).
-- grain: one row per report, at most 15
-- include: filters
-- params:
--   $min_processed  fewest processed applications for a rate to be ranked; NULL = 10
-- sources: filtered_reports → report_figures
WITH ranked AS (
    SELECT
        report_id, agency_key, agency, agency_kind_label, province, city, district, year,
        (applications__granted__total + applications__partially_granted__total)::BIGINT AS disclosed_count,
        applications__total_processed__total::BIGINT   AS processed_count,
        disclosure_rate_pct(applications__granted__total, applications__partially_granted__total,
                                 applications__total_processed__total) AS disclosure_rate_pct
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__total_processed__total >= coalesce($min_processed, 10)
      AND applications__total_processed__total > 0
      AND applications__granted__total IS NOT NULL
      AND applications__partially_granted__total IS NOT NULL
)
SELECT *
FROM ranked
WHERE year = (SELECT max(year) FROM ranked)
ORDER BY disclosure_rate_pct, processed_count DESC, agency
LIMIT 15;
