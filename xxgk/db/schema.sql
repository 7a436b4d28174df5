-- Raw tables: exactly what the parser produced, one load at a time. Nothing here is aggregated.

CREATE TABLE IF NOT EXISTS reports (
    report_id      VARCHAR PRIMARY KEY,   -- sha256 of the file's bytes: loading a file twice changes nothing
    path           VARCHAR NOT NULL,      -- where the file was read from, as given to ingest
    format         VARCHAR NOT NULL,      -- text | html | docx | pdf
    encoding       VARCHAR,
    title          VARCHAR,
    agency         VARCHAR,
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
    load_seq       BIGINT NOT NULL        -- order of loading; the newest version of an agency-year wins
);

CREATE TABLE IF NOT EXISTS report_texts (
    report_id VARCHAR PRIMARY KEY,
    text      VARCHAR NOT NULL            -- the text the reader produced, shown in the report view
);

-- One row per table cell read: the trace from every figure back to the report.
CREATE TABLE IF NOT EXISTS cells (
    report_id   VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,         -- active_disclosure | applications | review_litigation | pre2019_statistics
    row_code    VARCHAR NOT NULL,
    column_code VARCHAR NOT NULL,
    value       DOUBLE,                   -- NULL for a blank cell or a mark
    kind        VARCHAR NOT NULL,         -- number | blank | mark
    raw         VARCHAR NOT NULL,         -- the cell's text as printed
    line        INTEGER                   -- line of the report text the row was read from
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
