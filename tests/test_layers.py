"""The layers of the package, read from the code: which module may import which.

The data flows one way — read → parse → locate → check → load → the database's views and
queries → the dashboard — and each module may import only its own layer and the layers below it
(``ALLOWED``). Imports are read from the source (``ast``), lazy ones inside functions included, so
a layer cannot be crossed quietly. Streamlit belongs to the dashboard alone; the demo generator
(``xxgk_demo``) is used only by the ``demo`` command and the first build of the bundled data.

Every module starts with a docstring saying its job; every package and top-level module says
which layers it may import (a line starting ``Layer:``); no file grows past ~400 lines without a
reason written at its top (a paragraph starting ``Long:``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Each layer: the module prefixes in it, lowest first.
LAYERS = {
    "base": ("xxgk.errors", "xxgk.model", "xxgk.codes", "xxgk.vocabulary", "xxgk.normalize", "xxgk.safe_text", "xxgk.resources"),
    "readers": ("xxgk.readers", "xxgk.archive"),
    "parse": ("xxgk.parse",),
    "regions": ("xxgk.regions",),
    "rules": ("xxgk.rules",),
    "db_rules": ("xxgk.rules.cross", "xxgk.rules.publication"),
    "pipeline": ("xxgk.pipeline", "xxgk.sandbox"),
    "collect": ("xxgk.collect",),
    "db": ("xxgk.db", "xxgk.metrics"),
    "load": ("xxgk.load", "xxgk.versions", "xxgk.collect.meta"),  # collect.meta: what a load takes from a manifest
    "app": ("xxgk.bootstrap",),
    "ui": ("xxgk.ui", "xxgk.filters", "xxgk.uploads"),
    "cli": ("xxgk.cli",),
    "demo": ("xxgk_demo",),
}

# The layers each layer may import besides its own.
ALLOWED = {
    "base": set(),
    "readers": {"base"},
    "parse": {"base"},
    "regions": {"base"},
    "rules": {"base"},
    "pipeline": {"base", "readers", "parse", "regions", "rules"},
    "collect": {"base"},
    "db": {"base", "rules"},  # the rule catalog (names on screen)
    # the rules that run over the database (R7, R8, R11; R12, R13) read it by named statements
    "db_rules": {"base", "rules", "db"},
    "load": {"base", "readers", "parse", "regions", "rules", "db_rules", "pipeline", "collect", "db"},
    "app": {"base", "load", "db", "demo"},
    "ui": {"base", "readers", "rules", "db_rules", "pipeline", "collect", "db", "load", "app"},
    "cli": {"base", "readers", "parse", "regions", "rules", "db_rules", "pipeline", "collect", "db", "load", "app", "demo"},
    "demo": {"base"},
}

# Who may import the demo generator: the `demo` command and the first build of the bundled data.
DEMO_USERS = {"xxgk.bootstrap", "xxgk.cli.reports"}
# Who may import Streamlit: the dashboard, and `xxgk serve` its launcher (streamlit.web only).
STREAMLIT_USERS = {"ui"}
STREAMLIT_LAUNCHER = {"xxgk.cli.reports": "streamlit.web"}

# The parser's modules in the order they build on one another: each imports, at its top, only the
# ones before it (a lazy import inside a function, or one for type hints only, aside), so the order
# is the way to read the package. A module new to xxgk/parse/ gets its place here.
PARSE_ORDER = (
    "values",  # one cell's text: a figure, a mark, a blank; splits of a run of digits
    "print_marks",  # thousands separators and page marks: printing that is no cell
    "flat_marks",  # a mark printed among flattened figures: a cell of the row, not label text
    "tokens",  # a table's text as label, figure, run and empty-cell tokens
    "table_regions",  # where each table is in the text (its section heading to the next)
    "row_labels",  # which template row a label names; tokens grouped as label and figures
    "split_evidence",  # a row's spec and the evidence that narrows the splits of a run
    "cell_spans",  # a row of separated cells short of its columns: a merged cell spans them
    "header_grid",  # padded grids: each column's cell from the header lines
    "blank_cells",  # blank cells a crawler dropped, placed from evidence
    "row_reader",  # a row's figures into cells, whatever the layout
    "lone_numbers",  # a number alone on a line after a flattened row: a cell or a page number
    "table_memo",  # a table's reading from its text alone, given again where the text recurs
    "row_tables",  # tables 2 and 3
    "review_table",  # table 4
    "templates",  # which national template; the cells a report did not yield
    "pre2019",  # the statistics table before 2019
    "ocr_check",  # figures read by OCR, kept where the tables' sums confirm them
    "metadata",  # agency, year, publication date
    "prose",  # figures stated in the prose
    "",  # the package: parse_document
)

LONG_LINES = 400
# Files over the limit while other work reshapes them (their reason written at their top, or the
# file split, when that work lands): the file and what is under way. None now.
LONG_PENDING: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("xxgk", "xxgk_demo"):
        for path in sorted((REPO / package).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def layer_of(module: str) -> str | None:
    best = None
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[1])):
                best = (layer, prefix)
    return best[0] if best else None


def imports_of(path: Path, module: str) -> set[str]:
    """Every module ``path`` imports (absolute and relative, at the top or inside a function);
    ``from xxgk import codes`` counts as ``xxgk.codes``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.add(name if name in MODULES else base)
    return found


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if m not in ("xxgk",) and layer_of(m) is None] == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_the_layers_below_it(module: str) -> None:
    own = layer_of(module)
    if own is None:  # the package itself (xxgk/__init__.py)
        return
    wrong = []
    for name in sorted(imports_of(MODULES[module], module)):
        if name.split(".")[0] == "streamlit":
            if own not in STREAMLIT_USERS and not name.startswith(STREAMLIT_LAUNCHER.get(module, "\0")):
                wrong.append(f"{name} (Streamlit belongs to the dashboard)")
            continue
        if name.split(".")[0] not in ("xxgk", "xxgk_demo") or name == "xxgk":
            continue
        other = layer_of(name)
        if other == "demo" and own != "demo" and module not in DEMO_USERS:
            wrong.append(f"{name} (only the demo command and the first build use the demo generator)")
        elif other is not None and other != own and other not in ALLOWED[own]:
            wrong.append(f"{name} (layer {other}; {own} may import {sorted(ALLOWED[own]) or 'nothing of xxgk'})")
    assert wrong == [], f"{module} ({own}) imports " + "; ".join(wrong)


def test_the_checker_sees_a_crossing(tmp_path: Path) -> None:
    """The test above can fail: a parser module importing the database and the rules is caught."""
    path = tmp_path / "bad.py"
    path.write_text('"""x"""\nfrom xxgk.db import connect\n\ndef f():\n    from xxgk import rules\n', encoding="utf-8")
    found = imports_of(path, "xxgk.parse.bad")
    assert {"xxgk.db", "xxgk.rules"} <= found
    assert {layer_of(n) for n in found} - ALLOWED["parse"] - {"parse"} == {"db", "rules"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_its_job_and_its_layers(module: str) -> None:
    path = MODULES[module]
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 3, f"{path.relative_to(REPO)}: no docstring saying its job"
    if path.name == "__init__.py" or path.parent.name in ("xxgk",) or module == "xxgk_demo":
        assert "Layer:" in doc or "Layers:" in doc, f"{path.relative_to(REPO)}: the docstring does not say which layers it may import"


def test_the_parse_modules_build_on_one_another_in_order() -> None:
    listed = {f"xxgk.parse.{name}" if name else "xxgk.parse" for name in PARSE_ORDER}
    present = {m for m in MODULES if m == "xxgk.parse" or m.startswith("xxgk.parse.")}
    assert present == listed, "every module of xxgk/parse/ has its place in PARSE_ORDER"
    rank = {(f"xxgk.parse.{name}" if name else "xxgk.parse"): i for i, name in enumerate(PARSE_ORDER)}
    wrong = []
    for module in sorted(present, key=rank.get):
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        for node in tree.body:  # the top-level imports only: not those in a function or under `if`
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("xxgk.parse"):
                imported = {node.module} | {f"{node.module}.{a.name}" for a in node.names}
                for name in imported & set(rank):
                    if rank[name] >= rank[module]:
                        wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_no_module_points_to_a_document_outside_the_repository() -> None:
    """What a module needs from the design it says in place, or names the README section that says
    it: a design document kept beside the repository is not there for a newcomer (DESIGN.md was cited)."""
    outside = {}
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        named = {name for name in re.findall(r"[\w./-]+\.md\b", text) if name != "README.md"}
        missing = sorted(name for name in named if not (REPO / name).exists())
        if missing:
            outside[path.relative_to(REPO).as_posix()] = missing
    assert outside == {}


def test_no_file_is_long_without_a_reason_at_its_top() -> None:
    long = {}
    for path in MODULES.values():
        name = path.relative_to(REPO).as_posix()
        lines = path.read_text(encoding="utf-8").count("\n")
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if lines > LONG_LINES and "Long:" not in doc and name not in LONG_PENDING:
            long[name] = lines
    assert long == {}, "files over ~400 lines without a 'Long:' reason in their docstring"
