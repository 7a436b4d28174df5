-- name: parsing_by_producer
-- title: 按生成软件统计的读取问题
-- definition: Current reports grouped by the program that wrote the file (reports.producer: a PDF's
--   Producer, a Word file's application; its name without version, e.g. "LibreOffice", "Microsoft®
--   Word", "Skia/PDF"; '（未记录）' where the file names none, as text and HTML never do) and the
--   format read. Per group: reports_count; partial_reports_count, the reports with fewer template
--   cells read than the template has (cells_read < cells_expected, as in parsing_coverage);
--   unrecognised_reports_count, no national template recognised; ocr_reports_count, reports whose
--   tables were read by OCR (parsing JSON: a table with "ocr": true); cells_read and cells_expected
--   summed over the reports with a national template, and read_pct = cells_read / cells_expected × 100
--   (NULL where no report of the group has one). Blank and marked cells count as read.
-- grain: one row per producer name and format
-- include: filters
-- sources: filtered_reports → report_figures; reports (producer, format, parsing: no staging view
--   carries them)
WITH chosen AS (
    SELECT
        f.report_id, f.template, f.cells_read, f.cells_expected,
        r.format,
        -- the words before the first one with a digit: "LibreOffice/7.4.7.2$Linux" → "LibreOffice"
        coalesce(nullif(rtrim(regexp_extract(r.producer, '^(?:[^\s\d/$;,()]+(?:[\s/]+|$))*'), ' /'), ''), '（未记录）')
            AS producer,
        r.parsing
    FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind) AS f
    JOIN reports AS r USING (report_id)
)
SELECT
    producer,
    format,
    count(*) AS reports_count,
    count(*) FILTER (WHERE cells_read < cells_expected) AS partial_reports_count,
    count(*) FILTER (WHERE template IS NULL OR template NOT IN ('2019', '2021')) AS unrecognised_reports_count,
    count(*) FILTER (WHERE parsing LIKE '%"ocr": true%') AS ocr_reports_count,
    sum(cells_read) FILTER (WHERE template IN ('2019', '2021')) AS cells_read,
    sum(cells_expected) FILTER (WHERE template IN ('2019', '2021')) AS cells_expected,
    round(100.0 * sum(cells_read) FILTER (WHERE template IN ('2019', '2021'))
          / nullif(sum(cells_expected) FILTER (WHERE template IN ('2019', '2021')), 0), 1) AS read_pct
FROM chosen
GROUP BY producer, format
ORDER BY partial_reports_count DESC, reports_count DESC, producer, format;
