"""Small calls written on the fly, and a library in a temporary folder, for the storage and CLI tests."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import func, select

from callcoach.storage import Library, repository
from callcoach.storage.tables import CallRow, SegmentRow

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
    """One reviewer process of the concurrent-review tests: makes ``edits`` review edits (services.calls, as
    `callcoach review` and the desktop app do), each overriding ``criterion`` (with ``review_score(i)``) and adding a
    comment, and starts every edit together with the other process (both wait at ``barrier`` first), so their
    transactions overlap.

    Runs in a child process (multiprocessing, spawn). The library is opened once, before the start (as the desktop
    app does): opening it per edit would stagger the two processes. A failed edit breaks the barrier, so the other
    process stops too, and ends the process with a non-zero exit code.
    """
    from callcoach.services.calls import ReviewEdit, edit_review
    from callcoach.storage import open_library

    library = open_library(db)
    try:
        for i in range(1, edits + 1):
            barrier.wait(timeout=60)
            edit = ReviewEdit(
                reviewer,
                overrides=[(criterion, review_score(i))],
                reason=f"{reviewer} pass {i}",
                comment=f"{reviewer} note {i}",
            )
            edit_review(library, call_id, edit)
    except BaseException:
        barrier.abort()
        raise
    finally:
        library.close()


def review_score(i: int) -> int:
    """The score of a reviewer process's i-th override: 0 and 100 in turn, so an overall that missed the other
    process's latest override is far from the right one (and the last, ``edits`` even, is 100)."""
    return 100 if i % 2 == 0 else 0


STEREO = Path(__file__).parents[1] / "transcription" / "data" / "call_stereo.flac"


def enqueue(library: Library, *paths: Path, agent: str | None = "Lee") -> list[int]:
    ids = []
    with library.write() as session:
        for path in paths:
            digest = repository.file_sha256(path)
            kind = "recording" if path.suffix == ".flac" else "transcript"
            ids.append(repository.add_call(session, path, digest, kind, agent, None).id)
    return ids


def status(library: Library, call_id: int) -> CallRow:
    with library.read() as session:
        return session.get(CallRow, call_id)


def segment_count(library: Library, call_id: int) -> int:
    with library.read() as session:
        return session.exec(select(func.count()).select_from(SegmentRow).where(SegmentRow.call_id == call_id)).one()


SILENT_AGENT = """WEBVTT

00:00.000 --> 00:04.000
<v Customer>Hello? Is anybody there? I have been waiting for ages.

00:05.000 --> 00:09.000
<v Customer>I'll call back later then. Call {n}.
"""


def write_unscorable(folder: Path, n: int = 1) -> Path:
    """A transcript in which the agent says nothing: a call that cannot be scored automatically."""
    path = folder / f"silent-agent{n}.vtt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SILENT_AGENT.format(n=n), encoding="utf-8")
    return path
