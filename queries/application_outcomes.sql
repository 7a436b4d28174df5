-- name: application_outcomes
-- title: 依申请公开办理结果构成
-- definition: How applications were answered (办理结果), as shares of the total processed
--   (三（七）总计, 总计 column): 予以公开 granted, 部分公开 partially_granted, 不予公开 denied (sum of its
--   8 sub-rows), 无法提供 unable (3), 不予处理 not_processed (5), 其他处理 other (the 2021 template's
--   3 sub-rows, or the 2019 template's single row). Only reports that print the total take part;
--   outcome_count sums their outcome cells (a blank cell adds nothing) and processed_count their
--   totals. unaccounted is total minus the six outcomes, listed only when the reports do not add up
--   (rule R2). share_pct = outcome_count / processed_count × 100.
-- grain: one row per year and outcome (years whose reports processed no application are left out)
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures
WITH processed AS (
    SELECT
        year,
        count(*)                                                 AS reports_count,
        sum(applications__total_processed__total)                AS processed,
        sum(coalesce(applications__granted__total, 0))           AS granted,
        sum(coalesce(applications__partially_granted__total, 0)) AS partially_granted,
        sum(coalesce(applications__denied_state_secret__total, 0)
          + coalesce(applications__denied_law_prohibited__total, 0)
          + coalesce(applications__denied_three_safety__total, 0)
          + coalesce(applications__denied_third_party__total, 0)
          + coalesce(applications__denied_internal_affairs__total, 0)
          + coalesce(applications__denied_process_info__total, 0)
          + coalesce(applications__denied_enforcement_file__total, 0)
          + coalesce(applications__denied_admin_query__total, 0))  AS denied,
        sum(coalesce(applications__unable_not_held__total, 0)
          + coalesce(applications__unable_needs_creation__total, 0)
          + coalesce(applications__unable_unclear__total, 0))      AS unable,
        sum(coalesce(applications__not_processed_petition__total, 0)
          + coalesce(applications__not_processed_duplicate__total, 0)
          + coalesce(applications__not_processed_publication__total, 0)
          + coalesce(applications__not_processed_excessive__total, 0)
          + coalesce(applications__not_processed_confirmation__total, 0)) AS not_processed,
        sum(coalesce(applications__other_no_correction__total, 0)
          + coalesce(applications__other_no_fee__total, 0)
          + coalesce(applications__other_other__total, 0)
          + coalesce(applications__other_handling__total, 0))      AS other
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE applications__total_processed__total IS NOT NULL
      AND year IS NOT NULL
    GROUP BY year
),
outcomes AS (
    SELECT year, reports_count, processed, outcome, outcome_count
    FROM (
        SELECT *, processed - (granted + partially_granted + denied + unable + not_processed + other) AS unaccounted
        FROM processed
    )
    UNPIVOT (outcome_count FOR outcome IN (granted, partially_granted, denied, unable, not_processed, other, unaccounted))
)
SELECT
    year,
    outcome,
    CASE outcome
        WHEN 'granted' THEN '予以公开'
        WHEN 'partially_granted' THEN '部分公开'
        WHEN 'denied' THEN '不予公开'
        WHEN 'unable' THEN '无法提供'
        WHEN 'not_processed' THEN '不予处理'
        WHEN 'other' THEN '其他处理'
        ELSE '与总计的差额'
    END                                                    AS outcome_label,
    outcome_count::BIGINT                                  AS outcome_count,
    processed::BIGINT                                      AS processed_count,
    round(100.0 * outcome_count / nullif(processed, 0), 1) AS share_pct,
    reports_count
FROM outcomes
WHERE processed > 0
  AND (outcome <> 'unaccounted' OR outcome_count <> 0)
ORDER BY
    year,
    CASE outcome
        WHEN 'granted' THEN 1 WHEN 'partially_granted' THEN 2 WHEN 'denied' THEN 3
        WHEN 'unable' THEN 4 WHEN 'not_processed' THEN 5 WHEN 'other' THEN 6 ELSE 7
    END;
