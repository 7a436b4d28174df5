-- name: findings_by_rule
-- title: 各核查规则的发现
-- definition: Findings of the consistency rules R1–R11 (核查发现) about the current reports of the
--   selection, per rule and severity: error (错误, arithmetic that does not add up), warning (警示,
--   soft rules), info (提示) and unchecked (无法核对: a blank, a mark or an unread cell stopped the
--   rule). findings_count counts findings, reports_count the reports with at least one, and
--   reports_pct that as a share of all reports selected. rule_name is the rule's Chinese name.
-- grain: one row per rule and severity that has findings
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures; stg_findings
WITH rule_names (rule, rule_name, rule_order) AS (
    VALUES
        ('R1', '申请办理勾稽关系（新收+上年结转=办理结果总计+结转下年度）', 1),
        ('R2', '办理结果分项合计', 2),
        ('R3', '申请人分项合计', 3),
        ('R4', '数值有效性（非负整数、空白与标记）', 4),
        ('R5', '行政复议、行政诉讼分项合计', 5),
        ('R6', '正文数字与表格一致', 6),
        ('R7', '跨年衔接：上年结转=上年报告结转下年度', 7),
        ('R8', '跨年衔接：现行有效规范性文件', 8),
        ('R9', '比率与其分项一致（采用率）', 9),
        ('R10', '报告结构完整（六部分）', 10),
        ('R11', '内容雷同', 11)
),
severities (severity, severity_label, severity_order) AS (
    VALUES ('error', '错误', 1), ('warning', '警示', 2), ('info', '提示', 3), ('unchecked', '无法核对', 4)
),
selected AS (
    SELECT report_id FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
)
SELECT
    f.rule,
    n.rule_name,
    f.severity,
    s.severity_label,
    count(*)                                                                   AS findings_count,
    count(DISTINCT f.report_id)                                                AS reports_count,
    round(100.0 * count(DISTINCT f.report_id) / (SELECT count(*) FROM selected), 1) AS reports_pct
FROM stg_findings f
JOIN selected USING (report_id)
LEFT JOIN rule_names n USING (rule)
LEFT JOIN severities s USING (severity)
GROUP BY f.rule, n.rule_name, n.rule_order, f.severity, s.severity_label, s.severity_order
ORDER BY n.rule_order NULLS LAST, f.rule, s.severity_order;
