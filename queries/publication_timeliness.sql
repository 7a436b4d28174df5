-- name: publication_timeliness
-- title: 按时公布情况（按区县）
-- definition: Whether the current reports of the selection were published by the deadline
--   (条例第四十九条; the table publication_deadlines, data/publication_deadlines.csv), per district:
--   reports, of which on time (published_at on or before the deadline), late (after it) and date
--   unknown (no publication date, no year, or no deadline for the agency's kind; never counted as on
--   time). on_time_pct = on time / (on time + late), over the reports whose date could be checked;
--   NULL when none could.
-- grain: one row per province, city and district (district NULL for agencies above district level)
-- include: filters
-- sources: filtered_reports → report_facts; publication_status
SELECT
    f.province,
    f.city,
    f.district,
    count(*)                                          AS reports_count,
    count(*) FILTER (WHERE p.status = 'on_time')      AS on_time_count,
    count(*) FILTER (WHERE p.status = 'late')         AS late_count,
    count(*) FILTER (WHERE p.status = 'unknown')      AS unknown_count,
    round(100.0 * count(*) FILTER (WHERE p.status = 'on_time')
          / nullif(count(*) FILTER (WHERE p.status IN ('on_time', 'late')), 0), 1) AS on_time_pct
FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) AS f
JOIN publication_status AS p USING (report_id)
GROUP BY f.province, f.city, f.district
ORDER BY on_time_pct NULLS LAST, f.province NULLS LAST, f.city NULLS LAST, f.district NULLS LAST;
