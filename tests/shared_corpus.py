"""Where the tests find the shared real corpus: one place, one rule, one message.

The shared folder is ``$XXGK_SHARED`` if set, else ``../shared`` beside the checkout; the real
reports are in ``<shared>/corpus/real`` (never copied into the repository). Every test that reads
the corpus goes through :func:`require` (the ``corpus_dir`` fixture calls it), :func:`file` or
:func:`params`, so that without the corpus they all skip with the same message, raised from one
line; under CI (``CI=true``) ``conftest.py`` fails the run instead, naming the folder looked at.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("XXGK_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpus" / "real"
MISSING = (
    f"the real corpus is not at {CORPUS}: set XXGK_SHARED to the folder that holds corpus/real "
    "(default: ../shared beside the checkout)"
)


def available() -> bool:
    return CORPUS.is_dir()


def required_by_ci() -> bool:
    """True when the environment says it is CI, where a missing corpus is an error, not a skip."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require() -> Path:
    """The corpus folder; skips the calling test (always with ``MISSING``) when it is not there."""
    if not available():
        pytest.skip(MISSING)
    return CORPUS


def file(name: str) -> Path:
    """One file of the corpus. Skips without the corpus; a file missing from a corpus that is
    there is a failure, not a skip."""
    return _existing(require() / name)


def shared(relative: str) -> Path:
    """A file of the shared folder beside the corpus (``seed/…``), on the same terms as :func:`file`."""
    require()
    return _existing(SHARED / relative)


def _existing(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing from the shared folder")
    return path


def params(pattern: str, ids: Callable[[Path], str] = lambda path: path.name) -> list:
    """The corpus files matching ``pattern``, for ``parametrize`` (ids: the file names).

    Without the corpus: one placeholder, ``None``, on which the test calls :func:`require` and so
    skips with the same message as every other corpus test; the test is still collected.
    """
    if not available():
        return [pytest.param(None, id="real-corpus")]
    return [pytest.param(path, id=ids(path)) for path in sorted(CORPUS.glob(pattern))]
