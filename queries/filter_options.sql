-- name: filter_options
-- title: 筛选项
-- definition: Every province, city, district, year and agency kind present among current reports,
--   for the sidebar's cascading filters (one row per distinct combination). Read from
--   report_filter_options, which each load rebuilds from the current reports.
-- grain: one row per province, city, district, year and agency kind
-- params:
-- sources: report_filter_options (the distinct combinations of stg_reports)
SELECT province, city, district, year, agency_kind, agency_kind_label
FROM report_filter_options
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST, year, agency_kind;
