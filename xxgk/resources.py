"""Where xxgk's own files are: the metric SQL, the schema, the gazetteer, the seed report, the
dashboard; and where it writes: the database, the demo corpus, uploads.

The repository keeps ``queries/``, ``data/``, ``dashboard.py`` and ``pages/`` at its top level (the
product's layout); a wheel carries them inside the package as ``xxgk/queries``, ``xxgk/data`` and
``xxgk/app`` (``pyproject.toml`` maps them). This module is the one place that knows both layouts:
a checkout is the folder where ``xxgk/`` sits beside ``pyproject.toml``; anything else is an
installed package.

Written files never go into the package: in a checkout they go to its ``data/`` folder, in an
installed package to the per-user data folder (``platformdirs``; ``~/.local/share/xxgk`` on Linux).
A shipped file that is missing is an error naming it (:class:`MissingResourceError`), raised when
the module that needs it is imported: a broken installation stops at start, never blamed on the
report being read.

Layer: base — imports nothing of xxgk; every other layer may import it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import platformdirs

PACKAGE = Path(str(files("xxgk")))
CHECKOUT: Path | None = PACKAGE.parent if (PACKAGE.parent / "pyproject.toml").is_file() else None

# Each shipped folder: its name inside an installed package → its place in a checkout.
_CHECKOUT_PLACES = {"queries": "queries", "data": "data", "app": "."}


class MissingResourceError(RuntimeError):
    """A file xxgk ships is not there: the installation is incomplete."""

    def __init__(self, path: Path):
        super().__init__(f"{path}: a file of the xxgk installation is missing; reinstall xxgk")
        self.path = path


def _shipped(folder: str, *parts: str, directory: bool = False) -> Path:
    base = CHECKOUT / _CHECKOUT_PLACES[folder] if CHECKOUT else PACKAGE / folder
    path = base.joinpath(*parts)
    if not (path.is_dir() if directory else path.is_file()):
        raise MissingResourceError(path)
    return path


def queries_dir() -> Path:
    """The metric SQL files (``queries/`` of the repository)."""
    return _shipped("queries", directory=True)


def sql_file(name: str) -> Path:
    """A SQL file of ``xxgk/db`` (``schema.sql``, ``staging.sql``, ``marts/…``)."""
    path = Path(str(files("xxgk.db") / name))
    if not path.is_file():
        raise MissingResourceError(path)
    return path


def data_file(name: str) -> Path:
    """A data file that ships with xxgk (``gazetteer.csv``, ``gazetteer_renames.csv``)."""
    return _shipped("data", name)


def seed_reports_dir() -> Path:
    """The folder of the bundled seed report (``data/reports/``)."""
    return _shipped("data", "reports", directory=True)


def dashboard_script() -> Path:
    """The dashboard's entry file; its pages are in ``pages/`` beside it."""
    _shipped("app", "pages", directory=True)
    return _shipped("app", "dashboard.py")


def dashboard_config() -> Path:
    """The dashboard's Streamlit settings (``.streamlit/config.toml`` beside dashboard.py)."""
    return _shipped("app", ".streamlit", "config.toml")


def work_dir() -> Path:
    """Where xxgk writes by default: ``data/`` of a checkout, else the per-user data folder."""
    if CHECKOUT is not None:
        return CHECKOUT / "data"
    return Path(platformdirs.user_data_dir("xxgk", appauthor=False))
