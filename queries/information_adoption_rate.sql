-- name: information_adoption_rate
-- title: 信息采用率（按机构年度）
-- definition: 信息采用率 (information adoption rate): the share of the government information an
--   agency submitted (上报/报送政务信息) that was adopted (被采用), as stated in the report's prose.
--   stated_rate_pct is the rate the report prints; computed_rate_pct = adopted / submitted × 100
--   from the figures it prints; difference_pct_points = stated − computed, and mismatch is true when
--   they differ by more than 0.5 point (the rounding tolerance of rule R9). A figure the prose does
--   not state is NULL, never 0.
-- grain: one row per report (agency-year) that states at least one of the three figures
-- params:
--   $province   province name; NULL = all provinces
--   $city       prefecture-level city name; NULL = all cities
--   $district   county-level district name; NULL = all districts
--   $year_from  first year, inclusive; NULL = no lower bound
--   $year_to    last year, inclusive; NULL = no upper bound
--   $kind       agency kind code (government, department, township, street, other); NULL = all kinds
-- sources: filtered_reports → stg_report_figures; stg_prose_facts
WITH selected AS (
    SELECT * FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
),
-- the selected reports' facts only: grouping every report's facts first costs seconds nationally
facts AS (
    SELECT
        report_id,
        max(value) FILTER (WHERE code = 'info_submitted')           AS submitted_count,
        max(value) FILTER (WHERE code = 'info_adopted')             AS adopted_count,
        max(value) FILTER (WHERE code = 'adoption_rate_stated_pct') AS stated_rate_pct,
        coalesce(
            max(sentence) FILTER (WHERE code = 'adoption_rate_stated_pct'),
            max(sentence) FILTER (WHERE code = 'info_adopted'),
            max(sentence) FILTER (WHERE code = 'info_submitted')
        )                                                           AS sentence
    FROM stg_prose_facts
    WHERE code IN ('info_submitted', 'info_adopted', 'adoption_rate_stated_pct')
      AND report_id IN (SELECT report_id FROM selected)
    GROUP BY report_id
),
rates AS (
    SELECT
        r.report_id, r.agency, r.agency_kind_label, r.province, r.city, r.district, r.year,
        f.submitted_count, f.adopted_count, f.stated_rate_pct,
        100.0 * f.adopted_count / nullif(f.submitted_count, 0) AS computed_exact_pct,
        f.sentence
    FROM selected AS r
    JOIN facts AS f USING (report_id)
)
SELECT
    report_id, agency, agency_kind_label, province, city, district, year,
    submitted_count::BIGINT                                AS submitted_count,
    adopted_count::BIGINT                                  AS adopted_count,
    stated_rate_pct,
    round(computed_exact_pct, 1)                           AS computed_rate_pct,
    round(stated_rate_pct - computed_exact_pct, 1)         AS difference_pct_points,
    abs(stated_rate_pct - computed_exact_pct) > 0.5        AS mismatch,
    sentence
FROM rates
ORDER BY province, city, district, agency, year;
