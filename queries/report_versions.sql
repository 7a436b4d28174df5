-- name: report_versions
-- title: 报告的各个版本
-- definition: Every loaded version of the same agency's report (version_key) for the same year (a
--   corrected re-publication is loaded as a new version; the newest loaded is current), newest first.
-- grain: one row per report version of the agency-year of $report
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: stg_report_versions
WITH target AS (
    SELECT version_key, year FROM stg_report_versions WHERE report_id = $report
)
SELECT v.report_id, v.loaded_at, v.load_seq, v.is_current, v.path, v.format, v.title
FROM stg_report_versions AS v
JOIN target AS t
  ON v.version_key = t.version_key
 AND v.year IS NOT DISTINCT FROM t.year
ORDER BY v.load_seq DESC;
