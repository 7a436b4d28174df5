"""A missing or broken part of xxgk is an error at start, never a quieter result.

Each case runs a fresh interpreter in which one of our own modules cannot be imported (as after a
broken install) and imports the module that uses it: that import must fail, naming the missing
module (``sys.modules[name] = None`` is how the import system spells "not installed"). Before,
the parser quietly dropped prose facts, regions or every rule, a load skipped the
cross-report rules and the first start skipped the demo corpus.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

CASES = [
    ("xxgk.parse.prose", "xxgk.parse"),
    ("xxgk.regions", "xxgk.pipeline"),
    ("xxgk.rules", "xxgk.pipeline"),
    ("xxgk.rules.cross", "xxgk.load"),
    ("xxgk_demo", "xxgk.bootstrap"),
    ("xxgk.readers", "tools.accuracy"),
    ("opencc", "xxgk.parse"),
]


@pytest.mark.parametrize(("broken", "user"), CASES)
def test_importing_a_module_whose_part_is_missing_fails(broken: str, user: str) -> None:
    code = f"import sys\nsys.modules[{broken!r}] = None\nimport {user}\nprint('imported')\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode != 0 and "imported" not in done.stdout, f"{user} imported without {broken}"
    assert f"import of {broken} halted" in done.stderr or f"No module named '{broken}'" in done.stderr, done.stderr


def test_no_test_skips_when_our_own_package_is_missing() -> None:
    """Tests import xxgk plainly: a broken package fails them rather than skipping them."""
    own = re.compile(r"importorskip\(\s*[\"']xxgk|except ImportError")
    offenders = [
        path.name for path in sorted((REPO / "tests").glob("*.py"))
        if path.name != Path(__file__).name and own.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
