-- name: create_cell_catalog
-- definition: The cell catalog: the position of each cell code in the figure lists of cell_sources,
--   given the first time a database sees the code and kept for ever (xxgk.db.catalog).
CREATE TABLE IF NOT EXISTS cell_catalog (position INTEGER PRIMARY KEY, figure VARCHAR,
    table_name VARCHAR, row_code VARCHAR, column_code VARCHAR);

-- name: stored_cells
-- definition: The stored cell catalog, in position order.
SELECT position, figure, table_name, row_code, column_code FROM cell_catalog ORDER BY position;

-- name: figures_kind
-- definition: Whether `figures` is a table (databases before the figure lists) or a view.
SELECT table_type FROM information_schema.tables WHERE table_name = 'figures';

-- name: drop_figures_table
-- definition: Drop the figures table of an older database (its content is the lists of cell_sources).
DROP TABLE figures;

-- name: figures_view
-- definition: `figures`: one column per cell of the stored catalog, read out of cell_sources.value;
--   {{columns}} is "value[position] AS figure" for every catalog entry (xxgk.db._figures_view).
CREATE OR REPLACE VIEW figures AS
SELECT
    report_id,
    {{columns}}
FROM cell_sources;
