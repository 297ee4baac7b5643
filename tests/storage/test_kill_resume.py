"""`callcoach process` killed with SIGKILL in the middle of saving a call: nothing finished is lost, nothing is
half-saved, and the next `process` finishes the rest.

The kill lands at a known moment: tests/storage/stalling_process.py runs `callcoach process` with the library's save
wrapped, so that the third save of the run creates a marker file and then sleeps inside its open transaction,
after the call's segments have been written but before the commit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from callcoach.storage.location import resolve_url
from tests.storage.helpers import write_call

ROOT = Path(__file__).resolve().parents[2]
CALLS = 5
SEGMENTS = "SELECT COUNT(*) FROM segments s WHERE s.call_id = c.id"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def cli(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "callcoach", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def states(db: str) -> dict[int, tuple[str, int]]:
    """call id -> (status, number of saved segments), read by a connection of its own."""
    engine = create_engine(resolve_url(db))
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT c.id, c.status, ({SEGMENTS}) FROM calls c ORDER BY c.id")).all()
    engine.dispose()
    return {call_id: (status, segments) for call_id, status, segments in rows}


def stalled_process(tmp_path: Path, db: str, calls: int = CALLS, at_save: int = 3) -> subprocess.Popen:
    """A library of ``calls`` queued transcripts and a `process` run stalled inside its ``at_save``-th save
    (tests/storage/stalling_process.py: it goes on when the file `stalled.go` appears)."""
    folder = tmp_path / "calls"
    for n in range(calls):
        write_call(folder, n)
    assert cli(db, "import", str(folder), "--agent", "Lee").returncode == 0
    marker = tmp_path / "stalled"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.storage.stalling_process", str(at_save), str(marker), "process", "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the process never reached the third save: {proc.communicate()}")
        time.sleep(0.02)
    return proc


def test_sigkill_mid_save_loses_nothing_finished_and_resume_finishes(tmp_path: Path) -> None:
    kill_and_resume(tmp_path, str(tmp_path / "library.sqlite"))


def kill_and_resume(tmp_path: Path, db: str) -> None:
    """The SIGKILL scenario against the library at ``db`` (also run on PostgreSQL by test_postgresql.py)."""
    proc = stalled_process(tmp_path, db)
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert out.count(" done: ") == 2  # the two finished calls were reported before the kill

    after_kill = states(db)
    assert [after_kill[i][0] for i in (1, 2)] == ["analysed", "analysed"]
    assert all(after_kill[i][1] == 4 for i in (1, 2))  # every segment of a finished call is there
    assert after_kill[3] == ("transcribing", 0)  # killed mid-save: its uncommitted segments were rolled back
    assert [after_kill[i] for i in (4, 5)] == [("queued", 0), ("queued", 0)]
    for status, segments in after_kill.values():  # no call is half-saved
        assert (status == "analysed") == (segments > 0)

    resumed = cli(db, "process")
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(line.split()[1] for line in resumed.stdout.splitlines() if " done: " in line) == ["3", "4", "5"]
    assert states(db) == {i: ("analysed", 4) for i in range(1, CALLS + 1)}


def test_ctrl_c_twice_mid_save_gives_the_call_back_to_the_queue(tmp_path: Path) -> None:
    db = str(tmp_path / "library.sqlite")
    proc = stalled_process(tmp_path, db)
    os.kill(proc.pid, signal.SIGINT)  # the first asks to stop after the call in hand; the stall keeps it in hand
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGINT)  # the second quits at once
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "finished calls are saved" in err
    assert states(db) == {1: ("analysed", 4), 2: ("analysed", 4), 3: ("queued", 0), 4: ("queued", 0), 5: ("queued", 0)}
