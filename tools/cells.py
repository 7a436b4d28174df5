"""Cell-level accuracy of the readers and parser on the real corpus, per input format.

Every department report ``2NN`` of ``../shared/corpus/real`` carries ``truth_cells`` in its
JSON: every cell of tables 2, 3 and 4 as printed, keyed exactly like the parser's canonical
cells (``table → row code → column code → value``; ``null`` is a blank cell). This module reads
each report in several formats and sorts every printed cell into

- **exact**: the parser read the cell and its value equals the truth (a blank read as blank);
- **unread**: the parser did not read the cell (absent, or the report could not be parsed);
- **wrong**: the parser read a value that differs from the truth (a 0 read as blank is wrong).

Formats: ``html`` (the published page), ``text`` (a crawler's text of it, ``2NNt.txt``) and
conversions of the page made at run time into a cache folder outside the repository
(``$XXGK_CORPUS_CACHE`` or ``~/.cache/xxgk-corpus``): ``docx-lo``, ``doc-lo`` (Word 97), ``rtf-lo`` and
``pdf-lo`` by LibreOffice,
``pdf-chromium`` by headless Chromium, and ``ocr``: a scan, an image-only PDF of the LibreOffice
PDF's pages rasterised at 200 dpi by ``pdftoppm``, read by Tesseract. A format whose tool is
missing is reported as such.

``scripts/cells.py`` prints the tables; ``tests/test_cells.py`` holds the bar.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.accuracy import same_value

FORMATS = ("html", "text", "docx-lo", "doc-lo", "rtf-lo", "pdf-lo", "pdf-chromium", "ocr")
OUTCOMES = ("exact", "unread", "wrong")
# The tool each converted format needs, for the message when it is missing.
TOOLS = {"docx-lo": "soffice", "doc-lo": "soffice", "rtf-lo": "soffice", "pdf-lo": "soffice", "pdf-chromium": "chromium", "ocr": "tesseract"}


class ToolMissing(Exception):
    """The program that makes a format is not installed."""


@dataclass
class CellResult:
    cell: str  # "table.row.column"
    truth: Any
    parsed: Any
    outcome: str  # one of OUTCOMES


@dataclass
class ReportCells:
    name: str  # report id, "201"
    fmt: str
    cells: list[CellResult] = field(default_factory=list)
    error: str | None = None  # the reader or parser raised

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.cells if c.outcome == outcome)


@dataclass
class FormatResult:
    fmt: str
    reports: list[ReportCells] = field(default_factory=list)
    skipped: str | None = None  # why the format could not be made

    def count(self, outcome: str) -> int:
        return sum(r.count(outcome) for r in self.reports)

    @property
    def total(self) -> int:
        return sum(len(r.cells) for r in self.reports)

    @property
    def exact_pct(self) -> float:
        return 100.0 * self.count("exact") / self.total if self.total else 0.0

    def summary(self) -> dict[str, Any]:
        return {"format": self.fmt, "skipped": self.skipped, "total": self.total,
                **{o: self.count(o) for o in OUTCOMES}, "exact_pct": round(self.exact_pct, 2),
                "reports": {r.name: {"error": r.error, **{o: r.count(o) for o in OUTCOMES}}
                            for r in self.reports}}


def cell_items(corpus: Path) -> list[tuple[str, dict]]:
    """(report id, its JSON) for every report of the corpus that has ``truth_cells``."""
    out = []
    for meta_path in sorted(corpus.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("truth_cells") and meta.get("same_report_as") is None:
            out.append((meta_path.stem, meta))
    return out


def compare_cells(report, truth_cells: dict) -> list[CellResult]:
    """Every truth cell next to what ``report`` (None: nothing parsed) holds for it."""
    out = []
    for table, rows in truth_cells.items():
        got_table = report.tables.get(table, {}) if report is not None else {}
        for row, cols in rows.items():
            got_row = got_table.get(row, {})
            for col, truth in cols.items():
                cell = got_row.get(col)
                if cell is None:
                    out.append(CellResult(f"{table}.{row}.{col}", truth, None, "unread"))
                    continue
                same = truth is None and cell.value is None or truth is not None and same_value(truth, cell.value)
                out.append(CellResult(f"{table}.{row}.{col}", truth, cell.value, "exact" if same else "wrong"))
    return out


# ---- sources of each format -------------------------------------------------------------------

def cache_dir() -> Path:
    base = os.environ.get("XXGK_CORPUS_CACHE")
    return Path(base) if base else Path.home() / ".cache" / "xxgk-corpus"


def source_file(corpus: Path, name: str, fmt: str) -> Path:
    """The file of report ``name`` in format ``fmt``, converting (once, cached) where needed.

    Raises ToolMissing when the converter is not installed, FileNotFoundError when the corpus
    lacks the source.
    """
    if fmt == "text":
        return _existing(corpus / f"{name}t.txt")
    page = _existing(corpus / f"{name}.html")
    if fmt == "html":
        return page
    digest = hashlib.sha256(page.read_bytes()).hexdigest()[:16]
    if fmt == "ocr":
        return _scan(source_file(corpus, name, "pdf-lo"), cache_dir() / fmt / f"{name}_{digest}.pdf")
    ext = fmt.split("-")[0]
    target = cache_dir() / fmt / f"{name}_{digest}.{ext}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        (_soffice if fmt.endswith("-lo") else _chromium)(page, ext, target)
    return target


def _existing(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(path)
    return path


def _tool(name: str, *more: str) -> str:
    for candidate in (name, *more):
        found = shutil.which(candidate)
        if found:
            return found
    raise ToolMissing(name)


def _soffice(page: Path, ext: str, target: Path) -> None:
    """Convert as an agency's own Writer export would: the page opened as a Writer document."""
    soffice = _tool("soffice", "libreoffice")
    export = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export", "doc": "doc:MS Word 97",
              "rtf": "rtf:Rich Text Format"}[ext]
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-") as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--infilter=HTML (StarWriter)", "--convert-to", export, "--outdir", tmp, str(page)],
            check=True, capture_output=True, timeout=300)
        made = Path(tmp) / f"{page.stem}.{ext}"
        if not made.exists():
            raise RuntimeError(f"soffice did not convert {page}")
        shutil.move(str(made), target)


def _scan(pdf: Path, target: Path) -> Path:
    """An image-only PDF of ``pdf``'s pages at 200 dpi in gray, as a scanner would make it."""
    from xxgk.readers.ocr import tesseract

    if tesseract() is None:
        raise ToolMissing("tesseract with chi_sim")
    if target.exists():
        return target
    from PIL import Image

    pdftoppm = _tool("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="xxgk-scan-") as tmp:
        subprocess.run([pdftoppm, "-r", "200", "-gray", "-png", str(pdf), f"{tmp}/p"],
                       check=True, capture_output=True, timeout=300)
        pages = [Image.open(p) for p in sorted(Path(tmp).glob("p-*.png"))]
        target.parent.mkdir(parents=True, exist_ok=True)
        pages[0].save(target.with_suffix(".part"), format="PDF", save_all=True, append_images=pages[1:],
                      resolution=200)
        target.with_suffix(".part").rename(target)
    return target


def _chromium(page: Path, ext: str, target: Path) -> None:
    """Print the page to PDF as a browser's "save as PDF" would, with its default header and
    footer (date, title, address, page numbers): page furniture the reader must leave out."""
    chromium = _tool("chromium", "chromium-browser")
    with tempfile.TemporaryDirectory(prefix="xxgk-chromium-") as tmp:
        out = Path(tmp) / "page.pdf"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", page.as_uri()],
            check=True, capture_output=True, timeout=300)
        if not out.exists():
            raise RuntimeError(f"chromium did not print {page}")
        shutil.move(str(out), target)


# ---- evaluation ---------------------------------------------------------------------------------

def default_parse(path: Path):
    from xxgk.pipeline import process

    return process(path)


def evaluate_format(corpus: Path, fmt: str, parse: Callable = default_parse) -> FormatResult:
    result = FormatResult(fmt)
    for name, meta in cell_items(corpus):
        try:
            path = source_file(corpus, name, fmt)
        except ToolMissing as exc:
            result.skipped = f"{exc} is not installed"
            result.reports = []
            return result
        except FileNotFoundError:
            continue  # this report has no such source (no crawler text)
        rc = ReportCells(name, fmt)
        try:
            report = parse(path)
        except Exception as exc:  # noqa: BLE001 - a crash is a result: every cell unread
            rc.error = f"{type(exc).__name__}: {exc}"
            report = None
        rc.cells = compare_cells(report, meta["truth_cells"])
        result.reports.append(rc)
    return result


def evaluate(corpus: Path, formats=FORMATS, parse: Callable = default_parse) -> list[FormatResult]:
    return [evaluate_format(corpus, fmt, parse) for fmt in formats]


def format_table(results: list[FormatResult], verbose: bool = False) -> str:
    lines = []
    for res in results:
        lines.append(f"== {res.fmt}")
        if res.skipped:
            lines.append(f"   skipped: {res.skipped}")
            continue
        lines.append(f"   {'report':8} {'cells':>5} {'exact':>5} {'unread':>6} {'wrong':>5}")
        for r in res.reports:
            err = f"  CRASH {r.error}" if r.error else ""
            lines.append(f"   {r.name:8} {len(r.cells):5} {r.count('exact'):5} {r.count('unread'):6} "
                         f"{r.count('wrong'):5}{err}")
            if verbose:
                for c in r.cells:
                    if c.outcome != "exact":
                        lines.append(f"{'':12}{c.outcome:6} {c.cell}: truth {c.truth!r}, parsed {c.parsed!r}")
        lines.append(f"   {'all':8} {res.total:5} {res.count('exact'):5} {res.count('unread'):6} "
                     f"{res.count('wrong'):5}   {res.exact_pct:.2f} % exact")
    return "\n".join(lines)
