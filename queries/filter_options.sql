-- name: filter_options
-- title: 筛选项
-- definition: Every province, city, district, year and agency kind present among current reports,
--   for the sidebar's cascading filters (one row per distinct combination).
-- grain: one row per province, city, district, year and agency kind
-- params:
-- sources: stg_reports
SELECT DISTINCT province, city, district, year, agency_kind, agency_kind_label
FROM stg_reports
ORDER BY province NULLS LAST, city NULLS LAST, district NULLS LAST, year, agency_kind;
