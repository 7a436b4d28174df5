-- Staging views: rename and cast only, one view per raw table that metrics or marts read by name.
-- Anything computed (versions, windows, aggregates, joins, pivots) is a mart: xxgk/db/marts/.
-- tests/test_sql_layout.py checks that nothing else creeps in here.

-- One row per figure stated in a report's prose, with the sentence it was read from.
CREATE OR REPLACE VIEW stg_prose_facts AS
SELECT report_id, code, value, sentence, start FROM prose_facts;


-- One row per finding, of any report version (finding_facts holds those of current reports).
CREATE OR REPLACE VIEW stg_findings AS
SELECT report_id, rule, severity, message, cells FROM findings;

