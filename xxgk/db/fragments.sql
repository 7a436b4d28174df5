-- Fragments the metrics (queries/) share, each defined once as a DuckDB macro; created after the
-- marts they read. A metric's header names the parameters it takes from them with
-- `-- include: filters, page_rows` (queries/include/), see xxgk.metrics.

-- The filter every page applies, written once: NULL means "all" for each argument.
-- Metrics select FROM filtered_reports($province, $city, $district, $year_from, $year_to, $kind)
-- (current reports) or filtered_findings(...) (their findings).
CREATE OR REPLACE MACRO in_selection(province, city, district, year, kind,
                                     p_province, p_city, p_district, p_year_from, p_year_to, p_kind) AS
    (p_province IS NULL OR province = p_province)
    AND (p_city IS NULL OR city = p_city)
    AND (p_district IS NULL OR district = p_district
         OR (p_district = '市本级' AND district IS NULL AND city IS NOT NULL))
    AND (p_year_from IS NULL OR year >= p_year_from)
    AND (p_year_to IS NULL OR year <= p_year_to)
    AND (p_kind IS NULL OR kind = p_kind);

CREATE OR REPLACE MACRO filtered_reports(p_province, p_city, p_district, p_year_from, p_year_to, p_kind) AS TABLE
SELECT *
FROM report_figures
WHERE in_selection(province, city, district, year, agency_kind,
                   p_province, p_city, p_district, p_year_from, p_year_to, p_kind);

CREATE OR REPLACE MACRO filtered_findings(p_province, p_city, p_district, p_year_from, p_year_to, p_kind) AS TABLE
SELECT *
FROM finding_facts
WHERE in_selection(province, city, district, year, agency_kind,
                   p_province, p_city, p_district, p_year_from, p_year_to, p_kind);

-- The number of rows a page shows of a list: 500, or every row when $all_rows is true (a download).
-- Metrics end with LIMIT page_rows($all_rows) and declare $all_rows with `-- include: page_rows`.
CREATE OR REPLACE MACRO page_rows(all_rows) AS CASE WHEN all_rows THEN NULL ELSE 500 END;

-- A percentage with one decimal, NULL when the denominator is 0 or NULL.
CREATE OR REPLACE MACRO rate_pct(numerator, denominator) AS
    round(100.0 * numerator / nullif(denominator, 0), 1);

-- 实质公开率 (substantive disclosure rate): (予以公开 + 部分公开) ÷ 办理结果总计, as a percentage.
CREATE OR REPLACE MACRO disclosure_rate_pct(granted, partially_granted, processed) AS
    rate_pct(granted + partially_granted, processed);
