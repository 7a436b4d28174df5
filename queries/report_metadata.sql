-- name: report_metadata
-- title: 报告信息
-- definition: Everything known about one report version: agency, year, template, region, the file it
--   was read from (path, format, encoding), whether it is the current version of its agency-year and
--   how many versions that agency-year has, and how many template cells were read and how
--   (number, of which zero; blank; mark); for a collected report its source URL, where its
--   publication date came from (published_from_label) and whether it was on time (R12 status).
-- grain: one row (none when the report_id is unknown)
-- params:
--   $report  the report_id (sha256 of the file) of one report version
-- sources: report_versions; reports (encoding: no staging view carries it); publication_status
WITH encodings AS (
    SELECT report_id, encoding FROM reports WHERE report_id = $report
)
SELECT
    v.report_id, v.agency, v.agency_key, v.agency_kind_label, v.year, v.template, v.title,
    v.province, v.city, v.district, v.region_code,
    v.path, v.format, e.encoding,
    v.is_current, v.revisions_count, v.current_basis, v.choice_reason, v.published_at, v.synthetic,
    v.cells_expected, v.cells_read, v.cells_number, v.cells_zero, v.cells_blank, v.cells_mark,
    v.loaded_at,
    p.source_url, p.published_from_label, p.status AS publication_status, p.deadline
FROM report_versions AS v
LEFT JOIN encodings AS e USING (report_id)
LEFT JOIN publication_status AS p USING (report_id)
WHERE v.report_id = $report;
