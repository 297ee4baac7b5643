"""The library on PostgreSQL (a team sharing one library): schema, migration, the CLI, shared queue, SIGKILL,
two reviewers editing one call at once.

A throwaway server is started from the machine's PostgreSQL binaries (initdb/pg_ctl, as the ``postgres`` user when
the tests run as root) on a Unix socket in a temporary folder; every test gets a new database. Skipped when the
binaries or the psycopg driver are missing.
"""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

from callcoach.cli import main
from callcoach.services.processing import process_queue
from callcoach.storage import migrations, open_library, queue
from tests.storage.helpers import write_broken, write_call
from tests.storage.test_kill_resume import cli, kill_and_resume, stalled_process
from tests.storage.test_reviews import edit_waits_for_edit, two_reviewers_at_once

psycopg = pytest.importorskip("psycopg")


def test_a_new_library_has_the_schema_of_the_tables(pg: str) -> None:
    lib = open_library(pg)
    assert (lib.migration.from_version, lib.migration.to_version) == (0, migrations.CURRENT_VERSION)
    assert lib.label.startswith("postgresql+psycopg://callcoach@/")
    engine = create_engine(lib.url)
    inspector = inspect(engine)
    found = {t: {c["name"]: c["nullable"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}
    kinds = {c["name"]: str(c["type"]) for c in inspector.get_columns("calls")}
    engine.dispose()
    expected = {t.name: {c.name: bool(c.nullable) for c in t.columns} for t in SQLModel.metadata.sorted_tables}
    expected["schema_version"] = {"version": False, "applied_at": False}
    assert found == expected
    assert kinds["imported_at"] == "TIMESTAMP" and kinds["analysis"] == "JSON"
    again = open_library(pg)
    assert again.migration.from_version == migrations.CURRENT_VERSION and again.migration.backup is None
    lib.close()
    again.close()


def test_a_v1_library_upgrades_on_postgresql(pg: str) -> None:
    lib = open_library(pg, migrate=False)
    migrations.upgrade(lib.engine, lib.url, target=1)
    t = migrations.v1_metadata().tables
    with lib.engine.begin() as conn:
        conn.execute(t["calls"].insert(), _v1_call())
        conn.execute(t["reviews"].insert(), {"id": 1, "call_id": 1, "reviewer": "maria", "created_at": _at(1)})
        conn.execute(
            t["comments"].insert(),
            {"review_id": 1, "text": "Gut gemacht", "author": "maria", "at": _at(2), "call_time": 3.0},
        )
    result = migrations.upgrade(lib.engine, lib.url)
    assert (result.from_version, result.to_version, result.backup) == (1, migrations.CURRENT_VERSION, None)
    with lib.engine.connect() as conn:
        assert conn.execute(text("SELECT updated_at FROM reviews")).scalar() == _at(2)
        assert conn.execute(text("SELECT channels FROM calls")).scalar() is None
        assert conn.execute(text("SELECT text FROM comments")).scalar() == "Gut gemacht"
    lib.close()


def _at(day: int):
    from datetime import UTC, datetime

    return datetime(2024, 3, day, 9, 0, tzinfo=UTC)


def _v1_call() -> dict:
    return {
        "id": 1,
        "file_path": "/calls/a.vtt",
        "content_hash": "a" * 64,
        "kind": "transcript",
        "imported_at": _at(1),
        "status": "queued",
    }


def test_the_cli_works_end_to_end_on_postgresql(pg: str, tmp_path: Path, capsys) -> None:
    def run(*args: str, code: int = 0) -> str:
        assert main([*args, "--db", pg]) == code
        return capsys.readouterr().out

    folder = tmp_path / "in"
    write_call(folder, 1)
    write_call(folder, 2)
    write_broken(folder)
    run("import", str(folder), "--agent", "Zoë")
    assert "already in the library as call 2" in run("import", str(folder / "call1.vtt"))
    assert "1 failed" in run("process", code=1)  # the broken file fails the run; the others are analysed
    run("review", "2", "--set", "closing=10", "--reason", "no summary", "--reviewer", "maria")
    run("review", "2", "--acknowledge")  # in the name of the call's agent
    calls = json.loads(run("list", "--json"))
    assert [(c["status"], c["agent"]) for c in calls] == [("failed", "Zoë"), ("reviewed", "Zoë"), ("analysed", "Zoë")]
    shown = json.loads(run("show", "2", "--json"))
    assert len(shown["segments"]) == 4 and shown["review"]["acknowledgement"]["status"] == "acknowledged"
    assert shown["review"]["acknowledgement"]["agent"] == "Zoë"
    assert shown["review"]["overrides"][0]["score"] == 10.0


def test_two_workers_share_a_postgresql_queue(pg: str, tmp_path: Path, monkeypatch) -> None:
    lib = open_library(pg)
    cli(pg, "import", *(str(write_call(tmp_path, n)) for n in range(10)))
    monkeypatch.setattr(queue, "worker_id", lambda: f"{socket.gethostname()}:{threading.current_thread().name}")
    results: dict[str, list[int]] = {}

    def work(name: str) -> None:
        results[name] = [o.call_id for o in process_queue(open_library(pg))]

    threads = [threading.Thread(target=work, args=(n,), name=n) for n in ("worker-a", "worker-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(results["worker-a"] + results["worker-b"]) == list(range(1, 11))
    lib.close()


def test_sigkill_mid_save_on_postgresql(pg: str, tmp_path: Path) -> None:
    kill_and_resume(tmp_path, pg)


def test_an_edit_waits_for_another_edit_of_the_call_on_postgresql(pg: str, tmp_path: Path) -> None:
    edit_waits_for_edit(tmp_path, pg)


def test_two_processes_reviewing_one_call_at_once_on_postgresql(pg: str, tmp_path: Path) -> None:
    two_reviewers_at_once(tmp_path, pg)


def test_the_server_stopping_during_process_is_one_line_and_loses_nothing_saved(tmp_path: Path) -> None:
    """PostgreSQL goes away in the middle of a save: one sentence saying what happened and what to do (no chained
    tracebacks), the finished call stays saved, and the rest are processed once the server is back."""
    from tests.storage.conftest import pg_server

    with pg_server() as server:
        db = server.new_database()
        proc = stalled_process(tmp_path, db, calls=3, at_save=2)
        server.stop()  # the database goes away with the second call's save still open
        (tmp_path / "stalled.go").touch()
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, (out, err)
    assert "Traceback" not in err and err.count("callcoach: error:") == 1
    assert "lost the connection to the library's database server" in err and "server is running" in err
    assert out.count(" done: ") == 1  # the first call was finished and saved before the server went
