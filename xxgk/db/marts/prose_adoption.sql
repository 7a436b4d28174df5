-- Mart: the adoption figures a report's prose states, one row per report that states any
-- (prose__info_submitted, prose__info_adopted, prose__adoption_rate_stated_pct) with the sentence
-- they were read from (prose__adoption_sentence: the rate's, else the adopted figure's, else the
-- submitted figure's). A view: report_facts_of (report_facts.sql) joins it to the current reports.
CREATE OR REPLACE VIEW prose_adoption AS
SELECT
    report_id,
    max(value) FILTER (WHERE code = 'info_submitted')           AS prose__info_submitted,
    max(value) FILTER (WHERE code = 'info_adopted')             AS prose__info_adopted,
    max(value) FILTER (WHERE code = 'adoption_rate_stated_pct') AS prose__adoption_rate_stated_pct,
    coalesce(
        max(sentence) FILTER (WHERE code = 'adoption_rate_stated_pct'),
        max(sentence) FILTER (WHERE code = 'info_adopted'),
        max(sentence) FILTER (WHERE code = 'info_submitted')
    )                                                           AS prose__adoption_sentence
FROM stg_prose_facts
WHERE code IN ('info_submitted', 'info_adopted', 'adoption_rate_stated_pct')
GROUP BY report_id;
