-- name: carry_forward_backlog
-- title: 结转下年度积压
-- definition: 结转下年度继续办理 (carried forward, unfinished at year end) against the year's workload
--   (本年新收 new_received + 上年结转 carried_over), 总计 column, pooled over the reports that print all
--   three: backlog_pct = carried_forward / (new_received + carried_over) × 100. The share of the
--   year's applications still open at its end.
-- grain: one row per year
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures
SELECT
    year,
    sum(applications__carried_forward__total)::BIGINT AS carried_forward_count,
    sum(applications__new_received__total + applications__carried_over__total)::BIGINT AS workload_count,
    round(100.0 * sum(applications__carried_forward__total)
          / nullif(sum(applications__new_received__total + applications__carried_over__total), 0), 1) AS backlog_pct,
    count(*) AS reports_count,
    count(*) FILTER (WHERE applications__carried_forward__total > 0) AS reports_with_backlog_count
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
WHERE year IS NOT NULL
  AND applications__carried_forward__total IS NOT NULL
  AND applications__new_received__total IS NOT NULL
  AND applications__carried_over__total IS NOT NULL
GROUP BY year
ORDER BY year;
