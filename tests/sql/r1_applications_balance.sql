-- R1, per column of table 3 (the table's own header: 第一项加第二项之和，等于第三项加第四项之和):
--   new_received + carried_over = total_processed + carried_forward
-- One row per report (current version, national template) and column where all four figures are
-- printed as numbers and the two sides differ; named by the column's new_received cell, as the
-- rule engine names its findings. A blank, a mark or a cell not read (NULL in report_facts) leaves
-- the column unchecked, so it is not listed here.
WITH cells AS (
    SELECT report_id, split_part(figure, '__', 2) AS row_code, split_part(figure, '__', 3) AS column_code, value
    FROM (
        UNPIVOT (SELECT report_id, COLUMNS('^applications__') FROM report_facts WHERE template IN ('2019', '2021'))
        ON COLUMNS('^applications__') INTO NAME figure VALUE value
    )
    WHERE split_part(figure, '__', 2) IN ('new_received', 'carried_over', 'total_processed', 'carried_forward')
)
SELECT report_id, 'R1' AS rule, 'applications.new_received.' || column_code AS cell
FROM cells
GROUP BY report_id, column_code
HAVING count(*) = 4
   AND abs(sum(value) FILTER (WHERE row_code IN ('new_received', 'carried_over'))
           - sum(value) FILTER (WHERE row_code IN ('total_processed', 'carried_forward'))) > 1e-6
