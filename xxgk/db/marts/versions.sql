-- Mart: the versions of each report and which one is current (a view, computed on read; the
-- derived tables read it once per load).

-- Its name until 2026-12 was stg_report_versions, a staging view's; a database written then keeps
-- that view until the first load or `xxgk serve` runs this file (the changed SQL changes the
-- derived stamp, so the derived tables are rebuilt from the view under its new name).
DROP VIEW IF EXISTS stg_report_versions;

-- One row per report version, with the flags every page needs.
-- The versions of a report are the reports of the same agency (agency_key) and year; a report
-- whose agency was not recognised (agency_key NULL) is a version of nothing but itself: version_key
-- is the agency_key, or else the report's own id. Which version is current (the others stay visible
-- as revisions), and current_basis, how that was decided, the same for every version of the group:
--   admin       the newest decision in version_choices about the group is make_current: that report
--               (choice_reason, chosen_by, chosen_at say why, who and when)
--   published   every version states a publication date (published_at): the latest, ties by load order
--   load_order  otherwise the last loaded (load_seq)
--   only        a single version
CREATE OR REPLACE VIEW report_versions AS
-- (NOT MATERIALIZED: read twice, the CTEs would otherwise be materialised whole, every column of
-- every report, on each read of the view)
WITH resolved AS NOT MATERIALIZED (
    SELECT *, coalesce(agency_key, agency || '|' || coalesce(region_code, '')) AS resolved_key
    FROM reports
),
keyed AS NOT MATERIALIZED (
    SELECT *, coalesce(resolved_key, report_id) AS version_key FROM resolved
),
decisions AS (
    SELECT k.version_key, k.year, c.report_id, c.action, c.reason, c.chosen_by, c.chosen_at
    FROM version_choices AS c
    JOIN keyed AS k USING (report_id)
    QUALIFY row_number() OVER (PARTITION BY k.version_key, k.year ORDER BY c.chosen_at DESC) = 1
),
-- per group (a hash aggregate of a few columns): its counts and the winner under each rule
winners AS (
    SELECT
        version_key,
        year,
        count(*)                                                                 AS versions_count,
        count(published_at)                                                      AS dated_count,
        arg_max(report_id, load_seq)                                             AS last_loaded,
        -- latest publication date, then last loaded (load_seq stays far below 10^12)
        arg_max(report_id, date_diff('day', DATE '1970-01-01', published_at) * 1000000000000 + load_seq)
                                                                                 AS last_published
    FROM keyed
    GROUP BY version_key, year
),
groups AS (
    SELECT
        r.*,
        w.versions_count, w.dated_count, w.last_loaded, w.last_published,
        CASE WHEN d.action = 'make_current' THEN d.report_id END                 AS chosen_id,
        CASE WHEN d.action = 'make_current' THEN d.reason END                    AS choice_reason,
        CASE WHEN d.action = 'make_current' THEN d.chosen_by END                 AS chosen_by,
        CASE WHEN d.action = 'make_current' THEN d.chosen_at END                 AS chosen_at
    FROM keyed AS r
    JOIN winners AS w ON w.version_key = r.version_key AND w.year IS NOT DISTINCT FROM r.year
    LEFT JOIN decisions AS d ON d.version_key = r.version_key AND d.year IS NOT DISTINCT FROM r.year
)
SELECT
    r.report_id,
    r.version_key,
    r.path,
    r.format,
    r.title,
    coalesce(r.agency, '（未识别机构）')                     AS agency,
    r.resolved_key                                        AS agency_key,
    r.year,
    r.template,
    r.province,
    r.city,
    r.district,
    r.region_code,
    coalesce(r.agency_kind, 'other')                      AS agency_kind,
    (SELECT k.label FROM label_catalog AS k  -- the words from xxgk.vocabulary
     WHERE k.vocabulary = 'agency_kind' AND k.code = coalesce(r.agency_kind, 'other'))
                                                          AS agency_kind_label,
    r.synthetic,
    r.cells_expected,
    r.cells_read,
    r.cells_number,
    r.cells_zero,
    r.cells_blank,
    r.cells_mark,
    r.loaded_at,
    r.load_seq,
    r.published_at,
    CASE
        WHEN r.chosen_id IS NOT NULL THEN 'admin'
        WHEN r.versions_count = 1 THEN 'only'
        WHEN r.dated_count = r.versions_count THEN 'published'
        ELSE 'load_order'
    END                                                   AS current_basis,
    r.choice_reason,
    r.chosen_by,
    r.chosen_at,
    r.report_id = coalesce(r.chosen_id, CASE WHEN r.dated_count = r.versions_count THEN r.last_published END,
                           r.last_loaded)                 AS is_current,
    r.versions_count - 1                                  AS revisions_count
FROM groups AS r;

