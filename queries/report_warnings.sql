-- name: report_warnings
-- title: 解析提示
-- definition: What the parser noted while reading one report (figures split, cells aligned, text
--   cut inside a table …), in the order it noted them.
-- grain: one row per warning
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: parse_warnings (no staging view; read as stored)
SELECT message FROM parse_warnings WHERE report_id = $report;
