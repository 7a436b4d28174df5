"""Writing findings: the rules return them, this module stores them in ``findings``.

A rule over the database (``xxgk.rules.cross``) returns :class:`Judgement` objects: the rules it
judged and their findings; :func:`replace_findings` removes the old findings of those rules about
the reports judged (the temporary table ``_judged`` of the rule's run) and inserts the new ones, a
batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from xxgk.db import statements as sql
from xxgk.model import Finding

Located = tuple[str, Finding]  # (report_id, finding)


@dataclass(frozen=True)
class Judgement:
    """The findings of ``rules`` about the reports in ``_judged``, in batches (lists) or one list."""

    rules: tuple[str, ...]
    findings: Iterable[list[Located]] | list[Located]


def replace_findings(con: Any, judgements: Iterable[Judgement]) -> None:
    """For each judgement in turn: forget its rules' findings about ``_judged``, store its own.

    The findings are written with a connection of their own (``con.cursor()``): the rule may be
    streaming its input from ``con`` while they come."""
    writer = con.cursor()
    try:
        for judgement in judgements:
            sql.run(con, "findings.forget_judged", {"rules": list(judgement.rules)})
            batches = judgement.findings
            if isinstance(batches, list):
                batches = [batches]
            for batch in batches:
                insert_findings(writer, batch)
    finally:
        writer.close()


def insert_findings(con: Any, findings: list[Located]) -> None:
    sql.insert_arrow(
        con,
        "findings",
        pa.table(
            {
                "report_id": pa.array([report_id for report_id, _ in findings], pa.string()),
                "rule": pa.array([f.rule for _, f in findings], pa.string()),
                "severity": pa.array([f.severity for _, f in findings], pa.string()),
                "message": pa.array([f.message for _, f in findings], pa.string()),
                "cells": pa.array([list(f.cells) for _, f in findings], type=pa.list_(pa.string())),
            }
        ),
    )
