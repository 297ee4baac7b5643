"""Where the library lives and how to connect to it.

Which library is meant is storage.location's rule; schema upgrades are storage.migrations'.

SQLite connections run in WAL mode (readers never wait for the ``process`` job's writes) with foreign keys on,
and every write transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock up front, so two writers
queue on the busy timeout instead of failing half-way when a read turns into a write, and what a write
transaction reads cannot change under it. On PostgreSQL a transaction that computes from what it reads locks
the rows it depends on itself (``SELECT ... FOR UPDATE``, see reviews.lock_call).
"""

from __future__ import annotations

# Imported here, on the thread that imports this module (the GUI thread in the app), not lazily by the SQLite
# dialect inside create_engine on the worker that opens the library first: under PySide6 every import runs
# through shiboken's import hook, and an import on a worker while the GUI thread runs Qt crashed the test suite
# once (a segfault in shibokensupport feature_import, from pysqlite's import_dbapi).
import sqlite3.dbapi2  # noqa: F401
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from callcoach.core.errors import InputError
from callcoach.storage.location import display, resolve_url, sqlite_path

if TYPE_CHECKING:
    from callcoach.storage.migrations import MigrationResult

BUSY_TIMEOUT_MS = 30_000
_WRITE = "callcoach_write"
Row = TypeVar("Row")


def make_engine(url: URL) -> Engine:
    path = sqlite_path(url)
    if url.get_backend_name() != "sqlite":
        try:
            return create_engine(url, pool_pre_ping=True)
        except ImportError as exc:
            raise InputError(
                display(url),
                f"the database driver '{exc.name}' is not installed",
                hint="for PostgreSQL: pip install 'psycopg[binary]'",
            ) from None
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(path.parent, f"cannot create the library folder: {exc.strerror}") from None
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own transaction handling is off).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL mode: a power cut loses at most the last commit
    cursor.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


@dataclass
class Library:
    """An open library: its URL and engine, and short read/write sessions over it."""

    url: URL
    engine: Engine
    migration: MigrationResult | None = None  # what opening it did to the schema, for the CLI to mention

    @property
    def label(self) -> str:
        return display(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as exc:
            error = unavailable(exc, self.label)
            if error is None:
                raise
            raise error from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One committed transaction: everything inside is saved together or not at all."""
        engine = self.engine.execution_options(**{_WRITE: True})
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            if is_disk_full(exc):
                raise InputError(
                    self.label,
                    "the disk holding the library is full: this change was not saved (everything saved before is "
                    "intact)",
                    hint="free some disk space, then do it again",
                ) from exc
            error = unavailable(exc, self.label)
            if error is None:
                raise
            raise error from exc

    def close(self) -> None:
        self.engine.dispose()


DISK_FULL_MARKERS = ("database or disk is full", "no space left on device", "could not extend file")


def is_disk_full(exc: BaseException) -> bool:
    """SQLite's SQLITE_FULL, or PostgreSQL's disk_full (53100) / ENOSPC, anywhere in the exception's chain.

    The chain matters: SQLite rolls the whole transaction back on SQLITE_FULL, so SQLAlchemy's rollback of a
    savepoint then fails with "no such savepoint", and the full disk is only in that error's context.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        text = str(orig if orig is not None else current).lower()
        if getattr(orig, "sqlstate", None) == "53100" or any(marker in text for marker in DISK_FULL_MARKERS):
            return True
        current = current.__cause__ or current.__context__
    return False


READ_ONLY_MARKERS = ("attempt to write a readonly database", "read-only transaction", "readonly database")
CONNECTION_MARKERS = (
    "server closed the connection",
    "connection refused",
    "terminating connection",
    "could not connect",
    "connection is closed",
    "no connection to the server",
    "the database system is shutting down",
    "consuming input failed",
    "connection failed",
)


class LibraryUnavailable(InputError):
    """The library cannot be written (read-only) or reached (its server stopped): no call is at fault."""


def unavailable(exc: BaseException, label: str) -> LibraryUnavailable | None:
    """A one-line message for a library that cannot be written (read-only) or reached (its server stopped).

    Nothing half-done is kept: the transaction was rolled back, and what was saved before stays.
    """
    text = " ".join(str(getattr(e, "orig", None) or e).lower() for e in _chain(exc))
    if any(marker in text for marker in READ_ONLY_MARKERS):
        return LibraryUnavailable(
            label,
            "the library is read-only: this change was not saved (nothing else was touched)",
            hint="check the file's and its folder's permissions, or open a copy you can write to",
        )
    if getattr(exc, "connection_invalidated", False) or any(marker in text for marker in CONNECTION_MARKERS):
        return LibraryUnavailable(
            label,
            "lost the connection to the library's database server: the work in hand was not saved; everything "
            "saved before is intact",
            hint="check that the server is running and reachable, then run the command again",
        )
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def in_write_transaction(session: Session) -> bool:
    """Whether the session runs in a Library.write transaction (on SQLite: one that began with the write lock)."""
    return bool(session.connection().get_execution_options().get(_WRITE))


def get_or_create(session: Session, query: SelectOfScalar[Row], make: Callable[[], Row]) -> Row:
    """The row the query finds, else a new one: safe when another process creates the same row at the same moment
    (the unique index refuses the second insert; its savepoint is undone and the winner's row is read)."""
    row = session.exec(query).first()
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = make()
            session.add(row)
    except IntegrityError:
        return session.exec(query).one()
    return row


def open_library(db: str | None = None, *, migrate: bool = True) -> Library:
    """Connect to the library (creating or upgrading it) — see callcoach.storage.migrations."""
    url = resolve_url(db)
    library = Library(url, make_engine(url))
    if migrate:
        from callcoach.storage.migrations import upgrade

        library.migration = upgrade(library.engine, library.url)
    return library
