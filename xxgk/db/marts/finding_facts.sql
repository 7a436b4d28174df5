-- Mart: finding_facts, the findings of the current reports with their reports' place and year.

-- Staging names this file's views carried until 2026-12, though they compute: stg_finding_facts_source.
-- A database written then loses them when the first load or `xxgk serve` runs this file.
DROP VIEW IF EXISTS stg_finding_facts_source;

-- The findings of the current reports, each with its report's agency, kind, place and year: what
-- the finding counts and lists filter on, so that no query joins the findings to a million report
-- ids. finding_facts is rebuilt from this by xxgk.db.refresh_findings at the very end of a load,
-- after the cross-report rules (which read report_facts) have written their findings.
CREATE OR REPLACE VIEW finding_facts_source AS
SELECT
    r.report_id,
    r.agency,
    r.agency_kind,
    r.agency_kind_label,
    r.province,
    r.city,
    r.district,
    r.year,
    f.rule,
    f.severity,
    f.message,
    f.cells
FROM stg_findings AS f
JOIN report_facts AS r USING (report_id);

CREATE TABLE IF NOT EXISTS finding_facts AS
SELECT * FROM finding_facts_source LIMIT 0;

