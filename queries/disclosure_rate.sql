-- name: disclosure_rate
-- title: 实质公开率（按机构年度）
-- help: 实质公开率 =（予以公开 + 部分公开）÷ 办理结果总计。分子分母取各报告表三“总计”列；三格中任何一格空白、为符号或未读出的报告不计入分子也不计入分母，另计“未计入”份数；没有可计入的报告时显示“未填报”，不是 0。办理申请不足 10 件的不排名。
-- definition: 实质公开率 (substantive disclosure rate) = (予以公开 granted + 部分公开 partially_granted)
--   / 办理结果总计 total_processed × 100, 总计 column, for each report that prints all three and
--   processed at least one application. A rate on few applications misleads: small_sample is true
--   when processed_count < $min_processed, and such rows keep their counts but get no rank.
--   disclosure_rank orders the other reports of the same year, lowest rate first (1 = the lowest;
--   ties share a rank): the list is read for the agencies that disclose least.
--   Operand rule (README, "Sums and rates"): a report enters a rate only when every cell of its
--   numerator and denominator is a printed number; any other report (pre-2019 reports aside: their
--   table has codes of its own) is left out and counted in excluded_reports_count (the same on every
--   row).
-- grain: one row per report (agency-year) with processed applications; rows_count and small_sample_count,
--   the same on every row, count the whole list and its small samples
-- include: filters, page_rows
-- params:
--   $min_processed  fewest processed applications for a rate to be ranked; NULL = 10
-- sources: filtered_reports → report_figures
WITH rates AS NOT MATERIALIZED (
    SELECT
        report_id, agency_key, agency, agency_kind_label, province, city, district, year,
        applications__granted__total::BIGINT           AS granted_count,
        applications__partially_granted__total::BIGINT AS partially_granted_count,
        (applications__granted__total + applications__partially_granted__total)::BIGINT AS disclosed_count,
        applications__total_processed__total::BIGINT   AS processed_count,
        disclosure_rate_pct(applications__granted__total, applications__partially_granted__total,
                                 applications__total_processed__total) AS disclosure_rate_pct,
        applications__total_processed__total < coalesce($min_processed, 10) AS small_sample
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__total_processed__total > 0
      AND applications__granted__total IS NOT NULL
      AND applications__partially_granted__total IS NOT NULL
),
-- The rank counts the rates below a row in its year, and the rows are listed in rank order within
-- each year, so ranking the first rows alone gives each of them its rank in the whole list.
listed AS (
    SELECT * FROM rates
    ORDER BY year DESC, small_sample, disclosure_rate_pct, processed_count DESC, agency
    LIMIT page_rows($all_rows)
)
SELECT
    *,
    CASE WHEN NOT small_sample
         THEN rank() OVER (PARTITION BY year, small_sample ORDER BY disclosure_rate_pct) END AS disclosure_rank,
    (SELECT count(*) FROM rates)                                   AS rows_count,
    (SELECT count(*) FILTER (WHERE small_sample) FROM rates)       AS small_sample_count,
    (SELECT count(*) FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
     WHERE template IS DISTINCT FROM 'pre2019'
       AND (applications__granted__total IS NULL OR applications__partially_granted__total IS NULL
            OR applications__total_processed__total IS NULL)) AS excluded_reports_count
FROM listed
ORDER BY year DESC, small_sample, disclosure_rate_pct, processed_count DESC, agency;
