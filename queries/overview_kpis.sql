-- name: overview_kpis
-- title: 总览指标
-- definition: The headline figures of the selection: reports (报告数), agencies (机构数),
--   applications received (本年新收政府信息公开申请数量, 总计 column, summed over the reports that print
--   it as a number, reports_with_applications_count of them; a blank, a mark or an unread cell adds
--   nothing, and a sum over no printed figure is NULL, 未填报, never 0) and zero-activity reports
--   (零活动机构, as defined in zero_activity_agencies.sql). pre2019_reports_count counts the reports
--   on the pre-2019 statistics table: their figures have codes of their own and are not in this sum.
-- grain: one row for the whole selection
-- include: filters
-- sources: filtered_reports → report_figures
SELECT
    count(*)                                                        AS reports_count,
    count(DISTINCT agency_id)                                       AS agencies_count,  -- agency_id: one per agency_key
    sum(applications__new_received__total)::BIGINT                  AS applications_received_count,
    count(applications__new_received__total)                        AS reports_with_applications_count,
    count(*) FILTER (WHERE template = 'pre2019')                    AS pre2019_reports_count,
    count(*) FILTER (
        WHERE template IN ('2019', '2021') AND cells_expected > 0 AND cells_zero = cells_expected
    )                                                               AS zero_activity_count,
    count(*) FILTER (WHERE synthetic)                               AS synthetic_count,
    min(year)                                                       AS first_year,
    max(year)                                                       AS last_year
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind);
