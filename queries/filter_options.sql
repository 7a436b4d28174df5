-- name: filter_options
-- title: 筛选项
-- definition: Every province, city, district and year present among current reports, for the
--   sidebar's cascading filters (one row per distinct combination; the agency kinds are a fixed
--   list). Read from report_filter_options, which each load rebuilds from the current reports.
-- grain: one row per province, city, district and year
-- params:
-- sources: report_filter_options (the distinct places and years of current_reports)
SELECT province, city, district, year
FROM report_filter_options
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST, year;
