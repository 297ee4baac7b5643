"""Opening the library a command or the desktop app names, with one set of messages for what can go wrong."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from callcoach.core.errors import InputError
from callcoach.core.jobs import CancelFn, ProgressFn, report
from callcoach.storage import Library
from callcoach.storage import open_library as connect
from callcoach.storage.location import display, resolve_url, sqlite_path


def open_library(
    location: str | None = None,
    *,
    existing: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Library:
    """The library at ``location`` (a file path or database URL; None: CALLCOACH_DB, else the user data folder),
    created or upgraded as needed (``library.migration`` says what was done).

    ``existing``: for work on what is already there (list, show, review, export), a library file that does not
    exist is refused, instead of an empty one being created from a mistyped path.
    """
    url = resolve_url(location or None)
    path = sqlite_path(url)
    if path is not None and path.is_dir():
        raise InputError(
            path, "this is a folder, not a library file", hint="give the library file, e.g. --db DIR/library.sqlite"
        )
    if existing and path is not None and not path.exists():
        raise InputError(
            path,
            "no library here",
            hint="check --db or CALLCOACH_DB for a typo; a new library is made by `callcoach import`",
        )
    try:
        library = connect(location or None)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise InputError(display(url), f"cannot open the library: {reason}") from None
    report(progress, 1.0)
    return library
