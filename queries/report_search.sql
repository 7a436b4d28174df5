-- name: report_search
-- title: 查找报告
-- definition: Current reports in the selection whose agency name or title contains $search, newest
--   year first; at most 200, for opening one in the report view. revision_label marks a report
--   that replaced an earlier version of itself (已修订: a corrected re-publication).
-- grain: one row per report
-- include: filters
-- params:
--   $search  text the agency name or title must contain; NULL = any report
-- sources: filtered_reports → report_figures; label_catalog
SELECT
    report_id, agency, agency_kind_label, province, city, district, year, template, format,
    revisions_count,
    CASE WHEN revisions_count > 0
         THEN (SELECT replace(label, '{}', revisions_count::VARCHAR) FROM label_catalog
               WHERE vocabulary = 'revision' AND code = 'revised')
         ELSE '' END AS revision_label
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
WHERE $search IS NULL OR contains(agency, $search) OR contains(coalesce(title, ''), $search)
ORDER BY year DESC NULLS LAST, province, city, district, agency
LIMIT 200;
