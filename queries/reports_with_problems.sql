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
-- sources: filtered_reports → report_figures; reports (agency as read, parsing: no staging view
--   carries them); label_catalog
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
-- the words of each problem (label_catalog, from xxgk.vocabulary), the tables in the template's order
words AS (
    SELECT m.report_id, k.label_order, k.label
    FROM missing AS m
    JOIN label_catalog AS k ON k.vocabulary = 'report_problem'
        AND (k.code = 'no_agency' AND m.no_agency OR k.code = 'no_year' AND m.no_year)
    UNION ALL
    SELECT m.report_id, 100, p.label || string_agg(k.label, '、' ORDER BY k.label_order)
    FROM missing AS m, unnest(m.tables_missing) AS u(missing_table)
    JOIN label_catalog AS k ON k.vocabulary = 'table_in_lists' AND k.code = u.missing_table
    JOIN label_catalog AS p ON p.vocabulary = 'report_problem' AND p.code = 'tables_missing'
    GROUP BY m.report_id, p.label
),
problems AS (
    SELECT
        f.report_id, f.agency, f.agency_kind_label, f.province, f.city, f.district, f.year, f.template, f.path,
        w.problems
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) AS f
    JOIN (SELECT report_id, string_agg(label, '；' ORDER BY label_order) AS problems FROM words GROUP BY report_id) AS w
        USING (report_id)
)
SELECT *, (SELECT count(*) FROM problems) AS rows_count
FROM problems
ORDER BY province NULLS FIRST, city NULLS FIRST, district NULLS FIRST, agency, year NULLS FIRST, path
LIMIT page_rows($all_rows);
