-- A collector's manifest written onto the loaded reports (xxgk.collect.meta.apply_manifest_metadata).

-- name: apply
-- definition: Write the source URL, date and version of the registered table _manifest_meta onto the
--   reports (by their sha256); the manifest's date is preferred over the one read from the report's
--   text, which is marked as such where nothing else is known.
UPDATE reports AS r SET
    source_url = m.source_url,
    source_version = m.source_version,
    published_from = CASE WHEN m.published_at IS NOT NULL THEN m.published_from
                          WHEN r.published_at IS NOT NULL THEN 'report text' END,
    published_at = coalesce(m.published_at, r.published_at)
FROM _manifest_meta AS m
WHERE r.report_id = m.report_id;

-- name: mark_text_dates
-- definition: A publication date nothing else explains was read from the report's text.
UPDATE reports SET published_from = 'report text' WHERE published_from IS NULL AND published_at IS NOT NULL;
