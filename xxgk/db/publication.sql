-- Publication on time (R12) and changes after publication (R13), from the reports' publication
-- dates and source URLs (written by `xxgk ingest` from a collector's manifest, or read from the
-- report's text) and the deadline table publication_deadlines (data/publication_deadlines.csv:
-- one row per agency kind: month and day of the year after the year reported on).
--
-- stg_publication_status: one row per report version.
--   deadline   the last day to publish; NULL when the table has no row for the agency kind
--   status     on_time | late | unknown (no publication date, no year, or no deadline for the kind)
--   published_from_label  where the date came from, in Chinese
CREATE TABLE IF NOT EXISTS publication_deadlines (agency_kind VARCHAR, month INTEGER, day INTEGER, basis VARCHAR);

CREATE OR REPLACE VIEW stg_publication_status AS
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
    CASE
        WHEN r.published_from IS NULL THEN NULL
        WHEN r.published_from = 'report text' THEN '报告正文中的日期'
        WHEN r.published_from = 'list date' THEN '栏目列表中的日期'
        WHEN r.published_from = 'URL path' THEN '网址中的日期'
        WHEN starts_with(r.published_from, 'meta ') THEN '网页元数据中的发布日期'
        WHEN starts_with(r.published_from, 'page line ') THEN '网页上的“' || substr(r.published_from, 11) || '”'
        ELSE r.published_from
    END AS published_from_label
FROM reports AS r
LEFT JOIN publication_deadlines AS d ON d.agency_kind = r.agency_kind;
