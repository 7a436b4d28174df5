-- name: zero_activity_agencies
-- title: 零活动机构
-- help: 零活动报告：表二、表三、表四每个单元格都明确填写 0 的报告（一个机构每年一份）。空白、“/”“—”等符号或未读出的单元格不算 0，这样的报告不计为零活动。
-- definition: 零活动机构 (zero-activity agencies): the current report of an agency for a year prints
--   an explicit 0 in every cell of its three tables (主动公开, 依申请公开, 行政复议/行政诉讼). A blank
--   cell, a mark such as "/" or a cell the parser could not read is not a zero, so such a report is
--   not counted here; pre-2019 reports have no national tables and are never counted.
-- grain: one row per agency and year (the current version of its report); rows_count, the same on
--   every row, counts the rows of the whole list
--   (rows_count says how many there are in all)
-- include: filters, page_rows
-- sources: filtered_reports → report_figures → reports, figures
WITH zero AS (
    SELECT
        report_id,
        agency,
        agency_kind_label,
        province,
        city,
        district,
        year,
        template,
        cells_expected AS cells_count,
        synthetic
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE template IN ('2019', '2021')
      AND cells_expected > 0
      AND cells_zero = cells_expected
)
SELECT *, (SELECT count(*) FROM zero) AS rows_count
FROM zero
ORDER BY province, city, district, agency, year
LIMIT page_rows($all_rows);
