-- name: not_held_rate
-- title: 不掌握信息比例（按机构年度）
-- definition: Share of processed applications answered 本机关不掌握相关政府信息 (unable_not_held):
--   not_held_count / 办理结果总计 total_processed × 100, 总计 column, for each report that prints both
--   and processed at least one application. small_sample is true when processed_count <
--   $min_processed; such rows keep their counts but get no rank. not_held_rank orders the other
--   reports of the same year, highest share first.
--   Operand rule (README, "Sums and rates"): a report enters a rate only when every cell of its
--   numerator and denominator is a printed number; any other report (pre-2019 reports aside: their
--   table has codes of its own) is left out and counted in excluded_reports_count (the same on every
--   row).
-- grain: one row per report (agency-year) with processed applications; rows_count and small_sample_count,
--   the same on every row, count the whole list and its small samples
--   (rows_count and small_sample_count count the whole list)
-- include: filters, page_rows
-- params:
--   $min_processed  fewest processed applications for a rate to be ranked; NULL = 10
-- sources: filtered_reports → report_figures
WITH rates AS NOT MATERIALIZED (
    SELECT
        report_id, agency_key, agency, agency_kind_label, province, city, district, year,
        applications__unable_not_held__total::BIGINT  AS not_held_count,
        applications__total_processed__total::BIGINT  AS processed_count,
        round(100.0 * applications__unable_not_held__total / applications__total_processed__total, 1) AS not_held_rate_pct,
        applications__total_processed__total < coalesce($min_processed, 10) AS small_sample
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__total_processed__total > 0
      AND applications__unable_not_held__total IS NOT NULL
),
-- The rank counts the rates above a row in its year, and the rows are listed in rank order within
-- each year, so ranking the first rows alone gives each of them its rank in the whole list.
listed AS (
    SELECT * FROM rates
    ORDER BY year DESC, small_sample, not_held_rate_pct DESC, processed_count DESC, agency
    LIMIT page_rows($all_rows)
)
SELECT
    *,
    CASE WHEN NOT small_sample
         THEN rank() OVER (PARTITION BY year, small_sample ORDER BY not_held_rate_pct DESC) END AS not_held_rank,
    (SELECT count(*) FROM rates)                                   AS rows_count,
    (SELECT count(*) FILTER (WHERE small_sample) FROM rates)       AS small_sample_count,
    (SELECT count(*) FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
     WHERE template IS DISTINCT FROM 'pre2019'
       AND (applications__unable_not_held__total IS NULL OR applications__total_processed__total IS NULL))
                                                                   AS excluded_reports_count
FROM listed
ORDER BY year DESC, small_sample, not_held_rate_pct DESC, processed_count DESC, agency;
