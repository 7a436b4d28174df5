-- name: publication_timeliness_list
-- title: 按时公布清单
-- definition: The current reports of the selection with their publication date, where that date
--   came from (a page's meta tag or 发布日期 line, the column list, the URL, the report's own text),
--   the deadline for the agency's kind and the result: 按时 (on or before the deadline), 逾期 (after),
--   无法核对 (no date, no year or no deadline for the kind); with the source URL of collected reports.
--   days_late: days after the deadline (late reports only).
-- grain: one row per current report (agency and year); rows_count, the same on every row, counts the whole list
-- include: filters, page_rows
-- params:
--   $status     on_time, late or unknown; NULL = all
-- sources: filtered_reports → report_facts; publication_status; label_catalog
SELECT
    f.report_id,
    f.agency,
    f.agency_kind_label,
    f.province,
    f.city,
    f.district,
    f.year,
    p.published_at,
    p.published_from_label,
    p.deadline,
    p.status,
    (SELECT label FROM label_catalog WHERE vocabulary = 'publication_status' AND code = p.status) AS status_label,
    CASE WHEN p.status = 'late' THEN date_diff('day', p.deadline, p.published_at) END AS days_late,
    p.source_url,
    count(*) OVER () AS rows_count
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) AS f
JOIN publication_status AS p USING (report_id)
WHERE ($status IS NULL OR p.status = $status)
ORDER BY CASE p.status WHEN 'late' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END, days_late DESC NULLS LAST,
         f.province NULLS LAST, f.city NULLS LAST, f.district NULLS LAST, f.agency, f.year
LIMIT page_rows($all_rows);
