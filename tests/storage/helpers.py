"""Small calls written on the fly, and a library in a temporary folder, for the storage and CLI tests."""

from __future__ import annotations

from pathlib import Path

CALL = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Agent>Thanks for calling Harbor Bank, this is Lee. How can I help? (call {n})

00:00:03.500 --> 00:00:09.000
<v Customer>My debit card was declined at the pharmacy twice today and I'm really worried.

00:00:09.500 --> 00:00:13.000
<v Agent>I'm sorry, that sounds stressful. So your card was declined twice today.

00:00:13.500 --> 00:00:17.000
<v Agent>I've removed the block. You can use it right away. Thank you for calling.
"""

BROKEN = "WEBVTT\n\nthis file has no cues at all\n"


def write_call(folder: Path, n: int, name: str | None = None) -> Path:
    """A valid transcript; ``n`` makes its content (and so its hash) unique."""
    path = folder / (name or f"call{n}.vtt")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CALL.format(n=n), encoding="utf-8")
    return path


def write_broken(folder: Path, name: str = "broken.vtt") -> Path:
    path = folder / name
    path.write_text(BROKEN, encoding="utf-8")
    return path


def review_many(db: str, call_id: int, criterion: str, reviewer: str, edits: int, barrier) -> None:
    """One reviewer process of the concurrent-review tests: runs `callcoach review` ``edits`` times, each overriding
    ``criterion`` (with ``review_score(i)``) and adding a comment, and starts every edit together with the other
    process (both wait at ``barrier`` first), so their transactions overlap.

    Runs in a child process (multiprocessing, spawn). The library is opened once, before the start, and every
    command uses it (as the desktop app would): opening it per command would stagger the two processes. A failed
    edit breaks the barrier, so the other process stops too, and ends the process with a non-zero exit code.
    """
    from callcoach import library_cli
    from callcoach.cli import main
    from callcoach.storage import open_library

    library = open_library(db)
    library_cli._open = lambda _args, **_options: library
    try:
        for i in range(1, edits + 1):
            barrier.wait(timeout=60)
            override = ["--set", f"{criterion}={review_score(i)}", "--reason", f"{reviewer} pass {i}"]
            comment = ["--comment", f"{reviewer} note {i}", "--reviewer", reviewer]
            code = main(["review", str(call_id), *override, *comment, "--db", db])
            if code != 0:
                raise SystemExit(code)
    except BaseException:
        barrier.abort()
        raise
    finally:
        library.close()


def review_score(i: int) -> int:
    """The score of a reviewer process's i-th override: 0 and 100 in turn, so an overall that missed the other
    process's latest override is far from the right one (and the last, ``edits`` even, is 100)."""
    return 100 if i % 2 == 0 else 0
