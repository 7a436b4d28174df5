"""xxgk: government information disclosure annual reports (政府信息公开工作年度报告) read into
DuckDB, checked, and shown in a dashboard.

Layers, lowest first; a module imports only its own layer and those it is allowed below it
(``tests/test_layers.py`` reads the imports and holds the line):

- base — ``errors``, ``model``, ``codes``, ``vocabulary``, ``normalize``, ``safe_text``, ``resources``:
  no xxgk imports but ``codes`` (pure data) in ``vocabulary``;
- readers — ``xxgk.readers``, ``xxgk.archive``: a file to text with tables, a zip unpacked safely (base only);
- parse — ``xxgk.parse``: text to a ``Report`` (base only);
- regions — ``xxgk.regions``: where the agency is (base only);
- rules — ``xxgk.rules``: the check stage (base only);
- db_rules — ``xxgk.rules.cross``, ``xxgk.rules.publication``: the rules over the database (R7, R8,
  R11; R12, R13), which read it through named statements (base, rules, db);
- pipeline — ``xxgk.pipeline``, ``xxgk.sandbox``: read → parse → locate → check for one file;
- collect — ``xxgk.collect``: downloading reports (base only);
- db — ``xxgk.db``, ``xxgk.metrics``: the schema, views, snapshots and metric SQL (base, rules);
- load — ``xxgk.load``, ``xxgk.versions``, ``xxgk.collect.meta``: files into the database (all of the above);
- app — ``xxgk.bootstrap``: the bundled data's first build (load, db, and ``xxgk_demo``);
- ui — ``xxgk.ui``, ``xxgk.filters``, ``xxgk.uploads``: the dashboard, the only Streamlit users;
- cli — ``xxgk.cli``: the command line, on top of everything but the dashboard.

Layer: the package itself holds no code.
"""
