-- name: agency_profile
-- title: 机构画像
-- definition: One agency across the years against its peers (同类机构): the other agencies of the same
--   kind in the selected place (the agency's own kind, whatever the kind filter says), year by year.
--   For each measure, agency_value is the agency's figure and peer_median_value the median over the
--   peers that print it (peers_count of them). Measures: new_received (本年新收申请, 总计), processed
--   (办理结果总计), disclosure_rate_pct (实质公开率, as in disclosure_rate), not_held_rate_pct
--   (不掌握信息比例), carried_forward (结转下年度), review (行政复议总计), litigation (行政诉讼总计, both
--   blocks), licensing / penalty (行政许可 / 行政处罚 处理决定数量). A blank figure is absent, not 0.
--   Operand rule (README, "Sums and rates"): a rate exists only for a report whose numerator and
--   denominator cells are all printed numbers (and that processed an application).
-- grain: one row per year and measure in which the agency has a report
-- params:
--   $agency_key  the agency: its name and region code joined by "|" (agency_key of agency_list)
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
-- sources: filtered_reports → report_figures; report_figures; label_catalog
WITH agency AS (
    SELECT agency_kind FROM report_figures WHERE agency_key = $agency_key ORDER BY year DESC LIMIT 1
),
candidates AS (
    SELECT * FROM filtered_reports($province, $city, $district, $year_from, $year_to, NULL)
    WHERE agency_kind = (SELECT agency_kind FROM agency)
      AND agency_key IS DISTINCT FROM $agency_key
    UNION ALL
    -- the agency itself, even where the place filter would leave it out
    SELECT * FROM report_figures
    WHERE agency_key = $agency_key
      AND ($year_from IS NULL OR year >= $year_from)
      AND ($year_to IS NULL OR year <= $year_to)
),
measured AS (
    SELECT
        agency_key IS NOT DISTINCT FROM $agency_key AS is_agency,
        year,
        report_id,
        applications__new_received__total    AS new_received,
        applications__total_processed__total AS processed,
        CASE WHEN applications__total_processed__total > 0
             THEN disclosure_rate_pct(applications__granted__total, applications__partially_granted__total,
                                 applications__total_processed__total) END AS disclosure_rate_pct,
        CASE WHEN applications__total_processed__total > 0
             THEN round(100.0 * applications__unable_not_held__total
                        / applications__total_processed__total, 1) END AS not_held_rate_pct,
        applications__carried_forward__total AS carried_forward,
        review_litigation__review__total     AS review,
        review_litigation__litigation_direct__total + review_litigation__litigation_after_review__total
            AS litigation,
        active_disclosure__licensing__decisions AS licensing,
        active_disclosure__penalty__decisions   AS penalty
    FROM candidates
    WHERE year IS NOT NULL
),
long AS (
    SELECT is_agency, year, report_id, measure, value
    FROM (SELECT * FROM measured WHERE is_agency) AS m
    UNPIVOT (value FOR measure IN (new_received, processed, disclosure_rate_pct, not_held_rate_pct,
                                   carried_forward, review, litigation, licensing, penalty))
),
peers AS (
    SELECT year, measure, median(value) AS peer_median_value, count(value) AS peers_count
    FROM (SELECT * FROM measured WHERE NOT is_agency)
    UNPIVOT (value FOR measure IN (new_received, processed, disclosure_rate_pct, not_held_rate_pct,
                                   carried_forward, review, litigation, licensing, penalty))
    GROUP BY year, measure
)
SELECT
    a.year,
    a.measure,
    (SELECT label FROM label_catalog WHERE vocabulary = 'measure' AND code = a.measure) AS measure_label,
    a.value                              AS agency_value,
    p.peer_median_value,
    coalesce(p.peers_count, 0)           AS peers_count,
    a.report_id
FROM long AS a
LEFT JOIN peers AS p USING (year, measure)
ORDER BY
    CASE a.measure
        WHEN 'new_received' THEN 1 WHEN 'processed' THEN 2 WHEN 'disclosure_rate_pct' THEN 3
        WHEN 'not_held_rate_pct' THEN 4 WHEN 'carried_forward' THEN 5 WHEN 'review' THEN 6
        WHEN 'litigation' THEN 7 WHEN 'licensing' THEN 8 ELSE 9
    END,
    a.year;
