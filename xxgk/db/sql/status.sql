-- Statements of `xxgk status` (xxgk.cli.status) beside the metrics it shares with the dashboard.

-- name: report_versions_count
-- definition: Every report version the database holds, current or not.
SELECT count(*) FROM reports;

-- name: years
-- definition: The years of the current reports, in order.
SELECT DISTINCT year FROM current_reports WHERE year IS NOT NULL ORDER BY 1;

-- name: templates
-- definition: How many current reports each template has ("unknown": none recognised).
SELECT coalesce(template, 'unknown'), count(*) FROM current_reports GROUP BY 1 ORDER BY 1;

-- name: load_errors_count
-- definition: How many files a load refused.
SELECT count(*) FROM load_errors;
