-- Raw tables: exactly what the parser produced, one load at a time. Nothing here is aggregated.

CREATE TABLE IF NOT EXISTS reports (
    report_id      VARCHAR NOT NULL,      -- sha256 of the file's bytes: loading a file twice changes nothing
    path           VARCHAR NOT NULL,      -- where the file was read from, as given to ingest
    format         VARCHAR NOT NULL,      -- text | html | docx | pdf | image | doc | rtf | xlsx | xls
    encoding       VARCHAR,
    title          VARCHAR,
    agency         VARCHAR,
    agency_key     VARCHAR,               -- one agency across years and renames: region code | name without its place
    year           INTEGER,
    template       VARCHAR,               -- 2019 | 2021 | pre2019 | NULL
    province       VARCHAR,
    city           VARCHAR,
    district       VARCHAR,
    region_code    VARCHAR,
    agency_kind    VARCHAR,               -- government | department | township | street | other
    synthetic      BOOLEAN NOT NULL,      -- a demo report made by `xxgk demo`
    cells_expected INTEGER NOT NULL,      -- cells the template has
    cells_read     INTEGER NOT NULL,      -- cells the parser read (number, blank or mark)
    cells_number   INTEGER NOT NULL,
    cells_zero     INTEGER NOT NULL,
    cells_blank    INTEGER NOT NULL,
    cells_mark     INTEGER NOT NULL,
    parsing        JSON,                  -- per table: found, lines, layout, confidence, missing cells
    loaded_at      TIMESTAMP NOT NULL,
    load_seq       BIGINT NOT NULL,       -- order of loading: decides the current version when nothing else does
    text_sha256    VARCHAR,               -- sha256 of the text read, line ends, BOM and trailing spaces aside:
                                          -- a file with the text of a loaded report is that report
    published_at   DATE,                  -- publication date, as the report states it (or a collector records it)
    producer       VARCHAR                -- the program that wrote the file: a PDF's Producer, a Word file's application
);
-- Databases written before these columns existed.
ALTER TABLE reports ADD COLUMN IF NOT EXISTS text_sha256 VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS published_at DATE;
-- Where a collected report came from (xxgk collect's manifest, written by ingest): its URL, where
-- its published_at came from ('meta PubDate', 'page line 发布日期', 'list date', 'URL path',
-- 'report text') and its version under that URL (2 and later: changed after publication, R13).
ALTER TABLE reports ADD COLUMN IF NOT EXISTS source_url VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS published_from VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS source_version INTEGER;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS producer VARCHAR;

-- Which version of an agency's report for a year is current, as an administrator decided it: every
-- decision is kept. The newest decision about an agency-year holds: make_current (report_id is the
-- current version, whatever else is loaded) or automatic (the rules decide again: publication date,
-- else load order). See report_versions.
CREATE TABLE IF NOT EXISTS version_choices (
    report_id VARCHAR NOT NULL,
    action    VARCHAR NOT NULL,           -- make_current | automatic
    reason    VARCHAR NOT NULL,
    chosen_by VARCHAR,
    chosen_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS report_texts (
    report_id VARCHAR NOT NULL,
    -- zstd: reports repeat each other's wording, and DuckDB's default analysis (FSST) cost a load
    -- 0.08 ms a report at each checkpoint and stored 8 times the bytes (measured on 5,000 demo reports)
    text      VARCHAR NOT NULL USING COMPRESSION zstd  -- the text the reader produced, shown in the report view
);

-- Where every figure came from, one row per report (a long table of ~200 rows per report would
-- dominate load time and size at a million reports). value[i], raw[i] and line[i] belong to the
-- cell named in cell_catalog at position i (the order of the columns of `figures`): raw is the
-- cell's text as printed ('' for a blank cell, NULL for a cell not read), value its figure (NULL for
-- a blank or a mark), line the report line it was read from. report_cells unnests this, one row a cell.
-- The view `figures` (xxgk.db) reads value[i] out as one column per cell.
CREATE TABLE IF NOT EXISTS cell_sources (
    report_id VARCHAR NOT NULL,
    value     DOUBLE[] NOT NULL,
    raw       VARCHAR[] NOT NULL,
    line      INTEGER[] NOT NULL
);

-- Cells outside the national templates (the pre-2019 统计表): rare, kept long.
CREATE TABLE IF NOT EXISTS extra_cells (
    report_id   VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    row_code    VARCHAR NOT NULL,
    column_code VARCHAR NOT NULL,
    value       DOUBLE,
    kind        VARCHAR NOT NULL,         -- number | blank | mark
    raw         VARCHAR NOT NULL,
    line        INTEGER
);

CREATE TABLE IF NOT EXISTS prose_facts (
    report_id VARCHAR NOT NULL,
    code      VARCHAR NOT NULL,
    value     DOUBLE NOT NULL,
    sentence  VARCHAR NOT NULL,
    start     INTEGER
);

CREATE TABLE IF NOT EXISTS findings (
    report_id VARCHAR NOT NULL,
    rule      VARCHAR NOT NULL,
    severity  VARCHAR NOT NULL,
    message   VARCHAR NOT NULL,
    cells     VARCHAR[]
);

CREATE TABLE IF NOT EXISTS parse_warnings (
    report_id VARCHAR NOT NULL,
    message   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS load_errors (
    path      VARCHAR NOT NULL,
    reason    VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL
);

-- R11 fingerprints computed by the parse workers for the reports of the load in progress; the
-- cross-report rules move them into their own tables at the end of the load and empty this one.
CREATE TABLE IF NOT EXISTS r11_pending (
    report_id VARCHAR NOT NULL,
    h         UBIGINT[] NOT NULL
);
