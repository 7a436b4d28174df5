-- name: active_disclosure_volume
-- title: 主动公开数量
-- definition: Table 2 (主动公开政府信息情况) summed per year over the reports that print each figure:
--   regulations and normative documents made this year (规章 / 规范性文件: 本年制发件数 in the 2021
--   template, 本年新制作数量 in the 2019 one), decisions on licences (行政许可), penalties (行政处罚)
--   and coercive measures (行政强制) (处理决定数量), and fees collected (行政事业性收费, 本年收费金额,
--   万元; 2021 template only). Beside each sum, *_reports_count says how many reports printed the
--   figure as a number; a sum over no printed figure is NULL (未填报), never 0.
-- grain: one row per year
-- include: filters
-- sources: filtered_reports → report_figures
WITH volumes AS (
    SELECT
        year,
        coalesce(active_disclosure__regulations__issued, active_disclosure__regulations__produced) AS regulations,
        coalesce(active_disclosure__normative_documents__issued, active_disclosure__normative_documents__produced)
            AS normative_documents,
        active_disclosure__licensing__decisions AS licensing,
        active_disclosure__penalty__decisions   AS penalty,
        active_disclosure__coercion__decisions  AS coercion,
        active_disclosure__fees__amount_10k_yuan AS fees
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE year IS NOT NULL AND template IN ('2019', '2021')
)
SELECT
    year,
    count(*)                                  AS reports_count,
    sum(regulations)::BIGINT                  AS regulations_issued_count,
    count(regulations)                        AS regulations_reports_count,
    sum(normative_documents)::BIGINT          AS normative_documents_issued_count,
    count(normative_documents)                AS normative_documents_reports_count,
    sum(licensing)::BIGINT                    AS licensing_decisions_count,
    count(licensing)                          AS licensing_reports_count,
    sum(penalty)::BIGINT                      AS penalty_decisions_count,
    count(penalty)                            AS penalty_reports_count,
    sum(coercion)::BIGINT                     AS coercion_decisions_count,
    count(coercion)                           AS coercion_reports_count,
    round(sum(fees), 2)                       AS fees_10k_yuan,
    count(fees)                               AS fees_reports_count
FROM volumes
GROUP BY year
ORDER BY year;
