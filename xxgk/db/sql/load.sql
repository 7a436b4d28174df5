-- Statements of a load (xxgk.load.ingest) besides its inserts of parsed batches.

-- name: known_reports
-- definition: The id and text digest of every loaded report (a file with either is skipped).
SELECT report_id, text_sha256 FROM reports;

-- name: next_load_seq
-- definition: The load order number the next report gets.
SELECT coalesce(max(load_seq), 0) + 1 FROM reports;

-- name: record_load_error
-- definition: Keep a file the load refused, with the reason.
-- params:
--   $path    the file as given
--   $reason  why it was refused
--   $at      when
INSERT INTO load_errors VALUES ($path, $reason, $at);
