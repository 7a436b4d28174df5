-- R5, per block of table 4 (行政复议, 未经复议直接起诉, 复议后起诉):
--   结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计
-- One row per report (current version, national template) and block where all five figures are
-- printed as numbers and the total differs from the sum of the four — smaller or larger — named by
-- the block's total cell.
WITH cells AS (
    SELECT report_id, split_part(figure, '__', 2) AS block, split_part(figure, '__', 3) AS column_code, value
    FROM (
        UNPIVOT (SELECT report_id, COLUMNS('^review_litigation__') FROM report_facts WHERE template IN ('2019', '2021'))
        ON COLUMNS('^review_litigation__') INTO NAME figure VALUE value
    )
    WHERE split_part(figure, '__', 3) IN ('upheld', 'corrected', 'other', 'pending', 'total')
)
SELECT report_id, 'R5' AS rule, 'review_litigation.' || block || '.total' AS cell
FROM cells
GROUP BY report_id, block
HAVING count(*) = 5
   AND abs(sum(value) FILTER (WHERE column_code = 'total')
           - sum(value) FILTER (WHERE column_code <> 'total')) > 1e-6
