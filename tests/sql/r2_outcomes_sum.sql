-- R2, per column of table 3: 办理结果总计 (total_processed) = 予以公开 + 部分公开 + the 8 不予公开
-- rows + the 3 无法提供 rows + the 5 不予处理 rows + 其他处理 (three rows in the 2021 template, one in
-- the 2019 template). One row per report (current version) and column where the total and every
-- part are printed as numbers and they differ, named by the column's total_processed cell.
WITH parts(template, row_code) AS (
    SELECT t.template, r.row_code
    FROM (VALUES ('2019'), ('2021')) AS t(template),
         (VALUES ('granted'), ('partially_granted'),
                 ('denied_state_secret'), ('denied_law_prohibited'), ('denied_three_safety'), ('denied_third_party'),
                 ('denied_internal_affairs'), ('denied_process_info'), ('denied_enforcement_file'), ('denied_admin_query'),
                 ('unable_not_held'), ('unable_needs_creation'), ('unable_unclear'),
                 ('not_processed_petition'), ('not_processed_duplicate'), ('not_processed_publication'),
                 ('not_processed_excessive'), ('not_processed_confirmation')) AS r(row_code)
    UNION ALL VALUES ('2021', 'other_no_correction'), ('2021', 'other_no_fee'), ('2021', 'other_other'),
                     ('2019', 'other_handling')
),
cells AS (
    SELECT report_id, template, split_part(figure, '__', 2) AS row_code, split_part(figure, '__', 3) AS column_code, value
    FROM (
        UNPIVOT (SELECT report_id, template, COLUMNS('^applications__') FROM report_facts WHERE template IN ('2019', '2021'))
        ON COLUMNS('^applications__') INTO NAME figure VALUE value
    )
),
sides AS (
    SELECT c.report_id, c.template, c.column_code,
           sum(c.value) FILTER (WHERE c.row_code = 'total_processed') AS stated,
           count(*) FILTER (WHERE c.row_code = 'total_processed')     AS stated_count,
           sum(c.value) FILTER (WHERE p.row_code IS NOT NULL)         AS computed,
           count(*) FILTER (WHERE p.row_code IS NOT NULL)             AS parts_count
    FROM cells AS c
    LEFT JOIN parts AS p ON p.template = c.template AND p.row_code = c.row_code
    GROUP BY c.report_id, c.template, c.column_code
)
SELECT report_id, 'R2' AS rule, 'applications.total_processed.' || column_code AS cell
FROM sides
WHERE stated_count = 1
  AND parts_count = (SELECT count(*) FROM parts WHERE parts.template = sides.template)
  AND abs(stated - computed) > 1e-6
