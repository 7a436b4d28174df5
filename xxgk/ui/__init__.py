"""What every dashboard page shares, one module per job; pages import from here.

- ``data``: the read-only connection keyed by the published snapshot, cached metric results
  (``query``), and a short Chinese message when the database fails (details in the server log);
- ``start``: a page goes on only with a database that is there and current (``xxgk serve`` builds
  or updates it before the server takes visitors; the dashboard never writes it);
- ``sidebar``: the list of pages, navigation, the filters in the sidebar and the URL;
- ``tables``: tables with Chinese headers and report links, lists, CSV and Excel downloads;
- ``charts``: charts in the house style with the filter in their caption;
- ``report_grid``: the report view's grids of what was printed;
- ``labels``: codes in words (a finding's cells, rules); the words themselves are
  ``xxgk.vocabulary``'s.

Layer: ui — may import the layers below it (db, load, pipeline, rules, readers, collect, the base);
only the dashboard imports Streamlit.

Pages hold no SQL and no parsing: they call ``query(name, filters)`` and show the frame.

Outside text (URL values, search input, names and text from reports, file names, library error
messages) reaches the page only as text: it is shown by elements that do not read Markdown
(dataframes, ``st.code``, selectbox options) or passed through ``escape_markdown``
(``xxgk.safe_text``) on its way into one that does. Every text column a query returns has its
control characters shown, not obeyed (``clean_control``: ESC as "␛", a bidi override as "�"), so
no name reads reversed in a table, chart or heading; identifiers (``*_id``, ``*_key``) stay as
stored, for the queries they go back into.
"""

from xxgk.safe_text import escape_markdown
from xxgk.ui.charts import (
    FONT,
    PRE2019_SERIES,
    TEMPLATE_BREAK_NOTE,
    TEMPLATE_BREAK_YEAR,
    chart,
    mark_template_break,
    plot_text,
    year_axis,
    year_series,
)
from xxgk.ui.data import (
    MIN_DECIDED,
    MIN_PROCESSED,
    database_guard,
    displayable,
    fail,
    full_list,
    list_total,
    log,
    metric_help,
    query,
)
from xxgk.ui.labels import (
    TABLE_SHORT,
    cell_label,
    cells_in_words,
    other_report,
    report_title,
    rule_label,
    rule_list_label,
)
from xxgk.ui.report_grid import (
    BLANK_TEXT,
    GRID_TABLES,
    STYLE_BLANK,
    STYLE_FINDING,
    STYLE_MARK,
    STYLE_UNREAD,
    UNREAD_TEXT,
    cell_grid,
)
from xxgk.ui.sidebar import (
    ALL,
    PAGES,
    REPORT_PAGE,
    chinese_file_uploader,
    follow_click,
    page_setup,
    set_url_param,
    url_param,
)
from xxgk.ui.tables import (
    UNREPORTED,
    WRAPPED_ROWS,
    csv_bytes,
    download_buttons,
    download_name,
    empty_state,
    excel_bytes,
    export_frame,
    figure_text,
    filter_link,
    finding_table,
    place_district,
    report_link,
    show_list,
    show_table,
    spreadsheet_safe,
)
from xxgk.vocabulary import (
    CITY_LEVEL,
    COLUMN_LABELS,
    FORMAT_LABELS,
    GRID_TITLES,
    LAYOUT_LABELS,
    PROSE_LABELS,
    SEVERITY_LABELS,
)
