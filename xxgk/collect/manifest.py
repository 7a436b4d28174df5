"""The manifest: ``DIR/manifest.jsonl``, one JSON object per item and run, appended as whole lines
(write, flush, fsync), so that a run killed at any point leaves every earlier line intact.

A line cut short by a kill (no newline at the end) is dropped when the manifest is next opened.
``latest()`` gives, per URL, the last record that has a file: what a rerun compares against.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

NAME = "manifest.jsonl"
KEYS = (
    "url", "list_url", "title", "list_date", "published_at", "published_from", "fetched_at", "status",
    "content_type", "sha256", "path", "attachment_of", "outcome", "reason",
)
OUTCOMES = ("saved", "unchanged", "skipped", "failed")


def read(directory: Path) -> Iterator[dict[str, Any]]:
    """Every whole record of ``directory``'s manifest, in order (none if there is no manifest)."""
    path = Path(directory) / NAME
    if not path.is_file():
        return
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                return  # cut short by a kill
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


class Manifest:
    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._repair()
        self.records_by_url: dict[str, dict[str, Any]] = {}
        self.versions: dict[str, int] = {}
        for record in read(self.path.parent):
            self._remember(record)
        self._handle = self.path.open("ab")

    def _repair(self) -> None:
        """Drop a last line a kill cut short, so the next append starts on a line of its own."""
        if not self.path.is_file():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data[: data.rfind(b"\n") + 1]
            tmp = self.path.with_suffix(".jsonl.tmp")
            tmp.write_bytes(keep)
            os.replace(tmp, self.path)

    def _remember(self, record: dict[str, Any]) -> None:
        if record.get("outcome") in ("saved", "unchanged") and record.get("path"):
            self.records_by_url[record["url"]] = record
            self.versions[record["url"]] = max(self.versions.get(record["url"], 0), int(record.get("version") or 1))

    def latest(self, url: str) -> dict[str, Any] | None:
        return self.records_by_url.get(url)

    def append(self, record: dict[str, Any]) -> None:
        full = {key: record.get(key) for key in KEYS} | record
        self._handle.write((json.dumps(full, ensure_ascii=False) + "\n").encode("utf-8"))
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._remember(full)

    def close(self) -> None:
        self._handle.close()
