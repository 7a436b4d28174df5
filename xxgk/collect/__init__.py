"""The collector: find and download the annual reports of 政府信息公开年报 columns.

One module per job: ``fetch`` (HTTP with politeness), ``pages`` (list and report pages),
``classify`` (which items are annual reports), ``manifest`` (the record of every item), ``run``
(a collection run) and ``meta`` (what ``xxgk ingest`` takes from a manifest).

Layer: collect — its modules import only each other and the base modules; ``xxgk.load`` uses
``meta``, the command line ``command``.
"""

from xxgk.collect.fetch import USER_AGENT, Options
from xxgk.collect.run import Summary, collect

__all__ = ["collect", "Options", "Summary", "USER_AGENT"]
