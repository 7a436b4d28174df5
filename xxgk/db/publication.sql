-- Publication on time (R12) and changes after publication (R13), from the reports' publication
-- dates and source URLs (written by `xxgk ingest` from a collector's manifest, or read from the
-- report's text) and the deadline table publication_deadlines (data/publication_deadlines.csv:
-- one row per agency kind: month and day of the year after the year reported on).
--
-- publication_status: one row per report version.
--   deadline   the last day to publish; NULL when the table has no row for the agency kind
--   status     on_time | late | unknown (no publication date, no year, or no deadline for the kind)
--   published_from_label  where the date came from, in Chinese
CREATE TABLE IF NOT EXISTS publication_deadlines (agency_kind VARCHAR, month INTEGER, day INTEGER, basis VARCHAR);

-- Staging names this file's views carried until 2026-12, though they compute: stg_publication_status.
-- A database written then loses them when the first load or `xxgk serve` runs this file.
DROP VIEW IF EXISTS stg_publication_status;

CREATE OR REPLACE VIEW publication_status AS
SELECT
    r.report_id,
    r.published_at,
    r.published_from,
    r.source_url,
    r.source_version,
    d.basis AS deadline_basis,
    CASE WHEN r.year IS NOT NULL AND d.month IS NOT NULL THEN make_date(r.year + 1, d.month, d.day) END AS deadline,
    CASE
        WHEN r.published_at IS NULL OR r.year IS NULL OR d.month IS NULL THEN 'unknown'
        WHEN r.published_at <= make_date(r.year + 1, d.month, d.day) THEN 'on_time'
        ELSE 'late'
    END AS status,
    -- the words from xxgk.vocabulary; "page line <field>" shows the field's name in place of {}
    coalesce((SELECT replace(k.label, '{}', substr(r.published_from, 11)) FROM label_catalog AS k
              WHERE k.vocabulary = 'published_from'
                AND k.code = CASE WHEN starts_with(r.published_from, 'meta ') THEN 'meta'
                                  WHEN starts_with(r.published_from, 'page line ') THEN 'page line'
                                  ELSE r.published_from END),
             r.published_from) AS published_from_label
FROM reports AS r
LEFT JOIN publication_deadlines AS d ON d.agency_kind = r.agency_kind;
