-- R3, per row of table 3: 总计 = 自然人 + the five kinds of 法人或其他组织 (商业企业, 科研机构,
-- 社会公益组织, 法律服务机构, 其他). One row per report (current version, national template) and row
-- where all seven figures are printed as numbers and the total differs from the sum of the six —
-- smaller or larger — named by the row's total cell.
WITH cells AS (
    SELECT report_id, split_part(figure, '__', 2) AS row_code, split_part(figure, '__', 3) AS column_code, value
    FROM (
        UNPIVOT (SELECT report_id, COLUMNS('^applications__') FROM report_facts WHERE template IN ('2019', '2021'))
        ON COLUMNS('^applications__') INTO NAME figure VALUE value
    )
    WHERE split_part(figure, '__', 3) IN
          ('natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total')
)
SELECT report_id, 'R3' AS rule, 'applications.' || row_code || '.total' AS cell
FROM cells
GROUP BY report_id, row_code
HAVING count(*) = 7
   AND abs(sum(value) FILTER (WHERE column_code = 'total')
           - sum(value) FILTER (WHERE column_code <> 'total')) > 1e-6
