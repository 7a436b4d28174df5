-- name: version_counts
-- title: 全部版本的数量
-- definition: What the database holds counting every loaded report version, current or superseded:
--   report versions, agencies (distinct version_key: one per agency_key, a report of no known agency
--   being its own), synthetic versions and findings of any version. What `xxgk status
--   --all-versions` prints; overview_kpis counts the current versions only.
-- grain: one row
-- sources: report_versions, stg_findings
SELECT
    (SELECT count(*) FROM report_versions)                       AS reports_count,
    (SELECT count(DISTINCT version_key) FROM report_versions)    AS agencies_count,
    (SELECT count(*) FROM report_versions WHERE synthetic)       AS synthetic_count,
    (SELECT count(*) FROM stg_findings)                              AS findings_count;
