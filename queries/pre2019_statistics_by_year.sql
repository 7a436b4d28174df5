-- name: pre2019_statistics_by_year
-- title: 2019年以前统计表的历年数字
-- definition: The older series, per year, from the reports on the pre-2019 statistics table
--   (政府信息公开情况统计表, 本年度 column), which keep codes of their own and are never summed into the
--   2019/2021 figures: applications accepted (受理依申请公开信息总数, requests), replies (对申请的答复总数,
--   replies), of which 同意公开 granted and 同意部分公开 partially granted, information published
--   (主动公开信息数, active), 行政复议数 review and 行政诉讼数 litigation. Each sum covers the reports that
--   print the figure as a number (*_reports_count beside it) and is NULL (未填报) over none. The older
--   counterpart of 实质公开率, disclosure_rate_pct = Σ(同意公开 + 同意部分公开) / Σ答复总数, follows the
--   operand rule (README, "Sums and rates"): a report enters it only when all three are printed
--   numbers (disclosure_counted_reports_count); any other pre-2019 report is left out and counted in
--   disclosure_excluded_reports_count. These are not the modern cells they resemble (受理 is not
--   本年新收, 答复 is not 办理结果总计): pages show them as a series of their own, with the change of
--   template marked at 2019.
-- grain: one row per year with a pre-2019 report
-- include: filters
-- sources: filtered_reports → report_figures (pre2019_statistics__*: the statistics table's cells)
WITH per_report AS (
    SELECT
        year,
        pre2019_statistics__requests_total__this_year   AS requests,
        pre2019_statistics__replies_total__this_year    AS replies,
        pre2019_statistics__replies_granted__this_year  AS granted,
        pre2019_statistics__replies_partial__this_year  AS partially_granted,
        pre2019_statistics__active_total__this_year     AS active,
        pre2019_statistics__review__this_year           AS review,
        pre2019_statistics__litigation__this_year       AS litigation,
        -- the rate's numerator, NULL when any of its three operands is not a printed number
        CASE WHEN pre2019_statistics__replies_total__this_year IS NOT NULL
             THEN pre2019_statistics__replies_granted__this_year + pre2019_statistics__replies_partial__this_year
        END AS disclosed
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE template = 'pre2019' AND year IS NOT NULL
)
SELECT
    year,
    count(*)                                               AS reports_count,
    sum(requests)::BIGINT                                  AS requests_count,
    count(requests)                                        AS requests_reports_count,
    sum(replies)::BIGINT                                   AS replies_count,
    count(replies)                                         AS replies_reports_count,
    sum(granted)::BIGINT                                   AS granted_count,
    count(granted)                                         AS granted_reports_count,
    sum(partially_granted)::BIGINT                         AS partially_granted_count,
    count(partially_granted)                               AS partially_granted_reports_count,
    sum(disclosed)::BIGINT                                 AS disclosed_count,
    sum(replies) FILTER (WHERE disclosed IS NOT NULL)::BIGINT AS disclosure_replies_count,
    round(100.0 * sum(disclosed) / nullif(sum(replies) FILTER (WHERE disclosed IS NOT NULL), 0), 1)
                                                           AS disclosure_rate_pct,
    count(disclosed)                                       AS disclosure_counted_reports_count,
    count(*) - count(disclosed)                            AS disclosure_excluded_reports_count,
    sum(active)::BIGINT                                    AS active_count,
    count(active)                                          AS active_reports_count,
    sum(review)::BIGINT                                    AS review_count,
    count(review)                                          AS review_reports_count,
    sum(litigation)::BIGINT                                AS litigation_count,
    count(litigation)                                      AS litigation_reports_count
FROM per_report
GROUP BY year
ORDER BY year;
