-- name: applications_by_year
-- title: 历年依申请公开办理情况
-- definition: Applications for disclosure per year (依申请公开): new this year (本年新收), carried over
--   from last year (上年结转), processed (办理结果总计), granted (予以公开) and carried forward
--   (结转下年度继续办理), each summed over the 总计 column of the reports that print it as a number;
--   beside each sum, *_reports_count says how many reports did. A blank, a mark or an unread cell
--   adds nothing, and a sum over no printed figure is NULL (未填报), never 0. reports_count counts
--   every report of the year; a pre-2019 report prints none of these cells (its statistics table has
--   codes of its own, see pre2019_statistics_by_year) and so adds to no sum here.
-- grain: one row per year
-- include: filters
-- sources: filtered_reports → report_figures
SELECT
    year,
    count(*)                                                  AS reports_count,
    sum(applications__new_received__total)::BIGINT            AS new_received_count,
    count(applications__new_received__total)                  AS new_received_reports_count,
    sum(applications__carried_over__total)::BIGINT            AS carried_over_count,
    count(applications__carried_over__total)                  AS carried_over_reports_count,
    sum(applications__total_processed__total)::BIGINT         AS processed_count,
    count(applications__total_processed__total)               AS processed_reports_count,
    sum(applications__granted__total)::BIGINT                 AS granted_count,
    count(applications__granted__total)                       AS granted_reports_count,
    sum(applications__carried_forward__total)::BIGINT         AS carried_forward_count,
    count(applications__carried_forward__total)               AS carried_forward_reports_count
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
WHERE year IS NOT NULL
GROUP BY year
ORDER BY year;
