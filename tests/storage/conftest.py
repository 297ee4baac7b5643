"""A fresh library for every test, on SQLite and on PostgreSQL (a throwaway server); the user's real data folder and
CALLCOACH_DB are never used.

The server is started from the machine's PostgreSQL binaries (initdb/pg_ctl, as the ``postgres`` user when the
tests run as root) on a Unix socket in a temporary folder, once per session; every test gets a new database.
Without the binaries or the psycopg driver the PostgreSQL runs are skipped.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from callcoach.storage import Library, open_library


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CALLCOACH_DB", raising=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def library(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Library]:
    """The library on each database CallCoach supports."""
    location = str(tmp_path / "library.sqlite") if request.param == "sqlite" else request.getfixturevalue("pg")
    lib = open_library(location)
    yield lib
    lib.close()


def _pg_tool(name: str) -> str | None:
    return shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)


@dataclass
class PgServer:
    """A throwaway PostgreSQL server: its base URL (``{db}`` to fill in) and how to stop it."""

    url: str
    stop: Callable[[], None]

    def new_database(self) -> str:
        psycopg = pytest.importorskip("psycopg")
        name = f"lib_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            self.url.format(db="postgres").replace("postgresql+psycopg", "postgresql"), autocommit=True
        ) as c:
            c.execute(f"CREATE DATABASE {name}")
        return self.url.format(db=name)


@contextmanager
def pg_server() -> Iterator[PgServer]:
    """Start a PostgreSQL server from the machine's binaries on a Unix socket; skip the test without them."""
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries not installed")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="callcoach-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        shutil.chown(base, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = base / "data", base / "server.log"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(initdb, "-D", str(data), "-U", "callcoach", "--auth=trust", "-E", "UTF8", "--no-sync")
        run(
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-o",
            f"-p {port} -k {base} -c listen_addresses='' -F",
            "start",
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')[-300:]}")

    def stop() -> None:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, timeout=60)

    try:
        yield PgServer(f"postgresql+psycopg://callcoach@/{{db}}?host={base}&port={port}", stop)
    finally:
        stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL server for the whole session."""
    with pg_server() as running:
        yield running


@pytest.fixture
def pg(server: PgServer) -> str:
    """The URL of a new, empty database on the throwaway server."""
    return server.new_database()
