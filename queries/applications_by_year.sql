-- name: applications_by_year
-- title: 历年依申请公开办理情况
-- definition: Applications for disclosure per year (依申请公开): new this year (本年新收), carried over
--   from last year (上年结转), processed (办理结果总计), granted (予以公开) and carried forward
--   (结转下年度继续办理), each summed over the 总计 column of the reports that print it. reports_count
--   counts every report of the year; *_reports_count how many printed the figure (blank cells and
--   unread cells are left out of the sums, not taken as zero).
-- grain: one row per year
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code; NULL = all kinds
-- sources: filtered_reports → stg_report_figures
SELECT
    year,
    count(*)                                                      AS reports_count,
    count(applications__new_received__total)                      AS new_received_reports_count,
    coalesce(sum(applications__new_received__total), 0)::BIGINT   AS new_received_count,
    coalesce(sum(applications__carried_over__total), 0)::BIGINT   AS carried_over_count,
    coalesce(sum(applications__total_processed__total), 0)::BIGINT AS processed_count,
    coalesce(sum(applications__granted__total), 0)::BIGINT        AS granted_count,
    coalesce(sum(applications__carried_forward__total), 0)::BIGINT AS carried_forward_count
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
WHERE year IS NOT NULL
GROUP BY year
ORDER BY year;
