"""One vocabulary: every word a user reads for a code is defined once (xxgk/vocabulary.py, and the
national template's printed words in xxgk/codes.py), and the rest of the product takes it from there.

A *label definition* is a Chinese text tied to a code where it is written:

* Python: a value of a dict literal whose key is a code (an ASCII word such as ``"government"``,
  ``"R1"``, ``"on_time"``, ``"2021"``), or a module-level constant holding Chinese text;
* SQL: the Chinese result of a ``CASE`` branch (``WHEN 'street' THEN '街道'``, ``ELSE '其他'``).

A label defined in two places is a duplicate: it can drift (it did: 其他 against
其他（法人或其他组织）, three lists of agency kinds, severities twice). The only exceptions are
HOMONYMS, one word the template prints for different things, and only inside the vocabulary. Labels
used where they are shown (a heading, a caption, a column only one page has) are not definitions.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = ("xxgk/vocabulary.py", "xxgk/codes.py")
# The template's words for different things: 其他 heads an applicant column (under 法人或其他组织) and
# is an agency kind; 总计 is the total column of table 3 and of table 4.
HOMONYMS = {"其他", "总计"}
# Report text the demo generator writes is not a label of the product.
SCANNED_PY = ("xxgk", "pages", "dashboard.py")
SKIPPED = ("xxgk/demo/", "xxgk_demo/", "tools/")
SCANNED_SQL = ("queries", "xxgk/db")

HAN = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"^[A-Za-z0-9_.]+$")
# A CASE branch giving Chinese text: THEN '…' or ELSE '…' (SQL comments removed first).
CASE_RESULT = re.compile(r"\b(?:THEN|ELSE)\s+'([^']*)'", re.IGNORECASE)


def _py_files() -> list[Path]:
    files: list[Path] = []
    for entry in SCANNED_PY:
        path = ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [f for f in files if not any(f.relative_to(ROOT).as_posix().startswith(s) for s in SKIPPED)]


def _sql_files() -> list[Path]:
    return sorted(f for entry in SCANNED_SQL for f in (ROOT / entry).rglob("*.sql"))


def _chinese(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value):
        return node.value
    return None


def python_definitions(source: str) -> list[tuple[str, int]]:
    """(label, line) of each label definition in a Python module; a dict is one place (the line it
    starts on), so one mapping that gives two codes the same word defines it once."""
    tree = ast.parse(source)
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                is_code = isinstance(key, ast.Constant) and isinstance(key.value, str) and CODE.match(key.value)
                label = _chinese(value)
                if is_code and label and (label, node.lineno) not in found:
                    found.append((label, node.lineno))
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and _chinese(node.value):
            found.append((node.value.value, node.lineno))
    return found


def sql_definitions(source: str) -> list[tuple[str, int]]:
    """(label, line) of each Chinese CASE result in a SQL file."""
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        code = line.split("--", 1)[0]
        found += [(label, number) for label in CASE_RESULT.findall(code) if HAN.search(label)]
    return found


def definitions(root: Path = ROOT) -> dict[str, list[str]]:
    """Label → the places ("file:line") that define it."""
    places: dict[str, list[str]] = defaultdict(list)
    for path in _py_files():
        for label, line in python_definitions(path.read_text(encoding="utf-8")):
            places[label].append(f"{path.relative_to(root).as_posix()}:{line}")
    for path in _sql_files():
        for label, line in sql_definitions(path.read_text(encoding="utf-8")):
            places[label].append(f"{path.relative_to(root).as_posix()}:{line}")
    return places


def duplicates(places: dict[str, list[str]]) -> dict[str, list[str]]:
    """Labels defined in two places or more (a homonym only when one place lies outside the vocabulary)."""
    return {
        label: where
        for label, where in places.items()
        if len(where) > 1 and not (label in HOMONYMS and all(place.startswith(HOME) for place in where))
    }


def test_no_label_is_defined_twice() -> None:
    found = duplicates(definitions())
    assert not found, "labels defined outside the vocabulary and again elsewhere:\n" + "\n".join(
        f"  {label}: {', '.join(where)}" for label, where in sorted(found.items())
    )


def test_no_sql_case_gives_chinese_text() -> None:
    """SQL takes its labels from catalog tables joined by code (label_catalog, rule_catalog …)."""
    cases = {
        f"{path.relative_to(ROOT).as_posix()}:{line}": label
        for path in _sql_files()
        for label, line in sql_definitions(path.read_text(encoding="utf-8"))
    }
    assert not cases, cases


def test_the_rule_sees_a_duplicate() -> None:
    """The scan finds what it is meant to find, so an empty result means something."""
    py = 'KINDS = {"street": "街道", "other": "其他", "else": "其他"}\nLEVEL = "市本级"\nprint({"a": 1}, "街道")\n'
    assert python_definitions(py) == [("街道", 1), ("其他", 1), ("市本级", 2)]
    sql = "CASE kind WHEN 'street' THEN '街道' -- ELSE '注释'\n ELSE '其他' END\n"
    assert sql_definitions(sql) == [("街道", 1), ("其他", 2)]
    places = {
        "街道": ["xxgk/filters.py:3", "xxgk/db/views.sql:9"],  # a kind defined twice
        "警示": ["xxgk/vocabulary.py:3", "xxgk/vocabulary.py:9"],  # twice, even inside the vocabulary
        "其他": ["xxgk/codes.py:1", "xxgk/regions.py:9"],  # a homonym, but outside the vocabulary
        "总计": ["xxgk/codes.py:1", "xxgk/codes.py:9"],  # a homonym of the template
        "市本级": ["xxgk/vocabulary.py:5"],
    }
    assert set(duplicates(places)) == {"街道", "警示", "其他"}
    # the tree itself holds hundreds of definitions: the scan reads the real files
    assert sum(len(where) for where in definitions().values()) > 100


def test_vocabulary_reaches_the_database(tmp_path: Path) -> None:
    """The catalog tables hold the vocabulary's words, and SQL shows them by code."""
    import duckdb

    from xxgk import vocabulary
    from xxgk.db import create_schema

    con = duckdb.connect(str(tmp_path / "v.duckdb"))
    create_schema(con)
    stored = con.execute("SELECT vocabulary, code, label FROM label_catalog").fetchall()
    assert {(v, c, l) for v, c, l in stored} == {
        (name, code, label) for name, words in vocabulary.CATALOG.items() for code, label in words.items()
    }
    assert dict(con.execute("SELECT severity, severity_label FROM severity_catalog").fetchall()) == vocabulary.SEVERITY_LABELS



def labelling_functions(paths: list[Path]) -> dict[str, list[str]]:
    """Function name (leading underscores dropped) → the files defining it, for every function
    that words a code (named ``…label``)."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.endswith("label"):
                where[node.name.lstrip("_")].append(path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name)
    return where


def test_a_cell_is_worded_by_one_function() -> None:
    """Two functions of one name that word codes drift apart (two ``cell_label`` did: one for the
    dashboard, one for the rules' sentences): each is defined once, cells' in the vocabulary."""
    twice = {name: files for name, files in labelling_functions(_py_files()).items() if len(files) > 1}
    assert twice == {}, f"functions that word codes, defined in more than one file: {twice}"
    assert labelling_functions([ROOT / "xxgk/vocabulary.py"]).get("cell_label") == ["xxgk/vocabulary.py"]


def test_the_function_scan_sees_a_second_definition(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def cell_label(code):\n    return code\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def f():\n    def _cell_label(t, r, c):\n        return t\n", encoding="utf-8")
    assert labelling_functions([tmp_path / "a.py", tmp_path / "b.py"]) == {"cell_label": ["a.py", "b.py"]}
