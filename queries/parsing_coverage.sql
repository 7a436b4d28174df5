-- name: parsing_coverage
-- title: 未能完整读取的报告
-- definition: Current reports whose tables could not be read in full: fewer template cells read than
--   the template has (cells_read < cells_expected), or no national template recognised (pre-2019
--   layouts, whose statistics table has codes of its own and cells_expected = the cells of the rows
--   it prints, and unrecognised reports).
--   read_pct = cells_read / cells_expected × 100. Blank and marked cells count as read.
-- grain: one row per report; rows_count, the same on every row, counts the whole list
-- include: filters, page_rows
-- sources: filtered_reports → report_figures
WITH partial AS (
    SELECT
        report_id, agency, agency_kind_label, province, city, district, year,
        coalesce(template, '未识别') AS template,
        cells_read, cells_expected,
        rate_pct(cells_read, cells_expected) AS read_pct,
        cells_blank, cells_mark
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE cells_read < cells_expected OR template IS NULL OR template NOT IN ('2019', '2021')
)
SELECT *, (SELECT count(*) FROM partial) AS rows_count
FROM partial
ORDER BY read_pct NULLS FIRST, province, city, district, agency, year
LIMIT page_rows($all_rows);
