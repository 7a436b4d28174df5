-- R12 逾期公布 and R13 发布后有变动 (xxgk.rules.publication), over publication_status
-- (xxgk/db/publication.sql) and the deadline table.

-- name: clear_deadlines
-- definition: Empty the deadline table before it is loaded again from its CSV.
DELETE FROM publication_deadlines;

-- name: held_deadlines
-- definition: The deadline table the database holds (compared with the one in force).
SELECT agency_kind, month, day, basis FROM publication_deadlines;

-- name: count_deadlines
-- definition: How many deadline rows the database holds (none: load the table in force).
SELECT count(*) FROM publication_deadlines;

-- name: replace_findings
-- definition: Recompute the R12 and R13 findings of every report (a deadline edit changes old
--   judgements too). R12 judges every report: late is a warning, no date (collected without one,
--   or a plain file or upload whose text states none) or no deadline 无法核对, never a silent
--   pass; R13: every version after the first of a report saved
--   from the same URL.
DELETE FROM findings WHERE rule IN ('R12', 'R13');
INSERT INTO findings
SELECT report_id, 'R12', 'warning',
       '逾期公布：' || strftime(published_at, '%Y-%m-%d') || ' 公布，晚于期限 '
           || strftime(deadline, '%Y-%m-%d') || '（' || deadline_basis || '）',
       []::VARCHAR[]
FROM publication_status
WHERE status = 'late';
INSERT INTO findings
SELECT report_id, 'R12', 'unchecked', '无法核对：发布日期不明', []::VARCHAR[]
FROM publication_status
WHERE status = 'unknown' AND published_at IS NULL;
INSERT INTO findings
SELECT report_id, 'R12', 'unchecked', '无法核对：年度不明或此类机关未设公布期限', []::VARCHAR[]
FROM publication_status
WHERE status = 'unknown' AND published_at IS NOT NULL;
INSERT INTO findings
SELECT report_id, 'R13', 'warning',
       '发布后有变动：同一网址的内容在首次采集后改变，本文件为第 ' || source_version || ' 版',
       []::VARCHAR[]
FROM publication_status
WHERE source_version > 1;
