-- name: report_prose_facts
-- title: 正文中的数字
-- definition: The figures one report states in its prose (信息采用率, 门户网站公开信息 …), each with the
--   sentence it was read from and where that sentence starts in the text (character offset).
-- grain: one row per prose fact
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: stg_prose_facts
SELECT code, value, sentence, start
FROM stg_prose_facts
WHERE report_id = $report
ORDER BY start NULLS LAST, code;
