"""Where the library lives.

The location is chosen in this order: ``--db`` > ``CALLCOACH_DB`` > ``library.sqlite`` in the user data folder
(``CALLCOACH_DATA_DIR`` replaces that folder, so tests never touch a user's real library). Either setting may be
a file path or any SQLAlchemy URL (PostgreSQL for a team sharing one library).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.engine import URL

from callcoach.core.data_dir import data_dir
from callcoach.core.errors import InputError

DB_ENV = "CALLCOACH_DB"
LIBRARY_FILE = "library.sqlite"


def resolve_url(db: str | None = None) -> URL:
    """The library's SQLAlchemy URL: ``db`` (from --db), else CALLCOACH_DB, else the default SQLite file."""
    choice = db or os.environ.get(DB_ENV) or str(data_dir() / LIBRARY_FILE)
    if "://" in choice:
        try:
            return make_url(choice)
        except Exception as exc:  # SQLAlchemy raises ArgumentError with a terse message
            raise InputError(
                choice, f"not a database URL: {exc}", hint="use a file path or e.g. sqlite:///lib.sqlite"
            ) from None
    return make_url("sqlite:///" + str(Path(choice).expanduser().resolve()))


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and for in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):  # an SQLite URI (sqlite:///file:PATH?mode=ro&uri=true)
        return Path(url.database.removeprefix("file:").split("?", 1)[0])
    return Path(url.database)


def display(url: URL) -> str:
    """How messages name a library: the file path, or the URL without its password."""
    path = sqlite_path(url)
    return str(path) if path else url.render_as_string(hide_password=True)
