"""What ``xxgk ingest`` takes from a collector's manifest: which saved files are reports, and each
report's source URL, publication date (and where it came from) and version.

Per item of a manifest (a report page and its attachments): where the page carries the report's text
itself, the page is the report and its attachments are not loaded again (one report, not two);
where the page only links to its report, the attached documents (PDF, Word, WPS, RTF) are the
report. Images and spreadsheets are kept on disk and not loaded. Files outside any collector
manifest pass through unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

from xxgk.collect import manifest as manifest_mod
from xxgk.collect.pages import decode_html, looks_like_report
from xxgk.db import statements as sql

REPORT_SUFFIXES = {".pdf", ".doc", ".docx", ".wps", ".rtf", ".ofd", ".txt"}


def _is_collector_record(record: dict[str, Any]) -> bool:
    return "outcome" in record and "url" in record


def _is_collector_manifest(path: Path) -> bool:
    """A collector's manifest, not another tool's (the demo corpus writes one too): its first line."""
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError:
        return False
    return b'"outcome"' in first and b'"url"' in first


def _manifest_dir(folder: Path, found: dict[Path, Path | None], chosen: dict[Path, dict[str, dict[str, Any]]]) -> Path | None:
    """The nearest folder at or above ``folder`` holding a collector's manifest (None if none)."""
    if folder in found:
        return found[folder]
    if (folder / manifest_mod.NAME).is_file() and _is_collector_manifest(folder / manifest_mod.NAME):
        records = [r for r in manifest_mod.read(folder) if _is_collector_record(r)]
        chosen[folder] = _choose(folder, records)
        result: Path | None = folder
    elif folder.parent == folder:
        result = None
    else:
        result = _manifest_dir(folder.parent, found, chosen)
    found[folder] = result
    return result


def _choose(directory: Path, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """relative path → metadata, for every saved file; ``load`` says whether it is a report."""
    files: dict[str, dict[str, Any]] = {}
    for rec in records:
        if rec.get("outcome") == "saved" and isinstance(rec.get("path"), str) and _inside(rec["path"]):
            files[rec["path"]] = rec
    chosen: dict[str, dict[str, Any]] = {}
    by_page: dict[str, list[dict[str, Any]]] = {}
    for rec in files.values():
        if rec.get("attachment_of"):
            by_page.setdefault(rec["attachment_of"], []).append(rec)
    for rel, rec in files.items():
        suffix = PurePosixPath(rel).suffix.lower()
        if rec.get("attachment_of"):
            continue
        documents = [a for a in by_page.get(rec["url"], []) if PurePosixPath(a["path"]).suffix.lower() in REPORT_SUFFIXES]
        is_page = suffix in (".htm", ".html", ".shtml", ".jsp", ".php", ".asp", ".aspx") or "html" in (rec.get("content_type") or "")
        page_is_report = not is_page or not documents or _page_has_report(directory / rel)
        chosen[rel] = dict(_meta(rec), load=page_is_report, why=None if page_is_report else "attachment_is_report")
        for attachment in by_page.get(rec["url"], []):
            is_document = attachment in documents
            meta = _meta(attachment)
            meta.update(published_at=meta["published_at"] or rec.get("published_at"),
                        published_from=meta["published_from"] or rec.get("published_from"))
            why = "not_a_report_file" if not is_document else "same_as_page" if page_is_report else None
            chosen[attachment["path"]] = dict(meta, load=why is None, why=why)
    for rel, rec in files.items():  # attachments whose page record is missing: load documents
        if rel not in chosen:
            document = PurePosixPath(rel).suffix.lower() in REPORT_SUFFIXES
            chosen[rel] = dict(_meta(rec), load=document, why=None if document else "not_a_report_file")
    return chosen


def _inside(relative: str) -> bool:
    """Whether a manifest's ``path`` names a file below its folder (a hand-edited or hostile
    manifest never makes ingest read elsewhere)."""
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    return bool(parts) and not relative.startswith(("/", "\\")) and ".." not in parts and ":" not in parts[0]


def _page_has_report(path: Path) -> bool:
    try:
        return looks_like_report(decode_html(path.read_bytes()))
    except OSError:
        return False


def _meta(rec: dict[str, Any]) -> dict[str, Any]:
    return dict(sha256=rec.get("sha256"), source_url=rec["url"], published_at=rec.get("published_at"),
                published_from=rec.get("published_from"), source_version=int(rec.get("version") or 1))


def manifest_files(files: list[str], skipped: dict[str, str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The files to load (a collected item's report once; its other files left out) and the
    manifest metadata of the collected ones. ``skipped``, if given, gets why each file left out is:
    ``attachment_is_report`` (a page that only links to its report), ``same_as_page`` (an attachment
    that is the page's report again), ``not_a_report_file`` (an image or a spreadsheet) or
    ``partial`` (a download a kill cut short)."""
    skipped = {} if skipped is None else skipped
    found_dirs: dict[Path, Path | None] = {}
    chosen: dict[Path, dict[str, dict[str, Any]]] = {}
    keep: list[str] = []
    found: list[dict[str, Any]] = []
    by_folder: dict[str, Path | None] = {}  # a folder as text → its manifest's (no Path a file)
    for name in files:
        absolute = os.path.abspath(name)
        folder = os.path.dirname(absolute)
        if folder not in by_folder:
            by_folder[folder] = _manifest_dir(Path(folder), found_dirs, chosen)
        directory = by_folder[folder]
        if directory is None:
            keep.append(name)
            continue
        meta = chosen[directory].get(Path(absolute).relative_to(directory).as_posix())
        if meta is None:  # a file beside the manifest it does not list: put there by hand, or a download a kill cut short
            if not name.endswith(".part"):
                keep.append(name)
            else:
                skipped[name] = "partial"
        elif meta["load"]:
            keep.append(name)
            found.append(meta)
        else:
            skipped[name] = meta["why"]
    return keep, found


def apply_manifest_metadata(con: Any, found: list[dict[str, Any]]) -> None:
    """Write the manifest's source URL, date and version onto the loaded reports (by their sha256,
    so a report loaded earlier from elsewhere gets them too); the manifest's date is preferred over
    the one read from the report's text, which is marked as such where nothing else is known."""
    rows = [(m["sha256"], m["source_url"], m["published_at"], m["published_from"], m["source_version"])
            for m in found if m.get("sha256")]
    if rows:
        columns = "report_id VARCHAR, source_url VARCHAR, published_at DATE, published_from VARCHAR, source_version INTEGER"
        sql.lookup_table(con, "_manifest_meta", columns, rows, temporary=True)
        sql.run(con, "manifest.apply")
        sql.drop(con, "_manifest_meta")
    sql.run(con, "manifest.mark_text_dates")
