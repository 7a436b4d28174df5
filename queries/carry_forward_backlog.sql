-- name: carry_forward_backlog
-- title: 结转下年度积压
-- definition: 结转下年度继续办理 (carried forward, unfinished at year end) against the year's workload
--   (本年新收 new_received + 上年结转 carried_over), 总计 column, pooled over the reports that print all
--   three (counted_reports_count): backlog_pct = carried_forward / (new_received + carried_over) × 100.
--   The share of the year's applications still open at its end; NULL (未填报) when no report counts.
--   Operand rule (README, "Sums and rates"): a report enters a rate only when every cell of its
--   numerator and denominator is a printed number; any other report (pre-2019 reports aside: their
--   table has codes of its own) is left out and counted in excluded_reports_count.
-- grain: one row per year with a report counted or excluded
-- include: filters
-- sources: filtered_reports → report_figures
WITH per_report AS (
    SELECT
        year,
        template IS DISTINCT FROM 'pre2019' AS modern,
        applications__carried_forward__total AS carried_forward,
        -- NULL when either cell is not a printed number
        applications__new_received__total + applications__carried_over__total AS workload
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE year IS NOT NULL
),
counted AS (
    SELECT *, carried_forward IS NOT NULL AND workload IS NOT NULL AS is_counted FROM per_report
)
SELECT
    year,
    sum(carried_forward) FILTER (WHERE is_counted)::BIGINT AS carried_forward_count,
    sum(workload) FILTER (WHERE is_counted)::BIGINT AS workload_count,
    round(100.0 * sum(carried_forward) FILTER (WHERE is_counted)
          / nullif(sum(workload) FILTER (WHERE is_counted), 0), 1) AS backlog_pct,
    count(*) FILTER (WHERE is_counted) AS counted_reports_count,
    count(*) FILTER (WHERE modern AND NOT is_counted) AS excluded_reports_count,
    count(*) FILTER (WHERE is_counted AND carried_forward > 0) AS reports_with_backlog_count
FROM counted
GROUP BY year
HAVING count(*) FILTER (WHERE is_counted OR modern) > 0
ORDER BY year;
