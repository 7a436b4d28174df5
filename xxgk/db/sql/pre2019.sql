-- Moving the pre-2019 statistics cells an older loader kept in extra_cells (xxgk.db.pre2019_cells).

-- name: reports_to_move
-- definition: The pre-2019 reports with statistics cells still in extra_cells.
-- params:
--   $table  codes.PRE2019_TABLE
SELECT DISTINCT report_id FROM extra_cells WHERE table_name = $table
AND report_id IN (SELECT report_id FROM reports WHERE template = 'pre2019') ORDER BY 1;

-- name: catalog
-- definition: The cell catalog, by position.
SELECT position, table_name, row_code, column_code FROM cell_catalog ORDER BY position;

-- name: cell_lists
-- definition: A report's stored cell lists.
-- params:
--   $report_id  the report
SELECT value, raw, line FROM cell_sources WHERE report_id = $report_id;

-- name: extra_cells
-- definition: A report's cells of one table kept in extra_cells.
-- params:
--   $report_id  the report
--   $table      the table
SELECT row_code, column_code, value, kind, raw, line FROM extra_cells WHERE report_id = $report_id AND table_name = $table;

-- name: move
-- definition: Replace a report's cell lists, drop its extra_cells rows of the table, and recount
--   its cells.
-- params:
--   $report_id  the report
--   $table      the table moved (codes.PRE2019_TABLE)
--   $value      the new lists: values …
--   $raw        … raw texts …
--   $line       … and lines
--   $read       cells read (number, blank or mark); also the expected count where parsing does not say
--   $number     cells with a number
--   $zero       cells with 0
--   $blank      blank cells
--   $mark       cells with a mark
DELETE FROM cell_sources WHERE report_id = $report_id;
INSERT INTO cell_sources VALUES ($report_id, $value, $raw, $line);
DELETE FROM extra_cells WHERE report_id = $report_id AND table_name = $table;
UPDATE reports SET
    cells_expected = coalesce(TRY_CAST(json_extract(parsing, '$.pre2019_statistics.cells_expected') AS INTEGER), $read),
    cells_read = $read, cells_number = $number, cells_zero = $zero, cells_blank = $blank, cells_mark = $mark
WHERE report_id = $report_id;
