-- R4, per cell of the three tables of a national-template report: a count is a whole number, not
-- negative; an amount (行政事业性收费 本年收费金额, 政府集中采购 采购总金额) may have decimals but is
-- not negative; the 2019 template's 本年增/减 (change) may be negative but is whole. One row per
-- report (current version) and printed figure that breaks this. Blanks and marks are not figures
-- (NULL in report_facts, kind <> 'number' in extra_cells) and are not listed.
WITH figures AS (
    SELECT report_id, replace(figure, '__', '.') AS cell, split_part(figure, '__', 3) AS column_code, value
    FROM (
        UNPIVOT (SELECT report_id, COLUMNS('^(active_disclosure|applications|review_litigation)__')
                 FROM report_facts WHERE template IN ('2019', '2021'))
        ON COLUMNS('^(active_disclosure|applications|review_litigation)__') INTO NAME figure VALUE value
    )
    UNION ALL
    SELECT e.report_id, concat_ws('.', e.table_name, e.row_code, e.column_code), e.column_code, e.value
    FROM extra_cells AS e
    JOIN report_facts AS r USING (report_id)
    WHERE r.template IN ('2019', '2021') AND e.kind = 'number'
      AND e.table_name IN ('active_disclosure', 'applications', 'review_litigation')
)
SELECT report_id, 'R4' AS rule, cell
FROM figures
WHERE CASE
    WHEN cell IN ('active_disclosure.fees.amount_10k_yuan', 'active_disclosure.procurement.amount') THEN value < 0
    WHEN cell LIKE 'active_disclosure.%' AND column_code = 'change' THEN value <> trunc(value)
    ELSE value < 0 OR value <> trunc(value)
END
