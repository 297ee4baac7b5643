"""`callcoach process`, stalled inside its N-th save: the SIGKILL and Ctrl-C tests run this in a child process.

    python -m tests.storage.stalling_process N MARKER process --db DB

It is the real command line, with the library's save wrapped: the N-th save creates MARKER and then waits inside
its still-open transaction (segments written, not committed), so the test can signal the process at that known
moment, until the file MARKER.go appears (at most 600 s). Nothing in CallCoach itself knows about the stall.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from callcoach.cli import main
from callcoach.storage import queue


def stall_at(save: int, marker: Path) -> None:
    real_save = queue.save_analysis
    saves = 0

    def stall() -> None:
        nonlocal saves
        saves += 1
        if saves == save:
            marker.write_text(str(os.getpid()))
            go, deadline = marker.with_name(marker.name + ".go"), time.monotonic() + 600
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.05)

    def save_analysis(*args, **kwargs):
        return real_save(*args, **kwargs, before_commit=stall)

    queue.save_analysis = save_analysis


if __name__ == "__main__":
    stall_at(int(sys.argv[1]), Path(sys.argv[2]))
    sys.exit(main(sys.argv[3:]))
