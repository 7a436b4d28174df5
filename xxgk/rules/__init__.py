"""The check stage: consistency rules R1–R13, facts about a report that its readers should see.

Three kinds of rule:

* **single-report rules** (``xxgk.rules.single``): R1–R6, R9, R10 look at one parsed ``Report``.
  ``check(report)`` adds their findings to it; ``xxgk.pipeline`` calls it after the parser and the
  region resolver, so every report carries its findings into the database and into
  ``xxgk parse --json``.
* **cross-report rules** (``xxgk.rules.cross``): R7, R8 (year t against t−1 of the same agency) and
  R11 (内容雷同, copy-paste) need the other reports; ``cross.cross_report_findings(con, new_ids)`` runs
  them over the database after every load, for what the load added and its neighbours. R11 compares
  each report's prose fingerprint (``xxgk.rules.similarity.report_fingerprint``), which the loader's
  workers compute as they parse.
* **publication rules** (``xxgk.rules.publication``): R12 (逾期公布) and R13 (发布后有变动) need a
  collected report's publication date and source URL; they run over the database after every load.

A finding names its rule, a severity and the cells involved:

* ``error``     — arithmetic that does not add up (R1–R5, R7, R9);
* ``warning``   — soft rules, where a legitimate report may differ (R6, R8, R10, R11);
* ``info``      — worth showing, not a fault (blank cells and marks under R4, a prose figure that
  matched the table only under a second reading under R6, pre-2019 structure under R10);
* ``unchecked`` — an operand is blank, a mark or unread, so the rule could not be checked. A rule
  never takes a blank for 0; not being checkable is itself a fact about the report.

Cells are written ``table.row.column`` ("applications.new_received.total"). Two more forms:
``prose.<code>`` names a prose fact (``prose.adoption_rate_stated_pct``), and
``<report_id>:table.row.column`` names a cell of *another* report (R7, R8 name the previous year's
cell this way).

Layer: may import the shared model and vocabulary (``xxgk.model``, ``xxgk.codes``,
``xxgk.normalize``, ``xxgk.resources``); the rules that need the database are given a connection,
and never import ``xxgk.db``, the loader or the dashboard.
"""

from __future__ import annotations

from xxgk.model import Report
from xxgk.rules.common import ERROR, INFO, SEVERITIES, UNCHECKED, WARNING
from xxgk.rules.single import SINGLE_RULES, check_report
from xxgk.vocabulary import RULE_NAMES, SEVERITY_LABELS  # the rules' names and severities in words



def check(report: Report) -> Report:
    """The check stage for one report: the findings of every single-report rule, added to it."""
    report.findings.extend(check_report(report))
    return report


__all__ = ["check", "check_report", "RULE_NAMES", "SEVERITY_LABELS", "SINGLE_RULES", "SEVERITIES", "ERROR", "WARNING", "INFO", "UNCHECKED"]
