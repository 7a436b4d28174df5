-- name: reports_with_problems
-- title: 入库时有缺项的报告
-- definition: Current reports that loaded with something missing (入库时有缺项): the agency not
--   recognised (未识别机构), the year not recognised (未识别年度), or tables of the report's template
--   not found (未找到表格: the statistics table of a pre-2019 layout, else 表二、表三、表四 of the
--   national templates; a report whose template was not recognised lacks all three). The same
--   problems `xxgk ingest` lists (xxgk.parse.load_problems). A table found but read only in part is
--   not listed here: parsing_coverage lists those.
-- grain: one row per report; rows_count, the same on every row, counts the whole list
-- include: filters, page_rows
-- sources: filtered_reports → stg_report_figures; reports (agency as read, parsing: no staging view
--   carries them)
WITH candidates AS (
    -- only a report with a missing agency or year, or with fewer cells read than its template has,
    -- can lack anything: the parsing JSON is read for those alone
    SELECT
        report_id,
        agency IS NULL AS no_agency,
        year IS NULL AS no_year,
        CASE WHEN template = 'pre2019' THEN ['pre2019_statistics']
             ELSE ['active_disclosure', 'applications', 'review_litigation'] END AS expected,
        parsing
    FROM reports
    WHERE agency IS NULL OR year IS NULL OR template IS NULL OR template NOT IN ('2019', '2021')
       OR cells_read < cells_expected
),
missing AS (
    SELECT
        report_id, no_agency, no_year,
        list_filter(expected, lambda t: NOT coalesce(json_extract_string(parsing, '$.' || t || '.found')::BOOLEAN, false))
            AS tables_missing
    FROM candidates
),
problems AS (
    SELECT
        f.report_id, f.agency, f.agency_kind_label, f.province, f.city, f.district, f.year, f.template, f.path,
        array_to_string(list_filter([
            CASE WHEN m.no_agency THEN '未识别机构' END,
            CASE WHEN m.no_year THEN '未识别年度' END,
            CASE WHEN len(m.tables_missing) > 0 THEN '未找到表格：' || array_to_string(list_transform(m.tables_missing,
                lambda t: CASE t WHEN 'active_disclosure' THEN '表二（主动公开）'
                            WHEN 'applications' THEN '表三（依申请公开）'
                            WHEN 'review_litigation' THEN '表四（复议诉讼）'
                            ELSE '统计表' END), '、') END
        ], lambda p: p IS NOT NULL), '；') AS problems
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) AS f
    JOIN missing AS m USING (report_id)
    WHERE m.no_agency OR m.no_year OR len(m.tables_missing) > 0
)
SELECT *, (SELECT count(*) FROM problems) AS rows_count
FROM problems
ORDER BY province NULLS FIRST, city NULLS FIRST, district NULLS FIRST, agency, year NULLS FIRST, path
LIMIT page_rows($all_rows);
