-- name: application_outcomes
-- title: 依申请公开办理结果构成
-- definition: How applications were answered (办理结果), as shares of the total processed
--   (三（七）总计, 总计 column): 予以公开 granted, 部分公开 partially_granted, 不予公开 denied (sum of its
--   8 sub-rows), 无法提供 unable (3), 不予处理 not_processed (5), 其他处理 other (the 2021 template's
--   3 sub-rows, or the 2019 template's single row). Each share is a rate under the operand rule
--   (README, "Sums and rates"): a report counts for an outcome only when every cell of that outcome
--   and its 总计 are printed numbers; outcome_count and processed_count sum those reports
--   (counted_reports_count of them), and any other report (pre-2019 reports aside: their table has
--   codes of its own) is left out of both and counted in excluded_reports_count. A blank outcome is
--   therefore never a 0 against a total that stays in the denominator. unaccounted (与总计的差额) is
--   总计 minus the six outcomes over the reports printing all of them, listed only when they do not add
--   up (rule R2). share_pct = outcome_count / processed_count × 100.
-- grain: one row per year and outcome with a report counted or excluded (years whose counted reports
--   processed no application and whose reports leave nothing out are left out)
-- include: filters
-- sources: filtered_reports → report_figures; label_catalog
WITH per_report AS (
    SELECT
        year,
        template IS DISTINCT FROM 'pre2019' AS modern,
        applications__total_processed__total AS processed,
        applications__granted__total AS granted,
        applications__partially_granted__total AS partially_granted,
        -- a group is NULL when any of its cells is not a printed number
        applications__denied_state_secret__total + applications__denied_law_prohibited__total
          + applications__denied_three_safety__total + applications__denied_third_party__total
          + applications__denied_internal_affairs__total + applications__denied_process_info__total
          + applications__denied_enforcement_file__total + applications__denied_admin_query__total AS denied,
        applications__unable_not_held__total + applications__unable_needs_creation__total
          + applications__unable_unclear__total AS unable,
        applications__not_processed_petition__total + applications__not_processed_duplicate__total
          + applications__not_processed_publication__total + applications__not_processed_excessive__total
          + applications__not_processed_confirmation__total AS not_processed,
        CASE WHEN template = '2019' THEN applications__other_handling__total
             ELSE applications__other_no_correction__total + applications__other_no_fee__total
                  + applications__other_other__total END AS other
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
    WHERE year IS NOT NULL
),
with_difference AS (
    SELECT *, processed - (granted + partially_granted + denied + unable + not_processed + other) AS unaccounted
    FROM per_report
),
per_outcome AS (
    -- one row per report and outcome (the difference too); value NULL when not all printed
    SELECT *
    FROM with_difference
    UNPIVOT INCLUDE NULLS (
        value FOR outcome IN (granted, partially_granted, denied, unable, not_processed, other, unaccounted)
    )
),
outcomes AS (
    SELECT
        year,
        outcome,
        sum(value) FILTER (WHERE value IS NOT NULL AND processed IS NOT NULL) AS outcome_count,
        sum(processed) FILTER (WHERE value IS NOT NULL AND processed IS NOT NULL) AS processed,
        count(*) FILTER (WHERE value IS NOT NULL AND processed IS NOT NULL) AS counted,
        count(*) FILTER (WHERE modern AND (value IS NULL OR processed IS NULL)) AS excluded
    FROM per_outcome
    GROUP BY year, outcome
)
SELECT
    year,
    outcome,
    (SELECT label FROM label_catalog WHERE vocabulary = 'outcome' AND code = outcome) AS outcome_label,
    outcome_count::BIGINT                                  AS outcome_count,
    processed::BIGINT                                      AS processed_count,
    rate_pct(outcome_count, processed) AS share_pct,
    counted                                                AS counted_reports_count,
    excluded                                               AS excluded_reports_count
FROM outcomes
WHERE CASE WHEN outcome = 'unaccounted' THEN outcome_count <> 0
           ELSE processed > 0 OR excluded > 0 END
ORDER BY
    year,
    CASE outcome
        WHEN 'granted' THEN 1 WHEN 'partially_granted' THEN 2 WHEN 'denied' THEN 3
        WHEN 'unable' THEN 4 WHEN 'not_processed' THEN 5 WHEN 'other' THEN 6 ELSE 7
    END;
