-- name: report_versions
-- title: 报告的各个版本
-- definition: Every loaded version of the same agency's report (agency_key) for the same year (a
--   corrected re-publication is loaded as a new version; the newest loaded is current), newest first.
-- grain: one row per report version of the agency-year of $report
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: stg_report_versions
WITH target AS (
    SELECT coalesce(agency_key, report_id) AS version_key, year FROM stg_report_versions WHERE report_id = $report
)
-- a report whose agency was not recognised (agency_key NULL) is a version of itself only
SELECT v.report_id, v.loaded_at, v.load_seq, v.is_current, v.path, v.format, v.title
FROM stg_report_versions AS v
JOIN target AS t
  ON coalesce(v.agency_key, v.report_id) = t.version_key
 AND v.year IS NOT DISTINCT FROM t.year
ORDER BY v.load_seq DESC;
