-- name: report_versions
-- title: 报告的各个版本
-- definition: Every loaded version of the same agency's report (version_key) for the same year (a
--   corrected re-publication is loaded as a new version), current first, then newest loaded first;
--   with its publication date where the report states one and how the current version was decided
--   (current_basis: admin 管理员指定, with the reason, who and when; published 依发布日期, when every
--   version states a date; load_order 依载入顺序; only 仅有一个版本).
-- grain: one row per report version of the agency-year of $report
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: report_versions
WITH target AS (
    SELECT version_key, year FROM report_versions WHERE report_id = $report
)
SELECT v.report_id, v.loaded_at, v.load_seq, v.published_at, v.is_current, v.current_basis,
       v.choice_reason, v.chosen_by, v.chosen_at, v.path, v.format, v.title
FROM report_versions AS v
JOIN target AS t
  ON v.version_key = t.version_key
 AND v.year IS NOT DISTINCT FROM t.year
ORDER BY v.is_current DESC, v.load_seq DESC;
