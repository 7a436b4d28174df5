-- name: report_text
-- title: 报告原文
-- definition: The text the reader produced from the report file, line by line as the parser saw it
--   (cells' line numbers refer to it). Shown as text, never as HTML.
-- grain: one row (none when the report_id is unknown)
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: report_texts (no staging view; read as stored)
SELECT report_id, text FROM report_texts WHERE report_id = $report;
