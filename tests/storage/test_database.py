"""Where the library is, how SQLite is configured, and what a library refuses to open."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from callcoach.core.errors import InputError
from callcoach.storage import Library, open_library, repository
from callcoach.storage.location import resolve_url
from callcoach.storage.tables import CallRow, SegmentRow, WordRow


def test_location_precedence_db_option_then_env_then_data_folder(tmp_path: Path, monkeypatch) -> None:
    assert resolve_url(None).database == str((tmp_path / "data" / "library.sqlite").resolve())
    monkeypatch.setenv("CALLCOACH_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None).database == str(tmp_path / "env.sqlite")
    assert resolve_url(str(tmp_path / "opt.sqlite")).database == str(tmp_path / "opt.sqlite")
    assert resolve_url("sqlite:///" + str(tmp_path / "url.sqlite")).database == str(tmp_path / "url.sqlite")
    assert resolve_url("postgresql://qa:secret@db.example/calls").get_backend_name() == "postgresql"


def test_default_library_is_created_in_the_data_folder(tmp_path: Path) -> None:
    lib = open_library()
    assert Path(lib.label) == (tmp_path / "data" / "library.sqlite").resolve()
    assert Path(lib.label).is_file()
    lib.close()


SQLITE_ONLY = pytest.mark.parametrize("library", ["sqlite"], indirect=True)  # WAL, SQLite error codes


@SQLITE_ONLY
def test_sqlite_runs_in_wal_mode_with_foreign_keys(library: Library) -> None:
    with library.read() as session:
        assert session.exec(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.exec(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.exec(text("PRAGMA busy_timeout")).scalar() >= 5000
    # WAL is recorded in the file itself, so other tools see it too
    with sqlite3.connect(library.label) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_deleting_a_call_deletes_its_segments_and_words(library: Library, tmp_path: Path) -> None:
    with library.write() as session:
        call = repository.add_call(session, tmp_path / "a.vtt", "a" * 64, "transcript", None, None)
        segment = SegmentRow(call_id=call.id, idx=0, speaker="agent", start=0, end=1, text="Hi", tags=[])
        session.add(segment)
        session.flush()
        session.add(WordRow(segment_id=segment.id, idx=0, start=0, end=1, word="Hi", probability=1))
    with library.write() as session:
        session.delete(session.get(CallRow, call.id))
    with library.read() as session:
        assert session.exec(select(SegmentRow)).all() == []
        assert session.exec(select(WordRow)).all() == []


def test_a_write_is_all_or_nothing(library: Library, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), library.write() as session:
        repository.add_call(session, tmp_path / "a.vtt", "b" * 64, "transcript", "Lee", None)
        raise RuntimeError("crash before commit")
    with library.read() as session:
        assert repository.list_calls(session) == []
        assert repository.agent_names(session) == []


def test_refuses_a_library_newer_than_this_code(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_library(str(path)).close()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01 00:00:00')")
    with pytest.raises(InputError, match="schema version 99, newer than"):
        open_library(str(path))
    assert list(tmp_path.glob("future.sqlite.bak-*")) == []


@pytest.mark.parametrize("table", ["invoices", "calls"])  # a foreign `calls` table once gave "no such column"
def test_refuses_a_database_that_is_not_a_library(tmp_path: Path, table: str) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(InputError, match="not a CallCoach library"):
        open_library(str(path))
    with sqlite3.connect(path) as raw:  # and left it alone
        assert [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")] == [table]


@SQLITE_ONLY
def test_a_full_disk_is_reported_and_what_was_saved_stays(library: Library, tmp_path: Path) -> None:
    def queue_calls(first: int, count: int) -> None:
        with library.write() as session:
            for n in range(first, first + count):
                path = tmp_path / f"call{n}.vtt"
                repository.import_call(session, path, f"{n:064x}", "transcript", "Lee", None)

    queue_calls(0, 3)
    with library.read() as session:
        pages = session.exec(text("PRAGMA page_count")).scalar()
    # Cap the file at its present size: SQLite then answers SQLITE_FULL, exactly as on a full disk.
    library.engine.dispose()
    cap = event.listens_for(library.engine, "connect")(lambda conn, _: conn.execute(f"PRAGMA max_page_count={pages}"))
    with pytest.raises(InputError) as caught:
        queue_calls(3, 2000)
    assert caught.value.path == library.label
    assert "disk holding the library is full" in caught.value.problem and "not saved" in caught.value.problem
    assert "free some disk space" in (caught.value.hint or "")

    event.remove(library.engine, "connect", cap)
    library.engine.dispose()
    with library.read() as session:
        assert len(repository.list_calls(session)) == 3  # the failed transaction left nothing half-done
        assert session.exec(text("PRAGMA integrity_check")).scalar() == "ok"
    queue_calls(3, 1)  # with space again, work goes on
    with library.read() as session:
        assert len(repository.list_calls(session)) == 4


@SQLITE_ONLY
def test_other_database_errors_are_not_called_a_full_disk(library: Library) -> None:
    with pytest.raises(OperationalError), library.write() as session:
        session.exec(text("SELECT * FROM no_such_table"))


def test_a_read_only_library_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    from callcoach.storage.database import LibraryUnavailable
    from tests.storage.helpers import enqueue, write_call

    path = tmp_path / "library.sqlite"
    writable = open_library(str(path))
    enqueue(writable, write_call(tmp_path / "in", 1))
    writable.close()
    read_only = open_library(f"sqlite:///file:{path}?mode=ro&uri=true", migrate=False)
    with read_only.read() as session:  # reading works
        assert session.exec(text("SELECT COUNT(*) FROM calls")).one()[0] == 1
    with pytest.raises(LibraryUnavailable) as err, read_only.write() as session:
        session.exec(text("UPDATE calls SET status = 'failed'"))
    assert "read-only" in err.value.message and str(path) in err.value.message and "permissions" in err.value.message
    read_only.close()


def test_a_database_server_that_cannot_be_reached_is_a_message(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    from callcoach.storage.database import Library, LibraryUnavailable, make_engine
    from callcoach.storage.location import resolve_url

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = resolve_url(f"postgresql+psycopg://callcoach@127.0.0.1:{port}/calls")
    library = Library(url, make_engine(url))
    with pytest.raises(LibraryUnavailable) as err, library.read() as session:
        session.exec(text("SELECT 1"))
    assert "lost the connection to the library's database server" in err.value.message
    assert "password" not in err.value.message and "server is running" in err.value.message
    library.close()
