-- Agency identity and text digests of reports loaded by an older version (xxgk.versions), and an
-- administrator's choice of the current version.

-- name: identity_version
-- definition: The identity version the agency keys were computed with (NULL: before versions).
CREATE TABLE IF NOT EXISTS xxgk_identity (version INTEGER);
SELECT max(version) FROM xxgk_identity;

-- name: agencies_to_rekey
-- definition: The reports with a recognised agency and what their agency key is computed from.
SELECT report_id, agency_key, agency, province, city, district, region_code, path, synthetic
FROM reports WHERE agency IS NOT NULL;

-- name: set_agency_keys
-- definition: Write the agency keys of the registered table _keys (report_id, agency_key).
UPDATE reports SET agency_key = k.agency_key FROM _keys k WHERE reports.report_id = k.report_id;

-- name: stamp_identity
-- definition: Record the identity version the agency keys are now computed with.
-- params:
--   $version  xxgk.versions.IDENTITY_VERSION
CREATE OR REPLACE TABLE xxgk_identity AS SELECT $version::INTEGER AS version;

-- name: texts_without_digest
-- definition: A batch of reports loaded before text_sha256 existed, with their stored text.
-- params:
--   $batch  how many
SELECT r.report_id, t.text FROM reports r JOIN report_texts t USING (report_id)
WHERE r.text_sha256 IS NULL LIMIT $batch;

-- name: set_text_digests
-- definition: Write the digests of the registered table _digests (report_id, digest).
UPDATE reports SET text_sha256 = d.digest FROM _digests d WHERE reports.report_id = d.report_id;

-- name: record_choice
-- definition: Keep an administrator's decision about the versions of a report's agency-year.
-- params:
--   $report_id  the report chosen (or handed back)
--   $action     make_current | automatic
--   $reason     why, in the administrator's words
--   $chosen_by  who
--   $chosen_at  when
INSERT INTO version_choices VALUES ($report_id, $action, $reason, $chosen_by, $chosen_at);
