-- Statements of a load (xxgk.load.ingest) besides its inserts of parsed batches.

-- name: known_ids
-- definition: The id of every loaded report (a file with one is skipped).
SELECT report_id FROM reports;

-- name: known_texts
-- definition: The text digest of every loaded report (a file with one is skipped).
SELECT text_sha256 FROM reports;

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
